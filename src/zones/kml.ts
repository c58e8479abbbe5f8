/**
 * KML (Google Earth) placemarks with Polygon / MultiGeometry → Zones, through @tmcw/togeojson.
 * Edges are geodesics: KML draws unextruded polygons on the ground following great circles
 * (tessellated), the closest of our edge kinds to what the author saw.
 */
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import type { Diagnostic } from '../tracks/track.js';
import {
  IdRegistry,
  type ImportOptions,
  type ImportResult,
  importedZone,
  kindFromType,
  polygonsFromGeoJson,
  resolveState,
  slug,
  sourceFor,
} from './import-util.js';
import { EDGE_GEODESIC, type Zone } from './zone.js';

export const KML_EDGE_RULE =
  'KML polygon edges read as WGS84 geodesics (KML tessellates along great circles)';

export function importKml(name: string, text: string, options?: ImportOptions): ImportResult {
  const problems: Diagnostic[] = [];
  const zones: Zone[] = [];
  const state = resolveState(name, options);
  const source = sourceFor(name);
  const ids = new IdRegistry();

  let doc: Document;
  try {
    const errors: string[] = [];
    const parsed = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') errors.push(msg);
      },
    }).parseFromString(text, 'text/xml');
    if (errors.length > 0) problems.push({ file: name, message: `KML is not well formed: ${errors[0]}` });
    doc = parsed as unknown as Document;
  } catch (e) {
    problems.push({ file: name, message: `cannot parse KML: ${(e as Error).message}` });
    return { zones, problems };
  }
  let fc: ReturnType<typeof kml>;
  try {
    fc = kml(doc);
  } catch (e) {
    problems.push({ file: name, message: `cannot read KML placemarks: ${(e as Error).message}` });
    return { zones, problems };
  }
  let index = 0;
  for (const f of fc.features) {
    index++;
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const label =
      typeof props.name === 'string' && props.name.trim() ? props.name.trim() : `Placemark ${index}`;
    const gtype = f.geometry?.type;
    if (gtype !== 'Polygon' && gtype !== 'MultiPolygon' && gtype !== 'GeometryCollection') {
      problems.push({
        file: name,
        field: 'geometry',
        message: gtype
          ? `placemark ${index} '${label}' has ${gtype} geometry; expected Polygon or MultiGeometry of polygons; skipped`
          : `placemark ${index} '${label}' has no usable geometry; expected a Polygon of at least 3 distinct vertices; skipped`,
      });
      continue;
    }
    const polys = polygonsFromGeoJson(f.geometry, EDGE_GEODESIC);
    if (typeof polys === 'string') {
      problems.push({
        file: name,
        field: 'coordinates',
        message: `placemark ${index} '${label}': ${polys}; skipped`,
      });
      continue;
    }
    const kind = kindFromType(label);
    const extra: Record<string, unknown> = { format: 'kml', placemark: index, edgeRule: KML_EDGE_RULE };
    const description = props.description;
    if (typeof description === 'string' && description) extra.description = description;
    else if (description && typeof description === 'object' && 'value' in description) {
      extra.description = String((description as { value: unknown }).value);
    }
    const fid = typeof f.id === 'string' && f.id ? f.id : null;
    zones.push(
      importedZone(
        {
          id: ids.take(fid ?? `${slug(label)}-${index}`),
          name: label,
          kind,
          state,
          floorFt: null,
          ceilingFt: null,
          geometry: { type: 'polygon', polygons: polys },
          source,
          extra,
        },
        'KML',
      ),
    );
  }
  if (fc.features.length === 0) problems.push({ file: name, message: 'no KML Placemark found' });
  return { zones, problems };
}

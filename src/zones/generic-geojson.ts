/**
 * Zone outlines from JSON that is not our zone file:
 * - generic GeoJSON (Polygon/MultiPolygon features, e.g. EUROCONTROL-derived FIR/UIR files with
 *   AV_AIRSPAC / MIN_FLIGHT / MAX_FLIGHT, VATSpy Boundaries.geojson);
 * - traffic's airspace JSON ({name, type, shapes: [{lower, upper, polygon}]}, limits in FL);
 * - arrays of DMS vertices ([{"latitude": "21°00'00\"N", "longitude": "117°30'00\"E"}, ...]).
 *
 * Edges are geodesics. RFC 7946 calls GeoJSON edges straight lines in lon/lat, but that is a
 * drawing convention: these outlines come from AIP boundaries, which are geodesics, and are dense
 * enough that the difference is small. Each zone records the choice in extra.edgeRule.
 */
import type { Diagnostic } from '../tracks/track.js';
import { ZONE_PROPERTIES } from './geojson.js';
import {
  baseName,
  IdRegistry,
  type ImportOptions,
  type ImportResult,
  importedZone,
  kindFromType,
  parseCoordinatePairs,
  polygonsFromGeoJson,
  RingBuilder,
  resolveState,
  slug,
  sourceFor,
} from './import-util.js';
import { EDGE_GEODESIC, type Zone, type ZoneKind } from './zone.js';

export const JSON_EDGE_RULE =
  'edges read as WGS84 geodesics (the source does not define them; AIP lines are geodesics)';

/** Flight level → feet; FL 999 means unlimited (null), FL 0 as a floor means the surface (null). */
function flToFt(fl: unknown, which: 'floor' | 'ceiling'): number | null | string {
  if (fl === null || fl === undefined || fl === '') return null;
  const x = typeof fl === 'number' ? fl : Number(fl);
  if (!Number.isFinite(x) || x < 0) return `expected a flight level number, got ${JSON.stringify(fl)}`;
  if (which === 'ceiling' && x >= 999) return null;
  if (which === 'floor' && x === 0) return null;
  return x * 100;
}

function str(v: unknown): string | null {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

interface Feature {
  type?: unknown;
  id?: unknown;
  properties?: Record<string, unknown> | null;
  geometry?: unknown;
}

/** A GeoJSON FeatureCollection (or single Feature / bare geometry) of outlines → Zones. */
export function importGenericGeoJson(name: string, json: unknown, options?: ImportOptions): ImportResult {
  const problems: Diagnostic[] = [];
  const zones: Zone[] = [];
  const state = resolveState(name, options);
  const source = sourceFor(name);
  const ids = new IdRegistry();
  const obj = json as { type?: unknown; features?: unknown };
  let features: Feature[];
  if (obj && obj.type === 'FeatureCollection' && Array.isArray(obj.features))
    features = obj.features as Feature[];
  else if (obj && obj.type === 'Feature') features = [obj as Feature];
  else if (obj && (obj.type === 'Polygon' || obj.type === 'MultiPolygon'))
    features = [{ type: 'Feature', geometry: obj }];
  else {
    problems.push({
      file: name,
      message: 'expected a GeoJSON FeatureCollection, Feature, Polygon or MultiPolygon',
    });
    return { zones, problems };
  }
  const skipped = new Map<string, number>();
  features.forEach((f, i) => {
    const where = `feature ${i}`;
    if (!f || typeof f !== 'object') {
      problems.push({ file: name, field: `features[${i}]`, message: `${where} is not an object; skipped` });
      return;
    }
    const p = (f.properties && typeof f.properties === 'object' ? f.properties : {}) as Record<
      string,
      unknown
    >;
    const gtype = (f.geometry as { type?: unknown } | null)?.type;
    if (gtype !== 'Polygon' && gtype !== 'MultiPolygon') {
      const k = String(gtype ?? 'null');
      skipped.set(k, (skipped.get(k) ?? 0) + 1);
      return;
    }
    const ident = str(p.id) ?? str(p.AV_AIRSPAC) ?? str(p.ident) ?? str(p.name) ?? str(f.id);
    const label = str(p.name) ?? str(p.AV_NAME) ?? str(p.label) ?? ident ?? `${where}`;
    const polys = polygonsFromGeoJson(f.geometry, EDGE_GEODESIC);
    if (typeof polys === 'string') {
      problems.push({
        file: name,
        field: `features[${i}].geometry`,
        message: `${where} '${label}': ${polys}; skipped`,
      });
      return;
    }
    const floor = flToFt(p.MIN_FLIGHT, 'floor');
    const ceiling = flToFt(p.MAX_FLIGHT, 'ceiling');
    if (typeof floor === 'string' || typeof ceiling === 'string') {
      problems.push({
        file: name,
        field: `features[${i}].properties.${typeof floor === 'string' ? 'MIN_FLIGHT' : 'MAX_FLIGHT'}`,
        message: `${where} '${label}': ${typeof floor === 'string' ? floor : ceiling}; skipped`,
      });
      return;
    }
    let kind: ZoneKind = kindFromType(ident ?? '');
    if (kind === 'other') kind = kindFromType(label);
    // VATSpy Boundaries.geojson lists FIR (and FIR sector) outlines; its ids are bare ICAO codes.
    if (kind === 'other' && 'oceanic' in p && 'division' in p) kind = 'fir';
    const extra: Record<string, unknown> = { format: 'geojson', feature: i, edgeRule: JSON_EDGE_RULE };
    // Scalar source properties travel in extra, except names our zone file reserves for Zone fields
    // (extra is spread into a feature's properties when written back).
    for (const [k, v] of Object.entries(p)) {
      if (ZONE_PROPERTIES.has(k) || k === 'extra') extra[`source${k[0].toUpperCase()}${k.slice(1)}`] = v;
      else if (!(k in extra) && (typeof v !== 'object' || v === null)) extra[k] = v;
    }
    zones.push(
      importedZone(
        {
          id: ids.take(ident ? slug(ident) : `FEATURE-${i}`),
          name: label,
          kind,
          state,
          floorFt: floor,
          ceilingFt: ceiling,
          geometry: { type: 'polygon', polygons: polys },
          source,
          extra,
        },
        'GeoJSON',
      ),
    );
  });
  for (const [t, n] of skipped) {
    problems.push({
      file: name,
      field: 'geometry',
      message: `${n} feature(s) with ${t} geometry skipped; expected Polygon or MultiPolygon`,
    });
  }
  if (features.length === 0) problems.push({ file: name, message: 'the FeatureCollection has no features' });
  return { zones, problems };
}

/** traffic's airspace JSON: one zone per stacked layer, limits in flight levels. */
export function importTrafficAirspace(name: string, json: unknown, options?: ImportOptions): ImportResult {
  const problems: Diagnostic[] = [];
  const zones: Zone[] = [];
  const state = resolveState(name, options);
  const source = sourceFor(name);
  const obj = json as { name?: unknown; type?: unknown; designator?: unknown; shapes?: unknown };
  if (!obj || !Array.isArray(obj.shapes)) {
    problems.push({
      file: name,
      field: 'shapes',
      message: 'expected {"name", "type", "shapes": [{"lower", "upper", "polygon"}]}',
    });
    return { zones, problems };
  }
  const label = str(obj.name) ?? baseName(name);
  const type = str(obj.type);
  const designator = str(obj.designator);
  let kind = kindFromType(type ?? '');
  if (kind === 'other') kind = kindFromType(label);
  const base = slug(designator ?? label);
  obj.shapes.forEach((s: unknown, i: number) => {
    const field = `shapes[${i}]`;
    const shape = s as { lower?: unknown; upper?: unknown; polygon?: unknown } | null;
    if (!shape || typeof shape !== 'object') {
      problems.push({ file: name, field, message: `${field} is not an object; skipped` });
      return;
    }
    const floor = flToFt(shape.lower, 'floor');
    const ceiling = flToFt(shape.upper, 'ceiling');
    if (typeof floor === 'string' || typeof ceiling === 'string') {
      problems.push({
        file: name,
        field: `${field}.${typeof floor === 'string' ? 'lower' : 'upper'}`,
        message: `${typeof floor === 'string' ? floor : ceiling}; layer skipped`,
      });
      return;
    }
    const polys = polygonsFromGeoJson(shape.polygon, EDGE_GEODESIC);
    if (typeof polys === 'string') {
      problems.push({ file: name, field: `${field}.polygon`, message: `${polys}; layer skipped` });
      return;
    }
    zones.push(
      importedZone(
        {
          id: `${base}-${i + 1}`,
          name: label,
          kind,
          state,
          floorFt: floor,
          ceilingFt: ceiling,
          geometry: { type: 'polygon', polygons: polys },
          source,
          extra: {
            format: 'traffic',
            layer: i + 1,
            lowerFL: shape.lower,
            upperFL: shape.upper,
            ...(type ? { type } : {}),
            edgeRule: JSON_EDGE_RULE,
          },
        },
        'traffic airspace JSON',
      ),
    );
  });
  if (obj.shapes.length === 0) problems.push({ file: name, field: 'shapes', message: 'no layers' });
  return { zones, problems };
}

/** A JSON array of {latitude, longitude} vertices (DMS strings or numbers) → one polygon zone. */
export function importDmsJson(name: string, json: unknown, options?: ImportOptions): ImportResult {
  const problems: Diagnostic[] = [];
  const state = resolveState(name, options);
  if (!Array.isArray(json)) {
    return {
      zones: [],
      problems: [{ file: name, message: 'expected an array of {"latitude", "longitude"} objects' }],
    };
  }
  const b = new RingBuilder();
  for (let i = 0; i < json.length; i++) {
    const v = json[i] as { latitude?: unknown; longitude?: unknown } | null;
    const lat = coordinate(v?.latitude, 'lat');
    const lon = coordinate(v?.longitude, 'lon');
    if (lat === null || lon === null) {
      problems.push({
        file: name,
        field: `[${i}].${lat === null ? 'latitude' : 'longitude'}`,
        message: `expected a coordinate such as "21°00'00\\"N" or a number, got ${JSON.stringify(lat === null ? v?.latitude : v?.longitude)}; vertex skipped`,
      });
      continue;
    }
    b.push(lat, lon, EDGE_GEODESIC);
  }
  const ring = b.build();
  if (typeof ring === 'string') {
    problems.push({ file: name, message: `no zone: ${ring}` });
    return { zones: [], problems };
  }
  const label = baseName(name).replace(/[_]+/g, ' ').trim() || 'zone';
  const kind = kindFromType(label);
  const zone = importedZone(
    {
      id: slug(label),
      name: label,
      kind,
      state,
      floorFt: null,
      ceilingFt: null,
      geometry: { type: 'polygon', polygons: [[ring]] },
      source: sourceFor(name),
      extra: { format: 'dms-json', edgeRule: JSON_EDGE_RULE },
    },
    'vertex list',
  );
  return { zones: [zone], problems };
}

function coordinate(v: unknown, axis: 'lat' | 'lon'): number | null {
  if (typeof v === 'number') {
    return Number.isFinite(v) && Math.abs(v) <= (axis === 'lat' ? 90 : 180) ? v : null;
  }
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (/^[-+]?\d+(\.\d+)?$/.test(s)) return coordinate(Number(s), axis);
  // Reuse the pair parser by pairing the value with a dummy of the other axis.
  const pair = axis === 'lat' ? parseCoordinatePairs(`${s} 0E`) : parseCoordinatePairs(`0N ${s}`);
  if (pair?.length !== 1) return null;
  return axis === 'lat' ? pair[0][0] : pair[0][1];
}

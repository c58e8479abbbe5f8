/**
 * GeoJSON tracks (also the target of the KML and GPX conversions).
 * - LineString / MultiLineString features: per-vertex times in `properties.times` (or
 *   `coordTimes`, or `coordinateProperties.times` as @tmcw/togeojson writes them), ISO or epoch
 *   seconds; for MultiLineString one array per line or one flat array. Without vertex times, a
 *   `timespan {begin, end}` (KML TimeSpan) spreads the vertices over it in proportion to geodesic
 *   distance (the constant-speed model of a Track).
 * - Point features with `properties.time` (or `timestamp`, `when`), grouped into tracks by id.
 * Altitude: `properties.altitudes_ft` (LineString) or `alt_ft` (Point) in feet; else the third
 * coordinate, which RFC 7946 §3.1.1 defines as height in metres (KML and GPX heights are metres
 * too), converted to feet with no geoid or datum correction.
 * Id: `properties.id|track|callsign`, else the feature id; points without one share a track named
 * after the file; lines fall back to `properties.name`, then `<file>-<n>`. `category` and `operator` are honoured.
 * Diagnostics count points (vertices) through the file and name the JSON path of the field.
 */
import path from 'node:path';
import { distanceM, FT_M } from '../../geo/geodesic.js';
import { categoryOf, TrackCollector, text } from '../collect.js';
import type { ReadOptions } from '../format.js';
import { numOfValue, timeOfValue } from '../text.js';
import { InputError, type ReadResult } from '../track.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

function featuresOf(file: string, doc: unknown): unknown[] {
  const d = obj(doc);
  if (d.type === 'FeatureCollection' && Array.isArray(d.features)) return d.features;
  if (d.type === 'Feature') return [d];
  if (typeof d.type === 'string' && 'coordinates' in d)
    return [{ type: 'Feature', properties: {}, geometry: d }];
  throw new InputError({
    file,
    field: 'type',
    message: 'expected a GeoJSON FeatureCollection, Feature or geometry',
  });
}

function vertexTimes(p: Obj): unknown {
  return p.times ?? p.coordTimes ?? obj(p.coordinateProperties).times;
}

export function readGeoJson(file: string, doc: unknown, options: ReadOptions = {}): ReadResult {
  const features = featuresOf(file, doc);
  const out = new TrackCollector(file, 'point', options);
  const base = path.basename(file).replace(/\.(geo)?json(\.gz)?$|\.(kml|gpx)$/i, '') || 'track';
  let point = 0;
  features.forEach((feature, k) => {
    const f = obj(feature);
    const p = obj(f.properties);
    const geom = obj(f.geometry);
    const where = `features[${k}]`;
    const explicitId = text(p.id) ?? text(p.track) ?? text(p.callsign) ?? text(f.id);
    const category = categoryOf(p.category) ?? 'unknown';
    const info = (id: string) => ({
      id,
      label: text(p.label) ?? text(p.callsign) ?? text(p.name),
      icao24: text(p.icao24)?.toLowerCase() ?? null,
      category,
      operator: text(p.operator)?.toUpperCase() ?? null,
    });
    const coords = geom.coordinates;
    if (geom.type === 'Point') {
      out.records++;
      point++;
      const id = explicitId ?? base;
      const g = out.get(id) ?? out.open(id, info(id));
      const c = Array.isArray(coords) ? coords : [];
      const timeV = p.time ?? p.timestamp ?? p.when;
      const altFt = p.alt_ft !== undefined ? numOfValue(p.alt_ft) : numOfValue(c[2]) / FT_M;
      out.add(
        g,
        timeOfValue(timeV),
        numOfValue(c[1]),
        numOfValue(c[0]),
        altFt,
        point,
        {
          time: `${where}.properties.time`,
          lat: `${where}.geometry.coordinates[1]`,
          lon: `${where}.geometry.coordinates[0]`,
        },
        (q) => (q === 'time' ? timeV : q === 'lat' ? c[1] : c[0]),
      );
      return;
    }
    let lines: unknown[][];
    let times: unknown[][] | null = null;
    const tv = vertexTimes(p);
    if (geom.type === 'LineString' && Array.isArray(coords)) {
      lines = [coords];
      if (Array.isArray(tv)) times = [tv];
    } else if (geom.type === 'MultiLineString' && Array.isArray(coords)) {
      lines = coords.map((l) => (Array.isArray(l) ? l : []));
      if (Array.isArray(tv)) {
        if (tv.every((x) => Array.isArray(x))) times = tv as unknown[][];
        else {
          // one flat array for all vertices
          let i = 0;
          times = lines.map((l) => {
            const part = tv.slice(i, i + l.length);
            i += l.length;
            return part;
          });
        }
      }
    } else {
      out.records++;
      point++;
      out.problem(
        point,
        `${where}.geometry.type`,
        `geometry ${JSON.stringify(geom.type ?? null)} is not a track (Point, LineString or MultiLineString)`,
      );
      return;
    }
    // A line is a whole track, so its name (KML Placemark, GPX trk) names it; point names rarely do.
    const id = explicitId ?? text(p.name) ?? `${base}-${k + 1}`;
    const g = out.get(id) ?? out.open(id, info(id));
    const altsFt = Array.isArray(p.altitudes_ft) ? p.altitudes_ft : null;
    let vertex = 0;
    lines.forEach((line, li) => {
      let lt = times?.[li] ?? null;
      if (!lt) lt = spreadOverTimespan(line, p);
      const mline = geom.type === 'MultiLineString' ? `[${li}]` : '';
      line.forEach((c0, vi) => {
        out.records++;
        point++;
        const c = Array.isArray(c0) ? c0 : [];
        const alt = altsFt ? numOfValue(altsFt[vertex]) : numOfValue(c[2]) / FT_M;
        vertex++;
        if (!lt) {
          out.problem(
            point,
            `${where}.properties.times`,
            `${geom.type} vertex ${vi} has no time (expected properties.times, one per vertex)`,
          );
          return;
        }
        const tRaw = lt[vi];
        out.add(
          g,
          timeOfValue(tRaw),
          numOfValue(c[1]),
          numOfValue(c[0]),
          alt,
          point,
          {
            time: `${where}.properties.times${mline}[${vi}]`,
            lat: `${where}.geometry.coordinates${mline}[${vi}][1]`,
            lon: `${where}.geometry.coordinates${mline}[${vi}][0]`,
          },
          (q) => (q === 'time' ? tRaw : q === 'lat' ? c[1] : c[0]),
        );
      });
    });
  });
  return out.finish();
}

/** Vertex times from a TimeSpan (KML): proportional to geodesic distance along the line. */
function spreadOverTimespan(line: unknown[], p: Obj): number[] | null {
  const span = obj(p.timespan);
  const t0 = timeOfValue(span.begin);
  const t1 = timeOfValue(span.end);
  if (!Number.isFinite(t0) || !Number.isFinite(t1)) {
    const single = timeOfValue(p.timestamp ?? p.time);
    return line.length === 1 && Number.isFinite(single) ? [single] : null;
  }
  const pts = line.map((c) =>
    Array.isArray(c) ? [numOfValue(c[1]), numOfValue(c[0])] : [Number.NaN, Number.NaN],
  );
  const cum = [0];
  for (let i = 1; i < pts.length; i++) {
    const [a, b] = [pts[i - 1], pts[i]];
    const ok = Math.abs(a[0]) <= 90 && Math.abs(b[0]) <= 90 && Math.abs(a[1]) <= 180 && Math.abs(b[1]) <= 180;
    cum.push(cum[i - 1] + (ok ? distanceM(a[0], a[1], b[0], b[1]) : 0));
  }
  const total = cum[cum.length - 1];
  return cum.map(
    (d, i) => t0 + (t1 - t0) * (total > 0 ? d / total : pts.length > 1 ? i / (pts.length - 1) : 0),
  );
}

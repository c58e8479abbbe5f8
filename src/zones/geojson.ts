/**
 * The zone file (DESIGN.md): a GeoJSON FeatureCollection, one Feature per zone, the Zone fields as
 * properties. Parsing validates every field and names the feature and field of each problem; a bad
 * feature is skipped and the others are still read.
 */
import type { Diagnostic } from '../tracks/track.js';
import {
  type Baseline,
  EDGE_GEODESIC,
  EDGE_RHUMB,
  type Polygon,
  type Ring,
  validityBoundS,
  type Zone,
  type ZoneGeometry,
  type ZoneKind,
} from './zone.js';

const KINDS: ZoneKind[] = ['territorial', 'adiz', 'fir', 'other'];

/** The properties the zone file defines; anything else a feature carries goes to `extra`. */
export const ZONE_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'name',
  'kind',
  'state',
  'claimants',
  'validFrom',
  'validTo',
  'floorFt',
  'ceilingFt',
  'rules',
  'source',
  'edges',
  'buffer',
  'excludes',
  'quality',
]);
const APPLIES = ['all', 'inbound', 'none'];
const ALPHA3 = /^[A-Z]{3}$/;

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

export function parseZoneFile(name: string, text: string): { zones: Zone[]; problems: Diagnostic[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    return { zones: [], problems: [{ file: name, message: `not valid JSON: ${(err as Error).message}` }] };
  }
  return parseZoneCollection(name, doc);
}

export function parseZoneCollection(name: string, doc: unknown): { zones: Zone[]; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  if (!isObject(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    return {
      zones: [],
      problems: [
        { file: name, field: 'type', message: 'expected a GeoJSON FeatureCollection with "features"' },
      ],
    };
  }
  const zones: Zone[] = [];
  const seen = new Set<string>();
  doc.features.forEach((feature: unknown, i: number) => {
    const at = `features[${i}]`;
    try {
      const zone = parseFeature(feature);
      if (seen.has(zone.id)) throw new FieldError('properties.id', `duplicate zone id '${zone.id}'`);
      seen.add(zone.id);
      zones.push(zone);
    } catch (err) {
      if (err instanceof FieldError) {
        const id = isObject(feature) && isObject(feature.properties) ? feature.properties.id : undefined;
        const label = typeof id === 'string' ? `${at} (${id})` : at;
        problems.push({ file: name, field: `${label}.${err.field}`, message: err.message });
      } else throw err;
    }
  });
  return { zones, problems };
}

function parseFeature(feature: unknown): Zone {
  if (!isObject(feature) || feature.type !== 'Feature')
    throw new FieldError('type', 'expected a GeoJSON Feature');
  const p = feature.properties;
  if (!isObject(p)) throw new FieldError('properties', 'expected an object with the zone fields');
  const id = str(p, 'id');
  const kind = p.kind;
  if (typeof kind !== 'string' || !KINDS.includes(kind as ZoneKind)) {
    throw new FieldError(
      'properties.kind',
      `expected one of ${KINDS.join(', ')}, got ${JSON.stringify(kind)}`,
    );
  }
  const state = str(p, 'state');
  if (!ALPHA3.test(state))
    throw new FieldError('properties.state', `expected an ISO 3166-1 alpha-3 code, got '${state}'`);
  let claimants = [state];
  if (p.claimants !== undefined && p.claimants !== null) {
    if (
      !Array.isArray(p.claimants) ||
      p.claimants.length === 0 ||
      !p.claimants.every((c) => ALPHA3.test(String(c)))
    ) {
      throw new FieldError('properties.claimants', 'expected a non-empty list of ISO 3166-1 alpha-3 codes');
    }
    claimants = p.claimants.map(String);
  }
  const validFrom = validity(p, 'validFrom');
  const validTo = validity(p, 'validTo');
  if (validFrom && validTo && validityBoundS(validFrom, 0) >= validityBoundS(validTo, 0)) {
    throw new FieldError('properties.validTo', `expected a time after validFrom (${validFrom})`);
  }
  const floorFt = limit(p, 'floorFt');
  const ceilingFt = limit(p, 'ceilingFt');
  if (floorFt !== null && ceilingFt !== null && floorFt >= ceilingFt) {
    throw new FieldError('properties.ceilingFt', `expected a ceiling above the floor (${floorFt} ft)`);
  }
  const rules = parseRules(p.rules);
  const source = parseSource(p.source);
  const geometry = parseGeometry(feature.geometry, p);
  const zone: Zone = {
    id,
    name: typeof p.name === 'string' && p.name ? p.name : id,
    kind: kind as ZoneKind,
    state,
    claimants,
    validFrom,
    validTo,
    floorFt,
    ceilingFt,
    geometry,
    rules,
    source,
  };
  if (p.excludes !== undefined && p.excludes !== null) {
    if (!Array.isArray(p.excludes) || !p.excludes.every((x) => typeof x === 'string')) {
      throw new FieldError('properties.excludes', 'expected a list of zone ids');
    }
    zone.excludes = p.excludes as string[];
  }
  if (isObject(p.quality) && typeof p.quality.level === 'string') {
    zone.quality = {
      level: p.quality.level,
      note: typeof p.quality.note === 'string' ? p.quality.note : undefined,
    };
  } else if (typeof p.quality === 'string') zone.quality = { level: p.quality };
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (!ZONE_PROPERTIES.has(k)) extra[k] = v;
  if (Object.keys(extra).length) zone.extra = extra;
  return zone;
}

function parseRules(r: unknown): Zone['rules'] {
  if (r === undefined || r === null) return { appliesTo: 'none', requires: [] };
  if (!isObject(r)) throw new FieldError('properties.rules', 'expected an object {appliesTo, requires}');
  const appliesTo = r.appliesTo ?? 'none';
  if (typeof appliesTo !== 'string' || !APPLIES.includes(appliesTo)) {
    throw new FieldError('properties.rules.appliesTo', `expected one of ${APPLIES.join(', ')}`);
  }
  const requires = r.requires ?? [];
  if (!Array.isArray(requires) || !requires.every((x) => typeof x === 'string')) {
    throw new FieldError('properties.rules.requires', 'expected a list of strings such as "flight-plan"');
  }
  const rules: Zone['rules'] = {
    appliesTo: appliesTo as Zone['rules']['appliesTo'],
    requires: requires as string[],
  };
  if (typeof r.note === 'string') rules.note = r.note;
  return rules;
}

function parseSource(s: unknown): Zone['source'] {
  if (s === undefined || s === null) return null;
  if (!isObject(s) || typeof s.title !== 'string' || !s.title) {
    throw new FieldError('properties.source.title', 'expected a source object with a non-empty title');
  }
  const opt = (k: string): string | null => {
    const v = s[k];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') throw new FieldError(`properties.source.${k}`, 'expected a string or null');
    return v;
  };
  const source: NonNullable<Zone['source']> = {
    title: s.title,
    url: opt('url'),
    retrieved: opt('retrieved'),
    licence: opt('licence'),
  };
  const note = opt('note');
  if (note) source.note = note;
  return source;
}

function parseGeometry(g: unknown, p: Json): ZoneGeometry {
  if (!isObject(g) || typeof g.type !== 'string')
    throw new FieldError('geometry', 'expected a GeoJSON geometry');
  if (p.buffer !== undefined && p.buffer !== null) {
    if (!isObject(p.buffer) || typeof p.buffer.distanceNm !== 'number' || !(p.buffer.distanceNm > 0)) {
      throw new FieldError('properties.buffer.distanceNm', 'expected a positive number of nautical miles');
    }
    return { type: 'buffer', distanceNm: p.buffer.distanceNm, baseline: parseBaseline(g, p.edges) };
  }
  if (g.type === 'Polygon')
    return { type: 'polygon', polygons: [parsePolygon(g.coordinates, p.edges, 'geometry')] };
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) {
      throw new FieldError('geometry.coordinates', 'expected a list of polygons');
    }
    return {
      type: 'polygon',
      polygons: g.coordinates.map((c, i) =>
        parsePolygon(c, edgesOfPolygon(p.edges, i), `geometry.coordinates[${i}]`),
      ),
    };
  }
  throw new FieldError(
    'geometry.type',
    `expected Polygon or MultiPolygon (or a baseline with properties.buffer), got ${g.type}`,
  );
}

function parseBaseline(g: Json, edges: unknown): Baseline {
  const base: Baseline = { points: [], lines: [], polygons: [] };
  const add = (geom: Json, path: string) => {
    const c = geom.coordinates;
    switch (geom.type) {
      case 'Point':
        base.points.push(position(c, `${path}.coordinates`));
        break;
      case 'MultiPoint':
        if (!Array.isArray(c)) throw new FieldError(`${path}.coordinates`, 'expected a list of positions');
        c.forEach((x, i) => {
          base.points.push(position(x, `${path}.coordinates`, i));
        });
        break;
      case 'LineString':
        base.lines.push(line(c, `${path}.coordinates`));
        break;
      case 'MultiLineString':
        if (!Array.isArray(c)) throw new FieldError(`${path}.coordinates`, 'expected a list of lines');
        c.forEach((x, i) => {
          base.lines.push(line(x, `${path}.coordinates[${i}]`));
        });
        break;
      case 'Polygon':
        base.polygons.push(parsePolygon(c, edges, path));
        break;
      case 'MultiPolygon':
        if (!Array.isArray(c)) throw new FieldError(`${path}.coordinates`, 'expected a list of polygons');
        c.forEach((x, i) => {
          base.polygons.push(parsePolygon(x, edgesOfPolygon(edges, i), `${path}.coordinates[${i}]`));
        });
        break;
      case 'GeometryCollection':
        if (!Array.isArray(geom.geometries)) throw new FieldError(`${path}.geometries`, 'expected a list');
        geom.geometries.forEach((x, i) => {
          if (!isObject(x)) throw new FieldError(`${path}.geometries[${i}]`, 'expected a geometry');
          add(x, `${path}.geometries[${i}]`);
        });
        break;
      default:
        throw new FieldError(`${path}.type`, `unsupported baseline geometry ${String(geom.type)}`);
    }
  };
  add(g, 'geometry');
  return base;
}

function line(c: unknown, path: string): { lat: Float64Array; lon: Float64Array } {
  if (!Array.isArray(c) || c.length < 2)
    throw new FieldError(path, 'expected a line of at least 2 positions');
  const lat = new Float64Array(c.length);
  const lon = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) {
    const p = position(c[i], path, i);
    lat[i] = p[0];
    lon[i] = p[1];
  }
  return { lat, lon };
}

/** The edges spec of polygon i of a MultiPolygon: a string, or edges[i] when given per polygon. */
function edgesOfPolygon(edges: unknown, i: number): unknown {
  if (Array.isArray(edges) && Array.isArray(edges[0]) && Array.isArray(edges[0][0])) return edges[i];
  return edges;
}

function parsePolygon(c: unknown, edges: unknown, path: string): Polygon {
  if (!Array.isArray(c) || c.length === 0)
    throw new FieldError(`${path}.coordinates`, 'expected a list of rings');
  // Per-ring lists of per-edge rules; a flat list of rules is accepted for a single ring.
  const flat = Array.isArray(edges) && edges.every((e) => typeof e === 'string');
  if (flat && c.length > 1) {
    throw new FieldError('properties.edges', `expected one list of edge rules per ring (${c.length} rings)`);
  }
  return c.map((ringCoords, r) => {
    const ringEdges = Array.isArray(edges) && !flat ? edges[r] : edges;
    return parseRing(ringCoords, ringEdges, `${path}.coordinates[${r}]`);
  });
}

function parseRing(c: unknown, edges: unknown, path: string): Ring {
  if (!Array.isArray(c)) throw new FieldError(path, 'expected a ring: a list of [lon, lat] positions');
  let n = c.length;
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = position(c[i], path, i);
    lat[i] = p[0];
    lon[i] = p[1];
  }
  // A closing repeat of the first position is dropped (the ring is implicitly closed).
  if (n > 1 && lat[0] === lat[n - 1] && lon[0] === lon[n - 1]) n--;
  if (n < 3) throw new FieldError(path, 'expected a ring of at least 3 distinct positions');
  const ring: Ring = {
    lat: n === lat.length ? lat : lat.slice(0, n),
    lon: n === lon.length ? lon : lon.slice(0, n),
    edges: new Uint8Array(n),
  };
  if (edges === undefined || edges === null || edges === 'geodesic') ring.edges.fill(EDGE_GEODESIC);
  else if (edges === 'rhumb') ring.edges.fill(EDGE_RHUMB);
  else if (Array.isArray(edges)) {
    if (edges.length !== n) {
      throw new FieldError(
        'properties.edges',
        `expected ${n} edge rules for the ring at ${path}, got ${edges.length}`,
      );
    }
    edges.forEach((e, i) => {
      if (e !== 'geodesic' && e !== 'rhumb') {
        throw new FieldError(
          `properties.edges[${i}]`,
          `expected "geodesic" or "rhumb", got ${JSON.stringify(e)}`,
        );
      }
      ring.edges[i] = e === 'rhumb' ? EDGE_RHUMB : EDGE_GEODESIC;
    });
  } else
    throw new FieldError('properties.edges', 'expected "geodesic", "rhumb" or one rule per edge per ring');
  return ring;
}

/**
 * A GeoJSON position [lon, lat] → [lat, lon], validated. `i`: its index in the list at `path`,
 * named path[i] in an error; the name is built only then (the built-in catalog has tens of
 * thousands of positions, and their names took longer than the rest of parsing).
 */
function position(x: unknown, path: string, i?: number): [number, number] {
  const where = (): string => (i === undefined ? path : `${path}[${i}]`);
  if (!Array.isArray(x) || x.length < 2) throw new FieldError(where(), 'expected a position [lon, lat]');
  const lon = x[0];
  const lat = x[1];
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    throw new FieldError(where(), `expected a latitude in [-90, 90], got ${JSON.stringify(lat)}`);
  }
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) {
    throw new FieldError(where(), `expected a longitude in [-180, 180], got ${JSON.stringify(lon)}`);
  }
  return [lat, lon];
}

function str(p: Json, k: string): string {
  const v = p[k];
  if (typeof v !== 'string' || !v) throw new FieldError(`properties.${k}`, 'expected a non-empty string');
  return v;
}

function validity(p: Json, k: string): string | null {
  const v = p[k];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || Number.isNaN(validityBoundS(v, 0))) {
    throw new FieldError(
      `properties.${k}`,
      `expected an ISO 8601 date or date-time or null, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function limit(p: Json, k: string): number | null {
  const v = p[k];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new FieldError(`properties.${k}`, 'expected feet as a number or null');
  return v;
}

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

// ---------------------------------------------------------------------------------------------
// Export

type Position = [number, number];

function ringCoords(ring: Ring): Position[] {
  const out: Position[] = [];
  for (let i = 0; i < ring.lat.length; i++) out.push([ring.lon[i], ring.lat[i]]);
  out.push([ring.lon[0], ring.lat[0]]);
  return out;
}

function edgeSpec(polygons: Polygon[]): unknown {
  const all = polygons.flatMap((p) => p.flatMap((r) => [...r.edges]));
  if (all.every((e) => e === EDGE_GEODESIC)) return 'geodesic';
  if (all.every((e) => e === EDGE_RHUMB)) return 'rhumb';
  const perRing = (p: Polygon) =>
    p.map((r) => [...r.edges].map((e) => (e === EDGE_RHUMB ? 'rhumb' : 'geodesic')));
  return polygons.length === 1 ? perRing(polygons[0]) : polygons.map(perRing);
}

/** A zone as a zone-file Feature (the inverse of parsing). */
export function zoneToFeature(zone: Zone): Json {
  const g = zone.geometry;
  let geometry: Json;
  const props: Json = {
    id: zone.id,
    name: zone.name,
    kind: zone.kind,
    state: zone.state,
    claimants: zone.claimants,
    validFrom: zone.validFrom,
    validTo: zone.validTo,
    floorFt: zone.floorFt,
    ceilingFt: zone.ceilingFt,
    rules: zone.rules,
    source: zone.source,
  };
  if (g.type === 'polygon') {
    geometry =
      g.polygons.length === 1
        ? { type: 'Polygon', coordinates: g.polygons[0].map(ringCoords) }
        : { type: 'MultiPolygon', coordinates: g.polygons.map((p) => p.map(ringCoords)) };
    props.edges = edgeSpec(g.polygons);
  } else {
    props.buffer = { distanceNm: g.distanceNm };
    const parts: Json[] = [];
    const b = g.baseline;
    if (b.points.length)
      parts.push({ type: 'MultiPoint', coordinates: b.points.map(([la, lo]) => [lo, la]) });
    if (b.lines.length) {
      parts.push({
        type: 'MultiLineString',
        coordinates: b.lines.map((l) => [...l.lat].map((la, i) => [l.lon[i], la])),
      });
    }
    if (b.polygons.length) {
      parts.push({ type: 'MultiPolygon', coordinates: b.polygons.map((p) => p.map(ringCoords)) });
      props.edges = edgeSpec(b.polygons);
    }
    geometry = parts.length === 1 ? parts[0] : { type: 'GeometryCollection', geometries: parts };
  }
  if (zone.excludes) props.excludes = zone.excludes;
  if (zone.quality) props.quality = zone.quality;
  if (zone.extra) Object.assign(props, zone.extra);
  return { type: 'Feature', properties: props, geometry };
}

export function zonesToFeatureCollection(zones: Zone[]): Json {
  return { type: 'FeatureCollection', features: zones.map(zoneToFeature) };
}

/**
 * Pieces shared by the zone importers: text decoding, coordinate parsing, ring building, the
 * state a file name implies, and the common defaults of an imported zone.
 */

import { normalizeLon } from '../geo/geodesic.js';
import type { Diagnostic } from '../tracks/track.js';
import {
  EDGE_GEODESIC,
  type Polygon,
  type Ring,
  type Zone,
  type ZoneKind,
  type ZoneRules,
  type ZoneSource,
} from './zone.js';

export interface ImportOptions {
  /** ISO 3166-1 alpha-3 of the declaring state; overrides what the file name implies. */
  state?: string;
}

export interface ImportResult {
  zones: Zone[];
  problems: Diagnostic[];
}

/**
 * Bytes → text. UTF-8 (with or without BOM) when the bytes are valid UTF-8, UTF-16 when a BOM says
 * so, else ISO-8859-1: OpenAIR files from DAeC are Latin-1 and any byte sequence is valid Latin-1.
 */
export function decodeText(data: Buffer | string): string {
  if (typeof data === 'string') return data.charCodeAt(0) === 0xfeff ? data.slice(1) : data;
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff)
    return new TextDecoder('utf-16be').decode(data.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return data.toString('latin1');
  }
}

/** The file's base name without directories or extension. */
export function baseName(name: string): string {
  const b = name.split(/[\\/]/).pop() ?? name;
  return b.replace(/\.[A-Za-z0-9]{1,5}$/, '');
}

export function sourceFor(name: string): ZoneSource {
  return { title: name.split(/[\\/]/).pop() ?? name, url: null, retrieved: null, licence: null };
}

/** Upper-case slug usable in an id: letters, digits and single dashes. */
export function slug(s: string): string {
  const out = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return out || 'ZONE';
}

/** Makes ids unique within one import by suffixing repeats (…-2, …-3). */
export class IdRegistry {
  private readonly seen = new Map<string, number>();
  take(id: string): string {
    const n = this.seen.get(id);
    if (n === undefined) {
      this.seen.set(id, 1);
      return id;
    }
    let k = n + 1;
    while (this.seen.has(`${id}-${k}`)) k++;
    this.seen.set(id, k);
    this.seen.set(`${id}-${k}`, 1);
    return `${id}-${k}`;
  }
}

export function rulesFor(kind: ZoneKind, sourceFormat: string): ZoneRules {
  if (kind === 'adiz') {
    return {
      appliesTo: 'all',
      requires: [],
      note: `identification requirements are not stated in the ${sourceFormat} source`,
    };
  }
  return { appliesTo: 'none', requires: [] };
}

/**
 * Parses one coordinate written as degrees, degrees-minutes or degrees-minutes-seconds with a
 * hemisphere letter: "46:58:29 N", "008:15:29.5E", "46:58.483N", "21°00'00\"N", "46.975 N".
 * Returns NaN when the text is not such a coordinate or a part is out of range.
 */
export function parseDms(body: string, hemi: string): number {
  const parts = body
    .trim()
    .split(/[:°'"’”″′\s]+/)
    .filter((p) => p.length > 0);
  if (parts.length < 1 || parts.length > 3 || !parts.every((p) => /^\d+(\.\d+)?$/.test(p))) return Number.NaN;
  const [d, m = 0, s = 0] = parts.map(Number);
  // 60 occurs in real files ("001:25:60 E", openAIP exports rounding 59.6 s up): read it as a carry.
  if (m > 60 || s > 60) return Number.NaN;
  // Only the last part may carry decimals: "46.5:30" is not a coordinate.
  if (parts.slice(0, -1).some((p) => p.includes('.'))) return Number.NaN;
  const v = d + m / 60 + s / 3600;
  const h = hemi.toUpperCase();
  return h === 'S' || h === 'W' ? -v : v;
}

const COORD_RE = /([\d.:°'"’”″′\s]+)([NSEWnsew])/g;

/** Longer texts are not coordinate lines; the bound keeps the scan linear on hostile input. */
const MAX_COORD_TEXT = 400;

/**
 * Every "lat N/S lon E/W" pair in a text, in order. Returns null when the text does not consist of
 * such pairs (a stray token, a missing hemisphere, a value out of range).
 */
export function parseCoordinatePairs(text: string): Array<[number, number]> | null {
  if (text.length > MAX_COORD_TEXT) return null;
  const values: Array<{ v: number; axis: 'lat' | 'lon' }> = [];
  let rest = text;
  COORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null = COORD_RE.exec(text);
  let consumed = 0;
  while (m !== null) {
    const between = text.slice(consumed, m.index);
    if (!/^[\s,;]*$/.test(between) || !/\d/.test(m[1])) return null;
    const v = parseDms(m[1], m[2]);
    if (Number.isNaN(v)) return null;
    const axis = /[NSns]/.test(m[2]) ? 'lat' : 'lon';
    values.push({ v, axis });
    consumed = m.index + m[0].length;
    m = COORD_RE.exec(text);
  }
  rest = text.slice(consumed);
  if (!/^[\s,;]*$/.test(rest) || values.length === 0 || values.length % 2 !== 0) return null;
  const out: Array<[number, number]> = [];
  for (let i = 0; i < values.length; i += 2) {
    const a = values[i];
    const b = values[i + 1];
    if (a.axis !== 'lat' || b.axis !== 'lon') return null;
    if (Math.abs(a.v) > 90 || Math.abs(b.v) > 180) return null;
    out.push([a.v, b.v]);
  }
  return out;
}

/**
 * Collects ring vertices with the kind of the edge arriving at each, then closes the ring: a last
 * vertex equal to the first is dropped (the edge arriving at it becomes the closing edge), and
 * consecutive repeats are dropped.
 */
export class RingBuilder {
  private readonly lat: number[] = [];
  private readonly lon: number[] = [];
  /** arriving[i]: kind of the edge from vertex i-1 to vertex i. */
  private readonly arriving: number[] = [];
  private invalid: string | null = null;

  get length(): number {
    return this.lat.length;
  }

  /** Why a pushed vertex was rejected, or null. */
  get error(): string | null {
    return this.invalid;
  }

  last(): [number, number] | null {
    const n = this.lat.length;
    return n === 0 ? null : [this.lat[n - 1], this.lon[n - 1]];
  }

  first(): [number, number] | null {
    return this.lat.length === 0 ? null : [this.lat[0], this.lon[0]];
  }

  push(lat: number, lon: number, arrivingEdge: number = EDGE_GEODESIC): void {
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90) {
      this.invalid = `vertex (${lat}, ${lon}) is not a valid latitude/longitude`;
      return;
    }
    const ln = normalizeLon(lon);
    const n = this.lat.length;
    if (n > 0 && this.lat[n - 1] === lat && this.lon[n - 1] === ln) {
      // A repeated vertex: the edge kind of the (zero-length) edge is irrelevant, but a rhumb
      // segment starting here must keep its kind for the next edge, which push() records then.
      return;
    }
    this.lat.push(lat);
    this.lon.push(ln);
    this.arriving.push(arrivingEdge);
  }

  /** The distinct vertices (closing repeat removed), for callers handling degenerate rings. */
  vertices(): Array<[number, number]> {
    let n = this.lat.length;
    if (n >= 2 && this.lat[n - 1] === this.lat[0] && this.lon[n - 1] === this.lon[0]) n--;
    const out: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) out.push([this.lat[i], this.lon[i]]);
    return out;
  }

  /** The ring, or an error message when fewer than 3 distinct vertices remain. */
  build(): Ring | string {
    if (this.invalid) return this.invalid;
    let n = this.lat.length;
    let closing = EDGE_GEODESIC;
    if (n >= 2 && this.lat[n - 1] === this.lat[0] && this.lon[n - 1] === this.lon[0]) {
      closing = this.arriving[n - 1];
      n--;
    }
    if (n < 3) return `a ring needs at least 3 distinct vertices, got ${n}`;
    const ring: Ring = {
      lat: Float64Array.from(this.lat.slice(0, n)),
      lon: Float64Array.from(this.lon.slice(0, n)),
      edges: new Uint8Array(n),
    };
    for (let i = 0; i < n - 1; i++) ring.edges[i] = this.arriving[i + 1];
    ring.edges[n - 1] = closing;
    return ring;
  }
}

/** A GeoJSON linear ring ([lon, lat] positions, closed) → Ring with all edges of one kind. */
export function ringFromLonLat(coords: unknown, edge: number): Ring | string {
  if (!Array.isArray(coords)) return 'expected an array of [lon, lat] positions';
  const b = new RingBuilder();
  for (let i = 0; i < coords.length; i++) {
    const p = coords[i];
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
      return `position ${i} is not [lon, lat]`;
    }
    const [lon, lat] = p as number[];
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 540) {
      return `position ${i} (${lon}, ${lat}) is out of range`;
    }
    b.push(lat, lon, edge);
  }
  return b.build();
}

/** A GeoJSON Polygon / MultiPolygon geometry → polygons, or an error message. */
export function polygonsFromGeoJson(geometry: unknown, edge: number): Polygon[] | string {
  if (!geometry || typeof geometry !== 'object') return 'no geometry';
  const g = geometry as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  const one = (rings: unknown): Polygon | string => {
    if (!Array.isArray(rings) || rings.length === 0) return 'a polygon needs at least one ring';
    const poly: Polygon = [];
    for (let r = 0; r < rings.length; r++) {
      const ring = ringFromLonLat(rings[r], edge);
      if (typeof ring === 'string') return `ring ${r}: ${ring}`;
      poly.push(ring);
    }
    return poly;
  };
  if (g.type === 'Polygon') {
    const p = one(g.coordinates);
    return typeof p === 'string' ? p : [p];
  }
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return 'MultiPolygon has no polygons';
    const out: Polygon[] = [];
    for (let i = 0; i < g.coordinates.length; i++) {
      const p = one(g.coordinates[i]);
      if (typeof p === 'string') return `polygon ${i}: ${p}`;
      out.push(p);
    }
    return out;
  }
  if (g.type === 'GeometryCollection' && Array.isArray(g.geometries)) {
    const out: Polygon[] = [];
    for (const sub of g.geometries) {
      const t = (sub as { type?: unknown } | null)?.type;
      if (t !== 'Polygon' && t !== 'MultiPolygon') continue;
      const p = polygonsFromGeoJson(sub, edge);
      if (typeof p === 'string') return p;
      out.push(...p);
    }
    return out.length > 0 ? out : 'GeometryCollection holds no Polygon';
  }
  return `geometry type ${String(g.type)} is not Polygon or MultiPolygon`;
}

/**
 * English country names (and a few common short forms) → ISO 3166-1 alpha-3, used to guess the
 * declaring state from a file name such as "Switzerland.txt" or "Taiwan_ADIZ.json".
 */
const STATE_NAMES: Array<[string, string]> = [
  ['albania', 'ALB'],
  ['andorra', 'AND'],
  ['argentina', 'ARG'],
  ['armenia', 'ARM'],
  ['australia', 'AUS'],
  ['austria', 'AUT'],
  ['azerbaijan', 'AZE'],
  ['belarus', 'BLR'],
  ['belgium', 'BEL'],
  ['bosnia', 'BIH'],
  ['brazil', 'BRA'],
  ['bulgaria', 'BGR'],
  ['cambodia', 'KHM'],
  ['canada', 'CAN'],
  ['chile', 'CHL'],
  ['china', 'CHN'],
  ['croatia', 'HRV'],
  ['cyprus', 'CYP'],
  ['czech republic', 'CZE'],
  ['czechia', 'CZE'],
  ['denmark', 'DNK'],
  ['egypt', 'EGY'],
  ['estonia', 'EST'],
  ['finland', 'FIN'],
  ['france', 'FRA'],
  ['georgia', 'GEO'],
  ['germany', 'DEU'],
  ['greece', 'GRC'],
  ['hong kong', 'HKG'],
  ['hungary', 'HUN'],
  ['iceland', 'ISL'],
  ['india', 'IND'],
  ['indonesia', 'IDN'],
  ['iran', 'IRN'],
  ['iraq', 'IRQ'],
  ['ireland', 'IRL'],
  ['israel', 'ISR'],
  ['italy', 'ITA'],
  ['japan', 'JPN'],
  ['kazakhstan', 'KAZ'],
  ['korea', 'KOR'],
  ['south korea', 'KOR'],
  ['republic of korea', 'KOR'],
  ['north korea', 'PRK'],
  ['dprk', 'PRK'],
  ['latvia', 'LVA'],
  ['liechtenstein', 'LIE'],
  ['lithuania', 'LTU'],
  ['luxembourg', 'LUX'],
  ['malaysia', 'MYS'],
  ['malta', 'MLT'],
  ['mexico', 'MEX'],
  ['moldova', 'MDA'],
  ['monaco', 'MCO'],
  ['mongolia', 'MNG'],
  ['montenegro', 'MNE'],
  ['netherlands', 'NLD'],
  ['new zealand', 'NZL'],
  ['north macedonia', 'MKD'],
  ['macedonia', 'MKD'],
  ['norway', 'NOR'],
  ['pakistan', 'PAK'],
  ['philippines', 'PHL'],
  ['poland', 'POL'],
  ['portugal', 'PRT'],
  ['romania', 'ROU'],
  ['russia', 'RUS'],
  ['russian federation', 'RUS'],
  ['san marino', 'SMR'],
  ['saudi arabia', 'SAU'],
  ['serbia', 'SRB'],
  ['singapore', 'SGP'],
  ['slovakia', 'SVK'],
  ['slovenia', 'SVN'],
  ['south africa', 'ZAF'],
  ['spain', 'ESP'],
  ['sweden', 'SWE'],
  ['switzerland', 'CHE'],
  ['taiwan', 'TWN'],
  ['thailand', 'THA'],
  ['turkey', 'TUR'],
  ['turkiye', 'TUR'],
  ['ukraine', 'UKR'],
  ['united kingdom', 'GBR'],
  ['great britain', 'GBR'],
  ['uk', 'GBR'],
  ['united states', 'USA'],
  ['usa', 'USA'],
  ['vietnam', 'VNM'],
  ['viet nam', 'VNM'],
];

/** The state a file name names ("Germany_Border.txt" → DEU), or null. Longest name wins. */
export function stateFromName(name: string): string | null {
  const words = ` ${baseName(name)
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim()} `;
  let best: [string, string] | null = null;
  for (const entry of STATE_NAMES) {
    if (words.includes(` ${entry[0]} `) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best ? best[1] : null;
}

/** The state to record: the option, else the file name's, else 'UNK'. */
export function resolveState(name: string, options: ImportOptions | undefined): string {
  if (options?.state) return options.state;
  return stateFromName(name) ?? 'UNK';
}

/** ZoneKind from an airspace type or designator text (ADIZ, FIR, UIR). */
export function kindFromType(text: string): ZoneKind {
  const t = text.toUpperCase();
  if (/(^|[^A-Z])ADIZ([^A-Z]|$)/.test(t) || t === 'ADIZ') return 'adiz';
  if (/(FIR|UIR)([^A-Z]|$)/.test(t) || /^(FIR|UIR)/.test(t)) return 'fir';
  return 'other';
}

/**
 * An imported zone as every importer builds it: the state the file implies claims it alone, its
 * rules are those its kind implies for the source format, and it is in force always unless the
 * source gives dates.
 */
export function importedZone(
  z: Pick<Zone, 'id' | 'name' | 'kind' | 'state' | 'floorFt' | 'ceilingFt' | 'geometry' | 'source'> &
    Partial<Pick<Zone, 'validFrom' | 'validTo' | 'extra'>>,
  format: string,
): Zone {
  return {
    id: z.id,
    name: z.name,
    kind: z.kind,
    state: z.state,
    claimants: [z.state],
    validFrom: z.validFrom ?? null,
    validTo: z.validTo ?? null,
    floorFt: z.floorFt,
    ceilingFt: z.ceilingFt,
    geometry: z.geometry,
    rules: rulesFor(z.kind, format),
    source: z.source,
    extra: z.extra,
  };
}

/**
 * Tracks from published reports: official notices give a time, a position relative to a named
 * feature ("126 km NW of Ieodo at 07:56") and nothing in between. A report-track writes those
 * down as waypoints, each with its position uncertainty; between waypoints the aircraft is taken
 * to fly the WGS84 geodesic at constant speed (the Track contract), and the uncertainty radius
 * changes linearly in time.
 *
 * YAML (package `yaml`):
 *
 *   title: ...            date: 2019-07-23         timezone: "+09:00"
 *   uncertainty: 10 NM    # default radius for waypoints that give none
 *   sources: { jcs: { title: ..., url: ... } }
 *   legs:                 # named stretches flown by a group (the notices describe groups)
 *     h6-in:
 *       - { time: "06:44", from: Ieodo, bearing: NW, distance: 126 km, uncertainty: 15 NM,
 *           note: "entered KADIZ", source: jcs }
 *   aircraft:
 *     - { id: H6-1, label: H-6K, operator: CHN, category: state, route: [h6-in, joint] }
 *
 * A waypoint's position is `lat`/`lon` (decimal degrees or 37°14'30"N), `from` + `bearing` +
 * `distance` (bearing in degrees true or a compass point; distance with its unit: NM, km, m),
 * or `between: [A, B]` (the geodesic midpoint). Members of a group that a notice reports
 * together share its waypoints. Times: ISO 8601, or "HH:MM[:SS]" on the file's `date` in its
 * `timezone`.
 *
 * CSV: one waypoint per row with the header
 *   track,time,lat,lon,from,bearing,distance,uncertainty,alt_ft,operator,category,label,note,source
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { direct, GeodesicSegment, inverse, NM_M } from '../geo/geodesic.js';
import { lazyRequire } from '../util/lazy-require.js';
import type { Category, Diagnostic, ReadResult, Track } from './track.js';

const yaml = lazyRequire<typeof import('yaml')>('yaml');

export interface GazetteerFeature {
  id: string;
  name: string;
  aliases: string[];
  kind: string;
  lat: number;
  lon: number;
  published: string;
  quality: string;
  source: { title: string; url: string | null; note?: string };
}

export interface Gazetteer {
  id: string;
  version: string;
  features: GazetteerFeature[];
}

/** One waypoint as written, kept on the track (meta.waypoints) so reports can quote it. */
export interface ReportWaypoint {
  time: string;
  lat: number;
  lon: number;
  uncertaintyM: number;
  /** The position as the report gave it, e.g. "126 km NW of Ieodo". */
  described: string;
  note?: string;
  source?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
/** data/gazetteer.json, found from src/tracks or dist/tracks alike. */
export const GAZETTEER_PATH = resolve(here, '..', '..', 'data', 'gazetteer.json');

let gazetteer: Gazetteer | null = null;

export function builtinGazetteer(): Gazetteer {
  if (!gazetteer) gazetteer = JSON.parse(readFileSync(GAZETTEER_PATH, 'utf8')) as Gazetteer;
  return gazetteer;
}

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The feature named `name` (id, name or alias; case, accents and punctuation ignored). */
export function findFeature(name: string, g: Gazetteer = builtinGazetteer()): GazetteerFeature | null {
  const key = fold(name);
  for (const f of g.features) {
    if (fold(f.id) === key || fold(f.name) === key || f.aliases.some((a) => fold(a) === key)) return f;
  }
  return null;
}

const COMPASS = [
  'N',
  'NNE',
  'NE',
  'ENE',
  'E',
  'ESE',
  'SE',
  'SSE',
  'S',
  'SSW',
  'SW',
  'WSW',
  'W',
  'WNW',
  'NW',
  'NNW',
];

/** Degrees true from a number or a compass point (N, NNE, ... NW, NNW; "north-west" too). */
export function parseBearing(v: unknown): number {
  if (typeof v === 'number') return v;
  const s = String(v).trim().toUpperCase();
  const words = s
    .replace(/NORTH/g, 'N')
    .replace(/SOUTH/g, 'S')
    .replace(/EAST/g, 'E')
    .replace(/WEST/g, 'W')
    .replace(/[\s-]+/g, '');
  const i = COMPASS.indexOf(words);
  if (i >= 0) return i * 22.5;
  const n = Number(s.replace(/°|DEG/g, '').trim());
  return Number.isFinite(n) ? n : Number.NaN;
}

/** Metres from "126 km", "76 NM", "12 nm", "500 m"; NaN when the unit is missing or unknown. */
export function parseDistanceM(v: unknown): number {
  if (typeof v !== 'string') return Number.NaN;
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(nm|nmi|km|m)\s*$/i.exec(v);
  if (!m) return Number.NaN;
  const x = Number(m[1]);
  const unit = m[2].toLowerCase();
  return unit === 'km' ? x * 1000 : unit === 'm' ? x : x * NM_M;
}

/** Decimal degrees from a number, "37.24", or degrees-minutes-seconds with a hemisphere. */
export function parseAngle(v: unknown): number {
  if (typeof v === 'number') return v;
  const s = String(v).trim();
  const plain = Number(s);
  if (s !== '' && Number.isFinite(plain)) return plain;
  const m =
    /^(\d+(?:\.\d+)?)\s*[°d ]\s*(?:(\d+(?:\.\d+)?)\s*['′m ]\s*)?(?:(\d+(?:\.\d+)?)\s*(?:"|″|''|s)\s*)?([NSEW])$/i.exec(
      s,
    );
  if (!m) return Number.NaN;
  const deg = Number(m[1]) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
  return /[SW]/i.test(m[4]) ? -deg : deg;
}

interface Defaults {
  date: string | null;
  timezone: string;
  uncertaintyM: number;
}

/** Epoch seconds from an ISO time, or "HH:MM[:SS]" on the default date in the default zone. */
function parseWhen(v: unknown, d: Defaults): number {
  if (v instanceof Date) return v.getTime() / 1000;
  const s = String(v ?? '').trim();
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/.exec(s);
  if (clock && d.date) {
    const hh = clock[1].padStart(2, '0');
    const ss = clock[3] ? clock[3].padStart(2, '0') : '00';
    return Date.parse(`${d.date}T${hh}:${clock[2]}:${ss}${d.timezone}`) / 1000;
  }
  const withZone = /[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s : `${s}${d.timezone}`;
  return Date.parse(withZone) / 1000;
}

class WaypointError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Resolves one waypoint record to a position, time and uncertainty. */
function resolveWaypoint(
  w: Record<string, unknown>,
  d: Defaults,
  g: Gazetteer,
): ReportWaypoint & { tS: number } {
  const tS = parseWhen(w.time, d);
  if (!Number.isFinite(tS)) {
    throw new WaypointError(
      'time',
      `expected an ISO 8601 time or HH:MM with a file 'date', got '${String(w.time)}'`,
    );
  }
  const unc =
    w.uncertainty === undefined || w.uncertainty === '' ? d.uncertaintyM : parseDistanceM(w.uncertainty);
  if (!Number.isFinite(unc) || unc < 0) {
    throw new WaypointError(
      'uncertainty',
      `expected a distance with its unit (e.g. '10 NM', '15 km'), got '${String(w.uncertainty)}'`,
    );
  }
  let lat: number;
  let lon: number;
  let described: string;
  if (w.lat !== undefined && w.lat !== '' && w.lon !== undefined && w.lon !== '') {
    lat = parseAngle(w.lat);
    lon = parseAngle(w.lon);
    if (!(Math.abs(lat) <= 90)) throw new WaypointError('lat', `expected a latitude, got '${String(w.lat)}'`);
    if (!(Math.abs(lon) <= 180))
      throw new WaypointError('lon', `expected a longitude, got '${String(w.lon)}'`);
    described = `${fmtLat(lat)} ${fmtLon(lon)}`;
  } else if (Array.isArray(w.between)) {
    if (w.between.length !== 2) throw new WaypointError('between', 'expected two feature names');
    const [a, b] = w.between.map((name) => {
      const f = findFeature(String(name), g);
      if (!f) throw new WaypointError('between', `no feature '${String(name)}' in the gazetteer`);
      return f;
    });
    const mid = new GeodesicSegment(a.lat, a.lon, b.lat, b.lon).at(0.5);
    lat = mid.lat;
    lon = mid.lon;
    described = `between ${a.name} and ${b.name}`;
  } else if (w.from !== undefined && w.from !== '') {
    const f = findFeature(String(w.from), g);
    if (!f)
      throw new WaypointError(
        'from',
        `no feature '${String(w.from)}' in the gazetteer (data/gazetteer.json)`,
      );
    const hasDistance = w.distance !== undefined && w.distance !== '';
    const distM = hasDistance ? parseDistanceM(w.distance) : 0;
    if (!Number.isFinite(distM)) {
      throw new WaypointError(
        'distance',
        `expected a distance with its unit (e.g. '126 km', '76 NM'), got '${String(w.distance)}'`,
      );
    }
    const bearing = distM > 0 ? parseBearing(w.bearing) : 0;
    if (!Number.isFinite(bearing)) {
      throw new WaypointError(
        'bearing',
        `expected degrees true or a compass point (N, NNE, ..., NW), got '${String(w.bearing)}'`,
      );
    }
    const p = distM > 0 ? direct(f.lat, f.lon, bearing, distM) : { lat: f.lat, lon: f.lon };
    lat = p.lat;
    lon = p.lon;
    described =
      distM > 0 ? `${String(w.distance).trim()} ${compassName(w.bearing)} of ${f.name}` : `over ${f.name}`;
  } else {
    throw new WaypointError(
      'lat',
      "expected a position: 'lat' and 'lon', 'from' (+ 'bearing', 'distance') or 'between'",
    );
  }
  const out: ReportWaypoint & { tS: number } = {
    tS,
    time: new Date(tS * 1000).toISOString(),
    lat,
    lon,
    uncertaintyM: unc,
    described,
  };
  if (w.note) out.note = String(w.note);
  if (w.source) out.source = String(w.source);
  if (w.alt_ft !== undefined || w.altFt !== undefined)
    (out as { altFt?: number }).altFt = Number(w.alt_ft ?? w.altFt);
  return out;
}

function compassName(v: unknown): string {
  return typeof v === 'number' ? `bearing ${v}°` : String(v).trim();
}

function fmtLat(x: number): string {
  return `${Math.abs(x).toFixed(4)}°${x < 0 ? 'S' : 'N'}`;
}
function fmtLon(x: number): string {
  return `${Math.abs(x).toFixed(4)}°${x < 0 ? 'W' : 'E'}`;
}

interface AircraftSpec {
  id: string;
  label: string | null;
  operator: string | null;
  category: Category;
  meta: Record<string, unknown>;
  waypoints: Array<{ record: Record<string, unknown>; line?: number; where: string }>;
}

/** True when the text looks like a report-track (YAML with `aircraft:`, or the CSV header). */
export function looksLikeReportTrack(head: string): boolean {
  if (/^\s*aircraft\s*:/m.test(head) && /^\s*(legs|title|date|sources)\s*:/m.test(head)) return true;
  // The CSV form is told from a plain track CSV by its positions relative to named features.
  const cols = head.split(/\r?\n/, 1)[0].toLowerCase().replace(/\s/g, '').split(',');
  return cols[0] === 'track' && cols[1] === 'time' && cols.includes('from') && cols.includes('bearing');
}

/** Reads a report-track (YAML or CSV, told apart by content). Problems name the file and field. */
export function readReportTrack(name: string, text: string, g: Gazetteer = builtinGazetteer()): ReadResult {
  const firstLine = text.split(/\r?\n/, 1)[0].toLowerCase().replace(/\s/g, '');
  return firstLine.startsWith('track,time,') ? readCsv(name, text, g) : readYaml(name, text, g);
}

export function readReportTrackFile(path: string): ReadResult {
  return readReportTrack(path, readFileSync(path, 'utf8'));
}

function readYaml(name: string, text: string, g: Gazetteer): ReadResult {
  const problems: Diagnostic[] = [];
  let doc: Record<string, unknown>;
  try {
    // Times stay strings (YAML 1.1 would turn 06:44 into a sexagesimal number).
    doc = yaml().parse(text, { version: '1.2', schema: 'core' }) as Record<string, unknown>;
  } catch (e) {
    const err = e as { message: string; linePos?: Array<{ line: number }> };
    return {
      tracks: [],
      problems: [{ file: name, line: err.linePos?.[0]?.line, message: `not valid YAML: ${err.message}` }],
      records: 0,
    };
  }
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.aircraft)) {
    return {
      tracks: [],
      problems: [{ file: name, field: 'aircraft', message: 'expected a list of aircraft' }],
      records: 0,
    };
  }
  const d: Defaults = {
    date: doc.date ? String(doc.date instanceof Date ? doc.date.toISOString().slice(0, 10) : doc.date) : null,
    timezone: doc.timezone ? String(doc.timezone) : 'Z',
    uncertaintyM: doc.uncertainty !== undefined ? parseDistanceM(doc.uncertainty) : 0,
  };
  if (!Number.isFinite(d.uncertaintyM)) {
    problems.push({
      file: name,
      field: 'uncertainty',
      message: `expected a distance with its unit, got '${String(doc.uncertainty)}'`,
    });
    d.uncertaintyM = 0;
  }
  const legs = (doc.legs ?? {}) as Record<string, unknown>;
  const sources = (doc.sources ?? {}) as Record<string, unknown>;
  const specs: AircraftSpec[] = [];
  doc.aircraft.forEach((a: Record<string, unknown>, i: number) => {
    const where = `aircraft[${i}]`;
    if (!a || typeof a.id !== 'string') {
      problems.push({ file: name, field: `${where}.id`, message: 'expected an aircraft id' });
      return;
    }
    const waypoints: AircraftSpec['waypoints'] = [];
    const parts: unknown[] = Array.isArray(a.route) ? a.route : [];
    if (Array.isArray(a.waypoints)) parts.push(...a.waypoints);
    parts.forEach((p, j) => {
      if (typeof p === 'string') {
        const leg = legs[p];
        if (!Array.isArray(leg)) {
          problems.push({ file: name, field: `${where}.route[${j}]`, message: `no leg '${p}' under 'legs'` });
          return;
        }
        leg.forEach((w, k) => {
          waypoints.push({ record: w as Record<string, unknown>, where: `legs.${p}[${k}]` });
        });
      } else if (p && typeof p === 'object') {
        waypoints.push({ record: p as Record<string, unknown>, where: `${where}.waypoints[${j}]` });
      }
    });
    const meta: Record<string, unknown> = { format: 'report-track' };
    for (const k of ['type', 'serial', 'note']) if (a[k] !== undefined) meta[k] = a[k];
    if (doc.title) meta.title = doc.title;
    // The clock the report was written in, so that outputs can quote times the way it did.
    if (doc.timezone) meta.timezone = String(doc.timezone);
    specs.push({
      id: a.id,
      label: a.label ? String(a.label) : null,
      operator: a.operator ? String(a.operator) : null,
      category: (['state', 'civil', 'unknown'] as const).includes(a.category as Category)
        ? (a.category as Category)
        : 'unknown',
      meta,
      waypoints,
    });
  });
  const tracks = specs
    .map((s) => build(name, s, d, g, problems, sources))
    .filter((t): t is Track => t !== null);
  return { tracks, problems, records: specs.reduce((n, s) => n + s.waypoints.length, 0) };
}

function readCsv(name: string, text: string, g: Gazetteer): ReadResult {
  const lines = text.split(/\r?\n/);
  const header = splitCsv(lines[0]).map((h) => h.trim().toLowerCase());
  const problems: Diagnostic[] = [];
  const specs = new Map<string, AircraftSpec>();
  let records = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '' || lines[i].startsWith('#')) continue;
    records++;
    const cells = splitCsv(lines[i]);
    const rec: Record<string, unknown> = {};
    header.forEach((h, j) => {
      if (cells[j] !== undefined && cells[j].trim() !== '') rec[h] = cells[j].trim();
    });
    const id = String(rec.track ?? '');
    if (!id) {
      problems.push({ file: name, line: i + 1, field: 'track', message: 'expected a track id' });
      continue;
    }
    let spec = specs.get(id);
    if (!spec) {
      spec = {
        id,
        label: rec.label ? String(rec.label) : null,
        operator: rec.operator ? String(rec.operator) : null,
        category: (['state', 'civil', 'unknown'] as const).includes(rec.category as Category)
          ? (rec.category as Category)
          : 'unknown',
        meta: { format: 'report-track' },
        waypoints: [],
      };
      specs.set(id, spec);
    }
    spec.waypoints.push({ record: rec, line: i + 1, where: `line ${i + 1}` });
  }
  const d: Defaults = { date: null, timezone: 'Z', uncertaintyM: 0 };
  const tracks = [...specs.values()]
    .map((s) => build(name, s, d, g, problems, {}))
    .filter((t): t is Track => t !== null);
  return { tracks, problems, records };
}

function build(
  file: string,
  spec: AircraftSpec,
  d: Defaults,
  g: Gazetteer,
  problems: Diagnostic[],
  sources: Record<string, unknown>,
): Track | null {
  const resolved: Array<ReportWaypoint & { tS: number; altFt?: number }> = [];
  for (const w of spec.waypoints) {
    try {
      resolved.push(resolveWaypoint(w.record, d, g));
    } catch (e) {
      if (!(e instanceof WaypointError)) throw e;
      problems.push({
        file,
        line: w.line,
        field: `${w.where}.${e.field}`,
        message: `${spec.id}: ${e.message}`,
      });
    }
  }
  resolved.sort((a, b) => a.tS - b.tS);
  const kept = resolved.filter((w, i) => {
    if (i === 0 || w.tS !== resolved[i - 1].tS) return true;
    const prev = resolved[i - 1];
    if (inverse(prev.lat, prev.lon, w.lat, w.lon).s12 > 1) {
      problems.push({
        file,
        field: spec.id,
        message: `two different positions at ${w.time}; the first is kept`,
      });
    }
    return false;
  });
  if (kept.length < 2) {
    problems.push({
      file,
      field: spec.id,
      message: `expected at least two waypoints with a valid time and position, got ${kept.length}`,
    });
    return null;
  }
  const n = kept.length;
  const track: Track = {
    id: spec.id,
    label: spec.label,
    icao24: null,
    category: spec.category,
    operator: spec.operator,
    t: Float64Array.from(kept, (w) => w.tS),
    lat: Float64Array.from(kept, (w) => w.lat),
    lon: Float64Array.from(kept, (w) => w.lon),
    altFt: Float32Array.from(kept, (w) => (w.altFt === undefined ? Number.NaN : w.altFt)),
    uncertaintyM: Float32Array.from(kept, (w) => w.uncertaintyM),
    meta: {
      ...spec.meta,
      file,
      waypoints: kept.map(({ tS: _t, ...w }) => w),
      sources,
    },
  };
  if (n !== spec.waypoints.length && problems.length === 0) {
    problems.push({ file, field: spec.id, message: `${spec.waypoints.length - n} waypoint(s) dropped` });
  }
  return track;
}

/** RFC 4180 fields of one line. */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let j = i + 1;
      let s = '';
      while (j < line.length) {
        if (line[j] === '"' && line[j + 1] === '"') {
          s += '"';
          j += 2;
        } else if (line[j] === '"') break;
        else s += line[j++];
      }
      out.push(s);
      i = j + 2;
    } else {
      const j = line.indexOf(',', i);
      const end = j < 0 ? line.length : j;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

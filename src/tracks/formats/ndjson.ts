/**
 * NDJSON positions: one JSON object per line with the CSV field names, e.g.
 * `{"track":"A50-1","time":"2019-07-23T00:09:00Z","lat":37.4,"lon":131.7,"alt_ft":29000}`.
 * `parseFixLine` is the per-line parser the live mode reuses.
 *
 * Also reads jet1090 decoded Mode S messages (lines with a `df` key, `timestamp` in seconds):
 * messages with a position become fixes of their `icao24`, with the last altitude and callsign
 * that aircraft reported; other messages are not fixes and are skipped without a problem.
 */
import { categoryOf, type FixFields, TrackCollector, text } from '../collect.js';
import type { ReadOptions } from '../format.js';
import type { LineSink } from '../lines.js';
import { numOfValue, timeOfValue } from '../text.js';
import type { Category, ReadResult } from '../track.js';

export interface PositionFix {
  track: string;
  /** Epoch seconds. */
  t: number;
  lat: number;
  lon: number;
  /** Feet, NaN when unknown. */
  altFt: number;
  label: string | null;
  icao24: string | null;
  category: Category | null;
  operator: string | null;
  uncertaintyM?: number;
}

export type FixLineResult = { ok: true; fix: PositionFix } | { ok: false; field?: string; message: string };

const ID_KEYS = ['track', 'id', 'icao24', 'callsign', 'flight'];
const TIME_KEYS = ['time', 'timestamp'];
const LAT_KEYS = ['lat', 'latitude'];
const LON_KEYS = ['lon', 'lng', 'longitude'];
const ALT_KEYS = ['alt_ft', 'altitude'];

function first(o: Record<string, unknown>, keys: string[]): [string, unknown] {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return [k, o[k]];
  return [keys[0], undefined];
}

/** A fix object (already parsed JSON) with the CSV field names. */
export function fixOfObject(o: unknown): FixLineResult {
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    return { ok: false, message: 'expected a JSON object with track, time, lat, lon' };
  const r = o as Record<string, unknown>;
  const [idKey, idV] = first(r, ID_KEYS);
  const track = text(idV);
  if (track === null)
    return {
      ok: false,
      field: idKey,
      message: `track id is missing (expected one of ${ID_KEYS.join(', ')})`,
    };
  const [timeKey, timeV] = first(r, TIME_KEYS);
  const t = timeOfValue(timeV);
  if (!Number.isFinite(t))
    return {
      ok: false,
      field: timeKey,
      message:
        timeV === undefined
          ? 'time is missing'
          : `time ${JSON.stringify(timeV)} is not an ISO 8601 time or epoch seconds`,
    };
  const [latKey, latV] = first(r, LAT_KEYS);
  const lat = numOfValue(latV);
  if (!(Math.abs(lat) <= 90))
    return {
      ok: false,
      field: latKey,
      message:
        latV === undefined
          ? 'latitude is missing'
          : `latitude ${JSON.stringify(latV)} is outside [-90, 90] or not a number`,
    };
  const [lonKey, lonV] = first(r, LON_KEYS);
  const lon = numOfValue(lonV);
  if (!(Math.abs(lon) <= 180))
    return {
      ok: false,
      field: lonKey,
      message:
        lonV === undefined
          ? 'longitude is missing'
          : `longitude ${JSON.stringify(lonV)} is outside [-180, 180] or not a number (longitudes are not normalised)`,
    };
  const [, altV] = first(r, ALT_KEYS);
  const unc = numOfValue(r.uncertainty_m);
  const fix: PositionFix = {
    track,
    t,
    lat,
    lon,
    altFt: numOfValue(altV),
    label: text(r.label ?? r.callsign),
    icao24: text(r.icao24)?.toLowerCase() ?? null,
    category: categoryOf(r.category),
    operator: text(r.operator)?.toUpperCase() ?? null,
  };
  if (unc >= 0) fix.uncertaintyM = unc;
  return { ok: true, fix };
}

/** One NDJSON line → a fix, or why not. */
export function parseFixLine(line: string): FixLineResult {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch (e) {
    return { ok: false, message: `not valid JSON (${(e as Error).message})` };
  }
  return fixOfObject(o);
}

const FIELDS: FixFields = { time: 'time', lat: 'lat', lon: 'lon' };

interface ModeSState {
  altFt: number;
  callsign: string | null;
}

export class NdjsonReader implements LineSink {
  private readonly out: TrackCollector;
  private readonly modeS = new Map<string, ModeSState>();

  constructor(file: string, options: ReadOptions = {}) {
    this.out = new TrackCollector(file, 'line', options);
  }

  line(s: string, a: number, b: number, lineNo: number): void {
    let i = a;
    while (i < b && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
    if (i === b) return;
    this.out.records++;
    let o: unknown;
    try {
      o = JSON.parse(s.slice(i, b));
    } catch (e) {
      this.out.problem(lineNo, undefined, `not valid JSON (${(e as Error).message})`);
      return;
    }
    if (typeof o === 'object' && o !== null && 'df' in o) {
      this.modeSMessage(o as Record<string, unknown>, lineNo);
      return;
    }
    const r = fixOfObject(o);
    if (!r.ok) {
      this.out.problem(lineNo, r.field, r.message);
      return;
    }
    const f = r.fix;
    const g =
      this.out.get(f.track) ??
      this.out.open(f.track, {
        id: f.track,
        label: f.label,
        icao24: f.icao24,
        category: f.category ?? 'unknown',
        operator: f.operator,
      });
    this.out.add(g, f.t, f.lat, f.lon, f.altFt, lineNo, FIELDS, undefined, f.uncertaintyM);
  }

  private modeSMessage(m: Record<string, unknown>, lineNo: number): void {
    const icao = text(m.icao24)?.toLowerCase();
    if (!icao) return;
    let st = this.modeS.get(icao);
    if (!st) {
      st = { altFt: Number.NaN, callsign: null };
      this.modeS.set(icao, st);
    }
    const alt = numOfValue(m.altitude);
    if (Number.isFinite(alt)) st.altFt = alt;
    const cs = text(m.callsign);
    if (cs) st.callsign = cs;
    if (m.latitude === undefined || m.longitude === undefined) return;
    const g =
      this.out.get(icao) ??
      this.out.open(icao, { id: icao, label: null, icao24: icao, category: 'unknown', operator: null });
    if (g.info.label === null && st.callsign) g.info.label = st.callsign;
    // Surface positions carry no altitude: unknown, not the last airborne value.
    const altFt = m.bds === '06' ? Number.NaN : Number.isFinite(alt) ? alt : st.altFt;
    this.out.add(
      g,
      timeOfValue(m.timestamp),
      numOfValue(m.latitude),
      numOfValue(m.longitude),
      altFt,
      lineNo,
      {
        time: 'timestamp',
        lat: 'latitude',
        lon: 'longitude',
      },
    );
  }

  finish(): ReadResult {
    return this.out.finish();
  }
}

/**
 * xoolive/traffic sample JSON (pandas `to_json`): record orientation (an array of records) or
 * column orientation (an object of columns, each a map row-index → value). Fields `timestamp`
 * (epoch ms, or ISO), `icao24`, `callsign`, `latitude`, `longitude`, `altitude` (ft). When a
 * `last_position` column is present (OpenSky-derived data) it is the time of the position itself
 * and is used as the fix time, repeated positions being merged. Tracks are flights: icao24 and
 * callsign (see FlightKeys); switzerland.json.gz gives 1,243 (traffic's 1,244 splits one more at a gap).
 */
import { type FixFields, FlightKeys, TrackCollector, text } from '../collect.js';
import type { ReadOptions } from '../format.js';
import { numOfValue, timeOfValue } from '../text.js';
import { InputError, type ReadResult } from '../track.js';

type Obj = Record<string, unknown>;

/** The records of a column-oriented frame, in row-index order. */
function recordsOfColumns(cols: Obj): Obj[] {
  const names = Object.keys(cols);
  const index = new Set<string>();
  for (const n of names) {
    const c = cols[n];
    if (typeof c === 'object' && c !== null) for (const k of Object.keys(c)) index.add(k);
  }
  const rows = [...index].sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : 1));
  return rows.map((k) => {
    const r: Obj = {};
    for (const n of names) {
      const c = cols[n];
      if (typeof c === 'object' && c !== null) r[n] = (c as Obj)[k];
    }
    return r;
  });
}

export function isColumnOriented(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const ts = (doc as Obj).timestamp;
  return typeof ts === 'object' && ts !== null && !Array.isArray(ts);
}

export function readTrafficJson(file: string, doc: unknown, options: ReadOptions = {}): ReadResult {
  let records: unknown[];
  if (Array.isArray(doc)) records = doc;
  else if (isColumnOriented(doc)) records = recordsOfColumns(doc as Obj);
  else
    throw new InputError({
      file,
      message: 'expected traffic JSON: an array of records or an object of columns with a "timestamp" column',
    });
  const out = new TrackCollector(file, 'record', options);
  const flights = new FlightKeys();
  const fields: FixFields = { time: 'timestamp', lat: 'latitude', lon: 'longitude' };
  const lastFix = new Map<string, number>();
  let merged = 0;
  records.forEach((rec, k) => {
    out.records++;
    const at = k + 1;
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
      out.problem(at, undefined, 'record is not an object');
      return;
    }
    const r = rec as Obj;
    const icao = text(r.icao24)?.toLowerCase() ?? text(r.callsign) ?? 'unknown';
    if (
      (r.latitude === null || r.latitude === undefined) &&
      (r.longitude === null || r.longitude === undefined)
    ) {
      out.problem(at, 'latitude', 'record without a position');
      return;
    }
    const { key, callsign } = flights.key(icao, text(r.callsign));
    const g =
      out.get(key) ??
      out.open(key, {
        id: callsign ?? icao,
        label: callsign,
        icao24: text(r.icao24)?.toLowerCase() ?? null,
        category: 'unknown',
        operator: null,
      });
    if (g.info.label === null && callsign) g.info.label = g.info.id = callsign;
    const hasLast = r.last_position !== undefined && r.last_position !== null;
    const t = timeOfValue(hasLast ? r.last_position : r.timestamp);
    if (hasLast) {
      if (lastFix.get(key) === t) {
        merged++;
        return;
      }
      lastFix.set(key, t);
    }
    out.add(
      g,
      t,
      numOfValue(r.latitude),
      numOfValue(r.longitude),
      numOfValue(r.altitude),
      at,
      hasLast ? { ...fields, time: 'last_position' } : fields,
      (p) =>
        p === 'time' ? (hasLast ? r.last_position : r.timestamp) : p === 'lat' ? r.latitude : r.longitude,
    );
  });
  if (merged > 0)
    out.problem(
      undefined,
      'last_position',
      `${merged} record(s) repeated the previous position (same last_position) and were merged`,
    );
  return out.finish();
}

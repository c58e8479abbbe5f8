/**
 * readsb / tar1090 / ADS-B Exchange JSON.
 * - `trace_full_<hex>.json` (gzip or plain): `timestamp` (epoch s) + per-row offset; each row
 *   `[dt, lat, lon, alt_baro|"ground"|null, gs, track, flags, vrate, details|null, source, alt_geom, ...]`.
 *   Flag &2 starts a new leg (the aircraft landed and left again): each leg is its own track
 *   (`<callsign or registration or hex>`, suffixed `-leg<n>` when there are several).
 *   `"ground"` gives an unknown altitude (NaN): the aircraft is on the surface, whose elevation
 *   above sea level the trace does not give (0 ft would be wrong at Denver's 5,400 ft).
 * - `aircraft.json` (`now` epoch s, `aircraft[]`) and ADS-B Exchange v2 (`now` epoch ms, `ac[]`):
 *   one fix per aircraft with a position, at `now - seen_pos`.
 * readsb `dbFlags & 1` (military) → category `state`; otherwise the data does not say (`unknown`).
 */
import path from 'node:path';
import { type FixFields, FlightKeys, TrackCollector, text } from '../collect.js';
import type { ReadOptions } from '../format.js';
import { numOfValue } from '../text.js';
import { type Category, InputError, type ReadResult } from '../track.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

export function categoryOfDbFlags(v: unknown): Category {
  return typeof v === 'number' && (v & 1) === 1 ? 'state' : 'unknown';
}

/** readsb altitude: feet, `"ground"` (surface, elevation unknown) or absent → NaN. */
export function readsbAltFt(v: unknown): number {
  return typeof v === 'number' ? v : Number.NaN;
}

export function readReadsbTrace(file: string, doc: unknown, options: ReadOptions = {}): ReadResult {
  const d = obj(doc);
  if (!Array.isArray(d.trace))
    throw new InputError({ file, field: 'trace', message: 'expected a readsb trace with a "trace" array' });
  const base = numOfValue(d.timestamp);
  if (!Number.isFinite(base))
    throw new InputError({
      file,
      field: 'timestamp',
      message: `trace timestamp ${JSON.stringify(d.timestamp)} is not epoch seconds`,
    });
  const hex =
    (text(d.icao)?.toLowerCase() ??
      path.basename(file).replace(/^trace_(full|recent)_|\.json(\.gz)?$/g, '')) ||
    'trace';
  const reg = text(d.r);
  const out = new TrackCollector(file, 'record', options);
  const fields: FixFields = { time: 'trace[0]', lat: 'trace[1]', lon: 'trace[2]' };
  const meta = {
    registration: reg,
    type: text(d.t),
    description: text(d.desc),
    owner: text(d.ownOp),
    source: 'readsb',
  };
  const legs: { key: string; callsign: string | null }[] = [];
  let leg = 0;
  d.trace.forEach((row, k) => {
    out.records++;
    const at = k + 1;
    if (!Array.isArray(row) || row.length < 3) {
      out.problem(at, 'trace', 'trace row is not an array [dt, lat, lon, ...]');
      return;
    }
    const flags = typeof row[6] === 'number' ? row[6] : 0;
    if ((flags & 2) !== 0 && out.get(`leg${leg}`)) leg++;
    const key = `leg${leg}`;
    const g =
      out.get(key) ??
      out.open(key, {
        id: key,
        label: null,
        icao24: hex.replace(/^~/, ''),
        category: categoryOfDbFlags(d.dbFlags),
        operator: null,
        meta,
      });
    if (!legs[leg]) legs[leg] = { key, callsign: null };
    const callsign = text(obj(row[8]).flight);
    if (callsign && !legs[leg].callsign) legs[leg].callsign = callsign;
    out.add(
      g,
      base + numOfValue(row[0]),
      numOfValue(row[1]),
      numOfValue(row[2]),
      readsbAltFt(row[3]),
      at,
      fields,
      (p) => (p === 'time' ? row[0] : p === 'lat' ? row[1] : row[2]),
    );
  });
  for (let i = 0; i < legs.length; i++) {
    const g = legs[i] && out.get(legs[i].key);
    if (!g) continue;
    g.info.label = legs[i].callsign;
    const name = legs[i].callsign ?? reg ?? hex;
    g.info.id = legs.length > 1 ? `${name}-leg${i + 1}` : name;
  }
  return out.finish();
}

/** readsb `aircraft.json` (now in s) or ADS-B Exchange v2 (`ac`, now in ms). */
export function readAircraftSnapshot(file: string, doc: unknown, options: ReadOptions = {}): ReadResult {
  const d = obj(doc);
  const list = Array.isArray(d.aircraft) ? d.aircraft : Array.isArray(d.ac) ? d.ac : null;
  if (!list)
    throw new InputError({
      file,
      field: 'aircraft',
      message: 'expected an "aircraft" (readsb) or "ac" (ADS-B Exchange v2) array',
    });
  let now = numOfValue(d.now);
  const field = Array.isArray(d.aircraft) ? 'aircraft' : 'ac';
  if (field === 'ac' || now > 1e11) now /= 1000;
  const out = new TrackCollector(file, 'record', options);
  const fields: FixFields = { time: 'seen_pos', lat: 'lat', lon: 'lon' };
  const flights = new FlightKeys();
  list.forEach((a, k) => {
    out.records++;
    const at = k + 1;
    const r = obj(a);
    const hex = text(r.hex)?.toLowerCase();
    if (!hex) {
      out.problem(at, 'hex', 'aircraft without hex');
      return;
    }
    if (r.lat === undefined && r.lon === undefined) return; // no position: an aircraft, not a fix
    const { key, callsign } = flights.key(hex, text(r.flight));
    const g =
      out.get(key) ??
      out.open(key, {
        id: callsign ?? hex,
        label: callsign,
        icao24: hex.replace(/^~/, ''),
        category: categoryOfDbFlags(r.dbFlags),
        operator: null,
        meta: {
          registration: text(r.r),
          type: text(r.t),
          source: field === 'ac' ? 'ADS-B Exchange v2' : 'readsb',
        },
      });
    const seen = r.seen_pos === undefined ? 0 : numOfValue(r.seen_pos);
    out.add(g, now - seen, numOfValue(r.lat), numOfValue(r.lon), readsbAltFt(r.alt_baro), at, fields, (p) =>
      p === 'time' ? r.seen_pos : p === 'lat' ? r.lat : r.lon,
    );
  });
  if (!Number.isFinite(now))
    throw new InputError({
      file,
      field: 'now',
      message: `snapshot time "now" ${JSON.stringify(d.now)} is not a number`,
    });
  return out.finish();
}

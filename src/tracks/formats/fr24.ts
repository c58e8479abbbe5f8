/**
 * Flightradar24 exports.
 * - JSON "flight details" (`result.response.data.flight.track[]`, `timestamp` seconds, altitude
 *   `{feet, meters}`): one track.
 * - CSV `Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction` (Position is a quoted
 *   "lat,lon"; Timestamp epoch seconds; Altitude feet).
 * - The granular ADS-B CSV (`network_time,receiver_time,hex,callsign,latitude,longitude,
 *   no_position,altitude,...` then irregular KEY:VALUE columns). The fix time is `network_time`
 *   (FR24's ordering, monotonic in the samples; receiver clocks of different feeders disagree by
 *   tenths of a second and go backwards). Rows at 0,0 carry no position and rows flagged
 *   `no_position=N` repeat a stale one: both are reported, neither is a fix.
 */
import path from 'node:path';
import { type FixFields, TrackCollector, text } from '../collect.js';
import type { ReadOptions } from '../format.js';
import { numOfValue, parseNum, parseTime, timeOfValue } from '../text.js';
import { InputError, type ReadResult } from '../track.js';
import { CsvRowReader } from './csv-rows.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

export function readFr24Json(file: string, doc: unknown, options: ReadOptions = {}): ReadResult {
  const flight = obj(obj(obj(obj(doc).result).response).data).flight;
  const track = obj(flight).track;
  if (!Array.isArray(track))
    throw new InputError({
      file,
      field: 'result.response.data.flight.track',
      message: 'expected a Flightradar24 flight-details response with a track array',
    });
  const f = obj(flight);
  const ident = obj(f.identification);
  const aircraft = obj(f.aircraft);
  const callsign = text(ident.callsign);
  const number = text(obj(ident.number).default);
  const icao24 =
    text(obj(aircraft.identification).modes)?.toLowerCase() ?? text(aircraft.hex)?.toLowerCase() ?? null;
  const out = new TrackCollector(file, 'record', options);
  const id = callsign ?? number ?? text(ident.id) ?? path.basename(file);
  const g = out.open(id, {
    id,
    label: callsign ?? number,
    icao24,
    category: 'unknown',
    operator: null,
    meta: {
      fr24Id: text(ident.id),
      flightNumber: number,
      registration: text(obj(aircraft.identification).registration) ?? text(aircraft.registration),
      type: text(obj(aircraft.model).code),
      source: 'Flightradar24',
    },
  });
  const fields: FixFields = { time: 'timestamp', lat: 'latitude', lon: 'longitude' };
  track.forEach((p, k) => {
    out.records++;
    const r = obj(p);
    const alt = typeof r.altitude === 'object' ? numOfValue(obj(r.altitude).feet) : numOfValue(r.altitude);
    out.add(
      g,
      timeOfValue(r.timestamp),
      numOfValue(r.latitude),
      numOfValue(r.longitude),
      alt,
      k + 1,
      fields,
      (q) => (q === 'time' ? r.timestamp : q === 'lat' ? r.latitude : r.longitude),
    );
  });
  return out.finish();
}

export class Fr24CsvReader extends CsvRowReader {
  private c = { ts: 0, utc: 0, callsign: 0, pos: 0, alt: 0 };
  private readonly fields: FixFields = { time: 'timestamp', lat: 'position', lon: 'position' };

  constructor(file: string, options: ReadOptions = {}) {
    super(file, options);
  }

  protected onHeader(): void {
    this.c = {
      ts: this.column(['timestamp'], false),
      utc: this.column(['utc'], false),
      callsign: this.column(['callsign'], false),
      pos: this.column(['position'], true),
      alt: this.column(['altitude'], false),
    };
    if (this.c.ts < 0 && this.c.utc < 0) this.column(['timestamp', 'utc'], true);
  }

  protected onRow(s: string, n: number, lineNo: number): void {
    const c = this.c;
    if (this.short(n, c.pos, lineNo)) return;
    const pos = this.get(s, c.pos);
    const comma = pos.indexOf(',');
    if (comma < 0) {
      this.out.problem(lineNo, 'position', `position ${JSON.stringify(pos)} is not "lat,lon"`);
      return;
    }
    const tsText = this.get(s, c.ts);
    let t = parseTime(tsText, 0, tsText.length);
    if (!Number.isFinite(t)) {
      const u = this.get(s, c.utc);
      t = parseTime(u, 0, u.length);
    }
    const id = this.get(s, c.callsign) || path.basename(this.file).replace(/\.csv$/i, '');
    const g =
      this.out.get(id) ??
      this.out.open(id, { id, label: id, icao24: null, category: 'unknown', operator: null });
    const alt = parseNum(this.get(s, c.alt), 0, this.get(s, c.alt).length);
    this.out.add(
      g,
      t,
      parseNum(pos, 0, comma),
      parseNum(pos, comma + 1, pos.length),
      alt,
      lineNo,
      this.fields,
      (p) => (p === 'time' ? tsText : pos),
    );
  }
}

export class Fr24GranularReader extends CsvRowReader {
  private c = { time: 0, hex: 0, callsign: 0, lat: 0, lon: 0, noPos: 0, alt: 0 };
  private readonly fields: FixFields = { time: 'network_time', lat: 'latitude', lon: 'longitude' };
  private noPosition = 0;

  constructor(file: string, options: ReadOptions = {}) {
    super(file, options);
  }

  protected onHeader(): void {
    this.c = {
      time: this.column(['network_time', 'receiver_time'], true),
      hex: this.column(['hex'], true),
      callsign: this.column(['callsign'], false),
      lat: this.column(['latitude'], true),
      lon: this.column(['longitude'], true),
      noPos: this.column(['no_position'], false),
      alt: this.column(['altitude'], false),
    };
  }

  protected onRow(s: string, n: number, lineNo: number): void {
    const c = this.c;
    const sp = this.sp;
    if (this.short(n, Math.max(c.time, c.hex, c.lat, c.lon), lineNo)) return;
    const lat = parseNum(s, sp.start(c.lat), sp.end(c.lat));
    const lon = parseNum(s, sp.start(c.lon), sp.end(c.lon));
    if (lat === 0 && lon === 0) {
      this.noPosition++;
      this.out.problem(lineNo, 'latitude', 'no position (latitude and longitude 0)');
      return;
    }
    if (this.get(s, c.noPos) === 'N') {
      this.out.problem(lineNo, 'no_position', 'stale position (no_position=N): not a new fix');
      return;
    }
    let hex = this.get(s, c.hex).toLowerCase();
    if (hex.startsWith('0x')) hex = hex.slice(2);
    if (hex === '') {
      this.out.problem(lineNo, 'hex', 'hex is empty');
      return;
    }
    const callsign = text(this.get(s, c.callsign));
    const g =
      this.out.get(hex) ??
      this.out.open(hex, {
        id: callsign ?? hex,
        label: callsign,
        icao24: hex,
        category: 'unknown',
        operator: null,
      });
    if (g.info.label === null && callsign) g.info.label = g.info.id = callsign;
    const alt = c.alt >= 0 && c.alt < n ? parseNum(s, sp.start(c.alt), sp.end(c.alt)) : Number.NaN;
    this.out.add(g, parseTime(s, sp.start(c.time), sp.end(c.time)), lat, lon, alt, lineNo, this.fields, (p) =>
      this.get(s, p === 'time' ? c.time : p === 'lat' ? c.lat : c.lon),
    );
  }

  /** Rows that carried no position at all (lat/lon 0,0). */
  get rowsWithoutPosition(): number {
    return this.noPosition;
  }
}

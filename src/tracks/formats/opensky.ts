/**
 * OpenSky Network state vectors: the historical CSV (`time,icao24,lat,lon,velocity,heading,
 * vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact`)
 * and the REST `/states/all` JSON.
 *
 * A vector is emitted every second and repeats the last known position, so the fix time is
 * `lastposupdate` (the time of the position itself) when present, and repeated positions with the
 * same fix time are one fix (merged quietly; their count is noted once). Altitudes are metres:
 * barometric preferred, else geometric, converted to feet.
 */
import { FT_M } from '../../geo/geodesic.js';
import { type FixFields, FlightKeys, TrackCollector, type TrackGroup, text } from '../collect.js';
import type { ReadOptions } from '../format.js';
import { numOfValue, parseNum, parseTime } from '../text.js';
import { InputError, type ReadResult } from '../track.js';
import { CsvRowReader } from './csv-rows.js';

/** Drops a state vector that repeats the previous fix of its aircraft (same time and position). */
class Repeats {
  private readonly last = new Map<TrackGroup, [number, number, number]>();
  merged = 0;

  isRepeat(g: TrackGroup, t: number, lat: number, lon: number): boolean {
    const p = this.last.get(g);
    if (p && p[0] === t && p[1] === lat && p[2] === lon) {
      this.merged++;
      return true;
    }
    if (p) {
      p[0] = t;
      p[1] = lat;
      p[2] = lon;
    } else this.last.set(g, [t, lat, lon]);
    return false;
  }

  note(out: TrackCollector): void {
    if (this.merged > 0)
      out.problem(
        undefined,
        undefined,
        `${this.merged} state vector(s) repeated an earlier position (same lastposupdate) and were merged`,
      );
  }
}

export class OpenSkyCsvReader extends CsvRowReader {
  private c = { time: 0, icao: 0, lat: 0, lon: 0, callsign: 0, baro: 0, geo: 0, lastpos: 0 };
  private fields: FixFields = { time: 'time', lat: 'lat', lon: 'lon' };
  private readonly flights = new FlightKeys();
  private readonly repeats = new Repeats();

  constructor(file: string, options: ReadOptions = {}) {
    super(file, options);
  }

  protected onHeader(): void {
    this.c = {
      time: this.column(['time'], true),
      icao: this.column(['icao24'], true),
      lat: this.column(['lat'], true),
      lon: this.column(['lon'], true),
      callsign: this.column(['callsign'], false),
      baro: this.column(['baroaltitude'], false),
      geo: this.column(['geoaltitude'], false),
      lastpos: this.column(['lastposupdate'], false),
    };
  }

  protected onRow(s: string, n: number, lineNo: number): void {
    const c = this.c;
    const sp = this.sp;
    if (this.short(n, Math.max(c.time, c.icao, c.lat, c.lon), lineNo)) return;
    const icao = this.get(s, c.icao).toLowerCase();
    if (icao === '') {
      this.out.problem(lineNo, 'icao24', 'icao24 is empty');
      return;
    }
    let t =
      c.lastpos >= 0 && c.lastpos < n ? parseNum(s, sp.start(c.lastpos), sp.end(c.lastpos)) : Number.NaN;
    this.fields.time = 'lastposupdate';
    if (!Number.isFinite(t)) {
      t = parseTime(s, sp.start(c.time), sp.end(c.time));
      this.fields.time = 'time';
    }
    const latText = this.get(s, c.lat);
    const lonText = this.get(s, c.lon);
    if (latText === '' && lonText === '') {
      this.out.problem(lineNo, 'lat', 'state vector without a position');
      return;
    }
    const lat = parseNum(latText, 0, latText.length);
    const lon = parseNum(lonText, 0, lonText.length);
    let altM = c.baro >= 0 && c.baro < n ? parseNum(s, sp.start(c.baro), sp.end(c.baro)) : Number.NaN;
    if (!Number.isFinite(altM) && c.geo >= 0 && c.geo < n) altM = parseNum(s, sp.start(c.geo), sp.end(c.geo));
    const { key, callsign } = this.flights.key(icao, text(this.get(s, c.callsign)));
    const g =
      this.out.get(key) ??
      this.out.open(key, {
        id: callsign ?? icao,
        label: callsign,
        icao24: icao,
        category: 'unknown',
        operator: null,
      });
    if (g.info.label === null && callsign) g.info.label = g.info.id = callsign;
    if (this.repeats.isRepeat(g, t, lat, lon)) return;
    this.out.add(g, t, lat, lon, altM / FT_M, lineNo, this.fields, (p) =>
      p === 'time' ? this.get(s, c.time) : p === 'lat' ? latText : lonText,
    );
  }

  override finish(): ReadResult {
    this.repeats.note(this.out);
    return super.finish();
  }
}

/** OpenSky REST `/states/all`: `{"time": s, "states": [[icao24, callsign, country, time_position, ...]]}`. */
export function readOpenSkyStates(file: string, doc: unknown, options: ReadOptions = {}): ReadResult {
  const out = new TrackCollector(file, 'record', options);
  const states = (doc as { states?: unknown })?.states;
  if (!Array.isArray(states))
    throw new InputError({
      file,
      field: 'states',
      message: 'expected an OpenSky response with a "states" array',
    });
  const fields: FixFields = { time: 'time_position', lat: 'latitude', lon: 'longitude' };
  const flights = new FlightKeys();
  const repeats = new Repeats();
  states.forEach((sv, k) => {
    const at = k + 1;
    out.records++;
    if (!Array.isArray(sv) || sv.length < 8) {
      out.problem(at, 'states', 'state vector is not an array of at least 8 values');
      return;
    }
    const icao = text(sv[0])?.toLowerCase();
    if (!icao) {
      out.problem(at, 'icao24', 'icao24 is empty');
      return;
    }
    if (sv[5] === null && sv[6] === null) {
      out.problem(at, 'latitude', 'state vector without a position');
      return;
    }
    const { key, callsign } = flights.key(icao, text(sv[1]));
    const g =
      out.get(key) ??
      out.open(key, {
        id: callsign ?? icao,
        label: callsign,
        icao24: icao,
        category: 'unknown',
        operator: null,
        meta: { originCountry: text(sv[2]) },
      });
    const t = numOfValue(sv[3]);
    const lat = numOfValue(sv[6]);
    const lon = numOfValue(sv[5]);
    let altM = numOfValue(sv[7]);
    if (!Number.isFinite(altM)) altM = numOfValue(sv[13]);
    if (repeats.isRepeat(g, t, lat, lon)) return;
    out.add(g, t, lat, lon, altM / FT_M, at, fields, (p) =>
      p === 'time' ? sv[3] : p === 'lat' ? sv[6] : sv[5],
    );
  });
  repeats.note(out);
  return out.finish();
}

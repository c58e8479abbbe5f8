/**
 * ADS-B Exchange rows flattened to CSV (the Flight-Spotter layout): `year,month,date,hour,minute,
 * second,hex,flight,t,alt_baro,alt_geom,...,lat,lon,...` with a duplicated `track` column and
 * space-padded callsigns. A `now` or `time` column (epoch s or ISO) replaces the six date columns
 * when present. Tracks are flights: one per hex and callsign (see FlightKeys). Altitude is
 * `alt_baro` in feet (`ground` → unknown); a `dbFlags` column gives the category.
 */
import { type FixFields, FlightKeys, text } from '../collect.js';
import type { ReadOptions } from '../format.js';
import { daysFromCivil, parseNum, parseTime } from '../text.js';
import { InputError } from '../track.js';
import { CsvRowReader } from './csv-rows.js';
import { categoryOfDbFlags } from './readsb.js';

export class AdsbxCsvReader extends CsvRowReader {
  private c = {
    y: -1,
    mo: -1,
    d: -1,
    h: -1,
    mi: -1,
    s: -1,
    time: -1,
    hex: 0,
    flight: -1,
    alt: -1,
    geom: -1,
    lat: 0,
    lon: 0,
    db: -1,
  };
  private fields: FixFields = { time: 'second', lat: 'lat', lon: 'lon' };
  private readonly flights = new FlightKeys();

  constructor(file: string, options: ReadOptions = {}) {
    super(file, options);
  }

  protected onHeader(): void {
    const col = (w: string[]) => this.column(w, false);
    this.c = {
      y: col(['year']),
      mo: col(['month']),
      d: col(['date', 'day']),
      h: col(['hour']),
      mi: col(['minute']),
      s: col(['second']),
      time: col(['now', 'time', 'timestamp']),
      hex: this.column(['hex', 'icao'], true),
      flight: col(['flight', 'callsign']),
      alt: col(['alt_baro']),
      geom: col(['alt_geom']),
      lat: this.column(['lat'], true),
      lon: this.column(['lon'], true),
      db: col(['dbflags']),
    };
    const c = this.c;
    if (c.time < 0 && [c.y, c.mo, c.d, c.h, c.mi, c.s].some((i) => i < 0))
      throw new InputError({
        file: this.file,
        line: 1,
        field: 'year',
        message: 'missing time columns (expected year,month,date,hour,minute,second or now/time)',
      });
    this.fields = { time: c.time >= 0 ? this.names![c.time] : 'second', lat: 'lat', lon: 'lon' };
  }

  private time(s: string): number {
    const c = this.c;
    const sp = this.sp;
    if (c.time >= 0) return parseTime(s, sp.start(c.time), sp.end(c.time));
    const v = (i: number) => parseNum(s, sp.start(i), sp.end(i));
    const y = v(c.y);
    const mo = v(c.mo);
    const d = v(c.d);
    const h = v(c.h);
    const mi = v(c.mi);
    const sec = v(c.s);
    if (
      !(
        mo >= 1 &&
        mo <= 12 &&
        d >= 1 &&
        d <= 31 &&
        h >= 0 &&
        h < 24 &&
        mi >= 0 &&
        mi < 60 &&
        sec >= 0 &&
        sec < 61
      )
    )
      return Number.NaN;
    if (!Number.isInteger(y) || !Number.isInteger(mo) || !Number.isInteger(d)) return Number.NaN;
    return daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
  }

  protected onRow(s: string, n: number, lineNo: number): void {
    const c = this.c;
    const sp = this.sp;
    if (this.short(n, Math.max(c.hex, c.lat, c.lon, c.time, c.s, c.y), lineNo)) return;
    const hex = this.get(s, c.hex).toLowerCase();
    if (hex === '') {
      this.out.problem(lineNo, 'hex', 'hex is empty');
      return;
    }
    const { key, callsign } = this.flights.key(hex, text(this.get(s, c.flight)));
    const g =
      this.out.get(key) ??
      this.out.open(key, {
        id: callsign ?? hex,
        label: callsign,
        icao24: hex.replace(/^~/, ''),
        category: c.db >= 0 ? categoryOfDbFlags(parseNum(s, sp.start(c.db), sp.end(c.db))) : 'unknown',
        operator: null,
        meta: { type: this.get(s, this.names!.indexOf('t')) || null, source: 'ADS-B Exchange' },
      });
    if (g.info.label === null && callsign) g.info.label = g.info.id = callsign;
    let alt = c.alt >= 0 && c.alt < n ? parseNum(s, sp.start(c.alt), sp.end(c.alt)) : Number.NaN;
    if (Number.isNaN(alt) && this.get(s, c.alt) !== 'ground' && c.geom >= 0 && c.geom < n)
      alt = parseNum(s, sp.start(c.geom), sp.end(c.geom));
    const t = this.time(s);
    this.out.add(
      g,
      t,
      parseNum(s, sp.start(c.lat), sp.end(c.lat)),
      parseNum(s, sp.start(c.lon), sp.end(c.lon)),
      alt,
      lineNo,
      this.fields,
      (p) =>
        p === 'time'
          ? [c.y, c.mo, c.d, c.h, c.mi, c.s, c.time]
              .filter((i) => i >= 0)
              .map((i) => this.get(s, i))
              .join(' ')
          : this.get(s, p === 'lat' ? c.lat : c.lon),
    );
  }
}

/**
 * The generic track CSV: a header row, then one fix per row, grouped into tracks by the id
 * column. Columns (case-insensitive): id `track|id|icao24|callsign|flight` (first present in that
 * order), `time|timestamp` (ISO 8601 or epoch seconds), `lat|latitude`, `lon|lng|longitude`,
 * `alt_ft|altitude` (feet); optional `category`, `operator`, `label|callsign`, `uncertainty_m`.
 * Without an id column the whole file is one track named after the file.
 *
 * Hot path: one split into offsets per row, numbers parsed in place, and the id compared with
 * the previous row's before any substring or map lookup (rows of one track usually follow each other).
 */
import path from 'node:path';
import { categoryOf, type FixFields, type FixPart, TrackCollector, type TrackGroup } from '../collect.js';
import type { ReadOptions } from '../format.js';
import type { LineSink } from '../lines.js';
import { CsvSplitter, columnOf, headerNames, parseNum, parseTime } from '../text.js';
import { InputError, type ReadResult } from '../track.js';

export const CSV_COLUMNS = {
  id: ['track', 'id', 'icao24', 'callsign', 'flight'],
  time: ['time', 'timestamp'],
  lat: ['lat', 'latitude'],
  lon: ['lon', 'lng', 'longitude'],
  alt: ['alt_ft', 'altitude'],
  category: ['category'],
  operator: ['operator'],
  label: ['label', 'callsign'],
  uncertainty: ['uncertainty_m'],
} as const;

/** The delimiter of a header line: comma unless semicolons or tabs clearly dominate. */
export function delimiterOf(header: string): number {
  const count = (ch: string) => header.split(ch).length - 1;
  const c = count(',');
  const sc = count(';');
  const tab = count('\t');
  if (tab > c && tab >= sc) return 9;
  if (sc > c) return 59;
  return 44;
}

export class CsvReader implements LineSink {
  private readonly out: TrackCollector;
  private splitter = new CsvSplitter();
  private cols: Record<keyof typeof CSV_COLUMNS, number> | null = null;
  private fields: FixFields = { time: 'time', lat: 'lat', lon: 'lon' };
  private names: string[] = [];
  private prevId = '';
  private prevGroup: TrackGroup | null = null;
  private readonly idIndex = new Map<number, { raw: string; group: TrackGroup }[]>();
  private readonly defaultId: string;

  constructor(
    readonly file: string,
    readonly options: ReadOptions = {},
  ) {
    this.out = new TrackCollector(file, 'line', options);
    this.defaultId =
      path
        .basename(file)
        .replace(/\.(csv|txt|gz)$/gi, '')
        .replace(/\.(csv|txt)$/i, '') || 'track';
  }

  line(s: string, a: number, b: number, lineNo: number): void {
    if (a === b || isBlank(s, a, b)) return;
    if (!this.cols) {
      this.header(s.slice(a, b));
      return;
    }
    const out = this.out;
    out.records++;
    const sp = this.splitter;
    const n = sp.split(s, a, b);
    const c = this.cols;
    if (n < this.names.length) {
      const need = Math.max(c.time, c.lat, c.lon, c.id);
      if (n <= need) {
        out.problem(
          lineNo,
          this.names[n] ?? undefined,
          `row has ${n} field(s), the header has ${this.names.length}`,
        );
        return;
      }
    }
    let g: TrackGroup | null;
    if (c.id < 0) g = this.prevGroup ?? this.openGroup(this.defaultId, s, lineNo);
    else {
      const ia = sp.start(c.id);
      const ib = sp.end(c.id);
      const len = ib - ia;
      if (this.prevGroup && len === this.prevId.length && s.startsWith(this.prevId, ia)) g = this.prevGroup;
      else {
        // Rows of several tracks interleave in time-ordered files: find the group by a hash of
        // the raw id text, so that no substring is made for a known id.
        const h = hashRange(s, ia, ib);
        const known = this.idIndex.get(h);
        g = null;
        if (known) {
          for (const k of known) {
            if (k.raw.length === len && s.startsWith(k.raw, ia)) {
              g = k.group;
              this.prevId = k.raw;
              break;
            }
          }
        }
        if (!g) {
          const id = sp.field(s, c.id).trim();
          if (id === '') {
            out.problem(lineNo, this.names[c.id], 'track id is empty');
            return;
          }
          g = this.out.get(id) ?? this.openGroup(id, s, lineNo);
          this.prevId = s.slice(ia, ib);
          if (known) known.push({ raw: this.prevId, group: g });
          else this.idIndex.set(h, [{ raw: this.prevId, group: g }]);
        }
      }
    }
    this.prevGroup = g;
    const t = parseTime(s, sp.start(c.time), sp.end(c.time));
    const lat = parseNum(s, sp.start(c.lat), sp.end(c.lat));
    const lon = parseNum(s, sp.start(c.lon), sp.end(c.lon));
    const alt = c.alt >= 0 && c.alt < n ? parseNum(s, sp.start(c.alt), sp.end(c.alt)) : Number.NaN;
    let unc: number | undefined;
    if (c.uncertainty >= 0 && c.uncertainty < n) {
      const u = parseNum(s, sp.start(c.uncertainty), sp.end(c.uncertainty));
      if (u >= 0) unc = u;
    }
    out.add(g, t, lat, lon, alt, lineNo, this.fields, (part) => this.raw(s, part), unc);
  }

  private raw(s: string, part: FixPart): string {
    const c = this.cols!;
    return this.splitter.field(s, part === 'time' ? c.time : part === 'lat' ? c.lat : c.lon);
  }

  private openGroup(id: string, s: string, lineNo: number): TrackGroup {
    const c = this.cols!;
    const sp = this.splitter;
    const get = (i: number) => (i >= 0 && i < sp.count ? sp.field(s, i).trim() : '');
    const labelCol = c.label >= 0 ? c.label : -1;
    const category = c.category >= 0 ? categoryOf(get(c.category)) : null;
    if (c.category >= 0 && category === null && get(c.category) !== '')
      this.out.problem(
        lineNo,
        this.names[c.category],
        `category ${JSON.stringify(get(c.category))} is not state, civil or unknown`,
      );
    const icaoCol = this.names.indexOf('icao24');
    return this.out.open(id, {
      id,
      label: get(labelCol) || null,
      icao24: get(icaoCol).toLowerCase() || null,
      category: category ?? 'unknown',
      operator: get(c.operator).toUpperCase() || null,
    });
  }

  private header(line: string): void {
    this.splitter = new CsvSplitter(delimiterOf(line));
    const names = headerNames(line, this.splitter);
    this.names = names;
    const cols = {} as Record<keyof typeof CSV_COLUMNS, number>;
    for (const k of Object.keys(CSV_COLUMNS) as (keyof typeof CSV_COLUMNS)[])
      cols[k] = columnOf(names, CSV_COLUMNS[k]);
    for (const k of ['time', 'lat', 'lon'] as const) {
      if (cols[k] < 0)
        throw new InputError({
          file: this.file,
          line: 1,
          field: CSV_COLUMNS[k][0],
          message: `missing column '${CSV_COLUMNS[k][0]}' (expected one of ${CSV_COLUMNS[k].join(', ')}; header is ${JSON.stringify(line.slice(0, 200))})`,
        });
    }
    this.cols = cols;
    this.fields = { time: names[cols.time], lat: names[cols.lat], lon: names[cols.lon] };
  }

  finish(): ReadResult {
    if (!this.cols) throw new InputError({ file: this.file, message: 'empty file: no header row' });
    return this.out.finish();
  }
}

function isBlank(s: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 44 && c !== 59) return false;
  }
  return true;
}

/** FNV-1a of s[a, b) (32-bit). */
function hashRange(s: string, a: number, b: number): number {
  let h = 0x811c9dc5;
  for (let i = a; i < b; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

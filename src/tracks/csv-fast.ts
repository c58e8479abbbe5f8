/**
 * A byte-level path for the generic track CSV (formats/csv.ts) in its common shape: plain ASCII,
 * no quotes, numbers in plain decimal notation. It reads the file in chunks of bytes, finds the
 * fields by their delimiters, parses numbers straight from the bytes and feeds the same
 * TrackCollector as CsvReader, so the tracks, cleaning and diagnostics are the same.
 *
 * It gives up (returns null) at the first thing it does not handle exactly like CsvReader (a
 * quote, a non-ASCII byte, a short row, an empty id, a bad category, a gzip file...): the caller
 * then reads the file with the generic reader, so the result never depends on which path ran.
 *
 * Hook: in readTrackFile, for format 'csv' on a file that is not gzip, try
 * `readCsvFastFile(path, options)` first and fall back when it returns null.
 */
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { categoryOf, type FixFields, type FixPart, TrackCollector, type TrackGroup } from './collect.js';
import type { ReadOptions } from './format.js';
import { CSV_COLUMNS, delimiterOf } from './formats/csv.js';
import { CsvSplitter, columnOf, headerNames, parseNum, parseTime } from './text.js';
import { InputError, type ReadResult } from './track.js';

const CHUNK = 8 << 20;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MS_THRESHOLD = 1e11;

class GiveUp extends Error {}

interface Cols {
  id: number;
  time: number;
  lat: number;
  lon: number;
  alt: number;
  category: number;
  operator: number;
  label: number;
  uncertainty: number;
  icao24: number;
}

class FastCsv {
  private cols: Cols | null = null;
  private names: string[] = [];
  private delim = 44;
  private fields: FixFields = { time: 'time', lat: 'lat', lon: 'lon' };
  private readonly out: TrackCollector;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private prevId = new Uint8Array(256);
  private prevLen = -1;
  private prevGroup: TrackGroup | null = null;
  private lineNo = 0;
  private readonly defaultId: string;
  private buf: Buffer = Buffer.alloc(0);

  constructor(
    readonly file: string,
    readonly options: ReadOptions,
  ) {
    this.out = new TrackCollector(file, 'line', options);
    this.defaultId =
      path
        .basename(file)
        .replace(/\.(csv|txt|gz)$/gi, '')
        .replace(/\.(csv|txt)$/i, '') || 'track';
  }

  /** Parses the complete lines of b[0, end) and returns where the unfinished last line starts. */
  chunk(b: Buffer, end: number, final: boolean): number {
    this.buf = b;
    // CsvReader handles quoted fields and decodes UTF-8: leave such files to it.
    const q = b.indexOf(34);
    if ((q >= 0 && q < end) || !isAscii(b.subarray(0, end))) throw new GiveUp();
    let i = 0;
    for (;;) {
      let j = b.indexOf(10, i);
      if (j < 0 || j >= end) {
        if (!final || i >= end) return i;
        j = end;
      }
      const e = j > i && b[j - 1] === 13 ? j - 1 : j;
      this.lineNo++;
      this.line(i, e);
      i = j + 1;
      if (i >= end) return end;
    }
  }

  private text(a: number, b: number): string {
    let s = '';
    for (let i = a; i < b; i++) s += String.fromCharCode(this.buf[i]);
    return s;
  }

  private line(a: number, b: number): void {
    const buf = this.buf;
    if (!this.cols) {
      if (a === b || this.blank(a, b)) return;
      this.header(this.text(a, b));
      return;
    }
    // A line of only blanks and delimiters is skipped, as CsvReader does.
    const c0 = a < b ? buf[a] : 32;
    if ((c0 === 32 || c0 === 9 || c0 === 44 || c0 === 59) && this.blank(a, b)) return;
    // Field bounds (quotes and non-ASCII bytes were refused per chunk).
    let n = 0;
    let s = a;
    const d = this.delim;
    for (let i = a; i < b; i++) {
      if (buf[i] === d) {
        if (n === this.starts.length) this.grow();
        this.starts[n] = s;
        this.ends[n] = i;
        n++;
        s = i + 1;
      }
    }
    if (n === this.starts.length) this.grow();
    this.starts[n] = s;
    this.ends[n] = b;
    n++;
    const out = this.out;
    out.records++;
    const c = this.cols;
    if (n < this.names.length) throw new GiveUp();
    let g: TrackGroup | null;
    if (c.id < 0) g = this.prevGroup ?? this.open(this.defaultId);
    else {
      const ia = this.starts[c.id];
      const ib = this.ends[c.id];
      const len = ib - ia;
      let same = this.prevGroup !== null && len === this.prevLen;
      for (let k = 0; same && k < len; k++) if (buf[ia + k] !== this.prevId[k]) same = false;
      if (same) g = this.prevGroup;
      else {
        const id = this.text(ia, ib).trim();
        if (id === '') throw new GiveUp();
        g = out.get(id) ?? this.open(id);
        if (len > this.prevId.length) this.prevId = new Uint8Array(len * 2);
        this.prevId.set(buf.subarray(ia, ib));
        this.prevLen = len;
      }
    }
    this.prevGroup = g;
    const t = this.time(c.time);
    const lat = this.num(c.lat);
    const lon = this.num(c.lon);
    const alt = c.alt >= 0 && c.alt < n ? this.num(c.alt) : Number.NaN;
    let unc: number | undefined;
    if (c.uncertainty >= 0 && c.uncertainty < n) {
      const u = this.num(c.uncertainty);
      if (u >= 0) unc = u;
    }
    out.add(g as TrackGroup, t, lat, lon, alt, this.lineNo, this.fields, this.raw, unc);
  }

  /** The text of a rejected fix's field, for its diagnostic (the same text CsvReader quotes). */
  private readonly raw = (part: FixPart): string => {
    const c = this.cols as Cols;
    const k = part === 'time' ? c.time : part === 'lat' ? c.lat : c.lon;
    return this.text(this.starts[k], this.ends[k]);
  };

  private blank(a: number, b: number): boolean {
    for (let i = a; i < b; i++) {
      const c = this.buf[i];
      if (c === 34 || c >= 128) throw new GiveUp();
      if (c !== 32 && c !== 9 && c !== 44 && c !== 59) return false;
    }
    return true;
  }

  private grow(): void {
    const s = new Int32Array(this.starts.length * 2);
    s.set(this.starts);
    const e = new Int32Array(this.ends.length * 2);
    e.set(this.ends);
    this.starts = s;
    this.ends = e;
  }

  /** parseNum over bytes: the same digits loop, the same slow path for anything else. */
  private num(k: number): number {
    const buf = this.buf;
    let a = this.starts[k];
    let b = this.ends[k];
    while (a < b && buf[a] === 32) a++;
    while (b > a && buf[b - 1] === 32) b--;
    if (a >= b) return Number.NaN;
    let i = a;
    let neg = false;
    let c = buf[i];
    if (c === 45 || c === 43) {
      neg = c === 45;
      i++;
    }
    let mant = 0;
    let digits = 0;
    let frac = 0;
    let seenDot = false;
    let any = false;
    for (; i < b; i++) {
      c = buf[i];
      if (c >= 48 && c <= 57) {
        any = true;
        if (mant === 0 && c === 48 && !seenDot) continue;
        mant = mant * 10 + (c - 48);
        if (mant !== 0) digits++;
        if (seenDot) frac++;
      } else if (c === 46 && !seenDot) {
        seenDot = true;
      } else break;
    }
    if (i === b && any && digits <= 15 && frac <= 16) {
      const v = frac === 0 ? mant : mant / POW10[frac];
      return neg ? -v : v;
    }
    const s = this.text(a, b);
    return parseNum(s, 0, s.length);
  }

  private time(k: number): number {
    const buf = this.buf;
    let a = this.starts[k];
    const b = this.ends[k];
    while (a < b && buf[a] === 32) a++;
    if (a + 10 <= b && buf[a + 4] === 45) {
      const s = this.text(this.starts[k], b);
      return parseTime(s, 0, s.length);
    }
    const v = this.num(k);
    return Math.abs(v) > MS_THRESHOLD ? v / 1000 : v;
  }

  private open(id: string): TrackGroup {
    const c = this.cols as Cols;
    const get = (i: number) => (i >= 0 ? this.text(this.starts[i], this.ends[i]).trim() : '');
    const category = c.category >= 0 ? categoryOf(get(c.category)) : null;
    if (c.category >= 0 && category === null && get(c.category) !== '') throw new GiveUp();
    return this.out.open(id, {
      id,
      label: get(c.label) || null,
      icao24: get(c.icao24).toLowerCase() || null,
      category: category ?? 'unknown',
      operator: get(c.operator).toUpperCase() || null,
    });
  }

  private header(line: string): void {
    this.delim = delimiterOf(line);
    const splitter = new CsvSplitter(this.delim);
    const names = headerNames(line, splitter);
    this.names = names;
    const col = (k: keyof typeof CSV_COLUMNS) => columnOf(names, CSV_COLUMNS[k]);
    const cols: Cols = {
      id: col('id'),
      time: col('time'),
      lat: col('lat'),
      lon: col('lon'),
      alt: col('alt'),
      category: col('category'),
      operator: col('operator'),
      label: col('label'),
      uncertainty: col('uncertainty'),
      icao24: names.indexOf('icao24'),
    };
    // Missing columns are CsvReader's error to report.
    if (cols.time < 0 || cols.lat < 0 || cols.lon < 0) throw new GiveUp();
    this.cols = cols;
    this.fields = { time: names[cols.time], lat: names[cols.lat], lon: names[cols.lon] };
  }

  finish(): ReadResult {
    if (!this.cols) throw new GiveUp();
    return this.out.finish();
  }
}

/** Reads a track CSV from bytes in memory; null when the generic reader must do it. */
export function readCsvFast(file: string, bytes: Uint8Array, options: ReadOptions = {}): ReadResult | null {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return null;
  const p = new FastCsv(file, options);
  try {
    p.chunk(
      Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      bytes.length,
      true,
    );
    return p.finish();
  } catch (e) {
    if (e instanceof GiveUp) return null;
    if (e instanceof InputError) return null;
    throw e;
  }
}

/** Reads a track CSV file in chunks of bytes; null when the generic reader must do it. */
export function readCsvFastFile(file: string, options: ReadOptions = {}): ReadResult | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  const p = new FastCsv(file, options);
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let have = 0;
    let first = true;
    for (;;) {
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger);
        buf = bigger;
      }
      const got = readSync(fd, buf, have, buf.length - have, null);
      if (first) {
        first = false;
        if (got >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return null;
        // A UTF-8 byte order mark before the header: leave the file to the generic reader.
        if (got >= 3 && buf[0] === 0xef) return null;
      }
      have += got;
      const final = got === 0;
      const used = p.chunk(buf, have, final);
      if (final) break;
      buf.copyWithin(0, used, have);
      have -= used;
    }
    return p.finish();
  } catch (e) {
    if (e instanceof GiveUp || e instanceof InputError) return null;
    throw e;
  } finally {
    closeSync(fd);
  }
}

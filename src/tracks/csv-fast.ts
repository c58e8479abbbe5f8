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
 * Hook: in readTrackFile, for format 'csv' on a regular file that is not gzip, try
 * `readCsvFastFileParallel(path, options)` first (a large file in parts on worker threads,
 * readCsvFastFile otherwise) and fall back when it returns null.
 */
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { type Message, type PooledWorker, WorkerPool } from '../util/worker-pool.js';
import {
  type CollectedPart,
  categoryOf,
  type FixFields,
  type FixPart,
  type FixRun,
  TrackCollector,
  type TrackGroup,
} from './collect.js';
import type { ReadOptions } from './format.js';
import { CSV_COLUMNS, delimiterOf } from './formats/csv.js';
import { CsvSplitter, columnOf, headerNames, parseNum, parseTime } from './text.js';
import { InputError, type ReadResult } from './track.js';

const CHUNK = 8 << 20;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MS_THRESHOLD = 1e11;

class GiveUp extends Error {}

/** Epoch times this large are milliseconds. */
function msToS(v: number): number {
  return Math.abs(v) > MS_THRESHOLD ? v / 1000 : v;
}

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

/** Fixes a run of lines of one track holds before they are appended to it (a longer run: in pieces). */
const RUN_MAX = 4096;

/**
 * The fixes of the current run of lines of one track, appended to it in one piece when the run
 * ends: a file sorted by track gives each track its columns exactly sized, with no growing.
 */
class RunBuffer implements FixRun {
  n = 0;
  group: TrackGroup | null = null;
  readonly t = new Float64Array(RUN_MAX);
  readonly lat = new Float64Array(RUN_MAX);
  readonly lon = new Float64Array(RUN_MAX);
  readonly altFt = new Float32Array(RUN_MAX);
  readonly at = new Int32Array(RUN_MAX);
  private readonly unc = new Float32Array(RUN_MAX);
  /** The run's uncertainties when one of its fixes has one (0 for the others, as TrackBuilder). */
  uncertaintyM: Float32Array<ArrayBuffer> | null = null;

  push(g: TrackGroup, t: number, lat: number, lon: number, altFt: number, at: number, unc?: number): void {
    if (g !== this.group || this.n === RUN_MAX) {
      this.flush();
      this.group = g;
    }
    const i = this.n++;
    this.t[i] = t;
    this.lat[i] = lat;
    this.lon[i] = lon;
    this.altFt[i] = altFt;
    this.at[i] = at;
    this.unc[i] = unc ?? 0;
    if (unc !== undefined) this.uncertaintyM = this.unc;
  }

  flush(): void {
    if (this.group && this.n > 0) this.group.append(this, this.n);
    this.n = 0;
    this.group = null;
    this.uncertaintyM = null;
  }
}

class FastCsv {
  private cols: Cols | null = null;
  private names: string[] = [];
  private delim = 44;
  private fields: FixFields = { time: 'time', lat: 'lat', lon: 'lon' };
  private readonly out: TrackCollector;
  private readonly run = new RunBuffer();
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  /** Per field of the current line: whether it is a number column, and its value when read fast. */
  private numeric = new Uint8Array(0);
  private vals = new Float64Array(64);
  private fast = new Uint8Array(64);
  /** Where fastNum's number ended (its delimiter or newline), or -1 when it declined. */
  private fastEnd = -1;
  private prevId = new Uint8Array(256);
  private prevLen = -1;
  private prevGroup: TrackGroup | null = null;
  /** Lines seen so far (the header and blank lines included). */
  lineNo = 0;
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
    // CsvReader handles quoted fields and decodes UTF-8: leave such files to it (gzip data and a
    // byte order mark have non-ASCII bytes too).
    const q = b.indexOf(34);
    if ((q >= 0 && q < end) || !isAscii(b.subarray(0, end))) throw new GiveUp();
    let i = 0;
    if (!this.cols) {
      const h = headerLine(b, end, final);
      if (!h) return final ? end : 0;
      this.lineNo += h.lines;
      this.setHeader(h.line);
      i = h.next;
    }
    // Every line up to the last newline is complete: the scanner stops at each line's newline.
    // (lastIndexOf counts a negative offset from the buffer's end: never pass one.)
    const stop = end > i ? b.lastIndexOf(10, end - 1) : -1;
    if (stop >= i) {
      this.lines(i, stop);
      i = stop + 1;
    }
    if (!final || i >= end) return i;
    // The last line has no newline: scan a copy that has one.
    const tail = Buffer.alloc(end - i + 1);
    b.copy(tail, 0, i, end);
    tail[end - i] = 10;
    this.buf = tail;
    this.lines(0, end - i);
    this.buf = b;
    return end;
  }

  private text(a: number, b: number): string {
    let s = '';
    for (let i = a; i < b; i++) s += String.fromCharCode(this.buf[i]);
    return s;
  }

  /** Takes the column names from the header line. */
  setHeader(line: string): void {
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
    this.numeric = new Uint8Array(names.length);
    for (const k of [cols.time, cols.lat, cols.lon, cols.alt, cols.uncertainty])
      if (k >= 0) this.numeric[k] = 1;
    this.size(names.length + 1);
  }

  /**
   * Parses the lines of buf[a, stop], where buf[stop] is a newline. One pass over the bytes: each
   * field is scanned to its delimiter, and a number column's digits are parsed on the way.
   */
  private lines(a: number, stop: number): void {
    const buf = this.buf;
    const d = this.delim;
    const numeric = this.numeric;
    const nNames = this.names.length;
    const c = this.cols as Cols;
    const out = this.out;
    let i = a;
    while (i <= stop) {
      this.lineNo++;
      const c0 = buf[i];
      if (c0 === 10) {
        i++;
        continue;
      }
      // A line of only blanks and delimiters is skipped, as CsvReader does.
      if (c0 === 32 || c0 === 9 || c0 === 44 || c0 === 59 || c0 === 13) {
        let e = i;
        while (buf[e] !== 10) e++;
        if (isBlank(buf, i, e > i && buf[e - 1] === 13 ? e - 1 : e)) {
          i = e + 1;
          continue;
        }
      }
      let n = 0;
      for (;;) {
        if (n === this.starts.length) this.size(2 * n);
        this.starts[n] = i;
        let ch = buf[i];
        if (n < nNames && numeric[n] === 1) {
          const v = this.fastNum(i);
          if (this.fastEnd >= 0) {
            this.vals[n] = v;
            this.fast[n] = 1;
            i = this.fastEnd;
            ch = buf[i];
          } else this.fast[n] = 0;
        }
        while (ch !== d && ch !== 10) ch = buf[++i];
        this.ends[n] = ch === 10 && buf[i - 1] === 13 && i > this.starts[n] ? i - 1 : i;
        n++;
        i++;
        if (ch === 10) break;
      }
      out.records++;
      if (n < nNames) throw new GiveUp();
      const g = this.group(c.id);
      const t = this.fast[c.time] === 1 ? msToS(this.vals[c.time]) : this.time(c.time);
      const lat = this.fast[c.lat] === 1 ? this.vals[c.lat] : this.num(c.lat);
      const lon = this.fast[c.lon] === 1 ? this.vals[c.lon] : this.num(c.lon);
      const alt = c.alt < 0 ? Number.NaN : this.fast[c.alt] === 1 ? this.vals[c.alt] : this.num(c.alt);
      let unc: number | undefined;
      if (c.uncertainty >= 0) {
        const u = this.fast[c.uncertainty] === 1 ? this.vals[c.uncertainty] : this.num(c.uncertainty);
        if (u >= 0) unc = u;
      }
      if (out.accept(t, lat, lon, this.lineNo, this.fields, this.raw))
        this.run.push(g, t, lat, lon, alt, this.lineNo, unc);
    }
  }

  /**
   * The number starting at byte i when it is a plain decimal (sign, digits, one dot) ending at a
   * delimiter or the line's end, blanks allowed around it, and exact as below; then fastEnd is
   * that delimiter or newline. Otherwise fastEnd is -1 and num() decides.
   */
  private fastNum(i: number): number {
    const buf = this.buf;
    const d = this.delim;
    let c = buf[i];
    while (c === 32) c = buf[++i];
    if (c === d || c === 10 || (c === 13 && buf[i + 1] === 10)) {
      this.fastEnd = c === 13 ? i + 1 : i;
      return Number.NaN;
    }
    let neg = false;
    if (c === 45 || c === 43) {
      neg = c === 45;
      c = buf[++i];
    }
    // Below 2^53 every step of mant is exact, and mant / 10^frac one correctly rounded division:
    // the value Number() gives for the same text.
    let mant = 0;
    let frac = 0;
    const at = i;
    while (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      c = buf[++i];
    }
    let any = i > at;
    if (c === 46) {
      c = buf[++i];
      const from = i;
      while (c >= 48 && c <= 57) {
        mant = mant * 10 + (c - 48);
        c = buf[++i];
      }
      frac = i - from;
      any ||= frac > 0;
    }
    while (c === 32) c = buf[++i];
    if (c === 13 && buf[i + 1] === 10) c = buf[++i];
    if ((c !== d && c !== 10) || !any || mant >= 2 ** 53 || frac > 16) {
      this.fastEnd = -1;
      return Number.NaN;
    }
    this.fastEnd = i;
    const v = frac === 0 ? mant : mant / POW10[frac];
    return neg ? -v : v;
  }

  /** The track of this line's id field (the previous line's when the bytes are the same). */
  private group(k: number): TrackGroup {
    if (k < 0) {
      this.prevGroup ??= this.open(this.defaultId);
      return this.prevGroup;
    }
    const buf = this.buf;
    const ia = this.starts[k];
    const len = this.ends[k] - ia;
    const prev = this.prevId;
    let same = this.prevGroup !== null && len === this.prevLen;
    for (let j = 0; same && j < len; j++) if (buf[ia + j] !== prev[j]) same = false;
    if (same) return this.prevGroup as TrackGroup;
    const id = this.text(ia, ia + len).trim();
    if (id === '') throw new GiveUp();
    const g = this.out.get(id) ?? this.open(id);
    if (len > this.prevId.length) this.prevId = new Uint8Array(len * 2);
    this.prevId.set(buf.subarray(ia, ia + len));
    this.prevLen = len;
    this.prevGroup = g;
    return g;
  }

  /** The text of a rejected fix's field, for its diagnostic (the same text CsvReader quotes). */
  private readonly raw = (part: FixPart): string => {
    const c = this.cols as Cols;
    const k = part === 'time' ? c.time : part === 'lat' ? c.lat : c.lon;
    return this.text(this.starts[k], this.ends[k]);
  };

  private size(n: number): void {
    const grown = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a.subarray(0, Math.min(a.length, n)));
      return b;
    };
    this.starts = grown(this.starts);
    this.ends = grown(this.ends);
    const vals = new Float64Array(n);
    vals.set(this.vals.subarray(0, Math.min(this.vals.length, n)));
    this.vals = vals;
    const fast = new Uint8Array(n);
    fast.set(this.fast.subarray(0, Math.min(this.fast.length, n)));
    this.fast = fast;
  }

  /** A number field fastNum declined (an exponent, a long mantissa, a bad value): parseNum decides. */
  private num(k: number): number {
    const s = this.text(this.starts[k], this.ends[k]);
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
    return msToS(this.num(k));
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

  finish(): ReadResult {
    if (!this.cols) throw new GiveUp();
    this.run.flush();
    return this.out.finish();
  }

  seal(): void {
    this.run.flush();
    this.out.seal();
  }

  part(): CollectedPart {
    this.run.flush();
    return this.out.part();
  }

  absorb(part: CollectedPart, lineOffset: number): void {
    this.out.absorb(part, lineOffset);
  }
}

/** Whether an error means: leave this file to the generic reader (which reports what it finds). */
function declined(e: unknown): boolean {
  return e instanceof GiveUp || e instanceof InputError;
}

/**
 * The header: the first line of buf[0, end) that is not blank, where the line after it starts and
 * how many lines it took; null while no complete line holds it (`final`: the end ends a line).
 */
function headerLine(
  buf: Buffer,
  end: number,
  final: boolean,
): { line: string; next: number; lines: number } | null {
  let lines = 0;
  for (let i = 0; i < end; ) {
    let j = buf.indexOf(10, i);
    if (j < 0 || j >= end) {
      if (!final) return null;
      j = end;
    }
    lines++;
    const e = j > i && buf[j - 1] === 13 ? j - 1 : j;
    if (!isBlank(buf, i, e)) return { line: buf.toString('latin1', i, e), next: Math.min(j + 1, end), lines };
    i = j + 1;
  }
  return null;
}

/** A line of only blanks and delimiters, skipped as CsvReader does (a quote or non-ASCII: give up). */
function isBlank(buf: Buffer, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = buf[i];
    if (c === 34 || c >= 128) throw new GiveUp();
    if (c !== 32 && c !== 9 && c !== 44 && c !== 59) return false;
  }
  return true;
}

/** Reads a track CSV from bytes in memory; null when the generic reader must do it. */
export function readCsvFast(file: string, bytes: Uint8Array, options: ReadOptions = {}): ReadResult | null {
  const p = new FastCsv(file, options);
  try {
    p.chunk(
      Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      bytes.length,
      true,
    );
    return p.finish();
  } catch (e) {
    if (declined(e)) return null;
    throw e;
  }
}

/** Parses bytes [start, end) of an open file into p, in chunks. */
function parseRange(p: FastCsv, fd: number, start: number, end: number): void {
  let buf = Buffer.allocUnsafe(CHUNK);
  let have = 0;
  let pos = start;
  for (;;) {
    if (have === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger);
      buf = bigger;
    }
    // (The whole file from its current position where no range is asked: a pipe cannot seek.)
    const whole = start === 0 && end === Number.POSITIVE_INFINITY;
    const got =
      pos < end ? readSync(fd, buf, have, Math.min(buf.length - have, end - pos), whole ? null : pos) : 0;
    pos += got;
    have += got;
    const final = got === 0;
    const used = p.chunk(buf, have, final);
    if (final) return;
    buf.copyWithin(0, used, have);
    have -= used;
  }
}

/** The whole of an open file, on this thread (GiveUp where the generic reader must do it). */
function readWhole(file: string, options: ReadOptions, fd: number): ReadResult {
  const p = new FastCsv(file, options);
  parseRange(p, fd, 0, Number.POSITIVE_INFINITY);
  return p.finish();
}

/** Reads a track CSV file in chunks of bytes; null when the generic reader must do it. */
export function readCsvFastFile(file: string, options: ReadOptions = {}): ReadResult | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    return readWhole(file, options, fd);
  } catch (e) {
    if (declined(e)) return null;
    throw e;
  } finally {
    closeSync(fd);
  }
}

/**
 * Files are read by several threads in parts of at least this size (a worker takes ~50 ms to
 * start): from 32 MiB, in two.
 */
export const PART_MIN_BYTES = 16 << 20;

/**
 * Parts read by workers, reads that fell back to one thread after a worker failed, and workers
 * started (for tests).
 */
export const csvPartStats = { parts: 0, fallbacks: 0, workersStarted: 0 };

/** What one thread reads while a new worker starts (about 50 ms at some 250 MB/s). */
const HEAD_START_BYTES = 12 << 20;

/** A stretch of a CSV file for a worker (csv-worker.ts) to read. */
export interface CsvPartTask extends Message {
  file: string;
  options: ReadOptions;
  header: string;
  start: number;
  end: number;
}

export type CsvPartReply = { ok: true; part: CollectedPart; lines: number } | { ok: false; error?: string };

/** The worker's side: reads bytes [start, end) of the file, which start at a line, with the given header. */
export function readCsvPart(task: CsvPartTask): CsvPartReply {
  let fd: number;
  try {
    fd = openSync(task.file, 'r');
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  try {
    const p = new FastCsv(task.file, task.options);
    p.setHeader(task.header);
    parseRange(p, fd, task.start, task.end);
    return { ok: true, part: p.part(), lines: p.lineNo };
  } catch (e) {
    if (declined(e)) return { ok: false };
    return { ok: false, error: (e as Error).stack ?? String(e) };
  } finally {
    closeSync(fd);
  }
}

/** The buffers of a part, to transfer rather than copy. */
export function partBuffers(part: CollectedPart): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const g of part.groups) {
    for (const a of [g.t, g.lat, g.lon, g.altFt, g.at, g.uncertaintyM])
      if (a) out.push(a.buffer as ArrayBuffer);
  }
  return out;
}

function readAt(fd: number, pos: number, length: number): Buffer {
  const b = Buffer.allocUnsafe(length);
  return b.subarray(0, readSync(fd, b, 0, length, pos));
}

/**
 * readCsvFastFile with the file cut into `parts` stretches at line starts, the first read here
 * and the others by worker threads at the same time; their tracks, line numbers and diagnostics
 * are put together as one reader going through the file would have them. Small files, and any
 * worker failure, fall back to reading in this thread.
 */
export async function readCsvFastFileParallel(
  file: string,
  options: ReadOptions = {},
  parts = availableParallelism(),
  minPartBytes = PART_MIN_BYTES,
): Promise<ReadResult | null> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const n = Math.min(parts, Math.floor(size / Math.max(minPartBytes, 1)));
    const head = n >= 2 ? readAt(fd, 0, 1 << 16) : null;
    const header = head ? headerLine(head, head.length, false) : null;
    if (!header) return readWhole(file, options, fd);
    return await csvPool.use(n - 1, (workers) => readInParts(file, options, fd, size, header, workers));
  } catch (e) {
    if (declined(e)) return null;
    throw e;
  } finally {
    closeSync(fd);
  }
}

const csvPool = new WorkerPool<CsvPartTask, CsvPartReply & Message>(import.meta.url, 'csv-worker');

async function readInParts(
  file: string,
  options: ReadOptions,
  fd: number,
  size: number,
  header: { line: string; next: number },
  workers: Array<PooledWorker<CsvPartTask, CsvPartReply & Message>>,
): Promise<ReadResult | null> {
  const n = workers.length + 1;
  // This thread starts at once, a new worker about 50 ms later: this thread's part is then
  // larger by what it reads meanwhile. A worker that has read before starts at once too.
  const fresh = workers.filter((w) => w.answered === 0).length;
  csvPartStats.workersStarted += fresh;
  const headStart = fresh > 0 ? Math.min(HEAD_START_BYTES / n, size / n / 4) : 0;
  const first = size / n + (n - 1) * headStart;
  const bounds = [0];
  for (let k = 1; k < n; k++) {
    const at = Math.floor(first + ((k - 1) * (size - first)) / (n - 1));
    const j = readAt(fd, at, 1 << 16).indexOf(10);
    const start = at + j + 1;
    if (j >= 0 && start > Math.max(header.next, bounds[bounds.length - 1]) && start < size)
      bounds.push(start);
  }
  bounds.push(size);
  if (bounds.length < 3) return readWhole(file, options, fd);
  const replies = bounds
    .slice(1, -1)
    .map((start, k) =>
      workers[k]
        .run({ id: csvPool.nextId(), file, options, header: header.line, start, end: bounds[k + 2] })
        .catch((e: Error): CsvPartReply => ({ ok: false, error: e.stack ?? String(e) })),
    );
  const p = new FastCsv(file, options);
  parseRange(p, fd, 0, bounds[1]);
  p.seal();
  let lines = p.lineNo;
  for (const reply of await Promise.all(replies)) {
    if (!reply.ok) {
      if (reply.error === undefined) return null;
      csvPartStats.fallbacks++;
      return readWhole(file, options, fd);
    }
    csvPartStats.parts++;
    p.absorb(reply.part, lines);
    lines += reply.lines;
  }
  return p.finish();
}

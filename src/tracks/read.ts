/**
 * Entry points of the track readers: a file (streamed when its format is line-based, so a 1 GB
 * CSV is never held in memory) or a buffer. Gzip (magic 1f 8b) is decompressed transparently and
 * the format is detected from the content unless forced.
 */

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, gunzipSync } from 'node:zlib';
import { readCsvFast, readCsvFastFileParallel } from './csv-fast.js';
import { DETECT_HEAD_CHARS, detectFormat } from './detect.js';
import { isTrackFormat, type ReadOptions, TRACK_FORMATS, type TrackFormat } from './format.js';
import { AdsbxCsvReader } from './formats/adsbx-csv.js';
import { CsvReader } from './formats/csv.js';
import { Fr24CsvReader, Fr24GranularReader, readFr24Json } from './formats/fr24.js';
import { readGeoJson } from './formats/geojson.js';
import { readGpx, readKml } from './formats/kml-gpx.js';
import { NdjsonReader } from './formats/ndjson.js';
import { OpenSkyCsvReader, readOpenSkyStates } from './formats/opensky.js';
import { readAircraftSnapshot, readReadsbTrace } from './formats/readsb.js';
import { readTrafficJson } from './formats/traffic-json.js';
import { jsonErrorOffset, lineOfOffset } from './json-error.js';
import { LineFeeder, type LineSink, readLines } from './lines.js';
import { looksLikeReportTrack, readReportTrack } from './report-track.js';
import { InputError, type ReadResult } from './track.js';

export { detectFormat } from './detect.js';
export { isTrackFormat, type ReadOptions, TRACK_FORMATS, type TrackFormat } from './format.js';
export { type PositionFix, parseFixLine } from './formats/ndjson.js';

interface LineFormat {
  sink: LineSink;
  quoteAware: boolean;
}

/** The streaming reader of a line-based format, or null when the content is a document (JSON/XML). */
function lineReader(
  format: TrackFormat,
  file: string,
  head: string,
  options: ReadOptions,
): LineFormat | null {
  const json = /^\s*[[{<]/.test(head.replace(/^\uFEFF/, ''));
  switch (format) {
    case 'csv':
      return { sink: new CsvReader(file, options), quoteAware: true };
    case 'fr24-csv':
      return { sink: new Fr24CsvReader(file, options), quoteAware: true };
    case 'fr24-granular':
      return { sink: new Fr24GranularReader(file, options), quoteAware: true };
    case 'ndjson':
      return /^\s*\[/.test(head) ? null : { sink: new NdjsonReader(file, options), quoteAware: false };
    case 'opensky':
      return json ? null : { sink: new OpenSkyCsvReader(file, options), quoteAware: true };
    case 'adsbx':
      return json ? null : { sink: new AdsbxCsvReader(file, options), quoteAware: true };
    default:
      return null;
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const offset = pos ? Number(pos[1]) : jsonErrorOffset(text);
    throw new InputError({
      file,
      line: lineOfOffset(text, offset),
      message: `not valid JSON: ${msg.slice(0, 200)}`,
    });
  }
}

/** Reads a whole document (JSON or XML) format. */
function readDocument(format: TrackFormat, file: string, text: string, options: ReadOptions): ReadResult {
  if (format === 'kml') return readKml(file, text, options);
  if (format === 'gpx') return readGpx(file, text, options);
  if (format === 'report-track') {
    const r = readReportTrack(file, text);
    if (r.tracks.length === 0) {
      throw new InputError(
        r.problems[0] ?? { file, message: 'no waypoint could be read from the report-track' },
      );
    }
    return r;
  }
  if (format === 'ndjson') {
    // A JSON array of fix objects: the NDJSON reader, one element per line.
    const doc = parseJson(file, text);
    if (!Array.isArray(doc))
      throw new InputError({ file, message: 'expected NDJSON lines or an array of fix objects' });
    return readLines(doc.map((o) => JSON.stringify(o)).join('\n'), new NdjsonReader(file, options), false);
  }
  const doc = parseJson(file, text);
  switch (format) {
    case 'geojson':
      return readGeoJson(file, doc, options);
    case 'readsb-trace':
      return readReadsbTrace(file, doc, options);
    case 'readsb-aircraft':
    case 'adsbx':
      return readAircraftSnapshot(file, doc, options);
    case 'fr24-json':
      return readFr24Json(file, doc, options);
    case 'traffic-json':
      return readTrafficJson(file, doc, options);
    case 'opensky':
      return readOpenSkyStates(file, doc, options);
    default:
      throw new InputError({ file, message: `format ${format} cannot be read as a document` });
  }
}

function formatOf(file: string, head: string, options: ReadOptions): TrackFormat {
  if (options.format) {
    if (!isTrackFormat(options.format))
      throw new InputError({
        file,
        message: `unknown format '${options.format}' (expected one of ${TRACK_FORMATS.join(', ')})`,
      });
    return options.format;
  }
  if (head.trim() === '') throw new InputError({ file, message: 'empty file' });
  // A report-track's CSV header also looks like a plain track CSV: ask it first.
  if (looksLikeReportTrack(head)) return 'report-track';
  const f = detectFormat(head);
  if (!f)
    throw new InputError({
      file,
      line: 1,
      message: `unrecognised track format (first line ${JSON.stringify(head.split('\n', 1)[0].slice(0, 120))}); supported: ${TRACK_FORMATS.join(', ')}`,
    });
  return f;
}

function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/**
 * Whether a file that starts so is a plain track CSV, which the byte-level reader (csv-fast.ts)
 * tries first: it hands back anything unusual.
 */
function plainCsv(head: string, options: ReadOptions): boolean {
  return (
    (options.format ?? 'csv') === 'csv' &&
    head.trim() !== '' &&
    !looksLikeReportTrack(head) &&
    detectFormat(head) === 'csv'
  );
}

/** Reads tracks from content already in memory (text is read by the generic readers). */
export function readTrackBuffer(name: string, data: Buffer | string, options: ReadOptions = {}): ReadResult {
  let text: string;
  if (typeof data === 'string') text = data;
  else {
    let bytes = data;
    if (isGzip(bytes)) {
      try {
        bytes = gunzipSync(bytes);
      } catch (e) {
        throw new InputError({ file: name, message: `corrupt gzip data: ${(e as Error).message}` });
      }
    }
    if (plainCsv(bytes.subarray(0, DETECT_HEAD_CHARS).toString('utf8'), options)) {
      const fast = readCsvFast(name, bytes, options);
      if (fast) return fast;
    }
    text = bytes.toString('utf8');
  }
  const head = text.slice(0, DETECT_HEAD_CHARS);
  const format = formatOf(name, head, options);
  const lines = lineReader(format, name, head, options);
  if (lines) return readLines(text, lines.sink, lines.quoteAware);
  return readDocument(format, name, text, options);
}

/** Reads tracks from a file, streaming line-based formats. */
export async function readTrackFile(path: string, options: ReadOptions = {}): Promise<ReadResult> {
  const first = Buffer.alloc(DETECT_HEAD_CHARS);
  const fh = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new InputError({ file: path, message: `cannot open: ${e.code ?? e.message}` });
  });
  let got = 0;
  try {
    // A pipe (/dev/stdin, a process substitution) cannot be read twice or at a position: take it
    // whole, as the in-memory reader does.
    if (!(await fh.stat()).isFile()) return readTrackBuffer(path, await fh.readFile(), options);
    got = (await fh.read(first, 0, first.length, 0)).bytesRead;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError({ file: path, message: `cannot read: ${(e as Error).message}` });
  } finally {
    await fh.close();
  }
  const magic = first.subarray(0, Math.min(2, got));
  if (!isGzip(magic) && plainCsv(first.subarray(0, got).toString('utf8'), options)) {
    const fast = await readCsvFastFileParallel(path, options);
    if (fast) return fast;
  }
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = isGzip(magic) ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (e) => stream.destroy(e));
  const decoder = new StringDecoder('utf8');
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const next = async (): Promise<string | null> => {
    try {
      const r = await it.next();
      return r.done ? null : decoder.write(r.value);
    } catch (e) {
      throw new InputError({ file: path, message: `cannot read: ${(e as Error).message}` });
    }
  };
  try {
    let head = '';
    let done = false;
    while (head.length < DETECT_HEAD_CHARS) {
      const s = await next();
      if (s === null) {
        head += decoder.end();
        done = true;
        break;
      }
      head += s;
    }
    const format = formatOf(path, head, options);
    const lines = lineReader(format, path, head, options);
    if (lines) {
      const feeder = new LineFeeder(lines.sink, lines.quoteAware);
      feeder.push(head);
      if (!done) {
        for (let s = await next(); s !== null; s = await next()) feeder.push(s);
        feeder.push(decoder.end());
      }
      return feeder.end();
    }
    const parts = [head];
    if (!done) {
      for (let s = await next(); s !== null; s = await next()) parts.push(s);
      parts.push(decoder.end());
    }
    return readDocument(format, path, parts.join(''), options);
  } finally {
    stream.destroy();
    raw.destroy();
  }
}

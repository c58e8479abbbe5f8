/**
 * The byte-level CSV reader against the generic one (readTrackBuffer of text): on files with
 * every quirk the generic reader accepts (column orders, delimiters, blanks, CRLF, signs,
 * exponents, ISO and millisecond times, bad values, interleaved tracks, no final newline), the
 * byte-level reader, alone, on bytes in memory or cut into parts read by worker threads, gives the
 * same tracks, line numbers and diagnostics, or declines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  csvPartStats,
  PART_MIN_BYTES,
  readCsvFast,
  readCsvFastFile,
  readCsvFastFileParallel,
} from '../../src/tracks/csv-fast.js';
import { readTrackBuffer, readTrackFile } from '../../src/tracks/read.js';
import type { ReadResult } from '../../src/tracks/track.js';

const dir = mkdtempSync(join(tmpdir(), 'csv-fast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function serial(r: ReadResult | null): string {
  return JSON.stringify(r, (_k, v) =>
    ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v,
  );
}

const COLUMNS = ['track', 'time', 'lat', 'lon', 'alt_ft', 'category', 'operator', 'note', 'uncertainty_m'];

/** A CSV file of several tracks with the quirks `quirky` allows, all of them readable by CsvReader. */
function csvText(seed: number, quirky: boolean): string {
  const rnd = lcg(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const delim = pick([',', ';', '\t']);
  const cols = [...COLUMNS].sort(() => rnd() - 0.5);
  if (rnd() < 0.3) cols.splice(cols.indexOf('alt_ft'), 1);
  if (rnd() < 0.5) cols.splice(cols.indexOf('uncertainty_m'), 1);
  const uncertainties = rnd() < 0.5 ? ['', '25', '-3', '7.5'] : ['', '', '', '', '', '40'];
  const eol = quirky && rnd() < 0.5 ? '\r\n' : '\n';
  const lines = [cols.join(delim)];
  const tracks = 1 + Math.floor(rnd() * 5);
  const n = 20 + Math.floor(rnd() * 300);
  const pad = (s: string) => (quirky && rnd() < 0.05 ? ` ${s}  ` : s);
  const num = (v: number, digits: number) => {
    const r = rnd();
    if (!quirky || r < 0.8) return v.toFixed(digits);
    if (r < 0.84) return v.toExponential(6);
    if (r < 0.88) return `${v >= 0 ? '+' : '-'}00${Math.abs(v).toFixed(digits)}`;
    if (r < 0.9) return v.toFixed(digits + 12); // more than 16 decimals
    if (r < 0.92) return (v + 1e-9 * rnd()).toFixed(digits + 9); // 16-17 significant digits
    if (r < 0.95) return v.toFixed(0);
    if (r < 0.97) return '';
    if (r < 0.98) return 'x1';
    return `${v.toFixed(digits)}.5`;
  };
  for (let i = 0; i < n; i++) {
    const k = quirky ? Math.floor(rnd() * tracks) : Math.floor((i * tracks) / n);
    const t = 1.7e9 + i * 7 + (quirky && rnd() < 0.05 ? -30 : 0);
    const r = rnd();
    const time =
      !quirky || r < 0.7
        ? String(t)
        : r < 0.8
          ? String(t * 1000)
          : r < 0.9
            ? new Date(t * 1000).toISOString()
            : `${t}.25`;
    const lat = 30 + k + i * 0.003 + (quirky && rnd() < 0.01 ? 70 : 0);
    const row: Record<string, string> = {
      track: pad(`T${k}${quirky && k === 3 ? ' x' : ''}`),
      time: pad(time),
      lat: pad(num(lat, 6)),
      lon: pad(num(125 + k - i * 0.004, 6)),
      alt_ft: pad(num(30000 + i, 0)),
      category: k % 2 ? 'state' : 'civil',
      operator: pick(['kor', 'JPN', '']),
      note: pick(['', 'a b', '-', '12']),
      uncertainty_m: pick(uncertainties),
    };
    lines.push(cols.map((c) => row[c]).join(delim));
    if (quirky && rnd() < 0.02) lines.push(pick(['', ' ', `${delim}${delim}`, `${delim} ${delim}`]));
  }
  const text = lines.join(eol);
  return quirky && rnd() < 0.3 ? text : text + eol;
}

async function check(name: string, text: string, expectFast: boolean): Promise<void> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const generic = serial(readTrackBuffer(file, text));
  const inMemory = readCsvFast(file, Buffer.from(text));
  if (expectFast) expect(inMemory, name).not.toBeNull();
  if (inMemory) expect(serial(inMemory), name).toBe(generic);
  // In memory, bytes take the byte-level reader first (text is the generic reader's).
  expect(serial(readTrackBuffer(file, Buffer.from(text))), name).toBe(generic);
  const fromFile = readCsvFastFile(file);
  expect(fromFile === null, name).toBe(inMemory === null);
  if (fromFile) expect(serial(fromFile), name).toBe(generic);
}

describe('byte-level CSV reader', () => {
  it('reads exactly what the generic reader reads: plain files', async () => {
    for (let seed = 1; seed <= 30; seed++) await check(`plain-${seed}.csv`, csvText(seed, false), true);
  });

  it('reads exactly what the generic reader reads, or declines: files with every quirk', async () => {
    let fast = 0;
    for (let seed = 100; seed < 200; seed++) {
      const text = csvText(seed, true);
      await check(`quirky-${seed}.csv`, text, false);
      if (readCsvFast('x.csv', Buffer.from(text))) fast++;
    }
    // Only quotes, non-ASCII bytes and the like make it decline; none of these files has them.
    expect(fast).toBe(100);
  });

  it('declines quotes, non-ASCII bytes and gzip, which the generic reader handles', () => {
    const text = csvText(7, false);
    expect(readCsvFast('q.csv', Buffer.from(text.replace('T0', '"T0"')))).toBeNull();
    expect(readCsvFast('u.csv', Buffer.from(text.replace('T0', 'T0é')))).toBeNull();
    expect(readCsvFast('g.csv', Buffer.from([0x1f, 0x8b, 0, 0]))).toBeNull();
  });

  it('read in parts by worker threads, gives what one reader gives', async () => {
    for (let seed = 300; seed < 306; seed++) {
      const text = csvText(seed, seed % 2 === 0);
      const file = join(dir, `parts-${seed}.csv`);
      writeFileSync(file, text);
      const one = serial(readCsvFastFile(file));
      for (const parts of [2, 3]) {
        const before = { ...csvPartStats };
        const got = await readCsvFastFileParallel(file, {}, parts, 1);
        expect(serial(got), `${file} in ${parts} parts`).toBe(one);
        expect(csvPartStats.parts - before.parts).toBe(parts - 1);
        expect(csvPartStats.fallbacks).toBe(before.fallbacks);
      }
    }
  });

  it('keeps its worker for the next read, and holds no handle while idle', async () => {
    const file = join(dir, 'again.csv');
    writeFileSync(file, csvText(310, false));
    const one = serial(readCsvFastFile(file));
    const before = { ...csvPartStats };
    for (let k = 0; k < 3; k++) expect(serial(await readCsvFastFileParallel(file, {}, 2, 1))).toBe(one);
    expect(csvPartStats.parts - before.parts).toBe(3);
    // At most the first read starts one (an earlier test may have left it running).
    expect(csvPartStats.workersStarted - before.workersStarted).toBeLessThanOrEqual(1);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'MessagePort' || r === 'Worker')).toEqual([]);
  });

  it('readTrackFile reads a file of two parts or more in parts, with the same result', async () => {
    const rows = ['track,time,lat,lon,alt_ft,category,operator'];
    const line = (k: number, i: number) =>
      `R${k % 97},${1.7e9 + Math.floor(k / 97) * 3600 + i * 4},${(30 + (i % 500) * 0.004).toFixed(6)},${(120 + (k % 97) * 0.1 + i * 0.001).toFixed(6)},${20000 + i},civil,KOR`;
    let bytes = 0;
    for (let k = 0; bytes < PART_MIN_BYTES * 2.2; k++)
      for (let i = 0; i < 400; i++) {
        const l = line(k, i);
        rows.push(l);
        bytes += l.length + 1;
      }
    rows.push('R1,1700000000,95,125,1000,civil,KOR'); // a problem in the last part
    const file = join(dir, 'large.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const before = { ...csvPartStats };
    const r = await readTrackFile(file);
    expect(csvPartStats.parts).toBeGreaterThan(before.parts);
    expect(csvPartStats.fallbacks).toBe(before.fallbacks);
    expect(r.records).toBe(rows.length - 1);
    expect(r.problems.at(-1)?.line).toBe(rows.length);
    expect(serial(r)).toBe(serial(readCsvFastFile(file)));
  });

  it('read in parts, declines as one reader does when a later part has a quote', async () => {
    const text = csvText(9, false);
    const at = text.lastIndexOf('T');
    const file = join(dir, 'late-quote.csv');
    writeFileSync(file, `${text.slice(0, at)}"${text.slice(at)}`);
    expect(await readCsvFastFileParallel(file, {}, 2, 1)).toBeNull();
    // readTrackFile then reads it with the generic reader.
    expect((await readTrackFile(file)).records).toBeGreaterThan(0);
  });
});

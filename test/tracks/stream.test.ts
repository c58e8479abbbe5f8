/**
 * Streaming: a generated CSV of millions of rows is read without holding the file; the JS heap
 * grows far less than the file's size (fixes live in typed arrays outside the heap).
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrackFile } from '../../src/tracks/read.js';

const ROWS = 3_000_000;
const TRACKS = 50;
const dir = mkdtempSync(path.join(os.tmpdir(), 'incursion-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) =>
    new Promise<void>((resolve) => (out.write(s) ? resolve() : out.once('drain', resolve)));
  await write('track,time,lat,lon,alt_ft\n');
  let buf = '';
  for (let i = 0; i < ROWS; i++) {
    const tr = i % TRACKS;
    const k = (i - tr) / TRACKS;
    buf += `T${tr},${1563840000 + k},${(20 + tr * 0.5 + k * 0.0001).toFixed(6)},${(120 + k * 0.0001).toFixed(6)},${29000 + (k % 500)}\n`;
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise<void>((resolve) => out.end(resolve));
}

describe('streaming CSV', () => {
  it(`reads ${ROWS.toLocaleString('en')} rows with the heap staying far below the file size`, async () => {
    const file = path.join(dir, 'big.csv');
    await writeCsv(file);
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(100e6);
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 5);
    const r = await readTrackFile(file);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    expect(r.records).toBe(ROWS);
    expect(r.problems).toEqual([]);
    expect(r.tracks).toHaveLength(TRACKS);
    for (const t of r.tracks) expect(t.t.length).toBe(ROWS / TRACKS);
    // Holding the text would take at least the file size in the heap (UTF-16 strings: twice).
    expect(peak - base).toBeLessThan(size / 4);
  });
});

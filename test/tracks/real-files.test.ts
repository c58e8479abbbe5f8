/** Every reader on its real file, with the counts documented in test/realdata/README.md. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectFormat, readTrackBuffer, readTrackFile } from '../../src/tracks/read.js';
import type { ReadResult, Track } from '../../src/tracks/track.js';
import { iso, REAL } from './realdata.js';

const fixes = (r: ReadResult) => r.tracks.reduce((a, t) => a + t.t.length, 0);
const count = (r: ReadResult, re: RegExp) => r.problems.filter((p) => re.test(p.message)).length;
const duplicates = (r: ReadResult) =>
  r.problems.reduce((a, p) => a + Number(/(\d+) exact duplicate/.exec(p.message)?.[1] ?? 0), 0);
const isSorted = (t: Track) => t.t.every((v, i) => i === 0 || v > t.t[i - 1]);

function head(file: string): string {
  let b = readFileSync(file);
  if (b[0] === 0x1f && b[1] === 0x8b) b = gunzipSync(b);
  return b.subarray(0, 65536).toString('utf8');
}

describe('format detection from content', () => {
  it.each([
    [REAL.spar19, 'fr24-json'],
    [REAL.jl516Csv, 'fr24-csv'],
    [REAL.granular, 'fr24-granular'],
    [REAL.flightSpotter, 'adsbx'],
    [REAL.switzerland, 'traffic-json'],
    [REAL.spoofing, 'traffic-json'],
    [REAL.trace, 'readsb-trace'],
    [REAL.tutorial, 'ndjson'],
  ])('%s is %s', (file, format) => {
    expect(detectFormat(head(file))).toBe(format);
  });
});

describe('Flightradar24', () => {
  it('reads SPAR19 (fr24 JSON): 871 points 07:36:06Z → 14:48:55Z', async () => {
    const r = await readTrackFile(REAL.spar19);
    expect(r.records).toBe(871);
    expect(r.tracks).toHaveLength(1);
    const t = r.tracks[0];
    expect(t.id).toBe('SPAR19');
    expect(t.icao24).toBe('ae503d');
    expect(t.t.length).toBe(871);
    expect(iso(t.t[0])).toBe('2022-08-02T07:36:06.000Z');
    expect(iso(t.t[870])).toBe('2022-08-02T14:48:55.000Z');
    expect(Math.min(...t.lat)).toBeCloseTo(-0.53, 2);
    expect(Math.max(...t.lat)).toBeCloseTo(25.08, 2);
    expect(r.problems).toEqual([]);
  });

  it('reads the JL516 CSV export (305 rows) to the same points as the JSON', async () => {
    const csv = await readTrackFile(REAL.jl516Csv);
    const json = await readTrackFile(REAL.jl516Json);
    expect(csv.records).toBe(305);
    const [a] = csv.tracks;
    const [b] = json.tracks;
    expect(a.id).toBe('JAL516');
    expect(a.t.length).toBe(305);
    expect(iso(a.t[0])).toBe('2024-01-02T07:22:55.000Z');
    expect(iso(a.t[304])).toBe('2024-01-02T08:47:23.000Z');
    expect(Array.from(a.t)).toEqual(Array.from(b.t));
    for (let i = 0; i < 305; i++) {
      expect(a.lat[i]).toBeCloseTo(b.lat[i], 6);
      expect(a.lon[i]).toBeCloseTo(b.lon[i], 6);
      expect(a.altFt[i]).toBe(b.altFt[i]);
    }
  });

  it('reads the granular CSV: 17,521 rows, 5,137 without position reported by line', async () => {
    const r = await readTrackFile(REAL.granular);
    expect(r.records).toBe(17521);
    const noPos = r.problems.filter((p) => p.message.startsWith('no position'));
    expect(noPos).toHaveLength(5137);
    expect(noPos[0]).toMatchObject({ line: 9, field: 'latitude' });
    expect(count(r, /stale position/)).toBe(10);
    expect(r.tracks).toHaveLength(1);
    const t = r.tracks[0];
    expect(t.id).toBe('JAL516');
    expect(t.icao24).toBe('8467d8');
    expect(iso(t.t[0])).toBe('2024-01-02T07:41:03.515Z');
    expect(t.t[t.t.length - 1]).toBeLessThanOrEqual(Date.parse('2024-01-02T08:48:16Z') / 1000);
    expect(Math.min(...t.lat)).toBeGreaterThanOrEqual(35.3);
    expect(Math.max(...t.lat)).toBeLessThanOrEqual(41.58);
    // Every positioned row is either a fix or a counted drop.
    const dropped = count(r, /same time/) + count(r, /outlier/) + duplicates(r);
    expect(fixes(r) + dropped).toBe(17521 - 5137 - 10);
  });
});

describe('ADS-B Exchange CSV (Flight-Spotter)', () => {
  it('reads 6,569 rows of 42 aircraft, one track per hex and callsign', async () => {
    const r = await readTrackFile(REAL.flightSpotter);
    expect(r.records).toBe(6569);
    expect(fixes(r)).toBe(6569);
    expect(r.problems).toEqual([]);
    expect(new Set(r.tracks.map((t) => t.icao24)).size).toBe(42);
    expect(r.tracks).toHaveLength(64);
    const cal = r.tracks.filter((t) => t.icao24 === '899046').map((t) => t.label);
    expect(cal.sort()).toEqual(['CAL601', 'CAL602', 'CAL793']); // padding trimmed
    const t0 = Math.min(...r.tracks.map((t) => t.t[0]));
    const t1 = Math.max(...r.tracks.map((t) => t.t[t.t.length - 1]));
    expect(iso(t0)).toBe('2025-04-01T00:02:45.000Z');
    expect(iso(t1)).toBe('2025-04-01T08:08:20.000Z');
    for (const t of r.tracks) for (const lat of t.lat) expect(lat >= 21.95 && lat <= 25.3).toBe(true);
  });
});

describe('traffic JSON', () => {
  it('reads switzerland.json.gz: 139,098 points, 842 icao24, 1,243 flights', async () => {
    const r = await readTrackFile(REAL.switzerland);
    expect(r.records).toBe(139098);
    expect(fixes(r)).toBe(139098);
    expect(r.tracks).toHaveLength(1243);
    expect(new Set(r.tracks.map((t) => t.icao24)).size).toBe(842);
    expect(new Set(r.tracks.map((t) => t.id)).size).toBe(1243);
    const t0 = Math.min(...r.tracks.map((t) => t.t[0]));
    expect(iso(t0)).toBe('2018-08-01T05:00:00.000Z');
  });

  it('reads belevingsvlucht: 16,005 points; drops the jumped position, not its good neighbour', async () => {
    const r = await readTrackFile(REAL.belevingsvlucht);
    expect(r.records).toBe(16005);
    const [t] = r.tracks;
    expect(t.id).toBe('TRA051');
    expect(t.icao24).toBe('484506');
    expect(iso(t.t[0])).toBe('2018-05-30T15:21:38.000Z');
    expect(iso(t.t[t.t.length - 1])).toBe('2018-05-30T20:22:56.000Z');
    // Record 5943 jumps 840 m in 1 s (1,633 kt); record 5942 before it is fine.
    const outliers = r.problems.filter((p) => /outlier/.test(p.message));
    expect(outliers.length).toBe(5);
    expect(outliers[0].message).toMatch(/^record 5943: /);
    expect(outliers[0].field).toBe('position');
    expect(t.lat).toContain(52.0258964927);
    expect(t.t.length).toBe(16000);
  });

  it('reads dreamliner_airfrance: 2 aircraft', async () => {
    const r = await readTrackFile(REAL.dreamliner);
    expect(r.records).toBe(17910);
    expect(r.tracks.map((t) => `${t.id}/${t.icao24}`).sort()).toEqual(['AFR787V/39c424', 'FWKDL/3900fb']);
  });

  it('reads noisy_time_issue sorted, with its problems reported per record', async () => {
    const r = await readTrackFile(REAL.timeIssue);
    expect(r.records).toBe(8294);
    expect(r.tracks).toHaveLength(1);
    expect(isSorted(r.tracks[0])).toBe(true);
    expect(r.problems.length).toBeGreaterThan(100);
    for (const p of r.problems) {
      expect(p.file).toBe(REAL.timeIssue);
      expect(p.message).toMatch(/^record \d+: track 4b1815: position at .* dropped as an outlier$/);
    }
    expect(fixes(r) + r.problems.length).toBe(8294);
  });

  it('reads the column-oriented noisy_spoofing and keeps the real tail over the spoofed stretch', async () => {
    const r = await readTrackFile(REAL.spoofing);
    expect(r.records).toBe(8681);
    expect(count(r, /record without a position/)).toBe(11);
    const [t] = r.tracks;
    expect(t.id).toBe('THY9BP');
    expect(isSorted(t)).toBe(true);
    // The aircraft reappears near 53.6N 18.7E after the spoofed loop near 49.7N 23.9E and flies on to Oslo.
    expect(iso(t.t[t.t.length - 1])).toBe('2024-09-17T10:29:59.565Z');
    expect(t.lat[t.lat.length - 1]).toBeGreaterThan(56.9);
  });

  it('reports the aircraft_carrier records without a position', async () => {
    const r = await readTrackFile(REAL.carrier);
    expect(r.records).toBe(9024);
    expect(count(r, /record without a position/)).toBe(9024 - 7335);
  });
});

describe('readsb trace_full', () => {
  it('reads 2,500 trace points as 4 legs (flag &2)', async () => {
    const r = await readTrackFile(REAL.trace);
    expect(r.records).toBe(2500);
    expect(r.tracks.map((t) => t.id)).toEqual([
      'DAL1812-leg1',
      'DAL2418-leg2',
      'DAL1615-leg3',
      'DAL2927-leg4',
    ]);
    expect(r.tracks.every((t) => t.icao24 === 'ac671b' && t.category === 'unknown')).toBe(true);
    expect(r.tracks.map((t) => t.t.length)).toEqual([769, 562, 474, 694]);
    expect(fixes(r) + count(r, /same time/)).toBe(2500);
    expect(iso(r.tracks[0].t[0])).toBe('2025-02-04T21:13:42.619Z');
    const last = r.tracks[3];
    expect(iso(last.t[last.t.length - 1]).slice(0, 19)).toBe('2025-02-05T19:54:38');
    // "ground" altitude → unknown, never 0 ft.
    const nan = r.tracks.reduce((a, t) => a + t.altFt.filter(Number.isNaN).length, 0);
    expect(nan).toBeGreaterThanOrEqual(390);
    expect(r.tracks.every((t) => !t.altFt.includes(0))).toBe(true);
  });

  it('reads the same trace gzip-compressed', () => {
    const { gzipSync } = require('node:zlib') as typeof import('node:zlib');
    const r = readTrackBuffer('trace_full_ac671b.json', gzipSync(readFileSync(REAL.trace)));
    expect(r.records).toBe(2500);
    expect(r.tracks).toHaveLength(4);
  });
});

describe('jet1090 decoded messages (NDJSON)', () => {
  it('reads tutorial.jsonl.gz: 13,465 positions of 9 aircraft among 71,939 messages', async () => {
    const r = await readTrackFile(REAL.tutorial);
    expect(r.records).toBe(71939);
    expect(r.tracks).toHaveLength(9);
    expect(fixes(r) + duplicates(r) + count(r, /same time|outlier/)).toBe(13465);
    const baw = r.tracks.find((t) => t.icao24 === '400f99')!;
    expect(baw.label).toBe('BAW3AK');
  });
});

/**
 * The reconstructed 2019-07-23 joint patrol (samples/) against the built-in catalog: the engine
 * must find the reported events at the reported minutes (ROK JCS timeline, KST = UTC+9).
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import type { AnalysisResult, Visit } from '../../src/analysis/types.js';
import { readTrackFile } from '../../src/tracks/read.js';
import { builtinCatalog } from '../../src/zones/catalog.js';

const csv = resolve(import.meta.dirname, '..', '..', 'samples', '2019-07-23-joint-patrol.csv');
/** hh:mm of a crossing in KST. */
const kstMinute = (iso: string | undefined) =>
  iso ? new Date(Date.parse(iso) + 9 * 3600_000).toISOString().slice(11, 16) : null;
const span = (v: Visit) => [kstMinute(v.enter?.time), kstMinute(v.exit?.time)];

let result: AnalysisResult;
beforeAll(async () => {
  const read = await readTrackFile(csv);
  expect(read.problems).toEqual([]);
  expect(read.tracks.map((t) => t.id).sort()).toEqual([
    'CN-H6K-1',
    'CN-H6K-2',
    'RU-A50-1',
    'RU-TU95MS-1',
    'RU-TU95MS-2',
  ]);
  // Two of the five tracks: the others fly the same paths 10–30 s later.
  const tracks = read.tracks.filter((t) => t.id === 'RU-A50-1' || t.id === 'CN-H6K-1');
  expect(tracks.every((t) => t.category === 'state')).toBe(true);
  result = analyze(tracks, builtinCatalog(), { approachNm: 0 });
}, 120_000);

describe('2019-07-23 joint patrol sample', () => {
  it('the A-50 enters Dokdo/Takeshima territorial airspace twice, 09:09–09:12 and 09:33–09:37 KST', () => {
    const v = result.visits.filter((x) => x.track === 'RU-A50-1' && x.zone === 'LIANCOURT-TS');
    expect(v.map(span)).toEqual([
      ['09:09', '09:12'],
      ['09:33', '09:37'],
    ]);
    for (const x of v) {
      expect(x.finding).toBe('territorial-entry');
      expect(x.claimants).toEqual(['KOR', 'JPN']);
    }
    const minutes = v.reduce((s, x) => s + x.durationS, 0) / 60;
    expect(minutes).toBeCloseTo(7, 0); // "7 min in total" (Donga)
  });

  it('the A-50 is in KADIZ twice, leaving at 09:15 and 09:56 KST', () => {
    const v = result.visits.filter((x) => x.track === 'RU-A50-1' && x.zone === 'KOR-ADIZ');
    expect(v.map((x) => kstMinute(x.exit?.time))).toEqual(['09:15', '09:56']);
    expect(kstMinute(v[1].enter?.time)).toBe('09:28');
  });

  it('the H-6 pair crosses KADIZ at the reported minutes and never enters territorial airspace', () => {
    const v = result.visits.filter((x) => x.track === 'CN-H6K-1' && x.zone === 'KOR-ADIZ');
    expect(v.map(span)).toEqual([
      ['06:44', '07:14'],
      ['07:49', '08:20'],
      ['08:40', '09:04'],
    ]);
    expect(v.every((x) => x.finding === 'adiz-entry')).toBe(true);
    const hours = v.reduce((s, x) => s + x.durationS, 0) / 3600;
    expect(hours).toBeCloseTo(85 / 60, 1); // "1 h 25 min" in KADIZ (Donga)
    expect(result.visits.filter((x) => x.track === 'CN-H6K-1' && x.kind === 'territorial')).toEqual([]);
  });
});

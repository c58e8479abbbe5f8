/** cleanTrack: ordering, duplicates, outliers judged against both neighbours, no gap splitting. */
import { describe, expect, it } from 'vitest';
import { direct } from '../../src/geo/geodesic.js';
import { cleanTrack, MAX_SPEED_KT, NOISE_M } from '../../src/tracks/clean.js';
import type { Track } from '../../src/tracks/track.js';

function track(fixes: [number, number, number, number?][]): Track {
  return {
    id: 'T',
    label: null,
    icao24: null,
    category: 'unknown',
    operator: null,
    t: Float64Array.from(fixes.map((f) => f[0])),
    lat: Float64Array.from(fixes.map((f) => f[1])),
    lon: Float64Array.from(fixes.map((f) => f[2])),
    altFt: Float32Array.from(fixes.map((f) => f[3] ?? 30000)),
  };
}

/** A 400 kt eastbound flight from 35N 130E, one fix a minute, with fix k placed `overrideM` out. */
function eastbound(n: number, override: Record<number, number> = {}): Track {
  const stepM = (400 * 1852) / 60;
  const fixes: [number, number, number][] = [];
  for (let k = 0; k < n; k++) {
    const p = direct(35, 130, 90, override[k] ?? k * stepM);
    fixes.push([60 * k, p.lat, p.lon]);
  }
  return track(fixes);
}

const lines = (n: number) => ({ unit: 'line' as const, at: Array.from({ length: n }, (_, i) => i + 2) });

describe('cleanTrack', () => {
  it('keeps a clean track as it is', () => {
    const t = eastbound(10);
    const r = cleanTrack(t, 'f.csv');
    expect(r.problems).toEqual([]);
    expect(r.track).toBe(t);
  });

  it('drops a single outlier and keeps both of its neighbours', () => {
    const r = cleanTrack(eastbound(10, { 5: 500_000 }), 'f.csv', lines(10));
    expect(r.track.t.length).toBe(9);
    expect(Array.from(r.track.t)).not.toContain(300);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: 'f.csv', line: 7, field: 'position' });
    expect(r.problems[0].message).toMatch(/implies more than 1200 kt/);
  });

  it('drops an outlier at the start or the end, not the good fix next to it', () => {
    const first = cleanTrack(eastbound(6, { 0: -400_000 }), 'f');
    expect(Array.from(first.track.t)).toEqual([60, 120, 180, 240, 300]);
    const last = cleanTrack(eastbound(6, { 5: 900_000 }), 'f');
    expect(Array.from(last.track.t)).toEqual([0, 60, 120, 180, 240]);
  });

  it('drops a burst of consecutive outliers', () => {
    const r = cleanTrack(eastbound(20, { 8: 700_000, 9: 712_000, 10: 724_000 }), 'f');
    expect(Array.from(r.track.t)).toEqual(
      Array.from({ length: 20 }, (_, k) => 60 * k).filter((t) => t < 480 || t > 600),
    );
    expect(r.problems).toHaveLength(3);
  });

  it('applies the 1,200 kt limit with the geodesic distance (plus the noise allowance)', () => {
    const limitM = (MAX_SPEED_KT * 1852) / 60 + NOISE_M; // per minute
    const under = cleanTrack(eastbound(4, { 1: limitM - 50 }), 'f');
    expect(under.track.t.length).toBe(4);
    const over = cleanTrack(eastbound(4, { 1: limitM + 50 }), 'f');
    expect(Array.from(over.track.t)).toEqual([0, 120, 180]);
  });

  it('judges diagonal steps near a pole and across the antimeridian by the same limit', () => {
    const limitM = (MAX_SPEED_KT * 1852) / 60 + NOISE_M;
    // Fix 1 is `distM` from fix 0 on a north-easterly heading at 75N 179.9E (it lies across the
    // antimeridian); fixes 2 and 3 are a minute's flight at 400 kt from fix 0 each, so only fix 1
    // can be the outlier.
    const at = (distM: number) => {
      const fixes: [number, number, number][] = [[0, 75, 179.9]];
      const p = direct(75, 179.9, 45, distM);
      fixes.push([60, p.lat, p.lon]);
      for (const k of [2, 3]) {
        const q = direct(75, 179.9, 0, (k - 1) * ((400 * 1852) / 60));
        fixes.push([60 * k, q.lat, q.lon]);
      }
      return cleanTrack(track(fixes), 'f');
    };
    expect(at(limitM - 50).track.t.length).toBe(4);
    expect(Array.from(at(limitM + 50).track.t)).toEqual([0, 120, 180]);
    expect(at(limitM * 0.5).track.t.length).toBe(4);
  });

  it('sorts by time and reports that the input went backwards', () => {
    const t = track([
      [0, 35, 130],
      [120, 35, 130.2],
      [60, 35, 130.1],
      [180, 35, 130.3],
    ]);
    const r = cleanTrack(t, 'f.csv', lines(4));
    expect(Array.from(r.track.t)).toEqual([0, 60, 120, 180]);
    expect(Array.from(r.track.lon)).toEqual([130, 130.1, 130.2, 130.3]);
    expect(r.problems).toEqual([
      {
        file: 'f.csv',
        line: 4,
        field: 'time',
        message: 'track T: 1 fix(es) earlier than the fix before them in the input; sorted by time',
      },
    ]);
  });

  it('drops exact duplicates (counted) and keeps the first of two different fixes at one time (reported)', () => {
    const t = track([
      [0, 35, 130],
      [0, 35, 130],
      [60, 35, 130.1],
      [60, 35.001, 130.1],
      [120, 35, 130.2],
    ]);
    const r = cleanTrack(t, 'f.csv', lines(5));
    expect(Array.from(r.track.lat)).toEqual([35, 35, 35]);
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toMatchObject({ line: 5, field: 'time' });
    expect(r.problems[0].message).toMatch(/same time .* kept the first/);
    expect(r.problems[1].message).toBe('track T: 1 exact duplicate fix(es) dropped');
  });

  it('rejects invalid values with a field name and never normalises longitudes', () => {
    const t = track([
      [0, 35, 130],
      [Number.NaN, 35, 130],
      [60, 95, 130],
      [120, 35, 190],
      [180, 35, 130.3],
    ]);
    const r = cleanTrack(t, 'f', { unit: 'record', at: [1, 2, 3, 4, 5] });
    expect(r.track.t.length).toBe(2);
    expect(r.problems.map((p) => p.field)).toEqual(['time', 'lat', 'lon']);
    expect(r.problems[2].message).toBe('record 4: track T: longitude 190 is outside [-180, 180]');
  });

  it('does not split or drop at time gaps', () => {
    const r = cleanTrack(
      track([
        [0, 35, 130],
        [60, 35, 130.1],
        [7260, 36, 131],
        [7320, 36, 131.1],
      ]),
      'f',
    );
    expect(r.track.t.length).toBe(4);
    expect(r.problems).toEqual([]);
  });

  it('keeps the longer consistent part when a track jumps for good (spoofing), whichever side it is', () => {
    // 30 good fixes, then 10 fixes displaced 800 km (a spoofed stretch), then 30 good fixes.
    const shifted: Record<number, number> = {};
    for (let k = 30; k < 40; k++) shifted[k] = 800_000 + k * 12_347;
    const r = cleanTrack(eastbound(70, shifted), 'f');
    expect(r.track.t.length).toBe(60);
    expect(r.problems).toHaveLength(10);
    for (const t of r.track.t) expect(t < 1800 || t >= 2400).toBe(true);
  });
});

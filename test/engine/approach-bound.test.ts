/**
 * The closest approach's segment bound (segmentLowerBound) against GeographicLib itself, and which
 * of several equally close points a closest approach reports.
 */
import geodesicLib from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { segmentLowerBound } from '../../src/analysis/extremes.js';
import { readTrackFile } from '../../src/tracks/read.js';
import type { Track } from '../../src/tracks/track.js';
import { importZoneFile } from '../../src/zones/import.js';
import { minimize01 } from '../fixtures/reference/reference.js';
import { rng } from '../live/helpers.js';
import { realdata } from '../realdata.js';
import { box, catalog, track, zone } from './helpers.js';

const { Geodesic } = geodesicLib;
const G = Geodesic.WGS84;
const dist = (lat1: number, lon1: number, lat2: number, lon2: number) =>
  G.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE).s12 as number;

describe('segmentLowerBound', () => {
  /**
   * A segment from (lat1, lon1), lenM long at azimuth azi, a point q off it, and the least
   * distance from q to the segment by the library's own line (400 samples, then golden section;
   * the distance to a point is unimodal along a geodesic this short).
   */
  function pointAndSegment(
    lat1: number,
    lon1: number,
    azi: number,
    lenM: number,
    u: number,
    side: number,
    offM: number,
  ) {
    const caps = Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.AZIMUTH | Geodesic.DISTANCE_IN;
    const line = G.DirectLine(lat1, lon1, azi, lenM, caps);
    const at = (f: number) => line.Position(f * lenM, caps);
    const end = at(1);
    const foot = at(u);
    const q = G.Direct(foot.lat2 as number, foot.lon2 as number, (foot.azi2 as number) + side, offM);
    const qLat = q.lat2 as number;
    const qLon = q.lon2 as number;
    const least = minimize01(
      (f) => {
        const p = at(f);
        return dist(qLat, qLon, p.lat2 as number, p.lon2 as number);
      },
      400,
      1e-12,
    ).v;
    return {
      da: dist(qLat, qLon, lat1, lon1),
      db: dist(qLat, qLon, end.lat2 as number, end.lon2 as number),
      least,
    };
  }

  it('never exceeds the least distance from a point to a geodesic segment, at any latitude', () => {
    const next = rng(20261130);
    let ends = 0;
    for (let k = 0; k < 2000; k++) {
      // Segments from 10 m to 300 km; points up to 300 km off, at any angle, beside the segment
      // or beyond its ends.
      const lenM = 10 ** (1 + 4.5 * next());
      const c = pointAndSegment(
        170 * next() - 85,
        360 * next() - 180,
        360 * next() - 180,
        lenM,
        1.4 * next() - 0.2,
        360 * next(),
        10 ** (5.5 * next()),
      );
      // The caller's length is an upper bound of the geodesic's (up to 1 % over).
      const bound = segmentLowerBound(c.da, c.db, lenM * (1 + 0.01 * next()));
      expect(bound, `case ${k}: |qA| ${c.da}, |qB| ${c.db}, |AB| ${lenM}`).toBeLessThanOrEqual(
        c.least + 1e-6,
      );
      if (bound === c.da || bound === c.db) ends++;
    }
    // Many segments head away from the point: their bound is an end's distance, their least.
    expect(ends).toBeGreaterThan(400);
  });

  it('is within a percent of the least distance where a segment passes a point, unlike the path-length bound', () => {
    const next = rng(7);
    let tight = 0;
    let pathTight = 0;
    const cases = 500;
    for (let k = 0; k < cases; k++) {
      // 1–20 km segments passing 1–100 km from the point, about square to it.
      const lenM = 1000 + 19_000 * next();
      const c = pointAndSegment(
        140 * next() - 70,
        360 * next() - 180,
        360 * next(),
        lenM,
        0.2 + 0.6 * next(),
        (next() < 0.5 ? 90 : -90) + 40 * next() - 20,
        1000 + 99_000 * next(),
      );
      const bound = segmentLowerBound(c.da, c.db, lenM * 1.01);
      expect(bound).toBeLessThanOrEqual(c.least + 1e-6);
      if (bound >= 0.99 * c.least) tight++;
      if ((c.da + c.db - lenM * 1.01) / 2 >= 0.99 * c.least) pathTight++;
    }
    expect(tight / cases).toBeGreaterThan(0.9);
    expect(pathTight / cases).toBeLessThan(0.1);
  });

  it('is the nearer end where the segment heads away, and 0 where it may pass through', () => {
    expect(segmentLowerBound(3, 5, 4)).toBe(3);
    expect(segmentLowerBound(5, 3, 4)).toBe(3);
    expect(segmentLowerBound(5, 5, 6)).toBeCloseTo(4, 12);
    expect(segmentLowerBound(2, 2, 4)).toBe(0);
    expect(segmentLowerBound(2, 7, 0)).toBe(2);
  });
});

describe('closest approach', () => {
  it('reports the first of several points where the track touches the boundary', () => {
    // Across a low zone, far above its ceiling: laterally the track meets the boundary going in
    // and again coming out, both at distance 0; the approach is the first. (The fixes thin out
    // before the way out, whose longer segment a search by path length alone takes first.)
    const low = zone({ id: 'LOW', kind: 'other', ceilingFt: 5000 }, box(8.0, 46.9, 8.2, 47.1));
    const T0 = Date.parse('2018-08-01T12:00:00Z') / 1000;
    const rows: number[][] = [];
    for (let i = 0; i <= 9; i++) rows.push([T0 + 10 * i, 47.0, 7.9 + 0.03 * i, 30_000]);
    rows.push([T0 + 300, 47.0, 8.6, 30_000], [T0 + 310, 47.0, 8.61, 30_000]);
    const r = analyze([track('HIGH', rows, 'civil', null)], catalog(low));
    expect(r.visits).toHaveLength(0);
    expect(r.approaches).toHaveLength(1);
    const a = r.approaches[0];
    expect(a.distanceM).toBe(0);
    // On the western edge (the meridian 8°E), not the eastern one.
    expect(a.lon).toBeCloseTo(8.0, 6);
    expect(Date.parse(a.time) / 1000).toBeCloseTo(T0 + (10 * (8.0 - 7.9)) / 0.03, 2);
  });

  it('reports the first time an aircraft standing still was at its closest point (Swiss traffic)', async () => {
    // IBE3147's first two fixes repeat one position, its closest to the Zurich TMA sectors to
    // the east; it heads away from them after.
    const read = await readTrackFile(realdata('xoolive-traffic', 'collections', 'switzerland.json.gz'));
    const ibe = read.tracks.find((t) => t.id === 'IBE3147') as Track;
    expect([ibe.lat[1], ibe.lon[1]]).toEqual([ibe.lat[0], ibe.lon[0]]);
    const swiss = await importZoneFile(realdata('glide-rs-openair-rs', 'Switzerland.txt'));
    const r = analyze([ibe], { id: 'swiss', version: 'test', zones: swiss.zones });
    const first = new Date(ibe.t[0] * 1000).toISOString();
    // (Positions are given to 1e-7°.)
    const there = r.approaches.filter(
      (a) => Math.abs(a.lat - ibe.lat[0]) < 1e-7 && Math.abs(a.lon - ibe.lon[0]) < 1e-7,
    );
    expect(there.length).toBeGreaterThan(5);
    for (const a of there) expect(a.time, a.zone).toBe(first);
  });
});

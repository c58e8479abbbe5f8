import { describe, expect, it } from 'vitest';
import { distanceM, GeodesicSegment, inverse, NM_M } from '../../src/geo/geodesic.js';
import { arcPoints, arcStepDeg, MAX_SAGITTA_M, sweepDeg } from '../../src/zones/arcs.js';

/** Largest distance of a chord midpoint inside the geodesic circle, over all chords of the arc. */
function maxSagittaM(cLat: number, cLon: number, radiusM: number, pts: Array<[number, number]>): number {
  let worst = 0;
  for (let i = 0; i + 1 < pts.length; i++) {
    const mid = new GeodesicSegment(pts[i][0], pts[i][1], pts[i + 1][0], pts[i + 1][1]).at(0.5);
    worst = Math.max(worst, radiusM - distanceM(cLat, cLon, mid.lat, mid.lon));
  }
  return worst;
}

describe('geodesic arcs', () => {
  it.each([
    [0, 0, 0.5],
    [46, 8, 5],
    [55.23, -36.17, 25],
    [-70, 120, 250],
    [35, 135, 2000],
    [10, 10, 5300],
  ])('at (%f, %f) radius %f NM: points on the circle, chords within 0.5 m', (lat, lon, nm) => {
    const r = nm * NM_M;
    const pts = arcPoints(lat, lon, r, 10, 360);
    for (const [a, o] of pts) expect(Math.abs(distanceM(lat, lon, a, o) - r)).toBeLessThan(1e-6);
    const sag = maxSagittaM(lat, lon, r, pts);
    expect(sag).toBeLessThanOrEqual(MAX_SAGITTA_M);
    // Not wastefully dense either (unless the 1° cap on the step applies).
    if (arcStepDeg(r) < 1) expect(sag).toBeGreaterThan(MAX_SAGITTA_M / 4);
  });

  it('sweeps clockwise or counter-clockwise from start to end azimuth', () => {
    expect(sweepDeg(350, 10, true)).toBe(20);
    expect(sweepDeg(350, 10, false)).toBe(-340);
    expect(sweepDeg(90, 0, false)).toBe(-90);
    expect(sweepDeg(45, 45, true)).toBe(360);
    const pts = arcPoints(0, 0, 10_000, 90, -90);
    expect(inverse(0, 0, pts[0][0], pts[0][1]).azi1).toBeCloseTo(90, 9);
    expect(inverse(0, 0, pts[pts.length - 1][0], pts[pts.length - 1][1]).azi1).toBeCloseTo(0, 9);
  });

  it('uses coarser steps for larger circles', () => {
    expect(arcStepDeg(1000)).toBeGreaterThan(arcStepDeg(100_000));
    expect(arcStepDeg(0)).toBe(1);
  });
});

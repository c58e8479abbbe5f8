/**
 * Lines at a fixed distance from a coast (Yonaguni's 14 NM line, Hokkaido's 3 NM line), found by
 * bisection on geodesic distances. Approximate by construction: the coast is Natural Earth's
 * 1:10m outline, densified so the nearest-vertex distance is within ~100 m of the true distance.
 */
import { direct, distanceM, inverse } from '../../src/geo/geodesic.js';
import type { Pos } from './clip.js';

export class Coast {
  private readonly pts: Pos[] = [];

  constructor(rings: Pos[][], stepDeg = 0.001) {
    for (const ring of rings) {
      for (let i = 1; i < ring.length; i++) {
        const [a, b] = [ring[i - 1], ring[i]];
        const n = Math.max(1, Math.ceil(Math.max(Math.abs(b[0] - a[0]), Math.abs(b[1] - a[1])) / stepDeg));
        for (let k = 0; k < n; k++)
          this.pts.push([a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n]);
      }
    }
  }

  /** Geodesic distance (m) from (lat, lon) to the nearest outline point, and that point. */
  nearest(lat: number, lon: number): { m: number; p: Pos } {
    let best = Number.POSITIVE_INFINITY;
    let bp: Pos = this.pts[0];
    const k = Math.cos((lat * Math.PI) / 180);
    // Cheap planar prefilter, then exact geodesics for the candidates.
    let bestPlanar = Number.POSITIVE_INFINITY;
    for (const p of this.pts) {
      const d = ((p[0] - lon) * k) ** 2 + (p[1] - lat) ** 2;
      if (d < bestPlanar) bestPlanar = d;
    }
    const limit = (Math.sqrt(bestPlanar) * 1.05 + 0.002) ** 2;
    for (const p of this.pts) {
      const d = ((p[0] - lon) * k) ** 2 + (p[1] - lat) ** 2;
      if (d > limit) continue;
      const m = distanceM(lat, lon, p[1], p[0]);
      if (m < best) {
        best = m;
        bp = p;
      }
    }
    return { m: best, p: bp };
  }

  /**
   * The point on the geodesic from `from` toward `toward` (lon, lat) at distM from the coast,
   * assuming the distance grows monotonically along it (from must be nearer than distM).
   */
  pointAtDistance(from: Pos, toward: Pos, distM: number): Pos {
    const g = inverse(from[1], from[0], toward[1], toward[0]);
    let lo = 0;
    let hi = g.s12;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      const q = direct(from[1], from[0], g.azi1, mid);
      if (this.nearest(q.lat, q.lon).m < distM) lo = mid;
      else hi = mid;
    }
    const q = direct(from[1], from[0], g.azi1, (lo + hi) / 2);
    return [q.lon, q.lat];
  }
}

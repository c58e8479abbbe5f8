/**
 * Point pairs (lat1, lon1, lat2, lon2 flattened) that the geodesic ports' tests compare with
 * GeographicLib: each family drives a different path of the inverse solution.
 */
export { rng } from '../live/helpers.js';

export function uniformGlobe(n: number, next: () => number): number[] {
  const c: number[] = [];
  for (let i = 0; i < n; i++) {
    // asin of a uniform variate spreads points evenly over the sphere.
    const lat1 = (Math.asin(2 * next() - 1) * 180) / Math.PI;
    const lat2 = (Math.asin(2 * next() - 1) * 180) / Math.PI;
    c.push(lat1, 360 * next() - 180, lat2, 360 * next() - 180);
  }
  return c;
}

/** Second point 1e-9 to 5 degrees from the first (up to ~500 km), log-uniform in the offset. */
export function shortPairs(n: number, next: () => number): number[] {
  const c: number[] = [];
  for (let i = 0; i < n; i++) {
    const lat1 = 180 * next() - 90;
    const lon1 = 360 * next() - 180;
    const d = 10 ** (-9 + Math.log10(5e9) * next());
    const ang = 2 * Math.PI * next();
    let lat2 = lat1 + d * Math.cos(ang);
    if (lat2 > 90) lat2 = 180 - lat2;
    if (lat2 < -90) lat2 = -180 - lat2;
    c.push(lat1, lon1, lat2, lon1 + d * Math.sin(ang));
  }
  return c;
}

/** lat2 ≈ -lat1, lon2 ≈ lon1 + 180: the astroid, the near-cut strip and the bisection fallback. */
export function nearlyAntipodal(n: number, next: () => number): number[] {
  const c: number[] = [];
  for (let i = 0; i < n; i++) {
    const lat1 = 180 * next() - 90;
    const lon1 = 360 * next() - 180;
    const scale = 10 ** (-12 + 12.5 * next());
    const dlat = scale * (2 * next() - 1);
    const dlon = scale * (2 * next() - 1);
    const lat2 = Math.max(-90, Math.min(90, -lat1 + dlat));
    c.push(lat1, lon1, lat2, lon1 + 180 + dlon);
  }
  return c;
}

/**
 * Both points on or within 1e-14 degrees of the equator, about f * 180 degrees short of antipodal:
 * where the equatorial solution stops applying, Newton's method stalls and the library falls back to
 * bisection, runs past maxit1 (no derivative) and ends on the tripb test.
 */
export function equatorialCut(n: number, next: () => number): number[] {
  const c: number[] = [];
  const lon12 = 180 - 180 / 298.257223563;
  for (let i = 0; i < n; i++) {
    const lon1 = i % 2 ? 0 : 360 * next() - 180;
    c.push(next() < 0.5 ? 0 : -0, lon1, 1e-14 * (next() - 0.5), lon1 + lon12 + 2e-5 * (next() - 0.5));
  }
  return c;
}

/**
 * Arcs of geodesic circles (points at constant geodesic distance from a centre), densified into
 * geodesic chords for polygon rings. Full circles are never densified: they become buffer zones.
 */
import { direct, inverse, NM_M } from '../geo/geodesic.js';

/** The largest distance a chord may stray from the true arc. */
export const MAX_SAGITTA_M = 0.5;

/** Radii beyond this (a quarter of the meridian, ~5400 NM) are not airspace circles but typos. */
export const MAX_RADIUS_M = 10_000_000;

/** Mean Earth radius (IUGG); the step below carries a margin for the ellipsoid's departure from it. */
const R_EARTH_M = 6371008.8;

/**
 * Azimuth step (degrees) between consecutive arc points so that the geodesic chord between them
 * strays at most MAX_SAGITTA_M (0.5 m) from the geodesic circle of radius radiusM.
 *
 * On a sphere of radius R a geodesic circle of angular radius ρ = r/R has geodesic curvature
 * κ = cot(ρ)/R, and a chord of length L ≈ R·sin(ρ)·Δθ has sagitta s ≈ L²κ/8, so
 *   s ≈ R·sin(ρ)·cos(ρ)·Δθ²/8   ⇒   Δθ = √(8·s / (R·|sin ρ cos ρ|)).
 * For small circles R·sinρ·cosρ ≈ r, the familiar s = rΔθ²/8. The WGS84 ellipsoid's radii of
 * curvature differ from the mean radius by under 0.7 %; the factor 0.85 on Δθ (0.72 on s) covers
 * that and the higher-order terms, so the bound holds with room to spare (checked in the tests by
 * measuring chord midpoints with GeographicLib).
 */
export function arcStepDeg(radiusM: number): number {
  const rho = radiusM / R_EARTH_M;
  const k = R_EARTH_M * Math.abs(Math.sin(rho) * Math.cos(rho));
  if (k < 1e-6) return 1; // a point, or a great circle (ρ = 90°): chords are the curve itself
  const stepRad = 0.85 * Math.sqrt((8 * MAX_SAGITTA_M) / k);
  return Math.min(1, (stepRad * 180) / Math.PI);
}

/** Normalises an azimuth to [0, 360). */
export function normAzi(a: number): number {
  const x = a % 360;
  return x < 0 ? x + 360 : x;
}

/**
 * Signed sweep from azimuth a1 to a2 turning clockwise (positive, 0 < s ≤ 360) or counter-clockwise
 * (negative, -360 ≤ s < 0). Equal azimuths give a full turn: an arc back to its own start point.
 */
export function sweepDeg(a1: number, a2: number, clockwise: boolean): number {
  const cw = normAzi(a2 - a1);
  if (clockwise) return cw === 0 ? 360 : cw;
  const ccw = normAzi(a1 - a2);
  return ccw === 0 ? -360 : -ccw;
}

/**
 * Points of the arc of radius radiusM around (cLat, cLon) starting at azimuth startAzi and turning
 * sweep degrees (positive clockwise). The first and last points are included; intermediate points
 * are evenly spaced in azimuth at most arcStepDeg(radiusM) apart.
 */
export function arcPoints(
  cLat: number,
  cLon: number,
  radiusM: number,
  startAzi: number,
  sweep: number,
): Array<[number, number]> {
  const step = arcStepDeg(radiusM);
  const n = Math.max(1, Math.ceil(Math.abs(sweep) / step));
  const out: Array<[number, number]> = [];
  for (let i = 0; i <= n; i++) {
    const p = direct(cLat, cLon, startAzi + (sweep * i) / n, radiusM);
    out.push([p.lat, p.lon]);
  }
  return out;
}

/**
 * The arc from p1 to p2 around a centre, at p1's distance from the centre (OpenAIR DB, AIXM arcs
 * given by their end points). Returns the points from p1's azimuth to p2's azimuth, both ends
 * computed on the circle, plus the radius mismatch so callers can report badly formed arcs.
 */
export function arcBetween(
  cLat: number,
  cLon: number,
  p1: [number, number],
  p2: [number, number],
  clockwise: boolean,
): { points: Array<[number, number]>; radiusM: number; mismatchM: number } {
  const a = inverse(cLat, cLon, p1[0], p1[1]);
  const b = inverse(cLat, cLon, p2[0], p2[1]);
  const radiusM = a.s12;
  const points = arcPoints(cLat, cLon, radiusM, a.azi1, sweepDeg(a.azi1, b.azi1, clockwise));
  return { points, radiusM, mismatchM: Math.abs(b.s12 - a.s12) };
}

export function nmToM(nm: number): number {
  return nm * NM_M;
}

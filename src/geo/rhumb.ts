/**
 * Rhumb lines (loxodromes) on WGS84. A rhumb line is a straight line in the Mercator plane
 * (x = longitude, y = isometric latitude ψ), so side tests are exact cross products there and a
 * point at a fraction of a rhumb edge is exact up to the inversion of ψ (Newton, to 1e-15 rad).
 */
import { A_M, F } from './geodesic.js';

const E2 = F * (2 - F);
const E = Math.sqrt(E2);
const DEG = Math.PI / 180;

/** Isometric latitude ψ (radians) of a geodetic latitude in degrees; ±Infinity at the poles. */
export function isometricLat(latDeg: number): number {
  if (latDeg >= 90) return Number.POSITIVE_INFINITY;
  if (latDeg <= -90) return Number.NEGATIVE_INFINITY;
  const phi = latDeg * DEG;
  const s = Math.sin(phi);
  return Math.asinh(Math.tan(phi)) - E * Math.atanh(E * s);
}

/** Geodetic latitude in degrees of an isometric latitude ψ (radians). */
export function latFromIsometric(psi: number): number {
  if (!Number.isFinite(psi)) return psi > 0 ? 90 : -90;
  // Start from the sphere's inverse (the conformal latitude) and refine with Newton on ψ(φ).
  let phi = Math.atan(Math.sinh(psi));
  for (let i = 0; i < 8; i++) {
    const s = Math.sin(phi);
    const c = Math.cos(phi);
    const f = Math.asinh(Math.tan(phi)) - E * Math.atanh(E * s) - psi;
    const df = (1 - E2) / ((1 - E2 * s * s) * c);
    const step = f / df;
    phi -= step;
    if (Math.abs(step) < 1e-15) break;
  }
  return phi / DEG;
}

const N3 = F / (2 - F);

/**
 * Length in metres of the meridian arc from the equator to a geodetic latitude in degrees
 * (Helmert's series in the third flattening n to n⁴: within 1e-7 m on WGS84).
 */
export function meridianArcM(latDeg: number): number {
  const phi = latDeg * DEG;
  const n = N3;
  const n2 = n * n;
  const n3 = n2 * n;
  const n4 = n2 * n2;
  return (
    (A_M / (1 + n)) *
    ((1 + n2 / 4 + n4 / 64) * phi -
      (1.5 * n - (3 / 16) * n3) * Math.sin(2 * phi) +
      ((15 / 16) * n2 - (15 / 64) * n4) * Math.sin(4 * phi) -
      (35 / 48) * n3 * Math.sin(6 * phi) +
      (315 / 512) * n4 * Math.sin(8 * phi))
  );
}

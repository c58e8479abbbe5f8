/**
 * Ellipsoidal areas on WGS84. The ring is first taken with geodesic edges (Karney's PolygonArea,
 * error ≈ 0.1 m² per vertex); each rhumb edge then adds the exact area between itself and the
 * geodesic chord, from the area under a rhumb line, c²·Δλ·mean(sin ξ) over its isometric
 * latitude span (ξ the authalic latitude, c the authalic radius), by 32-point Gauss–Legendre
 * quadrature (relative error < 1e-13 away from the poles).
 */
import geodesicLib from 'geographiclib-geodesic';
import { EDGE_RHUMB, type Polygon, type Ring } from '../zones/zone.js';
import { F, lonDiff, WGS84 } from './geodesic.js';
import { isometricLat, latFromIsometric } from './rhumb.js';

const { PolygonArea, Geodesic } = geodesicLib;
const DEG = Math.PI / 180;
const E2 = F * (2 - F);
const E = Math.sqrt(E2);
/** Authalic radius squared and the area of the ellipsoid. */
const C2 = (WGS84 as unknown as { _c2: number })._c2;
export const EARTH_AREA_M2 = 4 * Math.PI * C2;

function q(phi: number): number {
  const s = Math.sin(phi);
  return (1 - E2) * (s / (1 - E2 * s * s) + Math.atanh(E * s) / E);
}
const QP = q(Math.PI / 2);

/** sin of the authalic latitude. */
function sinXi(latDeg: number): number {
  return q(latDeg * DEG) / QP;
}

// 32-point Gauss–Legendre nodes and weights on [-1, 1], computed once by Newton on P_n.
const GL_N = 32;
const GL_X = new Float64Array(GL_N);
const GL_W = new Float64Array(GL_N);
for (let i = 0; i < GL_N; i++) {
  let x = Math.cos((Math.PI * (i + 0.75)) / (GL_N + 0.5));
  let dp = 0;
  for (let it = 0; it < 100; it++) {
    let p0 = 1;
    let p1 = x;
    for (let k = 2; k <= GL_N; k++) {
      const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    dp = (GL_N * (x * p1 - p0)) / (x * x - 1);
    const dx = p1 / dp;
    x -= dx;
    if (Math.abs(dx) < 1e-16) break;
  }
  GL_X[i] = x;
  GL_W[i] = 2 / ((1 - x * x) * dp * dp);
}

/** Area between the rhumb line from point 1 to point 2 and the equator, with GeographicLib's S12 sign. */
function rhumbS12(lat1: number, lat2: number, dLonDeg: number): number {
  const psi1 = isometricLat(lat1);
  const psi2 = isometricLat(lat2);
  const m = (psi1 + psi2) / 2;
  const h = (psi2 - psi1) / 2;
  let mean = 0;
  for (let i = 0; i < GL_N; i++) mean += GL_W[i] * sinXi(latFromIsometric(m + h * GL_X[i]));
  mean /= 2;
  return C2 * dLonDeg * DEG * mean;
}

function geodesicS12(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.AREA).S12 as number;
}

/** Signed area of the ring, m²: positive when counterclockwise, in (-EARTH/2, EARTH/2]. */
export function signedRingAreaM2(ring: Ring): number {
  const poly = new PolygonArea.PolygonArea(WGS84, false);
  const n = ring.lat.length;
  for (let j = 0; j < n; j++) poly.AddPoint(ring.lat[j], ring.lon[j]);
  let area = poly.Compute(false, true).area as number;
  for (let j = 0; j < n; j++) {
    if (ring.edges[j] !== EDGE_RHUMB) continue;
    const k = j + 1 === n ? 0 : j + 1;
    const dLon = lonDiff(ring.lon[j], ring.lon[k]);
    // PolygonArea's area is minus the sum of the edges' S12, so swapping an edge's chord for the
    // rhumb line changes it by (chord S12 − rhumb S12).
    area +=
      geodesicS12(ring.lat[j], ring.lon[j], ring.lat[k], ring.lon[k]) -
      rhumbS12(ring.lat[j], ring.lat[k], dLon);
  }
  area = (((area % EARTH_AREA_M2) + EARTH_AREA_M2 * 1.5) % EARTH_AREA_M2) - EARTH_AREA_M2 / 2;
  return area;
}

/** Area enclosed by the ring in m²: the smaller of the two regions it bounds. */
export function ringAreaM2(ring: Ring): number {
  return Math.abs(signedRingAreaM2(ring));
}

/** Area of a polygon with holes, m². */
export function polygonAreaM2(polygon: Polygon | Ring): number {
  if (!Array.isArray(polygon)) return ringAreaM2(polygon);
  let area = 0;
  polygon.forEach((ring, i) => {
    area += (i === 0 ? 1 : -1) * ringAreaM2(ring);
  });
  return area;
}

/** Interior points of rhumb edge j, no further than pieceM apart (for drawing and clipping). */
export function rhumbPieces(ring: Ring, j: number, pieceM: number): Array<[number, number]> {
  const n = ring.lat.length;
  const k = j + 1 === n ? 0 : j + 1;
  const lat1 = ring.lat[j];
  const lon1 = ring.lon[j];
  const dLon = lonDiff(lon1, ring.lon[k]);
  const psi1 = isometricLat(lat1);
  const psi2 = isometricLat(ring.lat[k]);
  const approxLenM =
    111_320 * Math.hypot(ring.lat[k] - lat1, dLon * Math.cos(((lat1 + ring.lat[k]) / 2) * DEG));
  const pieces = Math.ceil(approxLenM / pieceM);
  const out: Array<[number, number]> = [];
  for (let i = 1; i < pieces; i++) {
    const u = i / pieces;
    let lon = lon1 + u * dLon;
    if (lon >= 180) lon -= 360;
    else if (lon < -180) lon += 360;
    out.push([latFromIsometric(psi1 + u * (psi2 - psi1)), lon]);
  }
  return out;
}

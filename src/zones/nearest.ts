/**
 * Distance from a point to a ring, the same value as RingGeom.distanceM but without visiting
 * every edge: the ring's edge index finds an upper bound U from the nearest edges, then only the
 * edges whose boxes lie within U of the point are candidates, evaluated in order of the same
 * lower bound distanceM uses. Every edge within U is a candidate, and U is at least the true
 * minimum, so the minimum is taken over a set that holds the minimising edge: the result is the
 * same number.
 *
 * Why the box is safe: a point within U of p differs from it by at most U / 110,574 m in latitude
 * (a meridian degree is never shorter) and, along the geodesic joining them, whose latitude stays
 * within that band, by at most U / (a·cos φmax) radians in longitude (dλ/ds ≤ 1/(N cos φ), N ≥ a).
 */
import type { RingGeom } from '../geo/ring.js';

const LAT_DEG_MIN_M = 110_574;
const LON_DEG_EQ_M = 111_319.49;
const DEG = Math.PI / 180;

function box(lat: number, lon: number, radiusM: number): [number, number, number, number] {
  const dLat = radiusM / LAT_DEG_MIN_M + 1e-9;
  const phi = Math.min(90, Math.abs(lat) + dLat);
  const cos = Math.cos(phi * DEG);
  const dLon = cos < 1e-6 ? 360 : radiusM / (LON_DEG_EQ_M * cos) + 1e-9;
  if (dLon >= 180) return [lat - dLat, lat + dLat, -180, 180];
  return [lat - dLat, lat + dLat, lon - dLon, lon + dLon];
}

/** The same value as ring.distanceM(lat, lon), found from the edges near the point. */
export function ringDistanceM(ring: RingGeom, lat: number, lon: number): number {
  const n = ring.n;
  if (n === 0) return Number.POSITIVE_INFINITY;
  if (n <= 16) return ring.distanceM(lat, lon);
  // An upper bound: the distance to the edge nearest by the lower bound among a few near ones.
  let upper = Number.POSITIVE_INFINITY;
  for (let r = 2_000; r < 4e7; r *= 4) {
    const [a, b, c, d] = box(lat, lon, r);
    const near = ring.candidates(a, b, c, d);
    if (near.length === 0) continue;
    let bestJ = near[0];
    let bestLb = Number.POSITIVE_INFINITY;
    for (const j of near) {
      const l = lowerBoundM(ring, j, lat, lon);
      if (l < bestLb) {
        bestLb = l;
        bestJ = j;
      }
    }
    upper = ring.edgeDistanceM(bestJ, lat, lon);
    break;
  }
  if (!Number.isFinite(upper)) return ring.distanceM(lat, lon);
  const [a, b, c, d] = box(lat, lon, upper + 1);
  const cand = ring.candidates(a, b, c, d);
  const m = cand.length;
  const lb = new Float64Array(m);
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) {
    lb[i] = lowerBoundM(ring, cand[i], lat, lon);
    order[i] = i;
  }
  order.sort((x, y) => lb[x] - lb[y]);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    const o = order[i];
    if (lb[o] >= best) break;
    const dist = ring.edgeDistanceM(cand[o], lat, lon);
    if (dist < best) best = dist;
  }
  return best;
}

/**
 * A lower bound of the distance from a point to edge j: half the triangle-inequality excess over
 * the edge's length. Vertex distances are bounded below by b × the angle between geocentric
 * directions: the radial projection onto the sphere of radius b (inside the ellipsoid) shortens
 * every path, so no path on the ellipsoid between the two points is shorter than that arc.
 */
function lowerBoundM(ring: RingGeom, j: number, lat: number, lon: number): number {
  const u = unitVectors(ring);
  const p = geocentric(lat, lon);
  const k = j + 1 === ring.n ? 0 : j + 1;
  const dj = B_M * angle(p, u, j);
  const dk = B_M * angle(p, u, k);
  return Math.max(0, (dj + dk - ring.lenM[j] * 1.01) / 2) * 0.99 - 1;
}

/** Semi-minor axis of WGS84, metres. */
const B_M = 6_356_752.314;
const E2 = 0.00669437999014;
const vectors = new WeakMap<RingGeom, Float64Array>();
let lastLat = Number.NaN;
let lastLon = Number.NaN;
const lastP = new Float64Array(3);

/** Geocentric unit vector of a geodetic position (cached for the last point asked). */
function geocentric(lat: number, lon: number): Float64Array {
  if (lat === lastLat && lon === lastLon) return lastP;
  const phi = lat * DEG;
  const lam = lon * DEG;
  const s = Math.sin(phi);
  const n = 1 / Math.sqrt(1 - E2 * s * s);
  const x = n * Math.cos(phi) * Math.cos(lam);
  const y = n * Math.cos(phi) * Math.sin(lam);
  const z = n * (1 - E2) * s;
  const r = Math.hypot(x, y, z);
  lastP[0] = x / r;
  lastP[1] = y / r;
  lastP[2] = z / r;
  lastLat = lat;
  lastLon = lon;
  return lastP;
}

function unitVectors(ring: RingGeom): Float64Array {
  let u = vectors.get(ring);
  if (!u) {
    u = new Float64Array(3 * ring.n);
    for (let j = 0; j < ring.n; j++) {
      const g = geocentric(ring.lat[j], ring.lon[j]);
      u[3 * j] = g[0];
      u[3 * j + 1] = g[1];
      u[3 * j + 2] = g[2];
    }
    lastLat = Number.NaN;
    vectors.set(ring, u);
  }
  return u;
}

/** Angle in radians between unit vector p and vertex j's (by the chord: stable for small angles). */
function angle(p: Float64Array, u: Float64Array, j: number): number {
  const dx = p[0] - u[3 * j];
  const dy = p[1] - u[3 * j + 1];
  const dz = p[2] - u[3 * j + 2];
  const chord = Math.sqrt(dx * dx + dy * dy + dz * dz);
  // Rounding in the vectors can shrink the chord by ~1e-16: shave a hair off the angle.
  return Math.max(0, 2 * Math.asin(Math.min(1, chord / 2)) - 1e-12);
}

/**
 * The least distance from (lat, lon) to the listed edges of a ring: the same number as the
 * minimum of edgeDistanceM over all of them, evaluating only the edges whose lower bound is below
 * the best distance found so far (in increasing order of that bound).
 */
export function edgesDistanceM(ring: RingGeom, edges: Uint32Array, lat: number, lon: number): number {
  const m = edges.length;
  if (m <= 4) {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < m; i++) best = Math.min(best, ring.edgeDistanceM(edges[i], lat, lon));
    return best;
  }
  const lb = new Float64Array(m);
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) {
    lb[i] = lowerBoundM(ring, edges[i], lat, lon);
    order[i] = i;
  }
  order.sort((x, y) => lb[x] - lb[y]);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    const o = order[i];
    if (lb[o] >= best) break;
    best = Math.min(best, ring.edgeDistanceM(edges[o], lat, lon));
  }
  return best;
}

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
import { sphericalDistanceM } from '../geo/ring.js';

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

/** distanceM's lower bound for edge j: half the triangle-inequality excess, shrunk for the ellipsoid. */
function lowerBoundM(ring: RingGeom, j: number, lat: number, lon: number): number {
  const k = j + 1 === ring.n ? 0 : j + 1;
  const dj = sphericalDistanceM(lat, lon, ring.lat[j], ring.lon[j]);
  const dk = sphericalDistanceM(lat, lon, ring.lat[k], ring.lon[k]);
  return Math.max(0, (dj + dk - ring.lenM[j] * 1.01) / 2) * 0.99 - 1;
}

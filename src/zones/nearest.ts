/**
 * Distance from a point to a ring, the same value as RingGeom.distanceM but without visiting
 * every edge: the ring's edge index finds an upper bound U from the nearest edges, then only the
 * edges whose boxes lie within U of the point are candidates, evaluated in order of a lower bound
 * and only while that bound is below the best distance found. Every edge within U is a
 * candidate, and U is at least the true minimum, so the minimum is taken over a set that holds the
 * minimising edge: the result is the same number.
 *
 * Why the box is safe: a point within U of p differs from it by at most U / 110,574 m in latitude
 * (a meridian degree is never shorter) and, along the geodesic joining them, whose latitude stays
 * within that band, by at most U / (a·cos φmax) radians in longitude (dλ/ds ≤ 1/(N cos φ), N ≥ a).
 *
 * The lower bound of the distance to an edge is angular. Radial projection onto the sphere of
 * radius b (inside the ellipsoid) shortens every path, so no path between two points is shorter
 * than b × the angle between their geocentric directions. Every point of an edge lies within a
 * small angle δ of the great-circle arc joining its ends' directions (measured per edge when the
 * ring is first used), so a point whose direction is θ from that arc is at least b·(θ − δ) from
 * the edge. Unlike the triangle-inequality bound this is tight far from the edge's ends, where a
 * long ADIZ edge or a dense coastline would otherwise leave hundreds of candidates.
 */
import { MASK } from '../geo/geodesic.js';
import { latFromIsometric } from '../geo/rhumb.js';
import type { RingGeom } from '../geo/ring.js';
import { EDGE_RHUMB } from './zone.js';

const LAT_DEG_MIN_M = 110_574;
const LON_DEG_EQ_M = 111_319.49;
const DEG = Math.PI / 180;
/** Semi-minor axis of WGS84, metres. */
const B_M = 6_356_752.314;
const E2 = 0.00669437999014;
/** Points sampled inside each edge to measure how far it strays from its great-circle arc. */
const DEVIATION_SAMPLES = 7;
/**
 * The deviation is a single smooth bump, zero at both ends (a parabola-like arch for a geodesic,
 * the rhumb line's bulge off the chord plane); with 7 evenly spaced samples the largest sample is
 * at least 0.87 of the bump's height for a parabola or a sine arch, so 1.25 × it covers the peak.
 */
const DEVIATION_MARGIN = 1.25;
/** Rounding in unit vectors and asin: an angle this small (≈ 6 µm) is shaved off every bound. */
const ANGLE_EPS = 1e-12;

function box(lat: number, lon: number, radiusM: number): [number, number, number, number] {
  const dLat = radiusM / LAT_DEG_MIN_M + 1e-9;
  const phi = Math.min(90, Math.abs(lat) + dLat);
  const cos = Math.cos(phi * DEG);
  const dLon = cos < 1e-6 ? 360 : radiusM / (LON_DEG_EQ_M * cos) + 1e-9;
  if (dLon >= 180) return [lat - dLat, lat + dLat, -180, 180];
  return [lat - dLat, lat + dLat, lon - dLon, lon + dLon];
}

/**
 * Per-edge frames of a ring, 3-vectors packed in Float64Arrays: u (vertex directions), nrm (unit
 * normal of edge j's arc plane, zero for a degenerate edge), ta and tb (the arc's two end planes:
 * a direction lies over the arc when its dot products with both are ≥ 0), dev (δ, radians).
 */
interface Frames {
  u: Float64Array;
  nrm: Float64Array;
  ta: Float64Array;
  tb: Float64Array;
  dev: Float64Array;
}

const framesOf = new WeakMap<RingGeom, Frames>();
const P = new Float64Array(3);

/** Geocentric unit vector of a geodetic position, written into out[o..o+2]. */
function geocentric(lat: number, lon: number, out: Float64Array, o: number): void {
  const phi = lat * DEG;
  const lam = lon * DEG;
  const s = Math.sin(phi);
  const n = 1 / Math.sqrt(1 - E2 * s * s);
  const x = n * Math.cos(phi) * Math.cos(lam);
  const y = n * Math.cos(phi) * Math.sin(lam);
  const z = n * (1 - E2) * s;
  const r = Math.hypot(x, y, z);
  out[o] = x / r;
  out[o + 1] = y / r;
  out[o + 2] = z / r;
}

/** Angle in radians between unit vectors a[ao..] and b[bo..] (by the chord: stable when small). */
function angleBetween(a: Float64Array, ao: number, b: Float64Array, bo: number): number {
  const dx = a[ao] - b[bo];
  const dy = a[ao + 1] - b[bo + 1];
  const dz = a[ao + 2] - b[bo + 2];
  return 2 * Math.asin(Math.min(1, Math.sqrt(dx * dx + dy * dy + dz * dz) / 2));
}

/** Angle in radians from unit vector p[po..] to the arc of edge j. */
function arcAngle(f: Frames, j: number, k: number, p: Float64Array, po: number): number {
  const o = 3 * j;
  const nx = f.nrm[o];
  const ny = f.nrm[o + 1];
  const nz = f.nrm[o + 2];
  const px = p[po];
  const py = p[po + 1];
  const pz = p[po + 2];
  if (nx !== 0 || ny !== 0 || nz !== 0) {
    const overA = px * f.ta[o] + py * f.ta[o + 1] + pz * f.ta[o + 2];
    const overB = px * f.tb[o] + py * f.tb[o + 1] + pz * f.tb[o + 2];
    if (overA >= 0 && overB >= 0) return Math.asin(Math.min(1, Math.abs(px * nx + py * ny + pz * nz)));
  }
  return Math.min(angleBetween(p, po, f.u, o), angleBetween(p, po, f.u, 3 * k));
}

function frames(ring: RingGeom): Frames {
  let f = framesOf.get(ring);
  if (f) return f;
  const n = ring.n;
  f = {
    u: new Float64Array(3 * n),
    nrm: new Float64Array(3 * n),
    ta: new Float64Array(3 * n),
    tb: new Float64Array(3 * n),
    dev: new Float64Array(n),
  };
  const { u, nrm, ta, tb, dev } = f;
  for (let j = 0; j < n; j++) geocentric(ring.lat[j], ring.lon[j], u, 3 * j);
  const q = new Float64Array(3);
  for (let j = 0; j < n; j++) {
    const k = j + 1 === n ? 0 : j + 1;
    const o = 3 * j;
    const ok = 3 * k;
    const [ax, ay, az] = [u[o], u[o + 1], u[o + 2]];
    const [bx, by, bz] = [u[ok], u[ok + 1], u[ok + 2]];
    let cx = ay * bz - az * by;
    let cy = az * bx - ax * bz;
    let cz = ax * by - ay * bx;
    const len = Math.hypot(cx, cy, cz);
    // Arcs of 180° and more do not occur between neighbouring vertices; a zero normal falls
    // back to the distance from the ends, which the deviation then covers.
    const dot = ax * bx + ay * by + az * bz;
    if (len > 1e-15 && dot > -0.5) {
      cx /= len;
      cy /= len;
      cz /= len;
      nrm[o] = cx;
      nrm[o + 1] = cy;
      nrm[o + 2] = cz;
      // n × a and b × n: the half-spaces beyond a's end and b's end.
      ta[o] = cy * az - cz * ay;
      ta[o + 1] = cz * ax - cx * az;
      ta[o + 2] = cx * ay - cy * ax;
      tb[o] = by * cz - bz * cy;
      tb[o + 1] = bz * cx - bx * cz;
      tb[o + 2] = bx * cy - by * cx;
    }
    let worst = 0;
    for (let i = 1; i <= DEVIATION_SAMPLES; i++) {
      const t = i / (DEVIATION_SAMPLES + 1);
      if (ring.kind[j] === EDGE_RHUMB) {
        const la = latFromIsometric(ring.psi[j] + t * (ring.psi[k] - ring.psi[j]));
        geocentric(la, ring.lon[j] + t * ring.dLon[j], q, 0);
      } else {
        const p = ring.line(j).Position(t * ring.lenM[j], MASK.LATITUDE | MASK.LONGITUDE);
        geocentric(p.lat2 as number, p.lon2 as number, q, 0);
      }
      worst = Math.max(worst, arcAngle(f, j, k, q, 0));
    }
    dev[j] = worst * DEVIATION_MARGIN;
  }
  framesOf.set(ring, f);
  return f;
}

/** Lower bound in metres of the distance from the point with direction P to edge j. */
function lowerBound(f: Frames, ring: RingGeom, j: number): number {
  const k = j + 1 === ring.n ? 0 : j + 1;
  const theta = arcAngle(f, j, k, P, 0) - f.dev[j] - ANGLE_EPS;
  return theta > 0 ? B_M * theta : 0;
}

/**
 * Candidate edges within radiusM of (lat, lon), ordered by the lower bound of their distance,
 * and those bounds (set P to the point first).
 */
function ordered(
  ring: RingGeom,
  f: Frames,
  edges: ArrayLike<number>,
): { edges: Uint32Array; lb: Float64Array } {
  const m = edges.length;
  const lb = new Float64Array(m);
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) {
    lb[i] = lowerBound(f, ring, edges[i]);
    order[i] = i;
  }
  order.sort((x, y) => lb[x] - lb[y]);
  const outE = new Uint32Array(m);
  const outL = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    outE[i] = edges[order[i]];
    outL[i] = lb[order[i]];
  }
  return { edges: outE, lb: outL };
}

function inBox(ring: RingGeom, lat: number, lon: number, radiusM: number): number[] {
  const [a, b, c, d] = box(lat, lon, radiusM);
  return ring.candidates(a, b, c, d);
}

/**
 * The same value as ring.distanceM(lat, lon), found from the edges near the point. With a cap,
 * edges that cannot come closer than the cap are skipped: the result is then exact when below
 * the cap and otherwise some value ≥ the cap (or Infinity).
 */
export function ringDistanceM(
  ring: RingGeom,
  lat: number,
  lon: number,
  cap = Number.POSITIVE_INFINITY,
): number {
  const n = ring.n;
  if (n === 0) return Number.POSITIVE_INFINITY;
  if (n <= 16 && !Number.isFinite(cap)) return ring.distanceM(lat, lon);
  const f = frames(ring);
  geocentric(lat, lon, P, 0);
  let upper = cap;
  if (!Number.isFinite(upper)) {
    // An upper bound: the distance to the edge nearest by the lower bound among a few near ones.
    for (let r = 2_000; r < 4e7; r *= 4) {
      const near = inBox(ring, lat, lon, r);
      if (near.length === 0) continue;
      let bestJ = near[0];
      let bestLb = Number.POSITIVE_INFINITY;
      for (const j of near) {
        const l = lowerBound(f, ring, j);
        if (l < bestLb) {
          bestLb = l;
          bestJ = j;
        }
      }
      upper = ring.edgeDistanceM(bestJ, lat, lon);
      break;
    }
    if (!Number.isFinite(upper)) return ring.distanceM(lat, lon);
  }
  const { edges, lb } = ordered(ring, f, inBox(ring, lat, lon, upper + 1));
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < edges.length; i++) {
    if (lb[i] >= Math.min(best, cap)) break;
    best = Math.min(best, ring.edgeDistanceM(edges[i], lat, lon));
  }
  return best;
}

/**
 * Edges of the ring that can be the nearest edge, or hold a point nearer than limitM, for some
 * point within slackM of (lat, lon); limitM must be at least the point's distance to the zone's
 * boundary (so every edge that matters is within limitM + 2 slackM of the point).
 */
export function nearEdges(
  ring: RingGeom,
  lat: number,
  lon: number,
  slackM: number,
  limitM: number,
): Uint32Array {
  const reach = limitM + 2 * slackM;
  const f = frames(ring);
  geocentric(lat, lon, P, 0);
  const out: number[] = [];
  for (const j of inBox(ring, lat, lon, reach + 1)) if (lowerBound(f, ring, j) <= reach) out.push(j);
  return Uint32Array.from(out);
}

/**
 * Candidate edges for the smallest distance from anything within slackM of (lat, lon) below
 * limitM, ordered by a lower bound of that distance (the bound at the centre less slackM).
 */
export function edgesWithin(
  ring: RingGeom,
  lat: number,
  lon: number,
  slackM: number,
  limitM: number,
): { edges: Uint32Array; lb: Float64Array } {
  const f = frames(ring);
  geocentric(lat, lon, P, 0);
  const o = ordered(ring, f, inBox(ring, lat, lon, limitM + slackM + 1));
  for (let i = 0; i < o.lb.length; i++) o.lb[i] -= slackM;
  return o;
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
  const f = frames(ring);
  geocentric(lat, lon, P, 0);
  const o = ordered(ring, f, edges);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    if (o.lb[i] >= best) break;
    best = Math.min(best, ring.edgeDistanceM(o.edges[i], lat, lon));
  }
  return best;
}

/**
 * The least of ringDistanceM over several rings (a zone's islands and holes), nearest box first
 * so that the first distance found caps the search in the others.
 */
export function ringsDistanceM(rings: readonly RingGeom[], lat: number, lon: number): number {
  if (rings.length === 1) return ringDistanceM(rings[0], lat, lon);
  const key = new Float64Array(rings.length);
  const order = new Uint32Array(rings.length);
  for (let i = 0; i < rings.length; i++) {
    order[i] = i;
    const b = rings[i].bbox;
    if (b.wraps) continue;
    const cLat = Math.min(b.maxLat, Math.max(b.minLat, lat));
    const cLon = Math.min(b.maxLon, Math.max(b.minLon, lon));
    key[i] = Math.abs(cLat - lat) + Math.abs(cLon - lon) * Math.cos(lat * DEG);
  }
  order.sort((x, y) => key[x] - key[y]);
  let best = Number.POSITIVE_INFINITY;
  for (const i of order) best = Math.min(best, ringDistanceM(rings[i], lat, lon, best));
  return best;
}

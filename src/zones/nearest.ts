/**
 * Distance from a point to a ring, the same value as RingGeom.distanceM but without visiting
 * every edge: edges are taken in increasing order of a lower bound of their distance, and the
 * search stops once the bound reaches the best distance found. The edge that holds the minimum
 * is never skipped (its bound is below its distance), so the result is the same number.
 *
 * The lower bound of the distance to an edge is angular. Radial projection onto the sphere of
 * radius b (inside the ellipsoid) shortens every path, so no path between two points is shorter
 * than b × the angle between their geocentric directions. Every point of an edge lies within a
 * small angle δ of the great-circle arc joining its ends' directions (measured per edge when the
 * ring is first used), so a point whose direction is θ from that arc is at least b·(θ − δ) from
 * the edge. Unlike the triangle-inequality bound this is tight far from the edge's ends, where a
 * long ADIZ edge or a dense coastline would otherwise leave hundreds of candidates.
 *
 * Edges are grouped into caps of 16 consecutive edges and those into caps of 16 caps (centre
 * direction, angular radius holding every point of every edge), so a query bounds a few dozen
 * caps and opens only those that can hold something nearer.
 */
import { direct, lonDiff } from '../geo/geodesic.js';
import { latFromIsometric, meridianArcM } from '../geo/rhumb.js';
import type { RingGeom } from '../geo/ring.js';
import { MinHeap } from '../util/min-heap.js';
import { EDGE_RHUMB } from './zone.js';

const DEG = Math.PI / 180;
/** Semi-minor axis of WGS84, metres. */
const B_M = 6_356_752.314;
/** Semi-major axis of WGS84, metres. */
const A_EQ_M = 6_378_137;
const E2 = 0.00669437999014;
/** Points sampled inside each edge to measure how far it strays from its great-circle arc. */
const DEVIATION_SAMPLES = 7;
/** Geodesic edges shorter than this are sampled at their middle only. */
const SHORT_EDGE_M = 20_000;
/**
 * The deviation is a single smooth bump, zero at both ends (a parabola-like arch for a geodesic,
 * the rhumb line's bulge off the chord plane); with 7 evenly spaced samples the largest sample is
 * at least 0.87 of the bump's height for a parabola or a sine arch, so 1.25 × it covers the peak.
 */
const DEVIATION_MARGIN = 1.25;
/** Rounding in unit vectors and asin: an angle this small (≈ 6 µm) is shaved off every bound. */
const ANGLE_EPS = 1e-12;

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
  /**
   * Meridian arc (metres from the equator) of each rhumb edge along a parallel, NaN for other
   * edges: the distance to such an edge is known without a geodesic (see parallelBounds).
   */
  par: Float64Array;
  /** Caps holding CHUNK consecutive edges: centre directions (3 per chunk) and angular radii. */
  chunkC: Float64Array;
  chunkR: Float64Array;
  /** Caps holding CHUNK consecutive chunks. */
  blockC: Float64Array;
  blockR: Float64Array;
  /** One cap holding the whole ring. */
  ringC: Float64Array;
  ringR: Float64Array;
}

/** Edges per chunk, and chunks per block, of the two-level cap hierarchy over a ring. */
const CHUNK = 16;

const framesOf = new WeakMap<RingGeom, Frames>();
/** The query point: its geocentric direction, its position and its meridian arc (setPoint). */
const P = new Float64Array(3);
let pLat = 0;
let pLon = 0;
/** P's meridian arc, computed when a parallel first needs it (NaN: not yet). */
let pMerid = Number.NaN;
/** P's geocentric latitude, radians. */
let pPsi = 0;
/**
 * The radius by which angles from P scale into lower bounds of distances: b, or more once a
 * limit is known (see tighten).
 */
let lbScale = B_M;

function setPoint(lat: number, lon: number): void {
  geocentric(lat, lon, P, 0);
  pLat = lat;
  pLon = lon;
  pMerid = Number.NaN;
  pPsi = Math.asin(Math.max(-1, Math.min(1, P[2])));
  lbScale = B_M;
}

/** Radius of the ellipsoid at geocentric latitude psi (radians), metres. */
function rhoAt(psi: number): number {
  const c = Math.cos(psi);
  const s = Math.sin(psi);
  return 1 / Math.sqrt((c * c) / (A_EQ_M * A_EQ_M) + (s * s) / (B_M * B_M));
}

/**
 * Lower bounds from here on serve only distances below limitM. A path from P shorter than that
 * stays within limitM / b (radians) of P's direction (radial projection onto the sphere of
 * radius b shortens every path), so at geocentric latitudes within that of P's, where the
 * ellipsoid's radius is at least ρ(|ψ_P| + limitM / b); projected onto the sphere of that radius
 * it gets no longer, so such a distance is at least that radius times its angle. Near P the
 * bound is then within about 0.02 % of the distance, where b alone leaves up to 0.3 %.
 */
function tighten(limitM: number): void {
  if (!(limitM < Number.POSITIVE_INFINITY)) return;
  const psi = Math.min(Math.PI / 2, Math.abs(pPsi) + limitM / B_M + ANGLE_EPS);
  lbScale = Math.max(lbScale, rhoAt(psi));
}

/**
 * An upper bound of the length of a path from P through angles of at most theta (radians),
 * radially projected onto the ellipsoid: its radius there is at most ρ(|ψ_P| − theta), and it
 * changes by at most 21.5 km per radian along a great circle, which adds less than 5.7e-6.
 */
function pathUpperM(theta: number): number {
  const psi = Math.max(0, Math.abs(pPsi) - theta - ANGLE_EPS);
  return rhoAt(psi) * (1 + 1e-5) * (theta + ANGLE_EPS) + 1e-3;
}

/** Geocentric unit vector of a geodetic position, written into out[o..o+2]. */
function geocentric(lat: number, lon: number, out: Float64Array, o: number): void {
  const phi = lat * DEG;
  const lam = lon * DEG;
  const s = Math.sin(phi);
  const n = 1 / Math.sqrt(1 - E2 * s * s);
  const x = n * Math.cos(phi) * Math.cos(lam);
  const y = n * Math.cos(phi) * Math.sin(lam);
  const z = n * (1 - E2) * s;
  // (Not Math.hypot: called per query point, and V8's allocates; these are of order 1.)
  const r = Math.sqrt(x * x + y * y + z * z);
  out[o] = x / r;
  out[o + 1] = y / r;
  out[o + 2] = z / r;
}

/** The chord between unit vectors a[ao..] and b[bo..]: 2 sin(θ/2) for their angle θ. */
function chordBetween(a: Float64Array, ao: number, b: Float64Array, bo: number): number {
  const dx = a[ao] - b[bo];
  const dy = a[ao + 1] - b[bo + 1];
  const dz = a[ao + 2] - b[bo + 2];
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}

/** Angle in radians between unit vectors a[ao..] and b[bo..] (by the chord: stable when small). */
function angleBetween(a: Float64Array, ao: number, b: Float64Array, bo: number): number {
  return 2 * Math.asin(Math.min(1, chordBetween(a, ao, b, bo) / 2));
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
    par: new Float64Array(n).fill(Number.NaN),
    chunkC: new Float64Array(0),
    chunkR: new Float64Array(0),
    blockC: new Float64Array(0),
    blockR: new Float64Array(0),
    ringC: new Float64Array(3),
    ringR: new Float64Array(1),
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
    const rhumb = ring.kind[j] === EDGE_RHUMB;
    // A short geodesic strays from its arc as a parabola (third-order terms are L/R smaller):
    // its largest deviation is at the middle.
    const samples = rhumb || ring.lenM[j] > SHORT_EDGE_M ? DEVIATION_SAMPLES : 1;
    for (let i = 1; i <= samples; i++) {
      const t = i / (samples + 1);
      if (rhumb) {
        const la = latFromIsometric(ring.psi[j] + t * (ring.psi[k] - ring.psi[j]));
        geocentric(la, ring.lon[j] + t * ring.dLon[j], q, 0);
      } else {
        const p = direct(ring.lat[j], ring.lon[j], ring.azi[j], t * ring.lenM[j]);
        geocentric(p.lat, p.lon, q, 0);
      }
      worst = Math.max(worst, arcAngle(f, j, k, q, 0));
    }
    dev[j] = worst * DEVIATION_MARGIN;
    if (rhumb && ring.lat[j] === ring.lat[k]) f.par[j] = meridianArcM(ring.lat[j]);
  }
  const nc = Math.ceil(n / CHUNK);
  f.chunkC = new Float64Array(3 * nc);
  f.chunkR = new Float64Array(nc);
  for (let c = 0; c < nc; c++) {
    const j0 = c * CHUNK;
    const j1 = Math.min(n, j0 + CHUNK);
    // Every point of edge j is within dev[j] of its arc, and the arc within the larger of its
    // ends' angles from the centre (a cap under 90° is convex).
    capOf(
      f.chunkC,
      f.chunkR,
      c,
      j1 - j0 + 1,
      (i) => 3 * ((j0 + i) % n),
      u,
      (i) => (i < j1 - j0 ? dev[j0 + i] : 0),
    );
  }
  const nb = Math.ceil(nc / CHUNK);
  f.blockC = new Float64Array(3 * nb);
  f.blockR = new Float64Array(nb);
  for (let b = 0; b < nb; b++) {
    const c0 = b * CHUNK;
    const c1 = Math.min(nc, c0 + CHUNK);
    capOf(
      f.blockC,
      f.blockR,
      b,
      c1 - c0,
      (i) => 3 * (c0 + i),
      f.chunkC,
      (i) => f.chunkR[c0 + i],
    );
  }
  capOf(
    f.ringC,
    f.ringR,
    0,
    nb,
    (i) => 3 * i,
    f.blockC,
    (i) => f.blockR[i],
  );
  framesOf.set(ring, f);
  return f;
}

/**
 * A cap (centre, angular radius) holding m caps or points of `src` (offsets by `at`, radii by
 * `rad`), written to slot k of (outC, outR). Radii of 90° and more are widened to π: such a cap
 * is not convex, and a bound from it would be wrong.
 */
function capOf(
  outC: Float64Array,
  outR: Float64Array,
  k: number,
  m: number,
  at: (i: number) => number,
  src: Float64Array,
  rad: (i: number) => number,
): void {
  let x = 0;
  let y = 0;
  let z = 0;
  for (let i = 0; i < m; i++) {
    const o = at(i);
    x += src[o];
    y += src[o + 1];
    z += src[o + 2];
  }
  const len = Math.hypot(x, y, z);
  if (len < 1e-9) {
    outR[k] = Math.PI;
    return;
  }
  outC[3 * k] = x / len;
  outC[3 * k + 1] = y / len;
  outC[3 * k + 2] = z / len;
  let r = 0;
  for (let i = 0; i < m; i++) r = Math.max(r, angleBetween(outC, 3 * k, src, at(i)) + rad(i));
  outR[k] = r < Math.PI / 2 ? r + ANGLE_EPS : Math.PI;
}

/**
 * Lower bound in metres of the distance from the point with direction P to anything in cap k.
 * The walks take millions of these and of lowerBound's, so both are written out with no call and
 * no arcsine: the angle 2 asin(c/2) of a chord c is bounded below by the first two terms of the
 * arcsine's series, c + c³/24, whose terms are all positive (short by about 3x⁵/40 for asin x: a
 * decimetre at 300 km, closer than the walks need).
 */
function capBound(c: Float64Array, r: Float64Array, k: number): number {
  const o = 3 * k;
  const dx = P[0] - c[o];
  const dy = P[1] - c[o + 1];
  const dz = P[2] - c[o + 2];
  const ch = Math.sqrt(dx * dx + dy * dy + dz * dz);
  const theta = ch + (ch * ch * ch) / 24 - r[k] - ANGLE_EPS;
  return theta > 0 ? lbScale * theta : 0;
}

/**
 * Walks the cap hierarchy best first, calling visit(j, lb) for every edge whose lower bound is
 * below limit() (re-read as the caller tightens it), in increasing order of that bound across the
 * whole ring: blocks, chunks and edges share one queue, so an edge is visited only once nothing
 * left can have a smaller bound. A nearest search then computes exactly only the edges whose
 * bound is below the distance it ends with. P must be set.
 */
function walk(ring: RingGeom, f: Frames, limit: () => number, visit: (j: number, lb: number) => void): void {
  // A ring whose cap is beyond the limit has nothing to offer (the rings of an archipelago).
  if (capBound(f.ringC, f.ringR, 0) >= limit()) return;
  const n = ring.n;
  const nb = f.blockR.length;
  const nc = f.chunkR.length;
  queue.clear();
  for (let b = 0; b < nb; b++) queue.push(capBound(f.blockC, f.blockR, b), b * 4);
  while (queue.size) {
    const lb = queue.topKey();
    if (lb >= limit()) break;
    const code = queue.pop();
    const i = code >> 2;
    const kind = code & 3;
    if (kind === EDGE) visit(i, lb);
    else if (kind === BLOCK) {
      const c1 = Math.min(nc, (i + 1) * CHUNK);
      for (let c = i * CHUNK; c < c1; c++)
        queue.push(capBound(f.chunkC, f.chunkR, c), c * 4 + CHUNK_OF_EDGES);
    } else {
      const j1 = Math.min(n, (i + 1) * CHUNK);
      for (let j = i * CHUNK; j < j1; j++) queue.push(lowerBound(f, ring, j), j * 4 + EDGE);
    }
  }
}

/** What a walk's queue entry is (the low two bits of its code; the index is the rest). */
const BLOCK = 0;
const CHUNK_OF_EDGES = 1;
const EDGE = 2;

// Scratch for walk (never re-entered: its visitors compute distances, not walks).
const queue = new MinHeap<number>();

/**
 * Lower bound in metres of the distance from the point with direction P to edge j: its angle to
 * the edge's arc (as arcAngle, the arcsines bounded by their series' first two terms, see
 * capBound) less the edge's deviation from the arc.
 */
function lowerBound(f: Frames, ring: RingGeom, j: number): number {
  if (!Number.isNaN(f.par[j])) return parallelBound(f, ring, j, false);
  const o = 3 * j;
  const px = P[0];
  const py = P[1];
  const pz = P[2];
  const nrm = f.nrm;
  const nx = nrm[o];
  const ny = nrm[o + 1];
  const nz = nrm[o + 2];
  let angle: number;
  if (
    (nx !== 0 || ny !== 0 || nz !== 0) &&
    px * f.ta[o] + py * f.ta[o + 1] + pz * f.ta[o + 2] >= 0 &&
    px * f.tb[o] + py * f.tb[o + 1] + pz * f.tb[o + 2] >= 0
  ) {
    const sin = Math.min(1, Math.abs(px * nx + py * ny + pz * nz));
    angle = sin + (sin * sin * sin) / 6;
  } else {
    const u = f.u;
    const ok = j + 1 === ring.n ? 0 : o + 3;
    const ax = px - u[o];
    const ay = py - u[o + 1];
    const az = pz - u[o + 2];
    const bx = px - u[ok];
    const by = py - u[ok + 1];
    const bz = pz - u[ok + 2];
    const c = Math.min(Math.sqrt(ax * ax + ay * ay + az * az), Math.sqrt(bx * bx + by * by + bz * bz));
    angle = c + (c * c * c) / 24;
  }
  const theta = angle - f.dev[j] - ANGLE_EPS;
  return theta > 0 ? lbScale * theta : 0;
}

/**
 * Bounds of the distance from P to a rhumb edge along a parallel, with no geodesic: within the
 * edge's longitudes it is the meridian arc to the parallel (see RingGeom.edgeDistanceM), from a
 * series good to 1e-7 m; beyond them the distance to the nearer end, bounded from its angle.
 */
function parallelBound(f: Frames, ring: RingGeom, j: number, upper: boolean): number {
  const k = j + 1 === ring.n ? 0 : j + 1;
  if (ring.withinLongitudes(j, pLon)) {
    if (Number.isNaN(pMerid)) pMerid = meridianArcM(pLat);
    const m = Math.abs(pMerid - f.par[j]);
    return upper ? m + 1e-3 : Math.max(0, m - 1e-3);
  }
  const theta = Math.min(angleBetween(P, 0, f.u, 3 * j), angleBetween(P, 0, f.u, 3 * k));
  return upper ? pathUpperM(theta) : lbScale * Math.max(0, theta - ANGLE_EPS);
}

/**
 * The same value as ring.distanceM(lat, lon): the least distance over the edges whose lower
 * bound is below the best found so far. With a cap, edges that cannot come closer than the cap
 * are skipped: the result is then exact when below the cap and otherwise some value ≥ the cap
 * (or Infinity).
 */
export function ringDistanceM(
  ring: RingGeom,
  lat: number,
  lon: number,
  cap = Number.POSITIVE_INFINITY,
): number {
  nearestInRing(ring, lat, lon, cap);
  return found.d;
}

/** The nearest edge found by the last search: its distance and index (-1 when none). */
const found = { d: Number.POSITIVE_INFINITY, j: -1 };

/** With `pointSet`, P is already (lat, lon) and its scale only ever tightened since. */
function nearestInRing(ring: RingGeom, lat: number, lon: number, cap: number, pointSet = false): void {
  found.d = Number.POSITIVE_INFINITY;
  found.j = -1;
  if (ring.n === 0) return;
  const f = frames(ring);
  if (!pointSet) setPoint(lat, lon);
  // Only distances below the cap, then below the best so far, matter.
  tighten(cap);
  let best = Number.POSITIVE_INFINITY;
  let bestJ = -1;
  walk(
    ring,
    f,
    () => Math.min(best, cap),
    (j) => {
      const d = ring.edgeDistanceM(j, lat, lon);
      // Two edges at the same distance (a vertex nearest, shared by both): the lower index
      // holds it, whatever order the walk took them in.
      if (d < best || (d === best && j < bestJ)) {
        best = d;
        bestJ = j;
        tighten(d);
      }
    },
  );
  found.d = best;
  found.j = bestJ;
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
  setPoint(lat, lon);
  const out: number[] = [];
  walk(
    ring,
    frames(ring),
    () => reach + 1e-9,
    (j) => out.push(j),
  );
  return Uint32Array.from(out);
}

/**
 * Candidate edges for the smallest distance below limitM from anything within slackM of
 * (lat, lon), each with a lower bound of that distance (the bound at the centre less slackM).
 */
export function edgesWithin(
  ring: RingGeom,
  lat: number,
  lon: number,
  slackM: number,
  limitM: number,
): { edges: Uint32Array; lb: Float64Array } {
  setPoint(lat, lon);
  const edges: number[] = [];
  const lb: number[] = [];
  walk(
    ring,
    frames(ring),
    () => limitM + slackM + 1,
    (j, l) => {
      edges.push(j);
      lb.push(l - slackM);
    },
  );
  return { edges: Uint32Array.from(edges), lb: Float64Array.from(lb) };
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
  setPoint(lat, lon);
  const lb = new Float64Array(m);
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) {
    lb[i] = lowerBound(f, ring, edges[i]);
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

/**
 * The least of ringDistanceM over several rings (a zone's islands and holes), nearest box first
 * so that the first distance found caps the search in the others.
 */
export function ringsDistanceM(rings: readonly RingGeom[], lat: number, lon: number): number {
  return nearestEdge(rings, lat, lon).d;
}

/** Where a point's distance to a set of rings is attained: the ring, the edge and the distance. */
export interface NearestEdge {
  d: number;
  ring: number;
  j: number;
}

/**
 * The nearest edge of several rings (a zone's islands and holes), nearest box first so that the
 * first distance found caps the search in the others.
 */
export function nearestEdge(rings: readonly RingGeom[], lat: number, lon: number): NearestEdge {
  const out: NearestEdge = { d: Number.POSITIVE_INFINITY, ring: -1, j: -1 };
  if (rings.length === 1) {
    nearestInRing(rings[0], lat, lon, Number.POSITIVE_INFINITY);
    out.d = found.d;
    out.ring = 0;
    out.j = found.j;
    return out;
  }
  const order = ringsByBox(rings, lat, lon);
  // One point for every ring: the scale tightened for one ring holds for the next, whose cap
  // (the best distance so far) is no larger.
  setPoint(lat, lon);
  for (const i of order) {
    nearestInRing(rings[i], lat, lon, out.d, true);
    if (found.d < out.d) {
      out.d = found.d;
      out.ring = i;
      out.j = found.j;
    }
  }
  return out;
}

/** Scratch for ringsByBox: the rings' box distances and their order. */
let ringKey = new Float64Array(16);
let ringOrder = new Uint32Array(16);

/**
 * The rings' indices by a rough distance from the point to their boxes, nearest first (a list
 * shared by every call: read it before the next).
 */
function ringsByBox(rings: readonly RingGeom[], lat: number, lon: number): Uint32Array {
  if (ringKey.length < rings.length) {
    ringKey = new Float64Array(2 * rings.length);
    ringOrder = new Uint32Array(2 * rings.length);
  }
  const key = ringKey;
  const order = ringOrder.subarray(0, rings.length);
  for (let i = 0; i < rings.length; i++) {
    order[i] = i;
    key[i] = 0;
    const b = rings[i].bbox;
    if (b.wraps) continue;
    const cLat = Math.min(b.maxLat, Math.max(b.minLat, lat));
    const cLon = Math.min(b.maxLon, Math.max(b.minLon, lon));
    key[i] = Math.abs(cLat - lat) + Math.abs(cLon - lon) * Math.cos(lat * DEG);
  }
  // An insertion sort, stable as the library's: a zone has a few dozen rings at most, and a sort
  // with a comparator per call cost more than the rest of a bound.
  for (let i = 1; i < order.length; i++) {
    const o = order[i];
    let m = i;
    while (m > 0 && key[order[m - 1]] > key[o]) {
      order[m] = order[m - 1];
      m--;
    }
    order[m] = o;
  }
  return order;
}

/**
 * Cheap bounds of a point's distance to a set of rings, with no geodesic computed: lb from the
 * angular lower bounds (the least over all edges, scaled as tighten() allows once ub is known),
 * ub the least over the edges that can be nearest of the length of a path to the edge that
 * certainly exists. That path runs from the point along the great circle to the edge's arc,
 * then along the meridian-like offset to the edge (every point of the arc is within δ of a point
 * of the edge), projected radially onto the ellipsoid (see pathUpperM). Near the point the two
 * are within a few hundredths of a percent of each other.
 */
export function distanceBounds(rings: readonly RingGeom[], lat: number, lon: number): DistanceBounds {
  setPoint(lat, lon);
  const out: DistanceBounds = {
    lb: Number.POSITIVE_INFINITY,
    ub: Number.POSITIVE_INFINITY,
    ring: -1,
    j: -1,
  };
  if (rings.length === 1 && rings[0].n <= CHUNK && rings[0].n > 0) return smallRingBounds(rings[0], out);
  let seen = 0;
  // Nearest box first: the first ring's bound then rules out most of an archipelago's others.
  const order = ringsByBox(rings, lat, lon);
  for (let i = 0; i < order.length; i++) {
    const r = order[i];
    const ring = rings[r];
    if (ring.n === 0) continue;
    const f = frames(ring);
    // Every edge whose lower bound is below the best upper bound is looked at: the least lower
    // bound is among them (the others' are above an upper bound of the distance), and so is
    // the least upper bound of any edge that could hold the nearest point.
    walk(
      ring,
      f,
      () => out.ub,
      (j) => {
        if (2 * seen === seenEdges.length) seenEdges = growU32(seenEdges);
        seenEdges[2 * seen] = r;
        seenEdges[2 * seen + 1] = j;
        seen++;
        const ub = edgeUb(f, ring, j);
        if (ub < out.ub) {
          out.ub = ub;
          out.ring = r;
          out.j = j;
          // The distance is below ub: lower bounds from here on may assume so.
          tighten(ub);
        }
      },
    );
  }
  // The edges looked at, bounded again now that the final ub allows the tightest scale.
  for (let i = 0; i < seen; i++) {
    const ring = rings[seenEdges[2 * i]];
    out.lb = Math.min(out.lb, lowerBound(frames(ring), ring, seenEdges[2 * i + 1]));
  }
  return out;
}

/**
 * distanceBounds for a zone of one ring of at most CHUNK edges (most airspaces of an OpenAIR
 * file): the walk's own steps without its queue and caps. Edges are taken in increasing order of
 * their lower bounds (ties in edge order), each giving its upper bound, until a lower bound
 * reaches the best upper bound; the edges taken are then bounded again at the final scale. P set.
 */
function smallRingBounds(ring: RingGeom, out: DistanceBounds): DistanceBounds {
  const f = frames(ring);
  const n = ring.n;
  for (let j = 0; j < n; j++) {
    const key = lowerBound(f, ring, j);
    // An insertion sort by bound, ties in edge order.
    let m = j;
    while (m > 0 && smallKey[m - 1] > key) {
      smallKey[m] = smallKey[m - 1];
      smallEdge[m] = smallEdge[m - 1];
      m--;
    }
    smallKey[m] = key;
    smallEdge[m] = j;
  }
  let taken = 0;
  for (; taken < n && smallKey[taken] < out.ub; taken++) {
    const j = smallEdge[taken];
    const ub = edgeUb(f, ring, j);
    if (ub < out.ub) {
      out.ub = ub;
      out.ring = 0;
      out.j = j;
      tighten(ub);
    }
  }
  for (let k = 0; k < taken; k++) out.lb = Math.min(out.lb, lowerBound(f, ring, smallEdge[k]));
  return out;
}

const smallKey = new Float64Array(CHUNK);
const smallEdge = new Uint8Array(CHUNK);

/** Scratch for distanceBounds: the (ring, edge) pairs its walks visited. */
let seenEdges: Uint32Array = new Uint32Array(64);

function growU32(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(2 * a.length);
  b.set(a);
  return b;
}

/** Cheap bounds of a point's distance to a set of rings, and the edge whose distance is ≤ ub. */
export interface DistanceBounds {
  lb: number;
  ub: number;
  /** The edge the upper bound is a path to (-1: none, the rings are empty). */
  ring: number;
  j: number;
}

/** distanceBounds' upper bound of the distance from the point with direction P to edge j. */
function edgeUb(f: Frames, ring: RingGeom, j: number): number {
  if (!Number.isNaN(f.par[j])) return parallelBound(f, ring, j, true);
  const k = j + 1 === ring.n ? 0 : j + 1;
  return pathUpperM(arcAngle(f, j, k, P, 0) + f.dev[j]);
}

/** An upper bound of the distance from (lat, lon) to edge j of a ring, as distanceBounds makes it. */
export function edgeUpperBound(ring: RingGeom, j: number, lat: number, lon: number): number {
  setPoint(lat, lon);
  return edgeUb(frames(ring), ring, j);
}

const Q0 = new Float64Array(3);
const Q1 = new Float64Array(3);
const QM = new Float64Array(3);

/**
 * Lower bounds in metres of the distance from a piece of geodesic to each listed edge of a ring.
 * The piece is given by its ends and points inside it (`inner`, as [lat, lon] pairs): it strays
 * from the great-circle arc between its ends' directions by at most 1.25 × the largest angle of
 * those points from the arc (a parabola-like arch, as for edges). Two minor arcs that do not cross
 * are nearest at an end of one of them (the distance to the other arc's great circle only grows
 * away from the crossing point, up to 90°), so the angle between the arcs is the least of the
 * four end-to-arc angles; less the two deviations, times b, it bounds the distance.
 */
export function pieceEdgeBounds(
  ring: RingGeom,
  edges: ArrayLike<number>,
  lat0: number,
  lon0: number,
  lat1: number,
  lon1: number,
  inner: Array<[number, number]>,
): Float64Array {
  const f = frames(ring);
  const out = new Float64Array(edges.length);
  geocentric(lat0, lon0, Q0, 0);
  geocentric(lat1, lon1, Q1, 0);
  let nx = Q0[1] * Q1[2] - Q0[2] * Q1[1];
  let ny = Q0[2] * Q1[0] - Q0[0] * Q1[2];
  let nz = Q0[0] * Q1[1] - Q0[1] * Q1[0];
  const len = Math.hypot(nx, ny, nz);
  const dot01 = Q0[0] * Q1[0] + Q0[1] * Q1[1] + Q0[2] * Q1[2];
  // A piece too short for a plane, or not a minor arc: bound by its ends' distances instead.
  if (!(len > 1e-12) || dot01 <= 0) {
    for (let i = 0; i < edges.length; i++) out[i] = 0;
    return out;
  }
  nx /= len;
  ny /= len;
  nz /= len;
  // End planes of the piece's arc, as for edges (a direction is over the arc when both dots ≥ 0).
  const ta = [ny * Q0[2] - nz * Q0[1], nz * Q0[0] - nx * Q0[2], nx * Q0[1] - ny * Q0[0]];
  const tb = [Q1[1] * nz - Q1[2] * ny, Q1[2] * nx - Q1[0] * nz, Q1[0] * ny - Q1[1] * nx];
  const toPiece = (v: Float64Array, o: number): number => {
    const px = v[o];
    const py = v[o + 1];
    const pz = v[o + 2];
    if (px * ta[0] + py * ta[1] + pz * ta[2] >= 0 && px * tb[0] + py * tb[1] + pz * tb[2] >= 0)
      return Math.asin(Math.min(1, Math.abs(px * nx + py * ny + pz * nz)));
    return Math.min(angleBetween(v, o, Q0, 0), angleBetween(v, o, Q1, 0));
  };
  let dev = 0;
  for (const [la, lo] of inner) {
    geocentric(la, lo, QM, 0);
    dev = Math.max(dev, toPiece(QM, 0));
  }
  dev *= DEVIATION_MARGIN;
  for (let i = 0; i < edges.length; i++) {
    const j = edges[i];
    const k = j + 1 === ring.n ? 0 : j + 1;
    const o = 3 * j;
    const ok = 3 * k;
    const u = f.u;
    const sB0 = f.nrm[o] * Q0[0] + f.nrm[o + 1] * Q0[1] + f.nrm[o + 2] * Q0[2];
    const sB1 = f.nrm[o] * Q1[0] + f.nrm[o + 1] * Q1[1] + f.nrm[o + 2] * Q1[2];
    const sA0 = nx * u[o] + ny * u[o + 1] + nz * u[o + 2];
    const sA1 = nx * u[ok] + ny * u[ok + 1] + nz * u[ok + 2];
    const minorB = u[o] * u[ok] + u[o + 1] * u[ok + 1] + u[o + 2] * u[ok + 2] > 0;
    const planeB = f.nrm[o] !== 0 || f.nrm[o + 1] !== 0 || f.nrm[o + 2] !== 0;
    // Crossing (or too close to tell, or an edge this reasoning does not cover): no bound.
    if (!minorB || !planeB || (sB0 * sB1 <= 0 && sA0 * sA1 <= 0)) {
      out[i] = 0;
      continue;
    }
    const theta = Math.min(arcAngle(f, j, k, Q0, 0), arcAngle(f, j, k, Q1, 0), toPiece(u, o), toPiece(u, ok));
    const t = theta - f.dev[j] - dev - 4 * ANGLE_EPS;
    out[i] = t > 0 ? B_M * t : 0;
  }
  return out;
}

/** 1 / the largest Gaussian curvature of WGS84 (b² / a, at the poles), metres. */
const R_MIN_M = 6_335_439.327;

/**
 * How far the distance (at most rM) to one geodesic edge can rise above the larger of its values
 * at the ends of a geodesic segment of length ≤ lenM. By Hessian comparison on a surface whose
 * curvature never exceeds 1/R², the distance r to a geodesic edge satisfies r'' ≥ −tan(r/R)/R
 * along a geodesic, so on the segment r exceeds its larger end value by at most tan(r/R)·L²/(8R).
 */
export function geodesicBendM(rM: number, lenM: number): number {
  return (Math.tan(Math.min(1.5, rM / R_MIN_M)) * lenM * lenM) / (8 * R_MIN_M) + 1e-6;
}

/**
 * The same for edge j of a ring and the geodesic segment from (latA, lonA) to (latB, lonB); null
 * where no bound is known (a rhumb edge off a parallel, or a segment not all within a parallel's
 * longitudes). The distance to a parallel is the meridian arc to it, whose rate along a geodesic
 * is cos α; by Clairaut's relation α' = sin α tan φ / N, so its second derivative is at most
 * tan|φ| / a in size and it exceeds its larger end value by at most tan|φ|·L²/(8a).
 */
export function edgeBendM(
  ring: RingGeom,
  j: number,
  latA: number,
  lonA: number,
  latB: number,
  lonB: number,
  rM: number,
  lenM: number,
): number | null {
  if (ring.kind[j] !== EDGE_RHUMB) return geodesicBendM(rM, lenM);
  if (Number.isNaN(frames(ring).par[j])) return null;
  // Longitude is monotone along a geodesic that passes no pole, so a short segment whose ends
  // lie within the parallel's longitudes lies within them all along.
  if (
    !ring.withinLongitudes(j, lonA) ||
    !ring.withinLongitudes(j, lonB) ||
    Math.abs(lonDiff(lonA, lonB)) >= 90
  )
    return null;
  const phi = Math.max(Math.abs(latA), Math.abs(latB)) * DEG + lenM / R_MIN_M;
  if (phi >= 1.5) return null;
  return (Math.tan(phi) * lenM * lenM) / (8 * 6_378_137) + 1e-6;
}

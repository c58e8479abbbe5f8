/**
 * The extremes of a zone's boundary distance along a stretch of track: the closest approach
 * (minimum) and the deepest penetration (maximum). The distance changes no faster than the
 * aircraft moves (it is 1-Lipschitz in the path length), so a fix whose distance is far from the
 * best so far lets the walk skip every fix that cannot beat it. Segments whose ends leave room
 * for a better value inside them are searched: for the minimum by golden section (Brent) per
 * candidate edge; for the maximum first bounded by the edges nearest their ends (the distance to
 * one geodesic edge is near-convex along a geodesic), then by branch and bound over pieces of the
 * segment. The result is exact to a few millimetres, whatever order segments are searched in.
 */
import { minimize, secantRoot } from '../geo/roots.js';
import type { CompiledZone, NearBoundary, SegmentCtx } from '../zones/compiled.js';
import { geodesicBendM, type NearestEdge } from '../zones/nearest.js';
import type { SegmentSource } from './visits.js';

/** Path lengths from spherical distances are within 0.6 % of geodesic ones; 1 % covers it. */
export const PATH_SLACK = 1.01;
/** How finely the position of an extremum along a segment is searched, metres. */
const SEARCH_TOL_M = 1e-3;
/**
 * Fixes looked at before the walk, spread evenly over the stretch: one in COARSE_EVERY fixes,
 * from COARSE_MIN to COARSE_MAX of them. A densely sampled track heading deeper into a zone would
 * otherwise be walked fix by fix from the best sample to the deepest point, every fix a new best.
 */
const COARSE_MIN = 8;
const COARSE_MAX = 64;
const COARSE_EVERY = 32;

export interface Extreme {
  value: number;
  seg: number;
  f: number;
}

/**
 * Minimum (sign = 1) or maximum (sign = -1) of the boundary distance over the track between
 * (seg0, f0) and (seg1, f1), restricted to fixes for which `usable(i)` holds. For the maximum,
 * `upper` receives an upper bound of the distance at the fixes whose exact distance was not needed.
 */
export function boundaryExtreme(
  zone: CompiledZone,
  segments: SegmentSource,
  lat: Float64Array,
  lon: Float64Array,
  from: { seg: number; f: number },
  to: { seg: number; f: number },
  sign: 1 | -1,
  start: number,
  usable: (i: number) => boolean = () => true,
  near: Map<number, NearBoundary> = new Map(),
  upper?: Map<number, number>,
): Extreme | null {
  const n = lat.length;
  const cumM = segments.cumM;
  // Best value in "signed" space (minimise sign × d); start from the caller's bound.
  let best = sign * start;
  let out: Extreme | null = null;
  const i0 = Math.max(0, from.f > 0 ? from.seg + 1 : from.seg);
  const i1 = Math.min(n - 1, to.f < 1 ? to.seg : to.seg + 1);
  // Per-fix scratch covers the stretch's fixes and its end segments' ends only (a visit is a
  // short part of a long track): fix i is at i - o.
  const o = Math.max(0, Math.min(i0, from.seg));
  const span = Math.max(i1, Math.min(n - 1, to.seg + 1)) - o + 1;
  const d = new Float64Array(Math.max(0, span)).fill(Number.NaN);
  // Distances at fixes (and the edges holding them), shared with the caller through `near`.
  const nearAt = (i: number): NearBoundary => {
    let e = near.get(i);
    if (!e) {
      e = zone.nearestBoundary(lat[i], lon[i]);
      near.set(i, e);
    }
    return e;
  };
  const at = (i: number): number => {
    if (Number.isNaN(d[i - o])) {
      d[i - o] = nearAt(i).d;
      if (sign * d[i - o] < best) {
        best = sign * d[i - o];
        out = { value: d[i - o], seg: Math.min(i, n - 2), f: i === n - 1 && n > 1 ? 1 : 0 };
      }
    }
    return d[i - o];
  };
  // For the maximum, a fix's exact distance (a nearest-boundary search) is not needed where an
  // upper bound of it, the distance to the edge nearest the latest fix evaluated (bounded with no
  // geodesic), is already at most the best.
  const bounds = sign === -1 ? new FixBounds(o, span) : null;
  // For the minimum, neither is it where a lower bound of it (distanceBounds, no geodesic) is
  // already at least the best: that bound then stands for the distance in the skips below (NaN:
  // not bounded; -Infinity: no bound, a buffer zone).
  const lower = sign === 1 ? new Float64Array(Math.max(0, span)).fill(Number.NaN) : null;
  // For the minimum over a polygon zone the upper bounds serve as well until the walk ends: fixes
  // heading closer are bounded, not solved, and the least upper bound (ubBest, at ubFix) rules
  // out what its lower bounds exceed. Only ubFix is solved, after the walk; every other fix is an
  // end of a segment that the search below covers where its bound leaves room.
  const deferred = lower !== null && !zone.isBuffer;
  let ubBest = Number.POSITIVE_INFINITY;
  let ubFix = -1;
  const cut = () => Math.min(best, ubBest);
  const bound = (i: number, l: Float64Array) => {
    const b = zone.distanceBounds(lat[i], lon[i]);
    l[i - o] = b ? b.lb : Number.NEGATIVE_INFINITY;
    if (b && b.ub < ubBest) {
      ubBest = b.ub;
      ubFix = i;
    }
  };
  let ref = -1;
  let tryRef = true;
  /**
   * Evaluates fix i unless the reference edge (maximum) or its lower bound (minimum) settles it,
   * or its bounds stand for it (see deferred); returns whether it was evaluated.
   */
  const look = (i: number): boolean => {
    if (!Number.isNaN(d[i - o])) return true;
    if (lower !== null && !near.has(i)) {
      if (Number.isNaN(lower[i - o])) bound(i, lower);
      if (deferred || lower[i - o] >= cut()) return false;
    }
    let tried = false;
    if (bounds !== null && ref >= 0 && tryRef && !near.has(i)) {
      if (Number.isNaN(bounds.ubAt(i)))
        bounds.setUb(i, zone.boundsEdgeUpperBound(nearAt(ref).e as NearestEdge, lat[i], lon[i]), ref);
      if (bounds.ubAt(i) <= -best) return false;
      tried = true;
    }
    const before = best;
    at(i);
    if (bounds !== null) {
      if (nearAt(i).e) ref = i;
      // Heading deeper (each fix a new best), the bound fails every time: it is not tried again
      // until a fix falls short of the best. Only the work done depends on this.
      if (best >= before) tryRef = true;
      else if (tried) tryRef = false;
    }
    return true;
  };
  // A coarse look first: a good value found early lets the walk below skip more. The last fix
  // comes first: where the distance grows along the stretch it holds the best value. (For the
  // maximum the first fix goes before it: where the distance falls it holds the best value, and
  // its nearest edge then bounds the last.)
  const stride = Math.floor(
    (i1 - i0) / Math.min(COARSE_MAX, Math.max(COARSE_MIN, Math.floor((i1 - i0) / COARSE_EVERY))),
  );
  if (deferred) {
    // For the minimum the samples are only bounded (no geodesic): their least upper bound rules
    // out most of the others. (A buffer has no such bounds, and its exact distance costs about
    // what they do.)
    const l = lower as Float64Array;
    if (i1 > i0 && usable(i1) && !near.has(i1)) bound(i1, l);
    if (stride > 1)
      for (let i = i0; i <= i1; i += stride)
        if (usable(i) && !near.has(i) && Number.isNaN(l[i - o])) bound(i, l);
  } else {
    if (bounds !== null && i1 > i0 && usable(i0)) look(i0);
    if (i1 > i0 && usable(i1)) look(i1);
    if (stride > 1) for (let i = i0; i <= i1; i += stride) if (usable(i)) look(i);
  }
  let i = i0;
  while (i <= i1) {
    if (!usable(i)) {
      i++;
      continue;
    }
    // A fix its bound settled skips on by that bound, as on a value: the minimum's lower bound,
    // the maximum's upper bound (the distance grows no faster than the path from it either way).
    const v = look(i) ? d[i - o] : lower !== null ? lower[i - o] : (bounds as FixBounds).ubAt(i);
    const budget = (sign * v - cut()) / PATH_SLACK;
    let j = i + 1;
    while (j <= i1 && cumM[j] - cumM[i] < budget) {
      if (bounds !== null && Number.isNaN(d[j - o]))
        bounds.budget(j, i, v + (cumM[j] - cumM[i]) * PATH_SLACK);
      j++;
    }
    i = j;
  }
  if (ubFix >= 0 && (lower as Float64Array)[ubFix - o] < best) at(ubFix);
  const fixBound = (i: number): number =>
    !Number.isNaN(d[i - o])
      ? d[i - o]
      : bounds !== null
        ? bounds.upperAt(i)
        : lower !== null && lower[i - o] > Number.NEGATIVE_INFINITY
          ? lower[i - o]
          : Number.NaN;
  // Segments (or the parts of them inside [from, to]) that may hold a better value, most
  // promising first, so that the best value found early rules the others out.
  const s0 = Math.max(0, from.seg);
  const s1 = Math.min(n - 2, to.seg);
  const todo: Array<{ s: number; a: number; b: number; bound: number }> = [];
  for (let s = s0; s <= s1; s++) {
    const a = s === from.seg ? from.f : 0;
    const b = s === to.seg ? to.f : 1;
    if (b <= a) continue;
    // The bounds at fixes not evaluated count as values: for the maximum the upper ones, for the
    // minimum the lower ones (NaN where a skip settled the fix).
    const da = fixBound(s);
    const db = fixBound(s + 1);
    const lenM = (cumM[s + 1] - cumM[s]) * PATH_SLACK;
    let bound: number;
    if (bounds?.sameBudget(s, s + 1)) continue;
    if (Number.isNaN(da) && Number.isNaN(db)) {
      // Both fixes skipped: the skip already proved nothing here beats the best.
      if (a === 0 && b === 1) continue;
      bound = Number.NEGATIVE_INFINITY;
    } else if (Number.isNaN(da) || Number.isNaN(db)) {
      bound = sign * (Number.isNaN(da) ? db : da) - lenM;
    } else bound = sign === 1 ? segmentLowerBound(da, db, lenM) : -(da + db + lenM) / 2;
    if (sign === 1) bound = Math.max(0, bound);
    if (bound < best) todo.push({ s, a, b, bound });
  }
  todo.sort((x, y) => x.bound - y.bound);
  // Where the track meets the boundary more than once (a least distance of 0, found to within
  // the search's millimetre), the first meeting is the closest approach, whatever order the
  // segments are searched in: once one is found, only earlier segments that may meet it are.
  const met = (): Extreme | null => {
    const e = out as Extreme | null;
    return sign === 1 && e !== null && e.value <= SEARCH_TOL_M ? e : null;
  };
  const nearestAt = (i: number) => nearAt(i).e;
  for (const { s, a, b, bound } of todo) {
    const first = met();
    if (first !== null) {
      if (bound > SEARCH_TOL_M) break;
      if (s >= first.seg) continue;
    } else if (bound >= best) break;
    if (sign === -1) {
      const lenM = (cumM[s + 1] - cumM[s]) * PATH_SLACK;
      if (
        a === 0 &&
        b === 1 &&
        settledByEdge(zone, lat, lon, s, lenM, bounds as FixBounds, (i) => d[i - o], at, nearAt, -best)
      )
        continue;
      if (segmentMaxBelow(zone, lat, lon, s, lenM, nearestAt, -best)) continue;
    }
    const ctx = segments.ctx(s);
    // A millimetre along the segment: the value is then exact to a millimetre (to far less at
    // an interior extremum, where the function is flat).
    const tol = Math.max(1e-12, SEARCH_TOL_M / Math.max(1, ctx.seg.lengthM));
    if (sign === 1) {
      const m = zone.segmentMinBoundary(ctx, a, b, tol, first !== null ? 2 * SEARCH_TOL_M : best);
      if (m && (m.value < best || (first !== null && m.value <= SEARCH_TOL_M))) {
        best = Math.min(best, m.value);
        out = { value: m.value, seg: s, f: m.f };
      }
      continue;
    }
    const piece = pieceMax(
      zone,
      ctx,
      a,
      b,
      -best,
      a === 0 ? nearAt(s) : null,
      b === 1 ? nearAt(s + 1) : null,
    );
    if (piece !== undefined) {
      if (piece && -piece.value < best) {
        best = -piece.value;
        out = { value: piece.value, seg: s, f: piece.f };
      }
      continue;
    }
    const m = bufferMax(zone, ctx, a, b) ?? goldenMax(zone, ctx, a, b);
    if (-m.value < best) {
      best = -m.value;
      out = { value: m.value, seg: s, f: m.f };
    }
  }
  if (bounds !== null && upper)
    for (let k = o; k < o + span; k++)
      if (Number.isNaN(d[k - o]) && !Number.isNaN(bounds.upperAt(k))) upper.set(k, bounds.upperAt(k));
  return out;
}

/**
 * A lower bound of the distance to a set (a zone's boundary) all along a geodesic segment at most
 * lenM long whose ends are at least da and db from it. The WGS84 ellipsoid's curvature is positive
 * everywhere, so a point q is no nearer to any point of a shortest geodesic AB than in the flat
 * triangle with the same sides (Toponogov's comparison). There, by Stewart's theorem, the
 * squared distance from q to the point a fraction t along AB is (1 − t)|qA|² + t|qB|² − t(1 − t)L²,
 * which only grows with |qA| ≥ da and |qB| ≥ db and only falls as L grows to lenM: its least
 * value over t bounds the distance. Where that is at an end, the segment's least distance is
 * that end's (the aircraft heading away); else it is the flat triangle's height, most often far
 * above the path-length bound (da + db − lenM) / 2 when the aircraft passes by.
 */
export function segmentLowerBound(da: number, db: number, lenM: number): number {
  if (!(lenM > 0)) return Math.min(da, db);
  const x = (lenM * lenM + da * da - db * db) / (2 * lenM);
  if (x <= 0) return da;
  if (x >= lenM) return db;
  return Math.sqrt(Math.max(0, da * da - x * x));
}

/**
 * What the search for a maximum knows of fixes it did not evaluate: an upper bound of the
 * distance by the edge nearest an evaluated fix (ub, that fix in via), or the fix's place in the
 * stretch the path-length budget of an evaluated fix skipped (budgetOf, with its bound).
 */
class FixBounds {
  private readonly ub: Float64Array;
  private readonly via: Int32Array;
  private readonly budgetOf: Int32Array;
  private readonly budgetUb: Float64Array;
  /** For the fixes from `base` on, `size` of them (fix j at j - base). */
  constructor(
    private readonly base: number,
    size: number,
  ) {
    const m = Math.max(0, size);
    this.ub = new Float64Array(m).fill(Number.NaN);
    this.via = new Int32Array(m).fill(-1);
    this.budgetOf = new Int32Array(m).fill(-1);
    this.budgetUb = new Float64Array(m).fill(Number.NaN);
  }
  /** The bound at fix j by the edge nearest fix `via` (NaN: none). */
  ubAt(j: number): number {
    return this.ub[j - this.base];
  }
  /** The fix whose nearest edge gave ubAt(j) (-1: none). */
  viaAt(j: number): number {
    return this.via[j - this.base];
  }
  setUb(j: number, ub: number, via: number): void {
    this.ub[j - this.base] = ub;
    this.via[j - this.base] = via;
  }
  budget(j: number, i: number, ub: number): void {
    this.budgetOf[j - this.base] = i;
    this.budgetUb[j - this.base] = ub;
  }
  /** Whether fixes j and k were both skipped by one fix's budget (the path between is settled). */
  sameBudget(j: number, k: number): boolean {
    const b = this.budgetOf[j - this.base];
    return b >= 0 && b === this.budgetOf[k - this.base];
  }
  /** The least upper bound known at fix j (NaN: none). */
  upperAt(j: number): number {
    const a = this.ub[j - this.base];
    const b = this.budgetUb[j - this.base];
    return Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b);
  }
}

/**
 * Whether segment s can be let go on the edge nearest its first fix alone (the depth search's
 * shortcut; s lies wholly in the stretch). With x the first fix and r the largest distance to
 * that edge at the ends, the distance is at most r plus the edge's bend (see segmentMaxBelow)
 * all along; when that stays at or below `max`, nothing here beats it. Otherwise, when the
 * distance to that edge at the last fix is at most x's own and the bend is within the depth
 * search's tolerance, pieceMax would settle the segment at once with x's distance (the last
 * fix's is at most it), a value the search has already taken. (Where the last fix's nearest edge
 * is a rhumb line, pieceMax would hand the segment to golden section, whose answer is within that
 * tolerance of it: the value depends on the segment alone either way, so batch and live agree.)
 */
function settledByEdge(
  zone: CompiledZone,
  lat: Float64Array,
  lon: Float64Array,
  s: number,
  lenM: number,
  bounds: FixBounds,
  dAt: (i: number) => number,
  at: (i: number) => number,
  nearAt: (i: number) => NearBoundary,
  max: number,
): boolean {
  // Both ends bounded by one edge without a search: the bend bound may settle it at no cost.
  if (
    Number.isNaN(dAt(s)) &&
    Number.isNaN(dAt(s + 1)) &&
    bounds.viaAt(s) >= 0 &&
    bounds.viaAt(s) === bounds.viaAt(s + 1)
  ) {
    const r = Math.max(bounds.ubAt(s), bounds.ubAt(s + 1));
    if (r + geodesicBendM(r + lenM, lenM) <= max) return true;
  }
  const dx = at(s);
  const ex = nearAt(s).e;
  if (!ex) return false;
  const via = bounds.viaAt(s + 1);
  const known = via >= 0 ? nearAt(via).e : null;
  const dxy =
    known && known.ring === ex.ring && known.j === ex.j
      ? bounds.ubAt(s + 1)
      : zone.boundsEdgeUpperBound(ex, lat[s + 1], lon[s + 1]);
  const r = Math.max(dx, dxy);
  const bend = geodesicBendM(r + lenM, lenM);
  return r + bend <= max || (dxy <= dx && bend <= DEPTH_TOL_M);
}

/**
 * Whether the boundary distance stays at or below `max` all along segment s (length ≤ lenM).
 * The boundary distance is at most the distance r to any one edge, and along a geodesic r is
 * nearly convex: by Hessian comparison on a surface whose curvature never exceeds 1/R², the
 * distance to a geodesic edge satisfies r'' ≥ −tan(r/R)/R, so on the segment r is at most the
 * larger of its end values plus tan(r/R)·L²/(8R). The edges nearest to each end give two such
 * bounds. Near a smooth maximum this rules out every segment but the one that holds it, where
 * the Lipschitz bound (half the segment's length of slack) would leave many.
 */
function segmentMaxBelow(
  zone: CompiledZone,
  lat: Float64Array,
  lon: Float64Array,
  s: number,
  lenM: number,
  nearestAt: (i: number) => NearestEdge | null,
  max: number,
): boolean {
  const ea = nearestAt(s);
  const eb = nearestAt(s + 1);
  if (!ea || !eb) return false;
  const ua = Math.max(ea.d, zone.edgeDistanceM(ea, lat[s + 1], lon[s + 1]));
  const same = ea.ring === eb.ring && ea.j === eb.j;
  const ub = same ? ua : Math.max(eb.d, zone.edgeDistanceM(eb, lat[s], lon[s]));
  return Math.min(ua, ub) + geodesicBendM(Math.max(ua, ub) + lenM, lenM) <= max;
}

/** How close to the true maximum over a piece of segment the depth search stops, metres. */
const DEPTH_TOL_M = 0.005;
/** Nesting of pieces below which the depth search hands a piece to golden section. */
const MAX_DEPTH = 12;

interface PiecePoint {
  f: number;
  lat: number;
  lon: number;
  /** Boundary distance there, and the edge that holds it (null: a rhumb edge). */
  d: number;
  e: NearestEdge | null;
}

/**
 * The greatest boundary distance over the part [a, b] of a segment of a polygon zone, if above
 * `floor` (null if not; undefined where this method does not apply and golden section must).
 *
 * Branch and bound on pieces of the segment. The distance is at most the distance to the edge
 * nearest either end of a piece, and that distance is near-convex along the piece (see
 * segmentMaxBelow: it exceeds the larger of its end values by at most tan(r/R)·L²/(8R)), so a
 * piece's maximum lies between the larger of its end values and that bound. A piece whose bound
 * is within DEPTH_TOL_M of its ends is settled; others are split where the two end edges are
 * equidistant (where the nearest edge changes, the distance has its kink) or at the middle.
 * Typically a dozen edge distances settle a segment that golden section would need a hundred for.
 */
function pieceMax(
  zone: CompiledZone,
  ctx: SegmentCtx,
  a: number,
  b: number,
  floor: number,
  nearA: NearBoundary | null,
  nearB: NearBoundary | null,
): { value: number; f: number } | null | undefined {
  const seg = ctx.seg;
  const len = seg.lengthM;
  const point = (f: number, known: NearBoundary | null = null): PiecePoint | null => {
    const p = seg.at(f);
    const e = (known ?? zone.nearestBoundary(p.lat, p.lon)).e;
    return e ? { f, lat: p.lat, lon: p.lon, d: e.d, e } : null;
  };
  const x0 = point(a, nearA);
  const y0 = point(b, nearB);
  if (!x0 || !y0) return undefined;
  let best = floor;
  let bestF = Number.NaN;
  const take = (q: PiecePoint) => {
    if (q.d > best) {
      best = q.d;
      bestF = q.f;
    }
  };
  take(x0);
  take(y0);
  const stack: Array<[PiecePoint, PiecePoint, number]> = [[x0, y0, 0]];
  while (stack.length) {
    const [x, y, depth] = stack.pop() as [PiecePoint, PiecePoint, number];
    const lenM = (y.f - x.f) * len;
    // Nothing on the piece exceeds its ends by more than half its length.
    if ((x.d + y.d + lenM) / 2 <= best) continue;
    const ex = x.e as NearestEdge;
    const ey = y.e as NearestEdge;
    const same = ex.ring === ey.ring && ex.j === ey.j;
    const dxy = same ? y.d : zone.edgeDistanceM(ex, y.lat, y.lon);
    const dyx = same ? x.d : zone.edgeDistanceM(ey, x.lat, x.lon);
    const top = Math.min(Math.max(x.d, dxy), Math.max(dyx, y.d));
    const upper = top + geodesicBendM(top + lenM, lenM);
    if (upper <= best) continue;
    if (upper - Math.max(x.d, y.d) <= DEPTH_TOL_M) continue;
    if (depth === MAX_DEPTH) {
      // Deep enough: golden section settles the piece (what it finds depends on the piece only,
      // so the result never depends on which pieces an earlier best pruned).
      const m = goldenMax(zone, ctx, x.f, y.f);
      if (m.value > best) {
        best = m.value;
        bestF = m.f;
      }
      continue;
    }
    let f = (x.f + y.f) / 2;
    if (!same) {
      // Where the two end edges are equidistant: d_ex − d_ey goes from ≤ 0 at x to ≥ 0 at y.
      const g = (t: number) => {
        const p = seg.at(t);
        return zone.edgeDistanceM(ex, p.lat, p.lon) - zone.edgeDistanceM(ey, p.lat, p.lon);
      };
      const gx = x.d - dyx;
      const gy = dxy - y.d;
      if (gx < 0 && gy > 0) f = secantRoot(g, x.f, y.f, gx, gy, DEPTH_TOL_M / (4 * Math.max(len, 1)));
      if (!(f > x.f && f < y.f)) f = (x.f + y.f) / 2;
    }
    const m = point(f);
    if (!m) {
      const g = goldenMax(zone, ctx, x.f, y.f);
      if (g.value > best) {
        best = g.value;
        bestF = g.f;
      }
      continue;
    }
    take(m);
    stack.push([x, m, depth + 1], [m, y, depth + 1]);
  }
  return best > floor ? { value: best, f: bestF } : null;
}

/**
 * For a buffer zone (null for a polygon zone), the greatest depth over the part [a, b] of a segment
 * inside it, by exact rules where golden section can stop at the lesser of two maxima (two
 * islands' bands meeting) or step over an islet: off the baseline's land, the width less the least
 * distance to the baseline; ashore, the width plus the land's own depth, which is greatest there.
 */
function bufferMax(
  zone: CompiledZone,
  ctx: SegmentCtx,
  a: number,
  b: number,
): { value: number; f: number } | null {
  if (!zone.isBuffer) return null;
  const land = zone.land;
  const ashore = land ? land.lateralIntervals(ctx).filter((iv) => iv.b >= a && iv.a <= b) : [];
  if (!land || ashore.length === 0)
    return zone.offshoreDepthOnPiece(ctx, a, b, Math.max(1e-12, SEARCH_TOL_M / Math.max(1, ctx.seg.lengthM)));
  let best = { value: 0, f: Math.max(a, ashore[0].a) };
  for (const iv of ashore) {
    const u = Math.max(a, iv.a);
    const v = Math.min(b, iv.b);
    if (!(v > u)) continue;
    const piece = pieceMax(land, ctx, u, v, best.value, null, null);
    const m = piece === undefined ? goldenMax(land, ctx, u, v) : piece;
    if (m && m.value > best.value) best = m;
  }
  return { value: zone.widthM + best.value, f: best.f };
}

/** The greatest boundary distance over [a, b] of a segment by golden section (Brent), to a millimetre. */
function goldenMax(zone: CompiledZone, ctx: SegmentCtx, a: number, b: number): { value: number; f: number } {
  const seg = ctx.seg;
  const mid = seg.at((a + b) / 2);
  const local = zone.localBoundary(mid.lat, mid.lon, ((b - a) * seg.lengthM) / 2 + 1);
  const tol = Math.max(1e-12, SEARCH_TOL_M / Math.max(1, seg.lengthM));
  const m = minimize(
    (f) => {
      const p = seg.at(f);
      return -local(p.lat, p.lon);
    },
    a,
    b,
    tol,
    6,
  );
  return { value: -m.fx, f: m.x };
}

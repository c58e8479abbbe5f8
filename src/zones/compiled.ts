/**
 * A catalog compiled for exact queries: which zones hold a point at a time and altitude, and over
 * which fractions of a geodesic track segment the aircraft is inside a zone.
 *
 * Membership of zone Z at (lat, lon, altFt, tS) = validity(t) ∧ vertical(alt) ∧ lateral(lat, lon)
 * ∧ not in any zone Z excludes. Lateral membership of a buffer zone is "geodesic distance to the
 * baseline ≤ distanceNm", never a polygonised buffer. An unknown altitude (NaN) satisfies any
 * vertical limit: the engine does not guess an aircraft out of a zone.
 */
import { type GeodesicPoint, GeodesicSegment, inverse, lonDiff, NM_M } from '../geo/geodesic.js';
import { CONVEX_M, RingGeom, type SegmentBox, segmentBox } from '../geo/ring.js';
import { brentRoot, minimize, secantRoot } from '../geo/roots.js';
import type { Diagnostic } from '../tracks/track.js';
import {
  type DistanceBounds,
  distanceBounds,
  edgeBendM,
  edgesDistanceM,
  edgesWithin,
  edgeUpperBound,
  geodesicBendM,
  type NearestEdge,
  nearEdges,
  nearestEdge,
  pieceEdgeBounds,
  ringDistanceM,
  ringsDistanceM,
} from './nearest.js';
import { ringFactory } from './ring-cache.js';
import { type Catalog, EDGE_GEODESIC, EDGE_RHUMB, type Ring, validityBoundS, type Zone } from './zone.js';

export type Cause = 'lateral' | 'floor' | 'ceiling' | 'validity';

/** A sub-interval [a, b] of a segment (fractions of its length and duration) with what bounds it. */
export interface Interval {
  a: number;
  b: number;
  causeA: Cause;
  causeB: Cause;
}

/**
 * How far the least distance to an edge over a piece of track may lie below what edgeMinOnPiece
 * takes for it (an end of the piece), metres: the millimetre the search by golden section is held
 * to as well.
 */
const PIECE_MIN_TOL_M = 1e-3;

/**
 * The least distance between the part [a, b] of a segment and geodesic edge j of ring r, where the
 * part stays on one side of the edge's geodesic (so does not cross it: two geodesics this short
 * meet at most once): the least, over the pairs of points of the two, of their distance. Where
 * it is taken inside both, the geodesic joining them would meet both at right angles, and moving
 * both its ends along them together would shorten it (second variation −∫K ds, the ellipsoid's
 * curvature K being positive everywhere): so it is taken at an end of one of them, at an end of
 * the part (da, db: the distances from there to the edge) or at a vertex of the edge (the part's
 * point nearest that vertex). Four exact values, where golden section took dozens.
 */
function pieceEdgeMin(
  r: RingGeom,
  j: number,
  ctx: SegmentCtx,
  a: number,
  b: number,
  da: number,
  db: number,
): { x: number; fx: number } {
  let best = da <= db ? { x: a, fx: da } : { x: b, fx: db };
  for (const v of [j, j + 1 === r.n ? 0 : j + 1]) {
    const q = ctx.seg.nearestTo(r.lat[v], r.lon[v], a, b);
    if (q.d < best.fx) best = { x: q.f, fx: q.d };
  }
  return best;
}

/**
 * The least distance to the edges of `rings` over the part [a, b] of a segment, and where, if
 * below `below` (null if not). Nothing on the piece is nearer than the middle's distance less half
 * the piece, so only edges within the middle's distance plus half of it can hold the minimum (an
 * upper bound of that distance, with no geodesic, serves as well); those are searched in order of
 * a bound of their distance to the whole piece (the arcs' angle), until none can come below the
 * best so far.
 */
function edgesMinOnPiece(
  rings: RingGeom[],
  ctx: SegmentCtx,
  a: number,
  b: number,
  tol: number,
  below: number,
): { value: number; f: number } | null {
  const at = (f: number) => ctx.seg.at(f);
  const mid = at((a + b) / 2);
  const half = ((b - a) * ctx.seg.lengthM * 1.01) / 2 + 1;
  const limit = distanceBounds(rings, mid.lat, mid.lon).ub;
  const pa = at(a);
  const pb = at(b);
  const inner: Array<[number, number]> = [0.25, 0.5, 0.75].map((t) => {
    const q = t === 0.5 ? mid : at(a + t * (b - a));
    return [q.lat, q.lon];
  });
  const cands: Array<{ lb: number; r: RingGeom; j: number }> = [];
  for (const r of rings) {
    const near = edgesWithin(r, mid.lat, mid.lon, half, limit);
    if (near.edges.length === 0) continue;
    const lb = pieceEdgeBounds(r, near.edges, pa.lat, pa.lon, pb.lat, pb.lon, inner);
    for (let i = 0; i < near.edges.length; i++)
      cands.push({ lb: Math.max(lb[i], near.lb[i]), r, j: near.edges[i] });
  }
  cands.sort((x, y) => x.lb - y.lb);
  let best = { value: below, f: Number.NaN };
  const lenM = (b - a) * ctx.seg.lengthM;
  for (const c of cands) {
    if (c.lb >= best.value) break;
    const m = edgeMinOnPiece(c.r, c.j, ctx, a, b, pa, pb, lenM, tol);
    if (m.fx < best.value) best = { value: m.fx, f: m.x };
  }
  return best.value < below ? best : null;
}

/**
 * The least distance to edge j of ring r over the part [a, b] of a segment (lenM long, with ends pa
 * and pb), and where. The distance to one geodesic edge is near-convex along a geodesic: with
 * κ = tan(r/R)/R it never falls below its tangent at an end by more than κs²/2 at a distance s from
 * it (κL²/2 is four times geodesicBendM). Growing from a at the rate g, it stays above its value at
 * a less max(0, κL²/2 − gL) all along; falling into b likewise. Where that is within
 * PIECE_MIN_TOL_M, the end holds the least value, from two edge distances: most pieces a closest
 * approach searches are of this kind (the aircraft passing by, the least distance at a fix).
 * Otherwise (the least inside, a rhumb edge, a point on the edge) Brent's method from the better
 * end and the middle.
 */
function edgeMinOnPiece(
  r: RingGeom,
  j: number,
  ctx: SegmentCtx,
  a: number,
  b: number,
  pa: GeodesicPoint,
  pb: GeodesicPoint,
  lenM: number,
  tol: number,
): { x: number; fx: number } {
  const at = (f: number) => ctx.seg.at(f);
  if (r.kind[j] !== EDGE_RHUMB) {
    const da = r.edgeDistanceM(j, pa.lat, pa.lon);
    // The rate at which the distance grows moving along the segment (metres per metre).
    const growsA = Math.cos((pa.azi - r.pointAzi) * DEG);
    const db = r.edgeDistanceM(j, pb.lat, pb.lon);
    const growsB = Math.cos((pb.azi - r.pointAzi) * DEG);
    const dip = 4 * geodesicBendM(Math.max(da, db) + lenM, lenM);
    if (da > 0 && db > 0) {
      if (growsA >= 0 && dip - growsA * lenM <= PIECE_MIN_TOL_M) return { x: a, fx: da };
      if (growsB <= 0 && dip + growsB * lenM <= PIECE_MIN_TOL_M) return { x: b, fx: db };
      if (Math.max(da, db) + lenM < CONVEX_M) {
        const sb = r.geodesicSide(j, pb.lat, pb.lon);
        const sa = r.geodesicSide(j, pa.lat, pa.lon);
        if ((sa > 0 && sb > 0) || (sa < 0 && sb < 0)) return pieceEdgeMin(r, j, ctx, a, b, da, db);
      }
    }
  }
  return minimize(
    (f) => {
      const p = at(f);
      return r.edgeDistanceM(j, p.lat, p.lon);
    },
    a,
    b,
    tol,
    2,
  );
}

/** One geodesic track segment between two fixes, with what every zone needs to know about it. */
export class SegmentCtx {
  readonly seg: GeodesicSegment;
  readonly box: SegmentBox;
  constructor(
    lat0: number,
    lon0: number,
    lat1: number,
    lon1: number,
    readonly t0: number,
    readonly t1: number,
    readonly alt0: number,
    readonly alt1: number,
  ) {
    this.seg = new GeodesicSegment(lat0, lon0, lat1, lon1);
    this.box = segmentBox(this.seg);
  }
}

const DEG_LAT_M = 110_574;
const DEG = Math.PI / 180;

/** A point's distance to a zone's boundary, with the geodesic edge that holds it (if any). */
export interface NearBoundary {
  d: number;
  e: NearestEdge | null;
}

export class CompiledZone {
  readonly fromS: number;
  readonly toS: number;
  readonly floorFt: number;
  readonly ceilingFt: number;
  /** Lateral bounding box (degrees); `wraps` when it cannot be trusted in longitude. */
  readonly bbox: { minLat: number; maxLat: number; minLon: number; maxLon: number; wraps: boolean };
  excludes: CompiledZone[] = [];
  private readonly polygons: RingGeom[][] = [];
  /** Every ring of polygons, flat. */
  private readonly rings: RingGeom[] = [];
  private readonly bufferM: number = 0;
  private readonly points: Array<[number, number]> = [];
  private readonly lines: RingGeom[] = [];
  private readonly basePolygons: RingGeom[][] = [];
  /** The baseline's lines and polygon rings, flat: one nearest-edge search covers them all. */
  private readonly baseRings: RingGeom[] = [];

  /**
   * `makeRing` builds the zone's RingGeoms, in a fixed order (polygons' rings, baseline lines,
   * baseline polygons' rings): the catalog's ring cache (ring-cache.ts) relies on it.
   */
  constructor(
    readonly zone: Zone,
    makeRing: (ring: Ring) => RingGeom = (ring) => new RingGeom(ring),
  ) {
    this.fromS = validityBoundS(zone.validFrom, Number.NEGATIVE_INFINITY);
    this.toS = validityBoundS(zone.validTo, Number.POSITIVE_INFINITY);
    this.floorFt = zone.floorFt ?? Number.NEGATIVE_INFINITY;
    this.ceilingFt = zone.ceilingFt ?? Number.POSITIVE_INFINITY;
    const g = zone.geometry;
    const boxes: RingGeom['bbox'][] = [];
    if (g.type === 'polygon') {
      for (const p of g.polygons) {
        const rings = p.map((r) => makeRing(r));
        this.polygons.push(rings);
        this.rings.push(...rings);
        boxes.push(rings[0].bbox);
      }
    } else {
      this.bufferM = g.distanceNm * NM_M;
      this.points = g.baseline.points;
      for (const [la, lo] of this.points)
        boxes.push({ minLat: la, maxLat: la, minLon: lo, maxLon: lo, wraps: false });
      for (const l of g.baseline.lines) {
        // A polyline walked there and back is a closed ring with the same distance function.
        const n = l.lat.length;
        const lat = new Float64Array(2 * n - 2);
        const lon = new Float64Array(2 * n - 2);
        for (let i = 0; i < n; i++) {
          lat[i] = l.lat[i];
          lon[i] = l.lon[i];
        }
        for (let i = 1; i < n - 1; i++) {
          lat[n - 1 + i] = l.lat[n - 1 - i];
          lon[n - 1 + i] = l.lon[n - 1 - i];
        }
        const ring: Ring = { lat, lon, edges: new Uint8Array(lat.length).fill(EDGE_GEODESIC) };
        const rg = makeRing(ring);
        this.lines.push(rg);
        boxes.push(rg.bbox);
      }
      for (const p of g.baseline.polygons) {
        const rings = p.map((r) => makeRing(r));
        this.basePolygons.push(rings);
        boxes.push(rings[0].bbox);
      }
      this.baseRings = [...this.lines, ...this.basePolygons.flat()];
    }
    this.bbox = mergeBoxes(boxes, this.bufferM);
  }

  /** Every RingGeom of the zone, in the order they were built (see the constructor). */
  ringGeoms(): RingGeom[] {
    return [...this.rings, ...this.lines, ...this.basePolygons.flat()];
  }

  get isBuffer(): boolean {
    return this.zone.geometry.type === 'buffer';
  }

  /** Whether the zone is in force at tS and the altitude is within its limits. */
  activeAt(tS: number, altFt: number): boolean {
    if (tS < this.fromS || tS >= this.toS) return false;
    return Number.isNaN(altFt) || (altFt >= this.floorFt && altFt <= this.ceilingFt);
  }

  /** Whether (lat, lon) can be inside: a cheap box test (conservative). */
  mayContain(lat: number, lon: number, marginM = 0): boolean {
    const b = this.bbox;
    const dLat = marginM / DEG_LAT_M;
    if (lat < b.minLat - dLat || lat > b.maxLat + dLat) return false;
    // Near a pole every longitude is close by.
    if (b.wraps || Math.abs(lat) + dLat >= 89.5) return true;
    const dLon =
      marginM / (DEG_LAT_M * Math.max(0.01, Math.cos((Math.min(89, Math.abs(lat) + dLat) * Math.PI) / 180)));
    const x = b.minLon + ((((lon - b.minLon) % 360) + 360) % 360);
    return x <= b.maxLon + dLon || x - 360 >= b.minLon - dLon;
  }

  /**
   * Whether mayContain(lat, lon, marginM) can hold anywhere in the box of latitudes [minLat,
   * maxLat] and longitudes [minLon, maxLon] (within ±180°): the same test widened to the box's
   * most poleward latitude, to rule out many points at once.
   */
  mayContainSome(minLat: number, maxLat: number, minLon: number, maxLon: number, marginM = 0): boolean {
    const b = this.bbox;
    const dLat = marginM / DEG_LAT_M;
    if (maxLat < b.minLat - dLat || minLat > b.maxLat + dLat) return false;
    const absLat = Math.max(Math.abs(minLat), Math.abs(maxLat));
    if (b.wraps || absLat + dLat >= 89.5 || !(minLon >= -180 && maxLon <= 180)) return true;
    const dLon =
      marginM / (DEG_LAT_M * Math.max(0.01, Math.cos((Math.min(89, absLat + dLat) * Math.PI) / 180)));
    const lo = b.minLon - dLon;
    const hi = b.maxLon + dLon;
    if (hi - lo >= 360) return true;
    // The longitudes, which mayContain reads modulo 360, meet [lo, hi] shifted by a turn at most.
    return (
      (maxLon >= lo && minLon <= hi) ||
      (maxLon - 360 >= lo && minLon - 360 <= hi) ||
      (maxLon + 360 >= lo && minLon + 360 <= hi)
    );
  }

  /** Lateral membership of the zone's own geometry (ignoring validity, vertical limits, excludes). */
  geometryContains(lat: number, lon: number): boolean {
    if (!this.mayContain(lat, lon)) return false;
    if (!this.isBuffer) return this.polygons.some((p) => polygonContains(p, lat, lon));
    return this.baselineDistanceM(lat, lon, this.bufferM) <= this.bufferM;
  }

  /** Full membership at a time and altitude. */
  contains(lat: number, lon: number, altFt: number, tS: number): boolean {
    if (!this.activeAt(tS, altFt)) return false;
    if (!this.geometryContains(lat, lon)) return false;
    return !this.excludes.some((e) => e.contains(lat, lon, altFt, tS));
  }

  /**
   * Distance in metres from a point to the lateral boundary of the zone's own geometry: how deep
   * inside it is, or how far outside.
   */
  boundaryDistanceM(lat: number, lon: number): number {
    if (!this.isBuffer) {
      return ringsDistanceM(this.rings, lat, lon);
    }
    const inLand = this.basePolygons.some((p) => polygonContains(p, lat, lon));
    if (inLand) {
      let toCoast = Number.POSITIVE_INFINITY;
      for (const p of this.basePolygons)
        for (const r of p) toCoast = Math.min(toCoast, ringDistanceM(r, lat, lon));
      return this.bufferM + toCoast;
    }
    return Math.abs(this.baselineDistanceM(lat, lon) - this.bufferM);
  }

  /**
   * boundaryDistanceM, and the boundary edge that holds it where that edge is a geodesic of a
   * polygon zone (null for buffer zones and rhumb edges): the distance to that one edge bounds
   * the boundary distance elsewhere.
   */
  nearestBoundary(lat: number, lon: number): NearBoundary {
    if (this.isBuffer) return { d: this.boundaryDistanceM(lat, lon), e: null };
    const e = nearestEdge(this.rings, lat, lon);
    return { d: e.d, e: e.j >= 0 && this.rings[e.ring].kind[e.j] !== EDGE_RHUMB ? e : null };
  }

  /**
   * Bounds of boundaryDistanceM at a point computed without a geodesic (polygon zones; null for
   * buffer zones): lb ≤ distance ≤ ub, within a few hundredths of a percent of each other (more
   * beside long edges, by as much as they stray from their great-circle arcs).
   */
  distanceBounds(lat: number, lon: number): DistanceBounds | null {
    return this.isBuffer ? null : distanceBounds(this.rings, lat, lon);
  }

  /**
   * An upper bound, with no geodesic, of the distance from (lat, lon) to the edge that holds the
   * upper bound of `b` (distanceBounds at another point) or to a nearest edge, hence of the
   * boundary distance there.
   */
  boundsEdgeUpperBound(b: Pick<DistanceBounds, 'ring' | 'j'>, lat: number, lon: number): number {
    return b.ring < 0 ? Number.POSITIVE_INFINITY : edgeUpperBound(this.rings[b.ring], b.j, lat, lon);
  }

  /**
   * How far the distance (at most rM) to the edge that holds the upper bound of `b` can rise
   * above the larger of its values at the ends of the geodesic segment from A to B (lenM long);
   * null where that is not known (see edgeBendM).
   */
  boundsEdgeBendM(
    b: DistanceBounds,
    latA: number,
    lonA: number,
    latB: number,
    lonB: number,
    rM: number,
    lenM: number,
  ): number | null {
    return b.ring < 0 ? null : edgeBendM(this.rings[b.ring], b.j, latA, lonA, latB, lonB, rM, lenM);
  }

  /**
   * Exact distance from a point to one edge: a nearest edge found by nearestBoundary, or the edge
   * that holds the upper bound of distanceBounds (Infinity: none).
   */
  edgeDistanceM(e: Pick<DistanceBounds, 'ring' | 'j'>, lat: number, lon: number): number {
    return e.ring < 0 ? Number.POSITIVE_INFINITY : this.rings[e.ring].edgeDistanceM(e.j, lat, lon);
  }

  /**
   * boundaryDistanceM restricted to what can matter for points within slackM of (lat, lon): the
   * same values there, computed from a few edges instead of all of them.
   */
  localBoundary(lat: number, lon: number, slackM: number): (lat: number, lon: number) => number {
    if (this.isBuffer) return (la, lo) => this.boundaryDistanceM(la, lo);
    const limit = (this.distanceBounds(lat, lon) as DistanceBounds).ub;
    const parts: Array<[RingGeom, Uint32Array]> = [];
    for (const p of this.polygons) for (const r of p) parts.push([r, nearEdges(r, lat, lon, slackM, limit)]);
    return (la, lo) => {
      let best = Number.POSITIVE_INFINITY;
      for (const [r, edges] of parts)
        if (edges.length) best = Math.min(best, edgesDistanceM(r, edges, la, lo));
      return best;
    };
  }

  /**
   * The smallest boundary distance over the part [a, b] of a segment, and where it is, if below
   * `below` (null if not). For a polygon it is the smallest, over edges, of the segment's closest
   * approach to that edge; edges are taken in order of a lower bound and the search stops when no
   * remaining edge can come below the best so far (or `below`), so few edges are searched.
   */
  segmentMinBoundary(
    ctx: SegmentCtx,
    a: number,
    b: number,
    tol = 1e-9,
    below = Number.POSITIVE_INFINITY,
  ): { value: number; f: number } | null {
    if (!this.isBuffer) return edgesMinOnPiece(this.rings, ctx, a, b, tol, below);
    const circle = this.circleMin(ctx, a, b, tol);
    if (circle) return circle.fx < below ? { value: circle.fx, f: circle.x } : null;
    // The baseline distance less the width: negative inside the buffer, 0 on its boundary.
    const signed = (f: number) => {
      const p = ctx.seg.at(f);
      return this.baselineDistanceM(p.lat, p.lon) - this.bufferM;
    };
    const sa = signed(a);
    const sb = signed(b);
    // One end inside and the other outside: the piece crosses the boundary, where the distance
    // is 0 (golden section over a V-shaped minimum among others can miss it by hundreds of metres).
    if (sa <= 0 !== sb <= 0) return below > 0 ? { value: 0, f: secantRoot(signed, a, b, sa, sb, tol) } : null;
    if (this.points.length === 0 && sa > 0) {
      // A buffer of lines and polygons, the piece starting outside it (so outside the polygons):
      // where it keeps clear of the buffer (its least distance to the lines and the polygons'
      // rings above the width), it meets no ring, so stays outside the polygons, and the boundary
      // distance is that distance less the width; where it dips in, 0 where it first does.
      const m = edgesMinOnPiece(this.baseRings, ctx, a, b, tol, below + this.bufferM);
      if (m === null) return null;
      if (m.value > this.bufferM) return { value: m.value - this.bufferM, f: m.f };
      const sm = signed(m.f);
      if (sm <= 0) return below > 0 ? { value: 0, f: secantRoot(signed, a, m.f, sa, sm, tol) } : null;
    }
    const m = minimize(
      (f) => {
        const p = ctx.seg.at(f);
        return this.boundaryDistanceM(p.lat, p.lon);
      },
      a,
      b,
      tol,
      6,
    );
    return m.fx < below ? { value: m.fx, f: m.x } : null;
  }

  private landZone: CompiledZone | null | undefined;

  /** A buffer zone's width, metres (0 for a polygon zone). */
  get widthM(): number {
    return this.bufferM;
  }

  /**
   * A buffer's baseline polygons as a polygon zone of their own (null: it has none, or this is a
   * polygon zone): ashore, the depth is the width plus how far inland the point is, the land's own
   * depth there.
   */
  get land(): CompiledZone | null {
    if (this.landZone === undefined) {
      const g = this.zone.geometry;
      this.landZone =
        g.type === 'buffer' && g.baseline.polygons.length
          ? new CompiledZone({
              ...this.zone,
              id: `${this.zone.id} baseline`,
              validFrom: null,
              validTo: null,
              floorFt: null,
              ceilingFt: null,
              geometry: { type: 'polygon', polygons: g.baseline.polygons },
            })
          : null;
    }
    return this.landZone;
  }

  /**
   * For a buffer zone, the greatest depth over the part [a, b] of a segment that lies inside it
   * and off the baseline's land, and where: there the depth is the width less the distance to the
   * baseline, greatest where that distance is least, which the projections onto its points and the
   * edge search of its lines' and polygons' rings give exactly.
   */
  offshoreDepthOnPiece(ctx: SegmentCtx, a: number, b: number, tol: number): { value: number; f: number } {
    let best = { value: Number.POSITIVE_INFINITY, f: a };
    for (const [la, lo] of this.points) {
      const q = ctx.seg.nearestTo(la, lo, a, b);
      if (q.d < best.value) best = { value: q.d, f: q.f };
    }
    const m = this.baseRings.length ? edgesMinOnPiece(this.baseRings, ctx, a, b, tol, best.value) : null;
    if (m) best = m;
    return { value: this.bufferM - best.value, f: best.f };
  }

  /**
   * For a circle (a buffer round one point), the least boundary distance over the part [a, b] of
   * a segment, and where (null where one end is inside and the other outside). The distance to the
   * centre is convex along a geodesic (within CONVEX_M): inside the circle at both ends, the boundary
   * distance (radius less it) is least at an end; outside at both, where the distance to the
   * centre grows from a (or falls into b) it is least at that end, and otherwise at the piece's
   * point nearest the centre if that is outside the circle, else (0) where it first enters.
   */
  private circleMin(ctx: SegmentCtx, a: number, b: number, tol: number): { x: number; fx: number } | null {
    if (this.points.length !== 1 || this.baseRings.length !== 0) return null;
    const [cLat, cLon] = this.points[0];
    const pa = ctx.seg.at(a);
    const ia = inverse(cLat, cLon, pa.lat, pa.lon);
    const ha = ia.s12 - this.bufferM;
    const growsA = Math.cos((pa.azi - ia.azi2) * DEG);
    const pb = ctx.seg.at(b);
    const ib = inverse(cLat, cLon, pb.lat, pb.lon);
    const hb = ib.s12 - this.bufferM;
    const growsB = Math.cos((pb.azi - ib.azi2) * DEG);
    if (!(ia.s12 + ib.s12 < CONVEX_M)) return null;
    if (ha < 0 && hb < 0) return ha >= hb ? { x: a, fx: -ha } : { x: b, fx: -hb };
    if (ha > 0 && hb > 0) {
      if (growsA >= 0) return { x: a, fx: ha };
      if (growsB <= 0) return { x: b, fx: hb };
      const q = ctx.seg.nearestTo(cLat, cLon, a, b);
      if (q.d > this.bufferM) return { x: q.f, fx: q.d - this.bufferM };
      // It dips into the circle: 0 where it first crosses.
      const h = (f: number) => {
        const p = ctx.seg.at(f);
        return inverse(cLat, cLon, p.lat, p.lon).s12 - this.bufferM;
      };
      return { x: secantRoot(h, a, q.f, ha, q.d - this.bufferM, tol), fx: 0 };
    }
    return null;
  }

  /** Distance to the nearest baseline element (0 inside a baseline polygon). */
  baselineDistanceM(lat: number, lon: number, stopBelowM = -1): number {
    if (this.basePolygons.some((p) => polygonContains(p, lat, lon))) return 0;
    let best = Number.POSITIVE_INFINITY;
    for (const [la, lo] of this.points) {
      best = Math.min(best, inverse(la, lo, lat, lon).s12);
      if (best <= stopBelowM) return best;
    }
    // The same least distance as every edge scanned, from the few edges the caps cannot rule out.
    return this.baseRings.length ? Math.min(best, ringsDistanceM(this.baseRings, lat, lon)) : best;
  }

  /**
   * The sub-intervals of a segment during which the aircraft is inside the zone, in order.
   * inStart/inEnd: the zone's full membership at the two fixes (already known to the caller).
   */
  intervals(ctx: SegmentCtx): Interval[] {
    const dt = ctx.t1 - ctx.t0;
    // Validity.
    let va = 0;
    let vb = 1;
    let causeVa: Cause = 'lateral';
    let causeVb: Cause = 'lateral';
    if (this.fromS > ctx.t0) {
      if (this.fromS >= ctx.t1) return [];
      va = (this.fromS - ctx.t0) / dt;
      causeVa = 'validity';
    } else if (this.fromS === ctx.t0) causeVa = 'validity'; // in force from this very fix
    if (this.toS < ctx.t1) {
      if (this.toS <= ctx.t0) return [];
      vb = (this.toS - ctx.t0) / dt;
      causeVb = 'validity';
    }
    let out: Interval[] = [{ a: va, b: vb, causeA: causeVa, causeB: causeVb }];
    // Vertical limits, with altitude linear in time.
    const vertical = verticalInterval(ctx.alt0, ctx.alt1, this.floorFt, this.ceilingFt);
    if (vertical === null) return [];
    out = intersect(out, [vertical]);
    if (out.length === 0) return [];
    // Lateral.
    const lateral = this.lateralIntervals(ctx);
    out = intersect(out, lateral);
    const seg = ctx.seg;
    const short = seg.lengthM < 2e6;
    for (const e of this.excludes) {
      if (out.length === 0) break;
      if (short && !segmentMayTouch(seg.lat1, seg.lon1, seg.lat2, seg.lon2, e)) continue;
      const ex = e.intervals(ctx);
      if (ex.length) out = subtract(out, ex);
    }
    return out;
  }

  /** Fractions of the segment inside the zone's own lateral geometry. */
  lateralIntervals(ctx: SegmentCtx): Interval[] {
    const box = ctx.box;
    const margin = this.bufferM;
    const b = this.bbox;
    if (box.maxLat < b.minLat || box.minLat > b.maxLat) return [];
    if (!b.wraps && !lonOverlap(box.minLon, box.maxLon, b.minLon, b.maxLon)) return [];
    const seg = ctx.seg;
    if (!this.isBuffer) {
      const cuts: number[] = [];
      for (const r of this.rings) {
        const rb = r.bbox;
        // A ring whose box the segment's box misses has no edge the index would find.
        if (box.maxLat < rb.minLat || box.minLat > rb.maxLat) continue;
        if (!rb.wraps && !lonOverlap(box.minLon, box.maxLon, rb.minLon, rb.maxLon)) continue;
        r.crossings(seg, box, cuts);
      }
      return this.fromCuts(cuts, (f) => {
        const q = seg.at(f);
        return this.polygons.some((p) => polygonContains(p, q.lat, q.lon));
      });
    }
    // Buffer: union of, per baseline element, the (single) interval where it is within reach,
    // plus the intervals inside baseline polygons.
    const parts: Interval[] = [];
    const pad = margin / DEG_LAT_M;
    const cosLat = Math.max(
      0.01,
      Math.cos((Math.min(89, Math.max(Math.abs(box.minLat), Math.abs(box.maxLat)) + pad) * Math.PI) / 180),
    );
    const padLon = pad / cosLat;
    const reach = {
      minLat: box.minLat - pad,
      maxLat: box.maxLat + pad,
      minLon: box.minLon - padLon,
      maxLon: box.maxLon + padLon,
    };
    if (reach.maxLat >= 89.5 || reach.minLat <= -89.5 || reach.maxLon - reach.minLon >= 360) {
      reach.minLon = -180;
      reach.maxLon = 180;
    }
    const addElement = (dist: (lat: number, lon: number) => number) => {
      const h = (f: number) => {
        const q = seg.at(f);
        return dist(q.lat, q.lon) - margin;
      };
      const h0 = h(0);
      const h1 = h(1);
      // Triangle inequality: no point of the segment is closer than this to the element.
      if ((h0 + h1 + 2 * margin - seg.lengthM) / 2 > margin) return;
      if (h0 <= 0 && h1 <= 0) {
        // The distance to one element is convex along a segment: within reach at both ends
        // means within reach all along.
        parts.push({ a: 0, b: 1, causeA: 'lateral', causeB: 'lateral' });
        return;
      }
      const m = minimize(h, 0, 1, 1e-11, 8);
      const fm = m.x;
      const hm = m.fx;
      if (hm > 0) return;
      const a = h0 <= 0 ? 0 : brentRoot(h, 0, fm, h0, hm);
      const bb = h1 <= 0 ? 1 : brentRoot(h, fm, 1, hm, h1);
      parts.push({ a, b: bb, causeA: 'lateral', causeB: 'lateral' });
    };
    for (const [la, lo] of this.points) {
      if (la < reach.minLat || la > reach.maxLat) continue;
      if (!lonOverlap(reach.minLon, reach.maxLon, lo, lo)) continue;
      addElement((lat, lon) => inverse(la, lo, lat, lon).s12);
    }
    for (const r of this.baseRings) {
      for (const j of r.candidates(reach.minLat, reach.maxLat, reach.minLon, reach.maxLon)) {
        addElement((lat, lon) => r.edgeDistanceM(j, lat, lon));
      }
    }
    if (this.basePolygons.length) {
      const cuts: number[] = [];
      for (const p of this.basePolygons) for (const r of p) r.crossings(seg, box, cuts);
      parts.push(
        ...this.fromCuts(cuts, (f) => {
          const q = seg.at(f);
          return this.basePolygons.some((p) => polygonContains(p, q.lat, q.lon));
        }),
      );
    }
    return union(parts);
  }

  /** Intervals from boundary crossings, deciding each piece by a membership test at its middle. */
  private fromCuts(cuts: number[], insideAt: (f: number) => boolean): Interval[] {
    const fs = [0, ...cuts.filter((f) => f > 0 && f < 1).sort((x, y) => x - y), 1];
    const out: Interval[] = [];
    for (let i = 0; i + 1 < fs.length; i++) {
      const a = fs[i];
      const b = fs[i + 1];
      if (b - a < 1e-15) continue;
      if (!insideAt((a + b) / 2)) continue;
      const last = out[out.length - 1];
      if (last && Math.abs(last.b - a) < 1e-15) last.b = b;
      else out.push({ a, b, causeA: 'lateral', causeB: 'lateral' });
    }
    return out;
  }
}

function polygonContains(rings: RingGeom[], lat: number, lon: number): boolean {
  const outer = rings[0];
  const bb = outer.bbox;
  if (lat < bb.minLat || lat > bb.maxLat) return false;
  let odd = false;
  for (const r of rings) if (r.rayParity(lat, lon)) odd = !odd;
  return odd;
}

/**
 * Whether the geodesic segment between two fixes (shorter than 2,000 km) might touch the zone at
 * all (cheap, conservative).
 */
export function segmentMayTouch(
  lat0: number,
  lon0: number,
  lat1: number,
  lon1: number,
  zone: CompiledZone,
): boolean {
  const b = zone.bbox;
  if (b.wraps) return true;
  // The geodesic between two fixes stays within their box widened by its bulge, which for any
  // segment shorter than 2,000 km is under 0.5° away from the poles.
  const pad = 0.5;
  const lo = Math.min(lat0, lat1) - pad;
  const hi = Math.max(lat0, lat1) + pad;
  if (hi < b.minLat || lo > b.maxLat) return false;
  if (Math.abs(lo) > 80 || Math.abs(hi) > 80) return true;
  return lonSpanMeets(lon0, lon1, b, pad);
}

function lonSpanMeets(lon1: number, lon2: number, b: CompiledZone['bbox'], pad: number): boolean {
  let d = lon2 - lon1;
  if (d > 180) d -= 360;
  else if (d < -180) d += 360;
  const lo = Math.min(lon1, lon1 + d) - pad;
  const hi = Math.max(lon1, lon1 + d) + pad;
  for (const s of [0, 360, -360]) if (lo <= b.maxLon + s && hi >= b.minLon + s) return true;
  return false;
}

export function verticalInterval(
  alt0: number,
  alt1: number,
  floor: number,
  ceiling: number,
): Interval | null {
  if (Number.isNaN(alt0) || Number.isNaN(alt1)) {
    // One altitude unknown: judge by the known one, else not at all.
    const known = Number.isNaN(alt0) ? alt1 : alt0;
    if (Number.isNaN(known) || (known >= floor && known <= ceiling)) {
      return { a: 0, b: 1, causeA: 'lateral', causeB: 'lateral' };
    }
    return null;
  }
  let a = 0;
  let b = 1;
  let causeA: Cause = 'lateral';
  let causeB: Cause = 'lateral';
  const d = alt1 - alt0;
  const clip = (limit: number, below: boolean, cause: Cause): boolean => {
    // Keep fractions where alt ≥ limit (below=false) or alt ≤ limit (below=true).
    if (d === 0) return below ? alt0 <= limit : alt0 >= limit;
    const f = (limit - alt0) / d;
    const rising = d > 0;
    if (rising !== below) {
      // (At the limit at the first fix, entering through it: f = a = 0, and that is the cause.)
      if (f > a || (f === 0 && a === 0)) {
        a = f;
        causeA = cause;
      }
    } else if (f < b) {
      b = f;
      causeB = cause;
    }
    return true;
  };
  if (Number.isFinite(floor) && !clip(floor, false, 'floor')) return null;
  if (Number.isFinite(ceiling) && !clip(ceiling, true, 'ceiling')) return null;
  if (a >= b) return null;
  return { a: Math.max(0, a), b: Math.min(1, b), causeA, causeB };
}

function intersect(xs: Interval[], ys: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of xs) {
    for (const y of ys) {
      const a = Math.max(x.a, y.a);
      const b = Math.min(x.b, y.b);
      if (b - a <= 0) continue;
      out.push({
        a,
        b,
        // Both from the segment's start (or one point): 'lateral' there is only the default,
        // a limit is the cause.
        causeA: x.a > y.a || (x.a === y.a && x.causeA !== 'lateral') ? x.causeA : y.causeA,
        causeB: x.b <= y.b ? x.causeB : y.causeB,
      });
    }
  }
  return out.sort((p, q) => p.a - q.a);
}

function subtract(xs: Interval[], ys: Interval[]): Interval[] {
  let cur = xs;
  for (const y of ys) {
    const next: Interval[] = [];
    for (const x of cur) {
      if (y.b <= x.a || y.a >= x.b) {
        next.push(x);
        continue;
      }
      if (y.a > x.a) next.push({ a: x.a, b: y.a, causeA: x.causeA, causeB: 'lateral' });
      if (y.b < x.b) next.push({ a: y.b, b: x.b, causeA: 'lateral', causeB: x.causeB });
    }
    cur = next;
  }
  return cur;
}

function union(parts: Interval[]): Interval[] {
  const sorted = parts.filter((p) => p.b > p.a).sort((p, q) => p.a - q.a);
  const out: Interval[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.a <= last.b) last.b = Math.max(last.b, p.b);
    else out.push({ ...p });
  }
  return out;
}

function lonOverlap(a1: number, a2: number, b1: number, b2: number): boolean {
  for (const shift of [0, 360, -360]) if (a1 <= b2 + shift && a2 >= b1 + shift) return true;
  return false;
}

/** Latitude (absolute) from which a zone's box gives no longitudes (see mergeBoxes). */
const POLAR_BOX_LAT = 89.9;

function mergeBoxes(boxes: RingGeom['bbox'][], marginM: number): CompiledZone['bbox'] {
  if (boxes.length === 0) return { minLat: 0, maxLat: -1, minLon: 0, maxLon: -1, wraps: false };
  let minLat = 90;
  let maxLat = -90;
  let wraps = false;
  for (const b of boxes) {
    minLat = Math.min(minLat, b.minLat);
    maxLat = Math.max(maxLat, b.maxLat);
    wraps ||= b.wraps;
  }
  // Longitudes: take the smallest arc covering every box, so zones near ±180 stay tight.
  let minLon = boxes[0].minLon;
  let maxLon = boxes[0].maxLon;
  for (const b of boxes.slice(1)) {
    const lo = minLon + lonDiff(minLon, b.minLon);
    const hi = lo + (b.maxLon - b.minLon);
    minLon = Math.min(minLon, lo);
    maxLon = Math.max(maxLon, hi);
  }
  const dLat = marginM / DEG_LAT_M;
  minLat = Math.max(-90, minLat - dLat);
  maxLat = Math.min(90, maxLat + dLat);
  // A point within the margin is at most that far in longitude, measured along the parallel
  // furthest from the equator the margin reaches. Within a tenth of a degree of a pole that is no
  // bound worth having (and clamping the latitude there let a buffer around a point beside the
  // pole miss the fixes on its far side): the box then gives no longitudes.
  const maxAbsLat = Math.max(Math.abs(minLat), Math.abs(maxLat));
  const dLon =
    maxAbsLat >= POLAR_BOX_LAT ? 360 : marginM / (DEG_LAT_M * Math.cos((maxAbsLat * Math.PI) / 180));
  minLon -= dLon;
  maxLon += dLon;
  if (maxLon - minLon >= 360 || maxLat >= 90 || minLat <= -90) wraps = true;
  return { minLat, maxLat, minLon, maxLon, wraps };
}

/** The compiled catalog: every zone with its `excludes` resolved. */
export class CompiledCatalog {
  readonly zones: CompiledZone[];
  readonly byId = new Map<string, CompiledZone>();
  readonly problems: Diagnostic[] = [];

  constructor(readonly catalog: Catalog) {
    // The rings' arrays from the disk cache when it holds this catalog's (same values).
    const rings = ringFactory(catalog.zones);
    this.zones = catalog.zones.map((z) => new CompiledZone(z, rings.make));
    rings.finish();
    for (const z of this.zones) this.byId.set(z.zone.id, z);
    for (const z of this.zones) {
      for (const id of z.zone.excludes ?? []) {
        const e = this.byId.get(id);
        if (!e || e === z) {
          this.problems.push({
            file: catalog.id,
            field: `${z.zone.id}.excludes`,
            message: `excluded zone '${id}' is not in the catalog; nothing is cut out for it`,
          });
        } else z.excludes.push(e);
      }
    }
  }

  /** Every zone holding the point at that altitude and time. */
  zonesAt(lat: number, lon: number, altFt: number, tS: number): Zone[] {
    return this.zones.filter((z) => z.contains(lat, lon, altFt, tS)).map((z) => z.zone);
  }
}

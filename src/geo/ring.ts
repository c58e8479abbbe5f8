/**
 * Exact operations on a closed ring whose edges are geodesics or rhumb lines: which side of an
 * edge a point is on, where a geodesic track segment crosses the ring, whether a point is inside,
 * and how far a point is from the ring.
 *
 * Layout of a RingGeom (edge j joins vertex j to vertex j+1 mod n):
 *   lat, lon      Float64Array(n)  vertices, degrees
 *   kind          Uint8Array(n)    0 geodesic, 1 rhumb
 *   psi           Float64Array(n)  isometric latitude of each vertex (rhumb maths)
 *   dLon          Float64Array(n)  signed longitude step of edge j, degrees, in (-180, 180]
 *   azi, lenM     Float64Array(n)  geodesic azimuth at vertex j and length of edge j (geodesic edges)
 *   minLat,maxLat Float64Array(n)  latitude extent of edge j including a geodesic's bulge
 *   index         Flatbush over edge boxes (edges over the antimeridian get two boxes)
 * All of it but the vertices can be saved (snapshot()) and a ring rebuilt from it without a
 * geodesic (zones/ring-cache.ts keeps the built-in catalog's on disk).
 *
 * Accuracy: side tests are exact in sign away from |side| < 1e-9 m; crossing fractions converge
 * to 1e-13 of the segment (sub-millimetre); distances converge to 1e-4 m.
 */
import Flatbush from 'flatbush';
import { EDGE_RHUMB, type Ring } from '../zones/zone.js';
import { direct, type GeodesicSegment, inverse, lonDiff, R_MEAN_M } from './geodesic.js';
import { KarneyLine } from './karney-line.js';
import { isometricLat, latFromIsometric, meridianArcM } from './rhumb.js';
import { minimize, secantRoot } from './roots.js';

const DEG = Math.PI / 180;
const BOX_PAD_DEG = 1e-9;
/** Below this (with margin) the distance to a point is convex along every geodesic, metres. */
export const CONVEX_M = 8_000_000;

/** Vertex geodesics remembered per ring for the current query point (see RingGeom.toVertex). */
const VERTEX_MEMO = 16;

/** A position along an edge's line: lat, lon, azi (apart from inverse()'s own result). */
const POS = new Float64Array(3);
/**
 * Edge geodesic lines kept per ring (a power of two, direct-mapped by edge index). A line is about
 * 1 KB; a search revisits the few edges near its point, so a small cache serves it and memory stays
 * bounded however many edges a long analysis touches.
 */
const LINE_CACHE = 256;

/** What a RingGeom derives from its ring: to be stored and restored without computing it again. */
export interface RingGeomSnapshot {
  psi: Float64Array;
  dLon: Float64Array;
  azi: Float64Array;
  aziEnd: Float64Array;
  lenM: Float64Array;
  minLat: Float64Array;
  maxLat: Float64Array;
  /** winding, then bbox minLat, maxLat, minLon, maxLon. */
  numbers: Float64Array;
  wraps: boolean;
  split: boolean;
  boxEdge: Uint32Array;
  /** The edge index's bytes (Flatbush.from): at an 8-byte aligned offset of their buffer. */
  index: Uint8Array;
}

export class RingGeom {
  readonly n: number;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly kind: Uint8Array;
  readonly psi: Float64Array;
  readonly dLon: Float64Array;
  readonly azi: Float64Array;
  /** Forward azimuth of geodesic edge j at vertex j+1. */
  readonly aziEnd: Float64Array;
  readonly lenM: Float64Array;
  readonly minLat: Float64Array;
  readonly maxLat: Float64Array;
  /** Sum of the edges' longitude steps: ±360 when the ring goes round a pole, else 0. */
  readonly winding: number;
  readonly bbox: { minLat: number; maxLat: number; minLon: number; maxLon: number; wraps: boolean };
  private readonly index: Flatbush;
  /** The index's bytes when it was restored from a snapshot (then part of a larger buffer). */
  private readonly indexData?: Uint8Array;
  private readonly boxEdge: Uint32Array;
  /** Whether some edge has two boxes (it crosses the antimeridian). */
  private readonly split: boolean;
  private readonly lineTag: Int32Array;
  private readonly lines: Array<KarneyLine | undefined>;
  /**
   * The last few vertex-to-point geodesics of one query point: a search for the nearest edge
   * meets most vertices from both of their edges, and each geodesic costs as much as the rest.
   */
  private readonly memoV = new Int32Array(VERTEX_MEMO).fill(-1);
  private readonly memoS = new Float64Array(VERTEX_MEMO);
  private readonly memoA = new Float64Array(VERTEX_MEMO);
  private readonly memoB = new Float64Array(VERTEX_MEMO);
  private memoLat = Number.NaN;
  private memoLon = Number.NaN;
  private memoNext = 0;
  /** Azimuth at the vertex of the last toVertex() geodesic, degrees. */
  private vertexAzi = 0;
  /** The azimuth at the point of the last toVertex geodesic (pointing away from the vertex). */
  private vertexAziAtPoint = 0;
  /**
   * After geodesic edgeDistanceM: the azimuth at the query point pointing away from the edge's
   * nearest point, so that moving at azimuth θ the distance grows at the rate cos(θ − pointAzi).
   */
  pointAzi = Number.NaN;

  /**
   * The geometry of a ring; `saved`: what snapshot() gave for this very ring (same vertices and
   * edge kinds, same code), taken as it is (throws if it does not fit the ring).
   */
  constructor(ring: Ring, saved?: RingGeomSnapshot) {
    const n = ring.lat.length;
    this.n = n;
    this.lat = ring.lat;
    this.lon = ring.lon;
    this.kind = ring.edges;
    const slots = Math.min(LINE_CACHE, 2 ** Math.ceil(Math.log2(Math.max(n, 1))));
    this.lineTag = new Int32Array(slots).fill(-1);
    this.lines = new Array(slots).fill(undefined);
    if (saved) {
      const s = saved;
      const perEdge = [s.psi, s.dLon, s.azi, s.aziEnd, s.lenM, s.minLat, s.maxLat];
      if (perEdge.some((a) => a.length !== n) || s.numbers.length !== 5) throw new Error('not this ring');
      this.psi = s.psi;
      this.dLon = s.dLon;
      this.azi = s.azi;
      this.aziEnd = s.aziEnd;
      this.lenM = s.lenM;
      this.minLat = s.minLat;
      this.maxLat = s.maxLat;
      this.winding = s.numbers[0];
      this.bbox = {
        minLat: s.numbers[1],
        maxLat: s.numbers[2],
        minLon: s.numbers[3],
        maxLon: s.numbers[4],
        wraps: s.wraps,
      };
      this.split = s.split;
      this.boxEdge = s.boxEdge;
      this.index = Flatbush.from(s.index.buffer, s.index.byteOffset);
      this.indexData = s.index;
      if (this.index.numItems !== s.boxEdge.length || s.boxEdge.length < n) throw new Error('not this ring');
      return;
    }
    this.psi = new Float64Array(n);
    this.dLon = new Float64Array(n);
    this.azi = new Float64Array(n);
    this.aziEnd = new Float64Array(n);
    this.lenM = new Float64Array(n);
    this.minLat = new Float64Array(n);
    this.maxLat = new Float64Array(n);
    let winding = 0;
    let boxes = 0;
    for (let j = 0; j < n; j++) {
      const k = j + 1 === n ? 0 : j + 1;
      this.psi[j] = isometricLat(ring.lat[j]);
      const d = lonDiff(ring.lon[j], ring.lon[k]);
      this.dLon[j] = d;
      winding += d;
      let lo = Math.min(ring.lat[j], ring.lat[k]);
      let hi = Math.max(ring.lat[j], ring.lat[k]);
      if (this.kind[j] !== EDGE_RHUMB) {
        const inv = inverse(ring.lat[j], ring.lon[j], ring.lat[k], ring.lon[k]);
        this.azi[j] = inv.azi1;
        this.aziEnd[j] = inv.azi2;
        this.lenM[j] = inv.s12;
        // A geodesic heading north at one end and south at the other peaks in between.
        const north1 = Math.abs(inv.azi1) < 90;
        const north2 = Math.abs(inv.azi2) < 90;
        if (north1 !== north2 && inv.s12 > 0) {
          const line = this.line(j);
          const at = (f: number) => {
            line.positionInto(f * inv.s12, POS);
            return POS[0];
          };
          if (north1) hi = Math.max(hi, -minimize((f) => -at(f), 0, 1, 1e-12).fx);
          else lo = Math.min(lo, minimize(at, 0, 1, 1e-12).fx);
        }
      } else {
        this.lenM[j] = rhumbLengthApproxM(ring.lat[j], ring.lat[k], d);
      }
      this.minLat[j] = lo;
      this.maxLat[j] = hi;
      boxes += crossesAntimeridian(ring.lon[j], d) ? 2 : 1;
    }
    this.winding = Math.round(winding);
    this.split = boxes > n;
    this.index = new Flatbush(Math.max(boxes, 1));
    this.boxEdge = new Uint32Array(Math.max(boxes, 1));
    let b = 0;
    let minLon = 180;
    let maxLon = -180;
    for (let j = 0; j < n; j++) {
      const x1 = ring.lon[j];
      const x2 = x1 + this.dLon[j];
      const lo = Math.min(x1, x2);
      const hi = Math.max(x1, x2);
      const y1 = this.minLat[j] - BOX_PAD_DEG;
      const y2 = this.maxLat[j] + BOX_PAD_DEG;
      if (lo < -180 || hi > 180) {
        const shift = hi > 180 ? -360 : 360;
        this.index.add(lo - BOX_PAD_DEG, y1, hi + BOX_PAD_DEG, y2);
        this.boxEdge[b++] = j;
        this.index.add(lo + shift - BOX_PAD_DEG, y1, hi + shift + BOX_PAD_DEG, y2);
        this.boxEdge[b++] = j;
        minLon = -180;
        maxLon = 180;
      } else {
        this.index.add(lo - BOX_PAD_DEG, y1, hi + BOX_PAD_DEG, y2);
        this.boxEdge[b++] = j;
        minLon = Math.min(minLon, lo);
        maxLon = Math.max(maxLon, hi);
      }
    }
    if (n === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
    let minLatAll = 90;
    let maxLatAll = -90;
    for (let j = 0; j < n; j++) {
      minLatAll = Math.min(minLatAll, this.minLat[j]);
      maxLatAll = Math.max(maxLatAll, this.maxLat[j]);
    }
    // A ring round a pole reaches that pole.
    if (this.winding > 0) maxLatAll = 90;
    if (this.winding < 0) minLatAll = -90;
    const wraps = this.winding !== 0 || minLon <= -180 || maxLon >= 180;
    this.bbox = {
      minLat: minLatAll,
      maxLat: maxLatAll,
      minLon: wraps ? -180 : minLon,
      maxLon: wraps ? 180 : maxLon,
      wraps,
    };
  }

  /** What this ring derived from its vertices (the arrays themselves, not copies). */
  snapshot(): RingGeomSnapshot {
    const b = this.bbox;
    return {
      psi: this.psi,
      dLon: this.dLon,
      azi: this.azi,
      aziEnd: this.aziEnd,
      lenM: this.lenM,
      minLat: this.minLat,
      maxLat: this.maxLat,
      numbers: Float64Array.of(this.winding, b.minLat, b.maxLat, b.minLon, b.maxLon),
      wraps: b.wraps,
      split: this.split,
      boxEdge: this.boxEdge,
      index: this.indexData ?? new Uint8Array(this.index.data),
    };
  }

  /** The geodesic line of edge j from vertex j (built on first use). */
  line(j: number): KarneyLine {
    const slot = j & (this.lineTag.length - 1);
    let l = this.lines[slot];
    if (this.lineTag[slot] !== j || !l) {
      const k = j + 1 === this.n ? 0 : j + 1;
      l = new KarneyLine(this.lat[j], this.lon[j], this.lat[k], this.lon[k]);
      this.lines[slot] = l;
      this.lineTag[slot] = j;
    }
    return l;
  }

  /**
   * Signed side of (lat, lon) relative to edge j: > 0 left of its direction, < 0 right, 0 on the
   * edge's great line. Continuous in the point, which root finding along a track needs.
   */
  side(j: number, lat: number, lon: number): number {
    if (this.kind[j] === EDGE_RHUMB) {
      const k = j + 1 === this.n ? 0 : j + 1;
      const dx = this.dLon[j] * DEG;
      const dy = this.psi[k] - this.psi[j];
      const px = lonDiff(this.lon[j], lon) * DEG;
      const py = isometricLat(lat) - this.psi[j];
      return dx * py - dy * px;
    }
    const inv = inverse(this.lat[j], this.lon[j], lat, lon);
    return inv.s12 * Math.sin((this.azi[j] - inv.azi1) * DEG);
  }

  /**
   * side(j, lat, lon) for a geodesic edge through the vertex memo (the same number): after
   * edgeDistanceM(j, lat, lon) it costs no geodesic.
   */
  geodesicSide(j: number, lat: number, lon: number): number {
    const s = this.toVertex(j, lat, lon);
    return s * Math.sin((this.azi[j] - this.vertexAzi) * DEG);
  }

  /** Whether a point on edge j's great line (side ≈ 0) lies between its two vertices. */
  withinEdge(j: number, lat: number, lon: number): boolean {
    if (this.kind[j] === EDGE_RHUMB) {
      const k = j + 1 === this.n ? 0 : j + 1;
      const dx = this.dLon[j] * DEG;
      const dy = this.psi[k] - this.psi[j];
      const px = lonDiff(this.lon[j], lon) * DEG;
      const py = isometricLat(lat) - this.psi[j];
      const u = (px * dx + py * dy) / (dx * dx + dy * dy);
      return u >= -1e-12 && u <= 1 + 1e-12;
    }
    const inv = inverse(this.lat[j], this.lon[j], lat, lon);
    if (inv.s12 < 1e-6) return true;
    return Math.cos((this.azi[j] - inv.azi1) * DEG) > 0 && inv.s12 <= this.lenM[j] + 1e-6;
  }

  /** Edges whose box meets the box [minLon, maxLon] × [minLat, maxLat] (lon may exceed ±180). */
  candidates(minLat: number, maxLat: number, minLon: number, maxLon: number): number[] {
    if (!this.split && minLon >= -180 && maxLon <= 180) {
      // One box per edge and one range: the index's hits are the edges, each once.
      const hits = this.index.search(minLon, minLat, maxLon, maxLat);
      for (let i = 0; i < hits.length; i++) hits[i] = this.boxEdge[hits[i]];
      return hits;
    }
    const found = new Set<number>();
    const ranges: Array<[number, number]> = [[minLon, maxLon]];
    if (minLon < -180) ranges.push([minLon + 360, maxLon + 360]);
    if (maxLon > 180) ranges.push([minLon - 360, maxLon - 360]);
    for (const [lo, hi] of ranges) {
      for (const b of this.index.search(lo, minLat, hi, maxLat)) found.add(this.boxEdge[b]);
    }
    return [...found].sort((x, y) => x - y);
  }

  /**
   * Fractions f ∈ [0, 1] of the geodesic segment where it crosses an edge of this ring
   * (unsorted, may repeat where it passes through a vertex).
   */
  crossings(seg: GeodesicSegment, box: SegmentBox, out: number[]): void {
    for (const j of this.candidates(box.minLat, box.maxLat, box.minLon, box.maxLon)) {
      const g0 = this.side(j, seg.lat1, seg.lon1);
      const g1 = this.side(j, seg.lat2, seg.lon2);
      if ((g0 > 0 && g1 > 0) || (g0 < 0 && g1 < 0)) continue;
      const g = (f: number) => {
        const p = seg.at(f);
        return this.side(j, p.lat, p.lon);
      };
      const f = secantRoot(g, 0, 1, g0, g1);
      const p = seg.at(f);
      if (this.withinEdge(j, p.lat, p.lon)) out.push(f);
    }
  }

  /**
   * Crossing parity of the meridian ray from (lat, lon) to the north pole with this ring.
   * Edges straddle the ray's meridian half-open (x1 ≤ 0 < x2) so a vertex on it counts once.
   */
  rayParity(lat: number, lon: number): boolean {
    let odd = false;
    for (const j of this.candidates(lat - BOX_PAD_DEG, 90, lon, lon)) {
      const x1 = lonDiff(lon, this.lon[j]);
      const x2 = x1 + this.dLon[j];
      const eastward = x1 <= 0 && x2 > 0;
      const westward = x2 <= 0 && x1 > 0;
      if (!eastward && !westward) continue;
      let north: boolean;
      if (this.minLat[j] > lat) north = true;
      else if (this.maxLat[j] < lat) north = false;
      else {
        const s = this.side(j, lat, lon);
        // Going east, the area to the right of the edge is south of it.
        north = eastward ? s < 0 : s > 0;
      }
      if (north) odd = !odd;
    }
    return this.winding > 0 ? !odd : odd;
  }

  /**
   * Geodesic distance in metres from (lat, lon) to the nearest point of edge j.
   *
   * Within 9,950 km of a point (π/2 times the smallest radius of curvature) the distance to it is
   * convex along any geodesic (Hessian comparison), so when moving into the edge from an end
   * takes the aircraft away, that end is the nearest point and no search is needed.
   */
  edgeDistanceM(j: number, lat: number, lon: number): number {
    if (this.kind[j] === EDGE_RHUMB) return this.rhumbEdgeDistanceM(j, lat, lon);
    const len = this.lenM[j];
    const startS = this.toVertex(j, lat, lon);
    const startAzi = this.vertexAziAtPoint;
    this.pointAzi = startAzi;
    if (len === 0) return startS;
    const along = startS * Math.cos((this.vertexAzi - this.azi[j]) * DEG);
    const convex = startS + len < CONVEX_M;
    if (convex && along <= 0) return startS;
    // The foot the sphere gives (tan a = tan δ cos θ): near enough to the ellipsoid's that one
    // step of the search below usually settles it, where the flat estimate (off by metres at
    // 100 km) took two.
    const delta = startS / R_MEAN_M;
    const sphereAlong = delta < 1.5 ? R_MEAN_M * Math.atan(Math.tan(delta) * (along / startS)) : along;
    // Well short of the far end, the foot is inside the edge and the far end's distance (a
    // geodesic) is not needed; were the foot past the end after all, the search, held to the
    // edge, would stop at the end with its distance. Near or past it, that end may hold the least.
    let endS = Number.POSITIVE_INFINITY;
    let endAzi = Number.NaN;
    if (!(convex && sphereAlong < 0.99 * len)) {
      const k = j + 1 === this.n ? 0 : j + 1;
      endS = this.toVertex(k, lat, lon);
      endAzi = this.vertexAziAtPoint;
      if (convex && Math.cos((this.vertexAzi - this.aziEnd[j]) * DEG) >= 0) {
        this.pointAzi = endAzi;
        return endS;
      }
    }
    // Newton-like projection from the sphere's foot: move along the edge by the along-track
    // component of the offset.
    const line = this.line(j);
    let s = Math.min(len, Math.max(0, sphereAlong));
    let d = startS;
    let dAzi = startAzi;
    for (let iter = 0; iter < 30; iter++) {
      line.positionInto(s, POS);
      const inv = inverse(POS[0], POS[1], lat, lon);
      d = inv.s12;
      dAzi = inv.azi2;
      const ds = inv.s12 * Math.cos((inv.azi1 - POS[2]) * DEG);
      const next = Math.min(len, Math.max(0, s + ds));
      // The step is about the distance left to the foot, e, and near the foot the distance d
      // exceeds its least value by at most e²/(2d): once that is below 1e-6 m (with e taken as
      // twice the step), d is the edge's distance, a further step would not change it.
      const step = Math.abs(next - s);
      if (step < 1e-5 || 2 * step * step < 1e-6 * d) break;
      s = next;
    }
    if (startS < d && startS <= endS) return startS;
    if (endS < d) {
      this.pointAzi = endAzi;
      return endS;
    }
    this.pointAzi = dAzi;
    return d;
  }

  /**
   * Geodesic distance from vertex v to (lat, lon); its azimuths at v and at the point are left in
   * vertexAzi and vertexAziAtPoint.
   */
  private toVertex(v: number, lat: number, lon: number): number {
    if (lat !== this.memoLat || lon !== this.memoLon) {
      this.memoV.fill(-1);
      this.memoLat = lat;
      this.memoLon = lon;
    } else
      for (let i = 0; i < VERTEX_MEMO; i++)
        if (this.memoV[i] === v) {
          this.vertexAzi = this.memoA[i];
          this.vertexAziAtPoint = this.memoB[i];
          return this.memoS[i];
        }
    const r = inverse(this.lat[v], this.lon[v], lat, lon);
    const i = this.memoNext;
    this.memoNext = (i + 1) % VERTEX_MEMO;
    this.memoV[i] = v;
    this.memoS[i] = r.s12;
    this.memoA[i] = r.azi1;
    this.memoB[i] = r.azi2;
    this.vertexAzi = r.azi1;
    this.vertexAziAtPoint = r.azi2;
    return r.s12;
  }

  /** Whether longitude lon lies between the ends of edge j (along its direction of travel). */
  withinLongitudes(j: number, lon: number): boolean {
    const x = lonDiff(this.lon[j], lon);
    const span = this.dLon[j];
    return span >= 0 ? x >= 0 && x <= span : x <= 0 && x >= span;
  }

  private rhumbEdgeDistanceM(j: number, lat: number, lon: number): number {
    const k = j + 1 === this.n ? 0 : j + 1;
    if (this.lat[j] === this.lat[k]) {
      // Along a parallel. Meridians are geodesics that cross every parallel at right angles, so
      // the distance to the whole parallel is the meridian arc to it (a path shorter than that
      // would have to cross the intermediate parallels faster than at unit speed). Within the
      // edge's longitudes that is the answer; beyond them the nearer end is (distance to points
      // of a parallel grows with the longitude difference). The meridian arc needs no geodesic:
      // Helmert's series gives it within 1e-7 m.
      if (this.withinLongitudes(j, lon)) return Math.abs(meridianArcM(lat) - meridianArcM(this.lat[j]));
      return Math.min(
        inverse(this.lat[j], this.lon[j], lat, lon).s12,
        inverse(this.lat[k], this.lon[k], lat, lon).s12,
      );
    }
    const at = (u: number) => {
      const la = latFromIsometric(this.psi[j] + u * (this.psi[k] - this.psi[j]));
      return inverse(la, this.lon[j] + u * this.dLon[j], lat, lon).s12;
    };
    return minimize(at, 0, 1, 1e-11, 16).fx;
  }
}

/** The box of a geodesic segment (longitudes unwrapped from its start), including its bulge. */
export interface SegmentBox {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

export function segmentBox(seg: GeodesicSegment): SegmentBox {
  let minLat = Math.min(seg.lat1, seg.lat2);
  let maxLat = Math.max(seg.lat1, seg.lat2);
  if (seg.lengthM > 0) {
    const north1 = Math.abs(seg.azi1) < 90;
    const north2 = Math.abs(seg.at(1).azi) < 90;
    if (north1 !== north2) {
      const at = (f: number) => seg.at(f).lat;
      if (north1) maxLat = Math.max(maxLat, -minimize((f) => -at(f), 0, 1, 1e-12).fx);
      else minLat = Math.min(minLat, minimize(at, 0, 1, 1e-12).fx);
    }
  }
  const x2 = seg.lon1 + lonDiff(seg.lon1, seg.lon2);
  return {
    minLat: minLat - BOX_PAD_DEG,
    maxLat: maxLat + BOX_PAD_DEG,
    minLon: Math.min(seg.lon1, x2) - BOX_PAD_DEG,
    maxLon: Math.max(seg.lon1, x2) + BOX_PAD_DEG,
  };
}

function crossesAntimeridian(lon: number, dLon: number): boolean {
  const x2 = lon + dLon;
  return x2 > 180 || x2 < -180;
}

const A_M = 6378137;
const FLAT = 1 / 298.257223563;

/**
 * Ellipsoidal distance by Andoyer–Lambert's formula: within about 1e-5 of the geodesic distance
 * (tens of metres across an ocean, centimetres over a few kilometres) at a fraction of the cost.
 * Used only for bounds, never for a finding.
 */
export function sphericalDistanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const b1 = Math.atan((1 - FLAT) * Math.tan(lat1 * DEG));
  const b2 = Math.atan((1 - FLAT) * Math.tan(lat2 * DEG));
  const dl = lonDiff(lon1, lon2) * DEG;
  const h = Math.sin((b2 - b1) / 2) ** 2 + Math.cos(b1) * Math.cos(b2) * Math.sin(dl / 2) ** 2;
  const sigma = 2 * Math.asin(Math.min(1, Math.sqrt(h)));
  if (sigma < 1e-9) return A_M * sigma;
  const p = (b1 + b2) / 2;
  const q = (b2 - b1) / 2;
  const sinS = Math.sin(sigma);
  const cosH = Math.cos(sigma / 2);
  const sinH = Math.sin(sigma / 2);
  const x = ((sigma - sinS) * Math.sin(p) ** 2 * Math.cos(q) ** 2) / (cosH * cosH);
  const y = ((sigma + sinS) * Math.cos(p) ** 2 * Math.sin(q) ** 2) / (sinH * sinH);
  return A_M * (sigma - (FLAT / 2) * (x + y));
}

/** Rhumb length on the mean sphere: used only for lower bounds, never for a finding. */
function rhumbLengthApproxM(lat1: number, lat2: number, dLonDeg: number): number {
  const dphi = (lat2 - lat1) * DEG;
  const dpsi = isometricLat(lat2) - isometricLat(lat1);
  const q = Math.abs(dpsi) > 1e-12 ? dphi / dpsi : Math.cos(lat1 * DEG);
  return R_MEAN_M * Math.hypot(dphi, q * dLonDeg * DEG) * 1.01;
}

/** A point at geodesic distance from a centre, for drawing circles (not used by findings). */
export function circlePoint(lat: number, lon: number, azi: number, distM: number): [number, number] {
  const p = direct(lat, lon, azi, distM);
  return [p.lat, p.lon];
}

/**
 * Precomputed cell grids that answer "is this point inside the zone?" with one lookup for almost
 * every point, and say so only when it is certain.
 *
 * ZoneGrid: a quadtree over one zone's lateral bounding box. Every leaf is OUTSIDE, INSIDE or
 * BOUNDARY. A leaf is uniform (OUTSIDE/INSIDE) only when no point of the zone's boundary can lie in
 * it, so one exact membership test at its centre decides all of it:
 *   - polygon zones: no edge piece's box meets the leaf. Edges are cut into pieces whose boxes are
 *     exact bounds of the geodesic or rhumb edge (longitude is monotonic along both; a geodesic's
 *     latitude has one extremum, added to the piece that holds it), so a curved edge is never
 *     missed the way a chord would miss it.
 *   - buffer zones: the distance to the baseline is 1-Lipschitz, so |d(centre) − D| > the leaf's
 *     circumradius (an upper bound: corners, spherical distance × 1.01 + 1 m) decides the leaf.
 * Each uniform leaf also carries a clearance: a distance in metres such that every point closer
 * than that to any point of the leaf is on the same side. A geodesic segment of length ≤ L whose
 * ends have the same state and clearances cA + cB > L stays on that side all along (each point of
 * it is within x of one end and L − x of the other).
 *
 * Vertical limits, validity and `excludes` are not in the grid: callers apply them as before.
 *
 * CatalogGrid: a uniform fine grid over a whole catalog whose cells hold an interned "combo"
 * (which zones are inside, which are boundary there), built by painting every zone's leaves. A
 * fix then costs one array read unless its cell is on some zone's boundary.
 */
import Flatbush from 'flatbush';
import { lonDiff, NM_M } from '../geo/geodesic.js';
import { isometricLat, latFromIsometric } from '../geo/rhumb.js';
import { RingGeom, sphericalDistanceM } from '../geo/ring.js';
import type { CompiledZone } from './compiled.js';
import { EDGE_RHUMB, type Ring } from './zone.js';

export const OUTSIDE = 0;
export const INSIDE = 1;
export const BOUNDARY = 2;
const INTERNAL = 3;

/** Smallest leaf side, degrees (about 1 km): points in smaller boundary leaves go to the exact test. */
const LEAF_DEG = 0.0025;
/** Largest edge piece, degrees: about two leaves, so a long straight ADIZ edge marks few leaves. */
const PIECE_DEG = 0.005;
/** Root cells along the longest side of a zone's box. */
const ROOT_CELLS = 32;
const PAD_DEG = 1e-9;
/** Boundary leaves are split on use down to this size (about 8 m)... */
const LAZY_LEAF_DEG = LEAF_DEG / 32;
/** ...once this many points have fallen into them. */
const LAZY_HITS = 32;
/** How far around its domain a zone is painted on a catalog grid, degrees. */
const PAINT_PAD_DEG = 0.3;
/** Metres per degree of latitude, lower bound (meridian at the equator). */
const LAT_DEG_MIN_M = 110_574;
/** a·π/180: metres per degree of longitude at the equator; times cos φ it bounds a parallel from below. */
const LON_DEG_EQ_M = 111_319.49;
/**
 * Clearances are capped here: within 50 km a geodesic bulges poleward of its ends by well under
 * 0.1°, the margin the degree-to-metre bounds allow for.
 */
export const CLEAR_CAP_M = 50_000;
const DEG = Math.PI / 180;

/** Lower bound in metres of the distance between points whose |Δlat| ≥ dLatDeg or |Δlon| ≥ dLonDeg. */
function degToMetresLow(dLatDeg: number, dLonDeg: number, maxAbsLat: number): number {
  const byLat = dLatDeg * LAT_DEG_MIN_M;
  const byLon = dLonDeg * lonDegLowM(maxAbsLat);
  return Math.min(CLEAR_CAP_M, Math.max(0, Math.min(byLat, byLon)));
}

/**
 * Lower bound in metres of a degree of longitude at latitudes up to maxAbsLat, and up to 0.1°
 * beyond it (the bulge of a geodesic within CLEAR_CAP_M), up to the pole itself.
 */
function lonDegLowM(maxAbsLat: number): number {
  return LON_DEG_EQ_M * Math.cos(Math.min(90, maxAbsLat + 0.1) * DEG) * 0.99;
}

/**
 * Lower bound in metres of the distance from a point inside a box (x: its longitude unwrapped as
 * the box's) to the box's edge. A cell's clearance holds for every point of the cell, edge
 * included, so a point inside is at least this much farther from the boundary: a path to the
 * boundary leaves the cell first. A large uniform cell beside a boundary has a small clearance,
 * and its middle, tens of kilometres from any boundary, gains the most.
 */
function insideBoxM(lat: number, x: number, lat0: number, lon0: number, size: number): number {
  const dLat = Math.min(lat - lat0, lat0 + size - lat);
  const dLon = Math.min(x - lon0, lon0 + size - x);
  if (!(dLat > 0 && dLon > 0)) return 0;
  return degToMetresLow(dLat, dLon, Math.max(Math.abs(lat0), Math.abs(lat0 + size)));
}

/** Upper bound in metres of the geodesic length between two fixes (path: parallel then meridian). */
export function segmentLengthUpperM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const eq = Math.min(Math.abs(lat1), Math.abs(lat2));
  const nearEq = lat1 > 0 !== lat2 > 0 ? 0 : eq;
  // 111,700 m bounds a degree of meridian anywhere and a degree of parallel at the equator.
  return 111_700 * (Math.abs(lat2 - lat1) + Math.abs(lonDiff(lon1, lon2)) * Math.cos(nearEq * DEG)) + 1e-3;
}

interface Domain {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

/** The boxes of a zone's boundary edges, cut into short exact pieces. */
function edgePieceIndex(rings: RingGeom[], domain: Domain): Flatbush | null {
  const boxes: number[] = [];
  const addBox = (x1: number, y1: number, x2: number, y2: number) => {
    // Copies shifted by ±360° so pieces meet the domain in its own (unwrapped) longitudes.
    for (const s of [0, 360, -360]) {
      if (x2 + s < domain.minLon - 1 || x1 + s > domain.maxLon + 1) continue;
      boxes.push(x1 + s - PAD_DEG, y1 - PAD_DEG, x2 + s + PAD_DEG, y2 + PAD_DEG);
    }
  };
  for (const r of rings) {
    for (let j = 0; j < r.n; j++) {
      const k = j + 1 === r.n ? 0 : j + 1;
      const dLon = r.dLon[j];
      const span = Math.max(Math.abs(dLon), r.maxLat[j] - r.minLat[j]);
      const m = Math.max(1, Math.ceil(span / PIECE_DEG));
      if (r.kind[j] === EDGE_RHUMB) {
        // Straight in (lon, ψ): both coordinates monotonic, so the ends bound each piece.
        const psi0 = isometricLat(r.lat[j]);
        const psi1 = isometricLat(r.lat[k]);
        let pLat = r.lat[j];
        let pLon = r.lon[j];
        for (let i = 1; i <= m; i++) {
          const f = i / m;
          const qLat = i === m ? r.lat[k] : latFromIsometric(psi0 + f * (psi1 - psi0));
          const qLon = r.lon[j] + f * dLon;
          addBox(Math.min(pLon, qLon), Math.min(pLat, qLat), Math.max(pLon, qLon), Math.max(pLat, qLat));
          pLat = qLat;
          pLon = qLon;
        }
        continue;
      }
      if (m === 1) {
        const x2 = r.lon[j] + dLon;
        addBox(Math.min(r.lon[j], x2), r.minLat[j], Math.max(r.lon[j], x2), r.maxLat[j]);
        continue;
      }
      const line = r.line(j);
      const len = r.lenM[j];
      const q = new Float64Array(3);
      let pLat = r.lat[j];
      let pX = r.lon[j];
      let pNorth = Math.abs(r.azi[j]) < 90;
      for (let i = 1; i <= m; i++) {
        line.positionInto((i / m) * len, q);
        const qLat = i === m ? r.lat[k] : q[0];
        const qX = r.lon[j] + lonDiff(r.lon[j], i === m ? r.lon[k] : q[1]);
        const qNorth = Math.abs(q[2]) < 90;
        let lo = Math.min(pLat, qLat);
        let hi = Math.max(pLat, qLat);
        // The edge's latitude extremum lies in the piece where its heading turns.
        if (pNorth && !qNorth) hi = Math.max(hi, r.maxLat[j]);
        if (!pNorth && qNorth) lo = Math.min(lo, r.minLat[j]);
        addBox(Math.min(pX, qX), lo, Math.max(pX, qX), hi);
        pLat = qLat;
        pX = qX;
        pNorth = qNorth;
      }
    }
  }
  const n = boxes.length / 4;
  if (n === 0) return null;
  const index = new Flatbush(n);
  for (let i = 0; i < boxes.length; i += 4) index.add(boxes[i], boxes[i + 1], boxes[i + 2], boxes[i + 3]);
  index.finish();
  return index;
}

function ringsOf(zone: CompiledZone): RingGeom[] | null {
  const g = zone.zone.geometry;
  if (g.type !== 'polygon') return null;
  const rings: RingGeom[] = [];
  for (const p of g.polygons) for (const r of p) rings.push(new RingGeom(r as Ring));
  return rings;
}

/** The quadtree of one zone. */
export class ZoneGrid {
  readonly domain: Domain;
  private readonly nx: number;
  private readonly ny: number;
  private readonly rootDeg: number;
  private state: Uint8Array;
  /** Points that fell into each boundary leaf (for lazy refinement). */
  private hits: Uint8Array;
  private child: Int32Array;
  private clear: Float32Array;
  private count = 0;
  /** The point of the last leafAt() and its leaf's box (x: the longitude unwrapped as the box's). */
  private lastLat = Number.NaN;
  private lastLon = Number.NaN;
  private lastX = 0;
  private lastLat0 = 0;
  private lastLon0 = 0;
  private lastSize = 0;
  /** Leaves by state, for reports. */
  readonly leaves = [0, 0, 0];

  private constructor(
    readonly zone: CompiledZone,
    domain: Domain,
    private readonly pieces: Flatbush | null,
    private readonly bufferM: number,
    saved?: ZoneGridSnapshot,
  ) {
    this.domain = domain;
    if (saved) {
      this.rootDeg = saved.rootDeg;
      this.nx = saved.nx;
      this.ny = saved.ny;
      this.state = saved.state;
      this.child = saved.child;
      this.clear = saved.clear;
      this.count = saved.state.length;
      this.hits = new Uint8Array(saved.state.length);
      return;
    }
    const ext = Math.max(domain.maxLat - domain.minLat, domain.maxLon - domain.minLon, LEAF_DEG);
    let rootDeg = ext / ROOT_CELLS;
    // Leaves are rootDeg / 2^k: pick rootDeg so that the finest level is exactly ≤ LEAF_DEG.
    rootDeg = LEAF_DEG * 2 ** Math.max(0, Math.ceil(Math.log2(rootDeg / LEAF_DEG)));
    this.rootDeg = rootDeg;
    this.nx = Math.max(1, Math.ceil((domain.maxLon - domain.minLon) / rootDeg));
    this.ny = Math.max(1, Math.ceil((domain.maxLat - domain.minLat) / rootDeg));
    const cap = this.nx * this.ny * 4 + 1024;
    this.state = new Uint8Array(cap);
    this.child = new Int32Array(cap);
    this.clear = new Float32Array(cap);
    this.hits = new Uint8Array(cap);
    this.count = this.nx * this.ny;
    for (let iy = 0; iy < this.ny; iy++) {
      for (let ix = 0; ix < this.nx; ix++) {
        const la = domain.minLat + iy * rootDeg;
        const lo = domain.minLon + ix * rootDeg;
        this.classify(iy * this.nx + ix, la, lo, rootDeg);
      }
    }
    this.state = this.state.slice(0, this.count);
    this.child = this.child.slice(0, this.count);
    this.clear = this.clear.slice(0, this.count);
    this.hits = this.hits.slice(0, this.count);
  }

  /** The grid of a zone, or null when its box cannot be trusted in longitude (round a pole). */
  static build(zone: CompiledZone): ZoneGrid | null {
    const b = zone.bbox;
    if (b.wraps || b.maxLat < b.minLat) return null;
    const pad = 2 * LEAF_DEG;
    const domain: Domain = {
      minLat: Math.max(-90, b.minLat - pad),
      maxLat: Math.min(90, b.maxLat + pad),
      minLon: b.minLon - pad,
      maxLon: b.maxLon + pad,
    };
    if (Math.abs(domain.minLat) > 85 || Math.abs(domain.maxLat) > 85) return null;
    const g = zone.zone.geometry;
    if (g.type === 'polygon') {
      const rings = ringsOf(zone) ?? [];
      return new ZoneGrid(zone, domain, edgePieceIndex(rings, domain), 0);
    }
    return new ZoneGrid(zone, domain, null, g.distanceNm * NM_M);
  }

  get nodes(): number {
    return this.count;
  }

  /** The arrays that make the grid, to be stored and restored without classifying again. */
  snapshot(): ZoneGridSnapshot {
    const { domain, rootDeg, nx, ny } = this;
    const n = this.count;
    return {
      domain,
      rootDeg,
      nx,
      ny,
      state: this.state.slice(0, n),
      child: this.child.slice(0, n),
      clear: this.clear.slice(0, n),
    };
  }

  static restore(zone: CompiledZone, saved: ZoneGridSnapshot): ZoneGrid {
    return new ZoneGrid(zone, saved.domain, null, 0, saved);
  }

  private grow(): void {
    const size = this.state.length * 2;
    const s = new Uint8Array(size);
    s.set(this.state);
    const c = new Int32Array(size);
    c.set(this.child);
    const k = new Float32Array(size);
    k.set(this.clear);
    const h = new Uint8Array(size);
    h.set(this.hits.subarray(0, Math.min(this.hits.length, size)));
    this.state = s;
    this.child = c;
    this.clear = k;
    this.hits = h;
  }

  /**
   * Splits a boundary leaf that points keep falling into (real traffic follows the same routes
   * past the same boundaries), down to LAZY_LEAF_DEG. Children are classified by distance: a
   * child is uniform when the zone's boundary is farther from its centre than its circumradius
   * (boundaryDistanceM for polygons, the Lipschitz baseline distance for buffers).
   */
  private refine(node: number, lat0: number, lon0: number, size: number): void {
    while (this.count + 4 > this.state.length) this.grow();
    const first = this.count;
    this.count += 4;
    const h = size / 2;
    for (let q = 0; q < 4; q++) {
      const la = lat0 + (q >= 2 ? h : 0);
      const lo = lon0 + (q & 1 ? h : 0);
      const c = first + q;
      const r = this.circumradiusM(la, lo, h);
      const cLat = la + h / 2;
      const cLon = normLon(lo + h / 2);
      let marginM: number;
      if (this.zone.isBuffer) {
        const bufferM = (this.zone.zone.geometry as { distanceNm: number }).distanceNm * NM_M;
        marginM = Math.abs(this.zone.baselineDistanceM(cLat, cLon) - bufferM) - r;
      } else marginM = this.zone.boundaryDistanceM(cLat, cLon) - r;
      if (marginM > 0) {
        this.state[c] = this.zone.geometryContains(cLat, cLon) ? INSIDE : OUTSIDE;
        const clearM = Math.min(CLEAR_CAP_M, marginM);
        this.clear[c] = Math.fround(clearM) > clearM ? clearM * (1 - 1e-6) : clearM;
      } else {
        this.state[c] = BOUNDARY;
        this.clear[c] = 0;
      }
      this.hits[c] = 0;
    }
    // Children first, then the switch: a reader never sees an internal node without them.
    this.child[node] = first;
    this.state[node] = INTERNAL;
  }

  private classify(node: number, lat0: number, lon0: number, size: number): void {
    const lat1 = lat0 + size;
    const lon1 = lon0 + size;
    const cLat = lat0 + size / 2;
    const cLon = lon0 + size / 2;
    const maxAbs = Math.max(Math.abs(lat0), Math.abs(lat1));
    let uniform = -1;
    let clearM = 0;
    if (this.pieces) {
      if (!this.pieces.collides(lon0, lat0, lon1, lat1)) {
        uniform = this.zone.geometryContains(cLat, normLon(cLon)) ? INSIDE : OUTSIDE;
        // The widest pad with no boundary piece in reach: halving from the cell's size, down to
        // half a leaf.
        for (let pad = Math.min(size, 0.5); ; pad = Math.max(pad / 2, LEAF_DEG / 2)) {
          if (!this.pieces.collides(lon0 - pad, lat0 - pad, lon1 + pad, lat1 + pad)) {
            clearM = degToMetresLow(pad, pad, maxAbs + pad);
            break;
          }
          if (pad <= LEAF_DEG / 2) break;
        }
      }
    } else if (this.zone.isBuffer) {
      // (A zero-width buffer, a cable drawn as a line, too: its clearance is its distance.)
      const r = this.circumradiusM(lat0, lon0, size);
      const d = this.zone.baselineDistanceM(cLat, normLon(cLon));
      if (d + r < this.bufferM) {
        uniform = INSIDE;
        clearM = Math.min(CLEAR_CAP_M, this.bufferM - d - r);
      } else if (d - r > this.bufferM) {
        uniform = OUTSIDE;
        clearM = Math.min(CLEAR_CAP_M, d - r - this.bufferM);
      }
    } else {
      uniform = OUTSIDE;
      clearM = CLEAR_CAP_M;
    }
    if (uniform >= 0) {
      this.state[node] = uniform;
      this.clear[node] = Math.fround(clearM) > clearM ? clearM * (1 - 1e-6) : clearM;
      this.leaves[uniform]++;
      return;
    }
    if (size / 2 < LEAF_DEG * 0.999) {
      this.state[node] = BOUNDARY;
      this.leaves[BOUNDARY]++;
      return;
    }
    while (this.count + 4 > this.state.length) this.grow();
    const first = this.count;
    this.count += 4;
    this.state[node] = INTERNAL;
    this.child[node] = first;
    const h = size / 2;
    // Children: 0 SW, 1 SE, 2 NW, 3 NE.
    this.classify(first, lat0, lon0, h);
    this.classify(first + 1, lat0, lon0 + h, h);
    this.classify(first + 2, lat0 + h, lon0, h);
    this.classify(first + 3, lat0 + h, lon0 + h, h);
  }

  private circumradiusM(lat0: number, lon0: number, size: number): number {
    const cLat = lat0 + size / 2;
    const cLon = lon0 + size / 2;
    let r = 0;
    for (const la of [lat0, lat0 + size]) {
      for (const lo of [lon0, lon0 + size]) r = Math.max(r, sphericalDistanceM(cLat, cLon, la, lo));
    }
    return r * 1.01 + 1;
  }

  /** Longitude in the domain's unwrapped range, or NaN when the point is outside the domain. */
  private domainLon(lon: number): number {
    const d = this.domain;
    if (lon >= d.minLon && lon < d.maxLon) return lon;
    if (lon + 360 >= d.minLon && lon + 360 < d.maxLon) return lon + 360;
    if (lon - 360 >= d.minLon && lon - 360 < d.maxLon) return lon - 360;
    return Number.NaN;
  }

  /**
   * The leaf holding the point: ≥ 0 a node index (see stateOf/clearanceOf), -1 outside the domain
   * (hence outside the zone).
   */
  leafAt(lat: number, lon: number): number {
    const d = this.domain;
    if (!(lat >= d.minLat && lat < d.maxLat)) return -1;
    const x = this.domainLon(lon);
    if (Number.isNaN(x)) return -1;
    let size = this.rootDeg;
    const ix = Math.min(this.nx - 1, Math.floor((x - d.minLon) / size));
    const iy = Math.min(this.ny - 1, Math.floor((lat - d.minLat) / size));
    let lat0 = d.minLat + iy * size;
    let lon0 = d.minLon + ix * size;
    let node = iy * this.nx + ix;
    while (this.state[node] === INTERNAL) {
      size /= 2;
      let q = 0;
      if (x >= lon0 + size) {
        q = 1;
        lon0 += size;
      }
      if (lat >= lat0 + size) {
        q += 2;
        lat0 += size;
      }
      node = this.child[node] + q;
    }
    if (this.state[node] === BOUNDARY && size > LAZY_LEAF_DEG && ++this.hits[node] >= LAZY_HITS) {
      this.refine(node, lat0, lon0, size);
      return this.leafAt(lat, lon);
    }
    this.lastLat = lat;
    this.lastLon = lon;
    this.lastX = x;
    this.lastLat0 = lat0;
    this.lastLon0 = lon0;
    this.lastSize = size;
    return node;
  }

  stateOf(leaf: number): number {
    return leaf < 0 ? OUTSIDE : this.state[leaf];
  }

  /** Clearance of a leaf in metres; for a point outside the domain, a bound from the box. */
  clearanceOf(leaf: number, lat: number, lon: number): number {
    if (leaf >= 0) {
      // Right after leafAt(lat, lon): the point's own clearance, beyond the leaf's.
      if (lat !== this.lastLat || lon !== this.lastLon) return this.clear[leaf];
      return this.clear[leaf] + insideBoxM(lat, this.lastX, this.lastLat0, this.lastLon0, this.lastSize);
    }
    const d = this.domain;
    const dLat = Math.max(0, d.minLat - lat, lat - d.maxLat);
    let dLon = 0;
    const x = lon;
    const inLon = (v: number) => v >= d.minLon && v <= d.maxLon;
    if (!inLon(x) && !inLon(x + 360) && !inLon(x - 360)) {
      dLon = Number.POSITIVE_INFINITY;
      for (const v of [x, x + 360, x - 360])
        dLon = Math.min(dLon, Math.abs(v - d.minLon), Math.abs(v - d.maxLon));
    }
    return gapClearanceM(dLat, dLon, Math.max(Math.abs(lat), Math.abs(d.minLat), Math.abs(d.maxLat)));
  }

  /** Lateral state of the zone's own geometry at a point: OUTSIDE, INSIDE or BOUNDARY (go exact). */
  stateAt(lat: number, lon: number): number {
    return this.stateOf(this.leafAt(lat, lon));
  }

  /** Lateral membership of the zone's own geometry, exact: the grid where it is certain. */
  contains(lat: number, lon: number): boolean {
    const s = this.stateAt(lat, lon);
    if (s === BOUNDARY) return this.zone.geometryContains(lat, lon);
    return s === INSIDE;
  }

  /**
   * Paints the zone onto a uniform grid over its domain widened by padDeg: a cell's state is
   * OUTSIDE/INSIDE where every leaf meeting it agrees (and the part of it outside the domain, if
   * any, is OUTSIDE), else BOUNDARY; its clearance is the least of theirs. Cells of the returned
   * range are reset by this call.
   */
  paint(g: UniformGrid, out: Uint8Array, outClear: Float32Array, padDeg: number): CellRange {
    const d = this.domain;
    const b = this.zone.bbox;
    const range: CellRange = {
      i0: Math.max(0, Math.floor((d.minLon - padDeg - g.minLon) / g.cellDeg)),
      i1: Math.min(g.nx - 1, Math.floor((d.maxLon + padDeg - g.minLon) / g.cellDeg)),
      j0: Math.max(0, Math.floor((d.minLat - padDeg - g.minLat) / g.cellDeg)),
      j1: Math.min(g.ny - 1, Math.floor((d.maxLat + padDeg - g.minLat) / g.cellDeg)),
    };
    for (let j = range.j0; j <= range.j1; j++) {
      out.fill(255, j * g.nx + range.i0, j * g.nx + range.i1 + 1);
      outClear.fill(CLEAR_CAP_M, j * g.nx + range.i0, j * g.nx + range.i1 + 1);
    }
    const eps = 1e-9;
    const merge = (c: number, s: number, clearM: number) => {
      const o = out[c];
      out[c] = o === 255 || o === s ? s : BOUNDARY;
      if (clearM < outClear[c]) outClear[c] = clearM;
    };
    const mark = (lat0: number, lon0: number, lat1: number, lon1: number, s: number, clearM: number) => {
      const i0 = Math.max(range.i0, Math.floor((lon0 - eps - g.minLon) / g.cellDeg));
      const i1 = Math.min(range.i1, Math.floor((lon1 + eps - g.minLon) / g.cellDeg));
      const j0 = Math.max(range.j0, Math.floor((lat0 - eps - g.minLat) / g.cellDeg));
      const j1 = Math.min(range.j1, Math.floor((lat1 + eps - g.minLat) / g.cellDeg));
      for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) merge(j * g.nx + i, s, clearM);
    };
    const walk = (node: number, lat0: number, lon0: number, size: number) => {
      const s = this.state[node];
      if (s === INTERNAL) {
        const h = size / 2;
        const c = this.child[node];
        walk(c, lat0, lon0, h);
        walk(c + 1, lat0, lon0 + h, h);
        walk(c + 2, lat0 + h, lon0, h);
        walk(c + 3, lat0 + h, lon0 + h, h);
        return;
      }
      mark(lat0, lon0, lat0 + size, lon0 + size, s, s === BOUNDARY ? 0 : this.clear[node]);
    };
    for (let iy = 0; iy < this.ny; iy++) {
      for (let ix = 0; ix < this.nx; ix++) {
        walk(iy * this.nx + ix, d.minLat + iy * this.rootDeg, d.minLon + ix * this.rootDeg, this.rootDeg);
      }
    }
    // Cells (or parts of cells) outside the domain: OUTSIDE, as far from the zone as from its box.
    const dMaxLat = d.minLat + this.ny * this.rootDeg;
    const dMaxLon = d.minLon + this.nx * this.rootDeg;
    for (let j = range.j0; j <= range.j1; j++) {
      const la0 = g.minLat + j * g.cellDeg;
      const la1 = la0 + g.cellDeg;
      for (let i = range.i0; i <= range.i1; i++) {
        const lo0 = g.minLon + i * g.cellDeg;
        const lo1 = lo0 + g.cellDeg;
        if (la0 >= d.minLat - eps && la1 <= dMaxLat + eps && lo0 >= d.minLon - eps && lo1 <= dMaxLon + eps)
          continue;
        const gapLat = Math.max(0, b.minLat - la1, la0 - b.maxLat);
        const gapLon = Math.max(0, b.minLon - lo1, lo0 - b.maxLon);
        const maxAbs = Math.max(Math.abs(la0), Math.abs(la1), Math.abs(b.minLat), Math.abs(b.maxLat));
        merge(j * g.nx + i, OUTSIDE, gapClearanceM(gapLat, gapLon, maxAbs));
      }
    }
    return range;
  }
}

export interface ZoneGridSnapshot {
  domain: Domain;
  rootDeg: number;
  nx: number;
  ny: number;
  state: Uint8Array;
  child: Int32Array;
  clear: Float32Array;
}

/** Combo ids, in the narrowest array that holds them: the grid's cells are read once per fix. */
export type ComboIds = Uint8Array | Uint16Array | Uint32Array;

function narrowest(ids: Uint32Array, combos: number): ComboIds {
  if (combos <= 1 << 8) return Uint8Array.from(ids);
  if (combos <= 1 << 16) return Uint16Array.from(ids);
  return ids;
}

export interface CatalogGridSnapshot {
  zones: Array<ZoneGridSnapshot | null>;
  box: Float64Array;
  cells: ComboIds;
  clear: Float32Array;
  comboInside: Uint16Array[];
  comboBoundary: Uint16Array[];
}

export interface CellRange {
  i0: number;
  i1: number;
  j0: number;
  j1: number;
}

/** Lower bound in metres of the distance between two boxes separated by these gaps (degrees). */
function gapClearanceM(gapLat: number, gapLon: number, maxAbsLat: number): number {
  return Math.min(CLEAR_CAP_M, Math.max(gapLat * LAT_DEG_MIN_M, gapLon * lonDegLowM(maxAbsLat)));
}

function normLon(lon: number): number {
  return lon >= 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
}

export interface UniformGrid {
  minLat: number;
  minLon: number;
  cellDeg: number;
  nx: number;
  ny: number;
}

const gridCache = new WeakMap<CompiledZone, ZoneGrid | null>();

/** The grid of a compiled zone, built on first use and kept with it. */
export function zoneGridOf(zone: CompiledZone): ZoneGrid | null {
  let g = gridCache.get(zone);
  if (g === undefined) {
    g = ZoneGrid.build(zone);
    gridCache.set(zone, g);
  }
  return g;
}

/**
 * A catalog-wide uniform grid of interned zone combinations for bulk lateral membership. Zones
 * without a grid (boxes round a pole) are tested exactly at every fix.
 */
export class CatalogGrid implements UniformGrid {
  readonly minLat: number;
  readonly minLon: number;
  readonly maxLat: number;
  readonly maxLon: number;
  readonly cellDeg: number;
  readonly nx: number;
  readonly ny: number;
  /** Combo id per cell (a fix's lookup: 4 M cells of one byte stay in the processor's cache). */
  readonly cells: ComboIds;
  /** Per combo: zone indices inside, zone indices on the boundary. */
  readonly comboInside: Uint16Array[] = [];
  readonly comboBoundary: Uint16Array[] = [];
  readonly grids: Array<ZoneGrid | null>;
  /** Zones with no grid: always exact. */
  private readonly ungridded: number[] = [];
  /** Interned result sets (lists of zone indices), id → list. */
  readonly sets: Uint16Array[] = [];
  private readonly setIds = new Map<string, number>();
  /** Set id of each combo without boundary zones, else -1. */
  private comboSet: Int32Array;
  /** Clearance per cell (metres) for every zone that is not BOUNDARY there. */
  readonly clear: Float32Array;
  /** State of zone z in combo c: comboState[c * zones.length + z]. */
  readonly comboState: Uint8Array;
  /** Per boundary combo: set id by bit pattern of which boundary zones hold the point. */
  private readonly outcomes: Array<Int32Array | undefined> = [];

  constructor(
    readonly zones: CompiledZone[],
    maxCells = 4_000_000,
    saved?: CatalogGridSnapshot,
  ) {
    if (saved) {
      this.grids = zones.map((z, i) => {
        const snap = saved.zones[i];
        const g = snap ? ZoneGrid.restore(z, snap) : null;
        gridCache.set(z, g);
        return g;
      });
      this.grids.forEach((g, i) => {
        if (!g && !(zones[i].bbox.maxLat < zones[i].bbox.minLat)) this.ungridded.push(i);
      });
      const b = saved.box;
      this.minLat = b[0];
      this.maxLat = b[1];
      this.minLon = b[2];
      this.maxLon = b[3];
      this.cellDeg = b[4];
      this.nx = b[5];
      this.ny = b[6];
      this.cells = saved.cells;
      this.clear = saved.clear;
      this.comboInside = saved.comboInside;
      this.comboBoundary = saved.comboBoundary;
      const t = this.combos();
      this.comboState = t.state;
      this.comboSet = t.set;
      return;
    }
    this.grids = zones.map((z) => zoneGridOf(z));
    let minLat = 90;
    let maxLat = -90;
    let minLon = Number.POSITIVE_INFINITY;
    let maxLon = Number.NEGATIVE_INFINITY;
    this.grids.forEach((g, i) => {
      if (!g) {
        if (!(zones[i].bbox.maxLat < zones[i].bbox.minLat)) this.ungridded.push(i);
        return;
      }
      minLat = Math.min(minLat, g.domain.minLat);
      maxLat = Math.max(maxLat, g.domain.maxLat);
      minLon = Math.min(minLon, g.domain.minLon);
      maxLon = Math.max(maxLon, g.domain.maxLon);
    });
    if (maxLat < minLat) {
      minLat = 0;
      maxLat = 0;
      minLon = 0;
      maxLon = 0;
    }
    // Room around the zones, so points near the catalog still get a clearance from the grid.
    minLat = Math.max(-90, minLat - PAINT_PAD_DEG);
    maxLat = Math.min(90, maxLat + PAINT_PAD_DEG);
    minLon -= PAINT_PAD_DEG;
    maxLon += PAINT_PAD_DEG;
    const area = Math.max(1e-6, (maxLat - minLat) * (maxLon - minLon));
    this.cellDeg = Math.max(0.02, Math.sqrt(area / maxCells));
    this.minLat = minLat;
    this.maxLat = maxLat;
    this.minLon = minLon;
    this.maxLon = maxLon;
    this.nx = Math.max(1, Math.ceil((maxLon - minLon) / this.cellDeg));
    this.ny = Math.max(1, Math.ceil((maxLat - minLat) / this.cellDeg));
    const nCells = this.nx * this.ny;
    const cells = new Uint32Array(nCells);
    this.comboInside.push(new Uint16Array(0));
    this.comboBoundary.push(new Uint16Array(0));
    // Zones are painted over their domain widened by PAINT_PAD_DEG; beyond it, every zone is at
    // least that far, which caps the clearance of every cell.
    const maxAbs = Math.max(Math.abs(minLat), Math.abs(maxLat));
    // Beyond the painted range a zone may be PAINT_PAD_DEG away in latitude or in longitude alone.
    const cap = Math.min(
      gapClearanceM(PAINT_PAD_DEG, 0, maxAbs),
      gapClearanceM(0, PAINT_PAD_DEG, maxAbs + PAINT_PAD_DEG),
    );
    this.clear = new Float32Array(nCells).fill(Math.fround(cap) > cap ? cap * (1 - 1e-6) : cap);
    const paint = new Uint8Array(nCells);
    const paintClear = new Float32Array(nCells);
    for (let z = 0; z < zones.length; z++) {
      const g = this.grids[z];
      if (!g) continue;
      const r = g.paint(this, paint, paintClear, PAINT_PAD_DEG);
      const next = new Map<number, number>();
      for (let j = r.j0; j <= r.j1; j++) {
        for (let i = r.i0; i <= r.i1; i++) {
          const c = j * this.nx + i;
          const s = paint[c];
          if (s !== BOUNDARY && paintClear[c] < this.clear[c]) this.clear[c] = paintClear[c];
          if (s === 255 || s === OUTSIDE) continue;
          const key = cells[c] * 4 + s;
          let id = next.get(key);
          if (id === undefined) {
            const old = cells[c];
            id = this.comboInside.length;
            const ins = this.comboInside[old];
            const bnd = this.comboBoundary[old];
            this.comboInside.push(s === INSIDE ? append(ins, z) : ins);
            this.comboBoundary.push(s === BOUNDARY ? append(bnd, z) : bnd);
            next.set(key, id);
          }
          cells[c] = id;
        }
      }
    }
    this.cells = narrowest(cells, this.comboInside.length);
    const t = this.combos();
    this.comboState = t.state;
    this.comboSet = t.set;
  }

  /** Tables derived from the combos: each zone's state per combo, and the set of certain combos. */
  private combos(): { state: Uint8Array; set: Int32Array } {
    const nz = this.zones.length;
    const state = new Uint8Array(this.comboInside.length * nz);
    for (let c = 0; c < this.comboInside.length; c++) {
      for (const z of this.comboInside[c]) state[c * nz + z] = INSIDE;
      for (const z of this.comboBoundary[c]) state[c * nz + z] = BOUNDARY;
    }
    for (const z of this.ungridded)
      for (let c = 0; c < this.comboInside.length; c++) state[c * nz + z] = BOUNDARY;
    const set = new Int32Array(this.comboInside.length).fill(-1);
    for (let c = 0; c < this.comboInside.length; c++) {
      if (this.comboBoundary[c].length === 0 && this.ungridded.length === 0)
        set[c] = this.intern(this.comboInside[c]);
    }
    return { state, set };
  }

  snapshot(): CatalogGridSnapshot {
    return {
      zones: this.grids.map((g) => (g ? g.snapshot() : null)),
      box: Float64Array.of(
        this.minLat,
        this.maxLat,
        this.minLon,
        this.maxLon,
        this.cellDeg,
        this.nx,
        this.ny,
      ),
      cells: this.cells,
      clear: this.clear,
      comboInside: this.comboInside,
      comboBoundary: this.comboBoundary,
    };
  }

  /**
   * A lower bound in metres of the distance from (lat, lon), in cell c, to the boundary of every
   * zone that is not BOUNDARY in c: the cell's clearance and the point's distance to its edge.
   */
  clearanceAt(c: number, lat: number, lon: number): number {
    const x = this.gridLon(lon);
    const i = c % this.nx;
    const j = (c - i) / this.nx;
    const lat0 = this.minLat + j * this.cellDeg;
    const lon0 = this.minLon + i * this.cellDeg;
    return this.clear[c] + insideBoxM(lat, x, lat0, lon0, this.cellDeg);
  }

  /** A longitude unwrapped into the grid's range (where it lies within a turn of it). */
  private gridLon(lon: number): number {
    if (lon < this.minLon) return lon + 360;
    return lon >= this.maxLon ? lon - 360 : lon;
  }

  /** Cell index of a point, or -1 outside the grid. */
  cellAt(lat: number, lon: number): number {
    const x = this.gridLon(lon);
    const i = Math.floor((x - this.minLon) / this.cellDeg);
    const j = Math.floor((lat - this.minLat) / this.cellDeg);
    if (i < 0 || j < 0 || i >= this.nx || j >= this.ny) return -1;
    return j * this.nx + i;
  }

  /** Whether a combo puts no zone on a boundary (every zone's state there is certain). */
  comboCertain(combo: number): boolean {
    return this.comboSet[combo] >= 0;
  }

  private intern(list: Uint16Array | number[]): number {
    const key = list.join(',');
    let id = this.setIds.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(Uint16Array.from(list));
      this.setIds.set(key, id);
    }
    return id;
  }

  /** Combo id of the cell holding a point (0, the empty combo, outside the grid). */
  comboAt(lat: number, lon: number): number {
    const c = this.cellAt(lat, lon);
    return c < 0 ? 0 : this.cells[c];
  }

  /**
   * Lateral membership of every fix: out[i] = id of the set of zone indices (this.sets) whose own
   * geometry holds fix i. Exact: boundary cells fall back to the zone's quadtree, then to the
   * exact test. Returns how many fixes needed an exact test.
   */
  classify(lat: Float64Array, lon: Float64Array, out: Uint32Array): number {
    const { minLat, minLon, cellDeg, nx, ny, cells, comboSet } = this;
    const inv = 1 / cellDeg;
    let exact = 0;
    const scratch: number[] = [];
    for (let k = 0; k < lat.length; k++) {
      const la = lat[k];
      let x = lon[k];
      if (x < minLon) x += 360;
      const i = Math.floor((x - minLon) * inv);
      const j = Math.floor((la - minLat) * inv);
      const c = i >= 0 && j >= 0 && i < nx && j < ny ? cells[j * nx + i] : 0;
      const s = comboSet[c];
      if (s >= 0) {
        out[k] = s;
        continue;
      }
      const bnd = this.comboBoundary[c];
      let outcomes = this.outcomes[c];
      if (!outcomes) {
        outcomes = new Int32Array(bnd.length <= 12 ? 1 << bnd.length : 0).fill(-1);
        this.outcomes[c] = outcomes;
      }
      let bits = 0;
      for (let b = 0; b < bnd.length; b++) {
        const z = bnd[b];
        const st = (this.grids[z] as ZoneGrid).stateAt(la, lon[k]);
        let inside = st === INSIDE;
        if (st === BOUNDARY) {
          exact++;
          inside = this.zones[z].geometryContains(la, lon[k]);
        }
        if (inside) bits |= 1 << b;
      }
      let id = bits < outcomes.length ? outcomes[bits] : -1;
      if (id < 0 || this.ungridded.length) {
        scratch.length = 0;
        for (const z of this.comboInside[c]) scratch.push(z);
        for (let b = 0; b < bnd.length; b++) if (bits & (1 << b)) scratch.push(bnd[b]);
        for (const z of this.ungridded) {
          exact++;
          if (this.zones[z].geometryContains(la, lon[k])) scratch.push(z);
        }
        scratch.sort((a, b) => a - b);
        id = this.intern(scratch);
        if (bits < outcomes.length && !this.ungridded.length) outcomes[bits] = id;
      }
      out[k] = id;
    }
    return exact;
  }
}

function append(list: Uint16Array, z: number): Uint16Array {
  const out = new Uint16Array(list.length + 1);
  out.set(list);
  out[list.length] = z;
  return out;
}

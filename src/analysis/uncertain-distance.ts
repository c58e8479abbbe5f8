/**
 * Signed distance from a point to a zone's lateral boundary (positive inside), for zones made of
 * many rings or long ones (a national territorial sea has hundreds of islands and coastlines of
 * ten thousand vertices). The exact distance to a piece of boundary is RingGeom.distanceM
 * (src/geo); what this adds is pruning. Each ring is cut into pieces of PIECE_EDGES consecutive
 * edges, each piece walked there and back as a closed ring (whose distance function is that of
 * the open piece, as compiled.ts does for baselines); pieces are visited in order of a rigorous
 * lower bound of the distance to their bounding box and skipped once that bound exceeds the best
 * distance found, so a query near one island does not measure every coast.
 *
 * Lower bound to a box on the sphere: sin²(d/2) = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2), so
 * d ≥ Δφ and d ≥ 2 asin(cos φmax · sin(Δλ/2)); shrunk by 1 % for the ellipsoid.
 */

import { lonDiff } from '../geo/geodesic.js';
import { RingGeom } from '../geo/ring.js';
import type { CompiledZone } from '../zones/compiled.js';
import { ringDistanceM } from '../zones/nearest.js';
import type { Ring } from '../zones/zone.js';

const PIECE_EDGES = 32;

const R_MIN_M = 6_335_439; // WGS84 meridional radius at the equator: the smallest radius of curvature
const DEG = Math.PI / 180;

interface Box {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
  wraps: boolean;
}

/** A rigorous lower bound (metres) of the distance between two lat/lon boxes. */
export function boxGapLowerBoundM(a: Box, b: Box): number {
  if (a.wraps || b.wraps) return 0;
  const dLat = Math.max(0, b.minLat - a.maxLat, a.minLat - b.maxLat);
  // Longitude gap between the two intervals on the circle.
  const ca = a.minLon + (a.maxLon - a.minLon) / 2;
  const cb = b.minLon + (b.maxLon - b.minLon) / 2;
  const centre = Math.abs(lonDiff(ca, cb));
  const dLon = Math.max(0, centre - (a.maxLon - a.minLon) / 2 - (b.maxLon - b.minLon) / 2);
  const phiMax = Math.min(
    90,
    Math.max(Math.abs(a.minLat), Math.abs(a.maxLat), Math.abs(b.minLat), Math.abs(b.maxLat)),
  );
  const byLat = dLat * DEG * R_MIN_M;
  const byLon =
    2 * Math.asin(Math.min(1, Math.cos(phiMax * DEG) * Math.sin((Math.min(180, dLon) * DEG) / 2))) * R_MIN_M;
  return 0.99 * Math.max(byLat, byLon);
}

export class ZoneDistance {
  private readonly rings: RingGeom[] = [];
  /** For buffer zones the box of the whole zone (baseline grown by the buffer). */
  readonly boxes: Box[];

  constructor(readonly zone: CompiledZone) {
    const g = zone.zone.geometry;
    if (g.type === 'polygon') {
      for (const p of g.polygons)
        for (const r of p) for (const piece of pieces(r)) this.rings.push(new RingGeom(piece));
      this.boxes = this.rings.map((r) => r.bbox);
    } else {
      this.boxes = [zone.bbox];
    }
  }

  /** A lower bound of the distance from anywhere in `box` to the zone's boundary. */
  lowerBoundM(box: Box): number {
    let best = Number.POSITIVE_INFINITY;
    for (const b of this.boxes) best = Math.min(best, boxGapLowerBoundM(box, b));
    return best;
  }

  /** Unsigned distance to the zone's own boundary, metres. */
  boundaryDistanceM(lat: number, lon: number): number {
    if (this.rings.length === 0) return this.zone.boundaryDistanceM(lat, lon);
    const p: Box = { minLat: lat, maxLat: lat, minLon: lon, maxLon: lon, wraps: false };
    const order = this.rings
      .map((r, i) => ({ i, lb: boxGapLowerBoundM(p, r.bbox) }))
      .sort((x, y) => x.lb - y.lb);
    let best = Number.POSITIVE_INFINITY;
    for (const { i, lb } of order) {
      if (lb >= best) break;
      // Capped at the best so far: exact below it, and at least it otherwise.
      best = Math.min(best, ringDistanceM(this.rings[i], lat, lon, best));
    }
    return best;
  }

  /** Signed distance (positive inside), with the zone's `excludes` taken out. */
  signedDistanceM(lat: number, lon: number): number {
    const d = this.boundaryDistanceM(lat, lon);
    let s = this.zone.geometryContains(lat, lon) ? d : -d;
    for (const e of this.zone.excludes) {
      const de = ZoneDistance.of(e).boundaryDistanceM(lat, lon);
      s = Math.min(s, e.geometryContains(lat, lon) ? -de : de);
    }
    return s;
  }

  private static cache = new WeakMap<CompiledZone, ZoneDistance>();

  /** One ZoneDistance per compiled zone (building the pieces costs an inverse per edge). */
  static of(zone: CompiledZone): ZoneDistance {
    let d = ZoneDistance.cache.get(zone);
    if (!d) {
      d = new ZoneDistance(zone);
      ZoneDistance.cache.set(zone, d);
    }
    return d;
  }
}

/** A ring as closed there-and-back rings of at most PIECE_EDGES edges each (same distances). */
function pieces(ring: Ring): Ring[] {
  const n = ring.lat.length;
  if (n <= PIECE_EDGES + 1) return [ring];
  const out: Ring[] = [];
  for (let start = 0; start < n; start += PIECE_EDGES) {
    const m = Math.min(PIECE_EDGES, n - start); // edges start .. start+m-1 (the last wraps to 0)
    const size = 2 * m;
    const lat = new Float64Array(size);
    const lon = new Float64Array(size);
    const edges = new Uint8Array(size);
    for (let i = 0; i <= m; i++) {
      const v = (start + i) % n;
      lat[i] = ring.lat[v];
      lon[i] = ring.lon[v];
    }
    for (let i = 1; i < m; i++) {
      const v = (start + m - i) % n;
      lat[m + i] = ring.lat[v];
      lon[m + i] = ring.lon[v];
    }
    for (let i = 0; i < m; i++) {
      const kind = ring.edges[(start + i) % n];
      edges[i] = kind;
      edges[size - 1 - i] = kind;
    }
    out.push({ lat, lon, edges });
  }
  return out;
}

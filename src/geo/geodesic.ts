/**
 * WGS84 geodesics through Karney's GeographicLib (geographiclib-geodesic; the inverse solution and
 * geodesic lines through ports of it that create no objects per call and are bit-identical to it:
 * karney-inverse.ts, karney-line.ts).
 * Accuracy: distances and azimuths to about 15 nm (nanometres) anywhere on the ellipsoid
 * (Karney 2013, "Algorithms for geodesics"), well inside the 1 m accuracy contract.
 */
import geodesicLib from 'geographiclib-geodesic';
import { inverseInto } from './karney-inverse.js';
import { KarneyLine } from './karney-line.js';

const { Geodesic } = geodesicLib;

export const WGS84 = Geodesic.WGS84;
/** Equatorial radius and flattening of WGS84. */
export const A_M = 6378137;
export const F = 1 / 298.257223563;
export const NM_M = 1852;
/** Mean radius of WGS84 (IUGG), metres. */
export const R_MEAN_M = 6371008.8;
const DEG = Math.PI / 180;
export const FT_M = 0.3048;

export interface Inverse {
  /** Distance, metres. */
  s12: number;
  /** Azimuth at point 1 and forward azimuth at point 2, degrees clockwise from north. */
  azi1: number;
  azi2: number;
}

const OUT = new Float64Array(3);
/** A position along a line: lat, lon, azi (apart from OUT, which inverse() fills meanwhile). */
const POS = new Float64Array(3);

/** Geodesic distance and azimuths from (lat1, lon1) to (lat2, lon2). */
export function inverse(lat1: number, lon1: number, lat2: number, lon2: number): Inverse {
  // GeographicLib's solution, ported so that it creates no objects (karney-inverse.ts): the
  // hot paths solve millions, and the library's own made most of the analysis's garbage.
  inverseInto(lat1, lon1, lat2, lon2, OUT);
  return { s12: OUT[0], azi1: OUT[1], azi2: OUT[2] };
}

/** Geodesic distance in metres. */
export function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  inverseInto(lat1, lon1, lat2, lon2, OUT);
  return OUT[0];
}

/**
 * Great-circle distance on the sphere of the mean radius (haversine): within 0.6 % of the
 * geodesic distance anywhere (the sphere's radius lies between the ellipsoid's least and greatest
 * radii of curvature), for path-length budgets that allow for that (extremes.ts, PATH_SLACK);
 * never for a finding. A third of the cost of sphericalDistanceM (ring.ts).
 */
export function greatCircleM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const p1 = lat1 * DEG;
  const p2 = lat2 * DEG;
  const a = Math.sin((p2 - p1) / 2);
  // (sin² of half the longitude difference has a period of 360°: no normalisation needed.)
  const b = Math.sin(((lon2 - lon1) * DEG) / 2);
  const h = a * a + Math.cos(p1) * Math.cos(p2) * b * b;
  return 2 * R_MEAN_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A point on a geodesic and the geodesic's azimuth there, degrees. */
export interface GeodesicPoint {
  lat: number;
  lon: number;
  azi: number;
}

/** The point reached from (lat1, lon1) after s12 metres at azimuth azi1. */
export function direct(lat1: number, lon1: number, azi1: number, s12: number): GeodesicPoint {
  const r = WGS84.Direct(lat1, lon1, azi1, s12, Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.AZIMUTH);
  return { lat: r.lat2 as number, lon: normalizeLon(r.lon2 as number), azi: r.azi2 as number };
}

/**
 * A geodesic segment from point 1 to point 2, evaluated by fraction of its length.
 * Built once per segment so that many positions along it cost one Direct each.
 */
export class GeodesicSegment {
  readonly lengthM: number;
  readonly azi1: number;
  private readonly line: KarneyLine;

  constructor(
    readonly lat1: number,
    readonly lon1: number,
    readonly lat2: number,
    readonly lon2: number,
  ) {
    this.line = new KarneyLine(lat1, lon1, lat2, lon2);
    this.lengthM = this.line.s13;
    this.azi1 = this.line.azi1;
  }

  /** The point at fraction f ∈ [0, 1] of the length (exact endpoints at 0 and 1). */
  at(f: number): GeodesicPoint {
    if (f <= 0) return { lat: this.lat1, lon: this.lon1, azi: this.azi1 };
    if (f >= 1 && this.lengthM > 0) {
      this.line.positionInto(this.lengthM, POS);
      return { lat: this.lat2, lon: this.lon2, azi: POS[2] };
    }
    this.line.positionInto(f * this.lengthM, POS);
    return { lat: POS[0], lon: normalizeLon(POS[1]), azi: POS[2] };
  }

  /**
   * The point of the part [a, b] (fractions) of the segment nearest (lat, lon): its fraction f and
   * distance d. Within CONVEX_M of the point the distance to it is convex along the segment
   * (Hessian comparison), so the least over [a, b] is at the foot of the perpendicular, or at the
   * end of the part nearer to it: a Newton-like projection held to the part finds it, starting
   * from the foot the sphere gives (tan x = tan δ cos θ), which one step usually settles.
   */
  nearestTo(lat: number, lon: number, a: number, b: number): { f: number; d: number } {
    const len = this.lengthM;
    const start = inverse(this.lat1, this.lon1, lat, lon);
    const s1 = start.s12;
    if (len === 0) return { f: a, d: s1 };
    const along = s1 * Math.cos((start.azi1 - this.azi1) * DEG);
    const delta = s1 / R_MEAN_M;
    const sphereAlong = delta < 1.5 && s1 > 0 ? R_MEAN_M * Math.atan(Math.tan(delta) * (along / s1)) : along;
    const lo = a * len;
    const hi = b * len;
    let s = Math.min(hi, Math.max(lo, sphereAlong));
    let d = s1;
    for (let iter = 0; iter < 30; iter++) {
      this.line.positionInto(s, POS);
      const inv = inverse(POS[0], POS[1], lat, lon);
      d = inv.s12;
      const next = Math.min(hi, Math.max(lo, s + d * Math.cos((inv.azi1 - POS[2]) * DEG)));
      // As in RingGeom.edgeDistanceM: near the foot d exceeds its least value by at most e²/(2d)
      // for a remaining step e, so once that is below 1e-6 m another step changes nothing.
      const step = Math.abs(next - s);
      if (step < 1e-5 || 2 * step * step < 1e-6 * d) break;
      s = next;
    }
    return { f: s / len, d };
  }
}

/** Longitude into [-180, 180). */
export function normalizeLon(lon: number): number {
  if (lon >= -180 && lon < 180) return lon;
  const x = ((((lon + 180) % 360) + 360) % 360) - 180;
  return x;
}

/** Signed longitude difference lon2 - lon1 reduced to (-180, 180]. */
export function lonDiff(lon1: number, lon2: number): number {
  let d = (lon2 - lon1) % 360;
  if (d > 180) d -= 360;
  else if (d <= -180) d += 360;
  return d;
}

/**
 * A track as continuous motion: the position, altitude and uncertainty at any instant between
 * two fixes, under the Track contract (WGS84 geodesic at constant speed, altitude and
 * uncertainty linear in time). Geodesic segments are built once, on first use.
 */
import { GeodesicSegment } from '../geo/geodesic.js';
import type { Track } from '../tracks/track.js';

export class TrackMotion {
  private readonly segments: Array<GeodesicSegment | undefined>;

  constructor(
    readonly track: Track,
    /** A segment longer than this (seconds) is a gap: no position is interpolated inside it. */
    readonly maxGapS: number,
  ) {
    this.segments = new Array(Math.max(0, track.t.length - 1));
  }

  get startS(): number {
    return this.track.t[0];
  }

  get endS(): number {
    return this.track.t[this.track.t.length - 1];
  }

  /** Index k of the segment [t[k], t[k+1]] holding t (the last one whose start is <= t). */
  segmentAt(tS: number): number {
    const t = this.track.t;
    let lo = 0;
    let hi = t.length - 2;
    if (hi < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (t[mid] <= tS) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** True when segment k is a data gap (not interpolated). */
  isGap(k: number): boolean {
    return this.track.t[k + 1] - this.track.t[k] > this.maxGapS;
  }

  segment(k: number): GeodesicSegment {
    let s = this.segments[k];
    if (!s) {
      const { lat, lon } = this.track;
      s = new GeodesicSegment(lat[k], lon[k], lat[k + 1], lon[k + 1]);
      this.segments[k] = s;
    }
    return s;
  }

  /** Ground speed on segment k, metres per second. */
  speedMS(k: number): number {
    const dt = this.track.t[k + 1] - this.track.t[k];
    return dt > 0 ? this.segment(k).lengthM / dt : 0;
  }

  fraction(k: number, tS: number): number {
    const t = this.track.t;
    const dt = t[k + 1] - t[k];
    return dt > 0 ? Math.min(1, Math.max(0, (tS - t[k]) / dt)) : 0;
  }

  /** Position on segment k at time tS. */
  positionOn(k: number, tS: number): { lat: number; lon: number } {
    return this.segment(k).at(this.fraction(k, tS));
  }

  /** Altitude on segment k at time tS, NaN when either end is unknown. */
  altFtOn(k: number, tS: number): number {
    const a = this.track.altFt;
    const f = this.fraction(k, tS);
    return a[k] + (a[k + 1] - a[k]) * f;
  }

  /** Position uncertainty radius on segment k at time tS (0 for an exact track). */
  uncertaintyMOn(k: number, tS: number): number {
    const u = this.track.uncertaintyM;
    if (!u) return 0;
    const f = this.fraction(k, tS);
    return u[k] + (u[k + 1] - u[k]) * f;
  }
}

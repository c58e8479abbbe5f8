/**
 * Visits of one track to one zone: walk the track's geodesic segments, take each segment's exact
 * inside-intervals from the compiled zone, and stitch them into visits with their entry and exit
 * crossings. A segment longer than maxGapS is a gap: it is not interpolated as certain, so any
 * crossing in it is marked `certain: false` with the gap as its window.
 */
import type { Track } from '../tracks/track.js';
import {
  type Cause,
  type CompiledZone,
  type Interval,
  type NearBoundary,
  SegmentCtx,
} from '../zones/compiled.js';
import { boundaryExtreme } from './extremes.js';

/** A crossing before rendering: segment index and fraction. */
export interface RawCrossing {
  seg: number;
  f: number;
  cause: Interval['causeA'];
}

export interface RawVisit {
  enter: RawCrossing | null;
  exit: RawCrossing | null;
}

/** Lazily built segment contexts of one track, shared by every zone. */
export interface SegmentSource {
  /** The context of segment i (fix i → fix i+1). */
  ctx(i: number): SegmentCtx;
  /** Whether segment i might touch the zone at all (cheap). */
  mayTouch(i: number, zone: CompiledZone): boolean;
  /** Path length from the first fix to fix i along the track, metres (spherical, for bounds). */
  readonly cumM: Float64Array;
  /**
   * zone.intervals(segment i) when the catalog grid proves them (the segment stays inside or
   * outside), else null. Optional: the exact computation is the fallback.
   */
  knownIntervals?(i: number, zone: CompiledZone): Interval[] | null;
  /**
   * The first segment from i on whose intervals can change the visits in progress (open or not),
   * when the catalog grid proves those before it would not; i where it does not. Optional.
   */
  skipFrom?(i: number, zone: CompiledZone, open: boolean): number;
  /** zone.contains at fix k, through the grid where it is certain. Optional. */
  containsAt?(k: number, zone: CompiledZone): boolean;
}

const EDGE_EPS = 1e-12;

export function rawVisits(track: Track, zone: CompiledZone, segments: SegmentSource): RawVisit[] {
  const n = track.t.length;
  const out: RawVisit[] = [];
  if (n === 0) return out;
  const first = segments.containsAt
    ? segments.containsAt(0, zone)
    : zone.contains(track.lat[0], track.lon[0], track.altFt[0], track.t[0]);
  const stitcher = new VisitStitcher(first);
  for (let i = 0; i + 1 < n; i++) {
    const j = segments.skipFrom ? segments.skipFrom(i, zone, stitcher.open !== null) : i;
    if (j > i) {
      i = j - 1;
      continue;
    }
    if (!stitcher.open && !segments.mayTouch(i, zone)) continue;
    const known = segments.knownIntervals?.(i, zone);
    const atFix = stitcher.open
      ? causeAtFix(zone, track.t[i], track.altFt[i], track.altFt[i + 1])
      : 'lateral';
    stitcher.step(i, known ?? zone.intervals(segments.ctx(i)), out, atFix);
  }
  if (stitcher.open) out.push(stitcher.open);
  return out;
}

/**
 * Why a visit open at a segment's first fix ends right there (the segment has no inside-interval
 * from its start): the limit the aircraft is exactly at, leaving through it. The zone's validity
 * ending at that fix's time, its ceiling while climbing or its floor while descending; else the
 * lateral boundary (or an excluded zone's) passes through the fix.
 */
export function causeAtFix(zone: CompiledZone, t0: number, alt0: number, alt1: number): Cause {
  if (zone.toS <= t0) return 'validity';
  if (alt0 >= zone.ceilingFt && alt1 > alt0) return 'ceiling';
  if (alt0 <= zone.floorFt && alt1 < alt0) return 'floor';
  return 'lateral';
}

/**
 * Stitches one segment at a time into visits; what rawVisits does for a whole track and the live
 * stepper does as fixes arrive, so both produce the same visits.
 */
export class VisitStitcher {
  /** The visit in progress at the end of the last segment stepped, if any. */
  open: RawVisit | null;

  constructor(insideAtFirstFix: boolean) {
    this.open = insideAtFirstFix ? { enter: null, exit: null } : null;
  }

  /**
   * Steps segment i with its inside-intervals; visits closed in it are pushed to `closed`. A visit
   * open at the segment's start that the intervals do not continue ends at its first fix, for the
   * reason `atFix` (see causeAtFix).
   */
  step(i: number, ivs: Interval[], closed: RawVisit[], atFix: Cause = 'lateral'): void {
    let open = this.open;
    let inside = open !== null;
    for (const iv of ivs) {
      if (!(inside && iv.a <= EDGE_EPS)) {
        if (open) {
          open.exit = { seg: i, f: 0, cause: atFix };
          closed.push(open);
        }
        open = { enter: { seg: i, f: iv.a, cause: iv.causeA }, exit: null };
      }
      inside = true;
      if (iv.b < 1 - EDGE_EPS) {
        open!.exit = { seg: i, f: iv.b, cause: iv.causeB };
        closed.push(open!);
        open = null;
        inside = false;
      }
    }
    if (ivs.length === 0 && open) {
      open.exit = { seg: i, f: 0, cause: atFix };
      closed.push(open);
      open = null;
    }
    this.open = open;
  }
}

/**
 * The greatest lateral depth inside the zone during a visit, between fixes as well as at them
 * (or atLeast, the depth over an earlier part of the visit, if that is greater). `near` receives
 * the distances computed at fixes (by index), `upper` upper bounds of it at fixes it did not need.
 */
export function maxPenetrationM(
  track: Track,
  zone: CompiledZone,
  visit: RawVisit,
  segments: SegmentSource,
  atLeast = 0,
  near?: Map<number, NearBoundary>,
  upper?: Map<number, number>,
): number {
  const n = track.t.length;
  if (n === 1) return Math.max(atLeast, zone.boundaryDistanceM(track.lat[0], track.lon[0]));
  const e = boundaryExtreme(
    zone,
    segments,
    track.lat,
    track.lon,
    visit.enter ?? { seg: 0, f: 0 },
    visit.exit ?? { seg: n - 2, f: 1 },
    -1,
    atLeast,
    undefined,
    near,
    upper,
  );
  return e ? e.value : atLeast;
}

/** The exact geometry of segment i of a track (fix i to fix i+1). */
export function segmentCtxOf(track: Track, i: number): SegmentCtx {
  return new SegmentCtx(
    track.lat[i],
    track.lon[i],
    track.lat[i + 1],
    track.lon[i + 1],
    track.t[i],
    track.t[i + 1],
    track.altFt[i],
    track.altFt[i + 1],
  );
}

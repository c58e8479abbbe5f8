/**
 * Visits of one track to one zone: walk the track's geodesic segments, take each segment's exact
 * inside-intervals from the compiled zone, and stitch them into visits with their entry and exit
 * crossings. A segment longer than maxGapS is a gap: it is not interpolated as certain, so any
 * crossing in it is marked `certain: false` with the gap as its window.
 */
import { minimize } from '../geo/roots.js';
import type { Track } from '../tracks/track.js';
import type { CompiledZone, Interval, SegmentCtx } from '../zones/compiled.js';

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
}

const EDGE_EPS = 1e-12;

export function rawVisits(track: Track, zone: CompiledZone, segments: SegmentSource): RawVisit[] {
  const n = track.t.length;
  const out: RawVisit[] = [];
  if (n === 0) return out;
  let open: RawVisit | null = zone.contains(track.lat[0], track.lon[0], track.altFt[0], track.t[0])
    ? { enter: null, exit: null }
    : null;
  for (let i = 0; i + 1 < n; i++) {
    if (!open && !segments.mayTouch(i, zone)) continue;
    const ivs = zone.intervals(segments.ctx(i));
    let inside = open !== null;
    for (const iv of ivs) {
      if (!(inside && iv.a <= EDGE_EPS)) {
        if (open) {
          open.exit = { seg: i, f: 0, cause: 'lateral' };
          out.push(open);
        }
        open = { enter: { seg: i, f: iv.a, cause: iv.causeA }, exit: null };
      }
      inside = true;
      if (iv.b < 1 - EDGE_EPS) {
        open!.exit = { seg: i, f: iv.b, cause: iv.causeB };
        out.push(open!);
        open = null;
        inside = false;
      }
    }
    if (ivs.length === 0 && open) {
      open.exit = { seg: i, f: 0, cause: 'lateral' };
      out.push(open);
      open = null;
    }
  }
  if (open) out.push(open);
  return out;
}

/**
 * The greatest lateral depth inside the zone during a visit: the boundary distance at every fix
 * inside, refined by golden-section search on the segments next to the deepest fix (or on the
 * one segment of a visit that has no fix inside).
 */
export function maxPenetrationM(
  track: Track,
  zone: CompiledZone,
  visit: RawVisit,
  segments: SegmentSource,
): number {
  const n = track.t.length;
  const firstSeg = visit.enter ? visit.enter.seg : -1;
  const lastSeg = visit.exit ? visit.exit.seg : n - 1;
  // Fixes strictly inside the visit: after the entry's segment start, up to the exit's segment.
  const i0 = visit.enter ? visit.enter.seg + 1 : 0;
  const i1 = visit.exit ? visit.exit.seg : n - 1;
  let best = 0;
  let bestFix = -1;
  for (let i = i0; i <= i1 && i < n; i++) {
    const d = zone.boundaryDistanceM(track.lat[i], track.lon[i]);
    if (d > best) {
      best = d;
      bestFix = i;
    }
  }
  const refine = (s: number, a: number, b: number) => {
    if (s < 0 || s + 1 >= n || b <= a) return;
    const ctx = segments.ctx(s);
    const depth = (f: number) => {
      const p = ctx.seg.at(f);
      return -zone.boundaryDistanceM(p.lat, p.lon);
    };
    const m = minimize(depth, a, b, 1e-7 * Math.max(1, (b - a) * 1), 4);
    best = Math.max(best, -m.fx);
  };
  if (bestFix >= 0) {
    if (bestFix - 1 >= Math.max(firstSeg, 0)) refine(bestFix - 1, bestFix - 1 === firstSeg ? visit.enter!.f : 0, 1);
    if (bestFix <= lastSeg && bestFix + 1 < n) {
      refine(bestFix, 0, visit.exit && bestFix === visit.exit.seg ? visit.exit.f : 1);
    }
  } else if (visit.enter && visit.exit && visit.enter.seg === visit.exit.seg) {
    refine(visit.enter.seg, visit.enter.f, visit.exit.f);
  }
  return best;
}

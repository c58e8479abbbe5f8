/**
 * The batch engine one fix at a time: a per-track stepper that turns each new fix into the next
 * geodesic segment, takes its inside-intervals from the same CompiledZone.intervals, stitches them
 * with the same VisitStitcher, renders crossings with the same crossingAt and measures depth with
 * the same maxPenetrationM, so the visits it closes are identical to `analyze` on the same fixes.
 *
 * What it keeps per track is small and plain (serialisable): the last fix, the zones it is inside
 * with their entry and the depth so far, at most FOLD_AFTER + 1 fixes those visits' depth still
 * needs, the latest territorial entry per state (for `inbound` ADIZ rules) and the closed visits
 * whose finding a later territorial entry could still change. Depth is a maximum over segments,
 * so the held fixes are folded into it as they pile up without changing what it comes to.
 */
import Flatbush from 'flatbush';
import { greatCircleM } from '../geo/geodesic.js';
import type { Track } from '../tracks/track.js';
import { type CompiledCatalog, type CompiledZone, type NearBoundary, SegmentCtx } from '../zones/compiled.js';
import { type DistanceBounds, geodesicBendM, type NearestEdge } from '../zones/nearest.js';
import type { Zone } from '../zones/zone.js';
import { boundForState, crossingAt, segmentMayTouch, visitOf } from './analyze.js';
import { PATH_SLACK } from './extremes.js';
import { type FastTrack, SegmentFastPath } from './fastpath.js';
import { findingOf } from './findings.js';
import { isoTime } from './time.js';
import type { Crossing, Visit } from './types.js';
import {
  causeAtFix,
  maxPenetrationM,
  type RawCrossing,
  type RawVisit,
  type SegmentSource,
  segmentCtxOf,
  VisitStitcher,
} from './visits.js';

/** One fix; altFt is stored as the batch engine stores it (Float32, NaN when unknown). */
export interface Fix {
  t: number;
  lat: number;
  lon: number;
  altFt: number;
}

export type TrackInfo = Pick<Track, 'id' | 'label' | 'icao24' | 'category' | 'operator' | 'declared'>;

/** What one step produced, in observation-time order. */
export type StepEvent =
  | { type: 'enter'; zone: Zone; key: string; tS: number; crossing: Crossing | null; fix: Fix }
  | { type: 'exit'; zone: Zone; key: string; tS: number; crossing: Crossing }
  | { type: 'visit'; zone: Zone; key: string; tS: number; visit: Visit; rev: number };

/** Up to this many zone boxes (each in three copies) are scanned rather than searched in a tree. */
const SCAN_BOXES = 96;

/** Zones whose box may meet a segment or hold a point: a superset of what the batch engine tests. */
export class ZoneIndex {
  private readonly index: Flatbush | null;
  private readonly boxed: Array<{ zone: CompiledZone; k: number }> = [];
  private readonly always: CompiledZone[];
  private readonly stamp: Uint32Array;
  private round = 0;
  private readonly segmentFast: SegmentFastPath | null;
  /** The boxes of `boxed` as [minLon, minLat, maxLon, maxLat] when few enough to scan. */
  private readonly boxes: Float64Array | null = null;
  private readonly found: CompiledZone[] = [];

  constructor(
    readonly compiled: CompiledCatalog,
    /** Use the catalog grid (built once, a few seconds, cached on disk) to skip exact work. */
    readonly useGrid = false,
  ) {
    this.segmentFast = useGrid ? new SegmentFastPath(compiled) : null;
    this.always = compiled.zones.filter((z) => z.bbox.wraps);
    const boxed = compiled.zones.filter((z) => !z.bbox.wraps && z.bbox.maxLat >= z.bbox.minLat);
    this.stamp = new Uint32Array(compiled.zones.length);
    if (boxed.length === 0) {
      this.index = null;
      return;
    }
    // Each box three times, shifted by a turn either way, so spans crossing ±180° find it.
    this.index = new Flatbush(boxed.length * 3);
    for (const z of boxed) {
      const k = compiled.zones.indexOf(z);
      for (const s of [0, 360, -360]) {
        this.index.add(z.bbox.minLon + s, z.bbox.minLat, z.bbox.maxLon + s, z.bbox.maxLat);
        this.boxed.push({ zone: z, k });
      }
    }
    this.index.finish();
    if (this.boxed.length <= SCAN_BOXES) {
      this.boxes = new Float64Array(4 * this.boxed.length);
      this.boxed.forEach(({ zone }, i) => {
        const shift = [0, 360, -360][i % 3];
        this.boxes?.set(
          [zone.bbox.minLon + shift, zone.bbox.minLat, zone.bbox.maxLon + shift, zone.bbox.maxLat],
          4 * i,
        );
      });
    }
  }

  /** Zones that segmentMayTouch could accept for the segment (lat0, lon0) → (lat1, lon1). */
  nearSegment(lat0: number, lon0: number, lat1: number, lon1: number): CompiledZone[] {
    const pad = 0.5;
    const lo = Math.min(lat0, lat1) - pad;
    const hi = Math.max(lat0, lat1) + pad;
    let d = lon1 - lon0;
    if (d > 180) d -= 360;
    else if (d < -180) d += 360;
    const polar = Math.abs(lo) > 80 || Math.abs(hi) > 80;
    const w = polar ? -900 : Math.min(lon0, lon0 + d) - pad;
    const e = polar ? 900 : Math.max(lon0, lon0 + d) + pad;
    return this.query(w, lo, e, hi);
  }

  /**
   * The grid's proofs for the segment from (t0, lat0, lon0, alt0) to fix b (which zones it
   * certainly stays inside or outside of), or null when the catalog has no grid (fewer than a
   * handful of live aircraft do not pay for building one; see useGrid).
   */
  fastSegment(t0: number, lat0: number, lon0: number, alt0: number, b: Fix): FastTrack | null {
    if (!this.segmentFast) return null;
    return this.segmentFast.of(t0, lat0, lon0, alt0, b.t, b.lat, b.lon, b.altFt);
  }

  /** Zones whose box holds the point. */
  nearPoint(lat: number, lon: number): CompiledZone[] {
    return this.query(lon, lat, lon, lat);
  }

  /**
   * The zones whose boxes meet [w, e] × [s, n], in a list shared by every call (read it before
   * the next one: one query per position must not allocate).
   */
  private query(w: number, s: number, e: number, n: number): CompiledZone[] {
    const out = this.found;
    // Emptied by pops, which keep the list's room: `length = 0` drops it, and the pushes below
    // would allocate it again on every call.
    while (out.length) out.pop();
    for (const z of this.always) out.push(z);
    if (!this.index) return out;
    const round = ++this.round;
    const boxes = this.boxes;
    if (boxes) {
      // A few dozen boxes: a scan beats the tree (whose search allocates its answer).
      for (let i = 0; i < this.boxed.length; i++) {
        const o = 4 * i;
        if (boxes[o] > e || boxes[o + 2] < w || boxes[o + 1] > n || boxes[o + 3] < s) continue;
        const { zone, k } = this.boxed[i];
        if (this.stamp[k] === round) continue;
        this.stamp[k] = round;
        out.push(zone);
      }
      return out;
    }
    for (const i of this.index.search(w, s, e, n)) {
      const { zone, k } = this.boxed[i];
      if (this.stamp[k] === round) continue;
      this.stamp[k] = round;
      out.push(zone);
    }
    return out;
  }
}

interface OpenVisit {
  zone: CompiledZone;
  raw: RawVisit;
  enter: Crossing | null;
  enterT: number;
  /** Visit events emitted so far (provisional ones while open). */
  revs: number;
  /** Fix count when the last provisional visit was emitted (-1: none). */
  provisionalAt: number;
  /** Depth over the segments before fix foldedTo (-1: nothing folded yet, depthM 0). */
  depthM: number;
  foldedTo: number;
  /**
   * The boundary distance at a fix at or before foldedTo, or an upper bound of it, and that fix's
   * path length (NaN: none): the distance changes no faster than the path, so while anchorD plus
   * the path since falls short of depthM, a fold needs no distance at all.
   */
  anchorD: number;
  anchorCum: number;
}

interface PendingFinding {
  zone: CompiledZone;
  enterT: number;
  key: string;
  visit: Visit;
  revs: number;
}

/** Plain JSON form of a stepper's state (NaN altitudes as null). */
export interface StepperState {
  info: TrackInfo;
  n: number;
  /** Index of the first held fix, and the held fixes as [t, lat, lon, altFt, cumM]. */
  from: number;
  fixes: Array<Array<number | null>>;
  open: SavedOpenVisit[];
  territorial: Record<string, number>;
  pending: Array<Omit<PendingFinding, 'zone'> & { zone: string }>;
}

/** An open visit as saved: its zone by id, its fold state as stored. */
type SavedOpenVisit = Omit<OpenVisit, 'zone' | 'depthM' | 'foldedTo' | 'anchorD' | 'anchorCum'> & {
  zone: string;
  // Missing from states saved before depth folding existed; NaN anchors are saved as null.
  depthM?: number;
  foldedTo?: number;
  anchorD?: number | null;
  anchorCum?: number | null;
};

/**
 * The fixes not yet folded into the open visits' depth (at least the last one), with the path
 * length from the track's first fix summed as the batch engine sums it: one array of doubles,
 * five numbers a fix (t, lat, lon, altFt, cumM), then room for up to three more fixes (the
 * array's length is its capacity). An aircraft outside every zone holds one fix.
 */
class FixWindow {
  /** Index (in the track) of the first held fix. */
  from = 0;
  length = 0;
  private buf: number[] = [];

  push(f: Fix): void {
    const m = this.length;
    const cum =
      m === 0
        ? 0
        : this.at(m - 1, CUM) + greatCircleM(this.at(m - 1, LAT), this.at(m - 1, LON), f.lat, f.lon);
    const o = m * STRIDE;
    const b = this.buf;
    if (b.length === o) {
      // A new array with room for one more fix (zeros), written in place next time: a new array
      // per fix, each kept until the aircraft's next fix and so copied by the young generation's
      // collector, cost a third of the collector's time. (Push would leave a third spare.)
      this.buf = b.concat(f.t, f.lat, f.lon, f.altFt, cum, 0, 0, 0, 0, 0);
    } else {
      b[o] = f.t;
      b[o + LAT] = f.lat;
      b[o + LON] = f.lon;
      b[o + ALT] = f.altFt;
      b[o + CUM] = cum;
    }
    this.length = m + 1;
  }

  /** Replaces the only held fix by the next one (index from + 1). */
  replaceLast(f: Fix): void {
    const b = this.buf;
    const cum = b[CUM] + greatCircleM(b[LAT], b[LON], f.lat, f.lon);
    b[0] = f.t;
    b[LAT] = f.lat;
    b[LON] = f.lon;
    b[ALT] = f.altFt;
    b[CUM] = cum;
    this.from += 1;
  }

  /** Value `field` of the k-th held fix. */
  at(k: number, field: number): number {
    return this.buf[k * STRIDE + field];
  }

  /** Value `field` of fix i, by its index in the track (it must be held). */
  held(i: number, field: number): number {
    return this.at(i - this.from, field);
  }

  /** Forgets the fixes before index i (always keeps the last one); shrinks a grown buffer. */
  dropBefore(i: number): void {
    const k = Math.min(i - this.from, this.length - 1);
    if (k <= 0) return;
    const n = this.length - k;
    const b = this.buf;
    // In place, unless that would leave more than two fixes of room (a fold drops most of a full
    // window): then a fresh array with room for one.
    if (b.length > (n + 3) * STRIDE) this.buf = b.slice(k * STRIDE, (k + n + 1) * STRIDE);
    else b.copyWithin(0, k * STRIDE, this.length * STRIDE);
    this.length = n;
    this.from += k;
  }

  fix(i: number): Fix {
    const k = i - this.from;
    return { t: this.at(k, 0), lat: this.at(k, LAT), lon: this.at(k, LON), altFt: this.at(k, ALT) };
  }

  /** Fixes i..j (inclusive) as a track, with their segments and path lengths. */
  slice(i: number, j: number): { track: Track; segments: SegmentSource } {
    const a = i - this.from;
    const m = j - i + 1;
    const col = (field: number, out: Float64Array | Float32Array) => {
      for (let k = 0; k < m; k++) out[k] = this.buf[(a + k) * STRIDE + field];
      return out;
    };
    const track: Track = {
      id: 'window',
      label: null,
      icao24: null,
      category: 'unknown',
      operator: null,
      t: col(0, new Float64Array(m)) as Float64Array,
      lat: col(LAT, new Float64Array(m)) as Float64Array,
      lon: col(LON, new Float64Array(m)) as Float64Array,
      altFt: col(ALT, new Float32Array(m)) as Float32Array,
    };
    const segments: SegmentSource = {
      cumM: col(CUM, new Float64Array(m)) as Float64Array,
      ctx: (s) => segmentCtxOf(track, s),
      mayTouch: () => true,
    };
    return { track, segments };
  }

  /** The held fixes as [t, lat, lon, altFt | null, cumM] rows. */
  heldRows(): Array<Array<number | null>> {
    const rows: Array<Array<number | null>> = [];
    for (let k = 0; k < this.length; k++) {
      const alt = this.at(k, ALT);
      rows.push([
        this.at(k, 0),
        this.at(k, LAT),
        this.at(k, LON),
        Number.isNaN(alt) ? null : alt,
        this.at(k, CUM),
      ]);
    }
    return rows;
  }

  /** Replaces the held fixes by rows from heldRows(), the first being fix `from`. */
  loadRows(from: number, rows: Array<Array<number | null>>): void {
    this.buf = [];
    this.length = 0;
    this.from = from;
    for (const r of rows) {
      this.buf.push(
        r[0] as number,
        r[1] as number,
        r[2] as number,
        r[3] === null ? Number.NaN : (r[3] as number),
        r[4] as number,
      );
      this.length++;
    }
  }
}

const STRIDE = 5;
const LAT = 1;
const LON = 2;
const ALT = 3;
const CUM = 4;
/**
 * Held fixes beyond which the open visits' depth so far is folded into a running maximum. The
 * depth is a maximum over the visit's segments, each searched the same way wherever the run is
 * cut, so folding changes no value: it bounds what an aircraft in a long visit holds.
 */
export const FOLD_AFTER = 8;
const NO_OPEN: OpenVisit[] = [];
const CANDIDATES: CompiledZone[] = [];
/** Scratch for foldOldestByEdge (never re-entered). */
const EDGE_UB = new Float64Array(2 * FOLD_AFTER + 2);
const EDGE_UB_B = new Float64Array(2 * FOLD_AFTER + 2);
/** What a step that caused nothing returns (never mutated). */
const NO_EVENTS: StepEvent[] = [];
const NO_STATES: Array<string | number> = [];
/** The shared empty list of pending findings (never mutated: replaced when one is added). */
const NONE: PendingFinding[] = [];

/**
 * Steps one track's fixes through the batch engine's logic. It is its own fix window (one object
 * per aircraft, not two: the live monitor keeps tens of thousands).
 */
export class TrackStepper extends FixWindow {
  /** Fixes stepped so far. */
  n = 0;
  private open: OpenVisit[] = NO_OPEN;
  /**
   * Latest territorial entry per state, as [state, time, state, time, …]: an aircraft enters
   * few states, and a Map per aircraft would cost more than the list.
   */
  private territorial: Array<string | number> = NO_STATES;
  private pending: PendingFinding[] = NONE;

  constructor(
    readonly info: TrackInfo,
    private readonly zones: ZoneIndex,
    private readonly maxGapS: number,
  ) {
    super();
  }

  /** The last fix stepped. */
  get last(): Fix | null {
    return this.n ? this.fix(this.n - 1) : null;
  }

  /** Time of the last fix stepped (-Infinity before the first). */
  get lastT(): number {
    return this.n ? this.at(this.length - 1, 0) : Number.NEGATIVE_INFINITY;
  }

  /** Zones the track is inside after its last fix. */
  openZones(): Zone[] {
    return this.open.map((o) => o.zone.zone);
  }

  /**
   * Steps one fix (strictly later than the last one; Float32 altitude as in a Track) and returns
   * what it caused, in time order.
   */
  step(fix: Fix): StepEvent[] {
    const k = this.n;
    if (k === 0) {
      this.push(fix);
      this.n = 1;
      const events: StepEvent[] = [];
      for (const zone of this.zones.nearPoint(fix.lat, fix.lon)) {
        if (!zone.contains(fix.lat, fix.lon, fix.altFt, fix.t)) continue;
        const ov = this.openVisit(zone, { enter: null, exit: null }, null, fix.t);
        this.open = [...this.open, ov];
        events.push({ type: 'enter', zone: zone.zone, key: this.keyOf(ov), tS: fix.t, crossing: null, fix });
        if (zone.zone.kind === 'territorial') this.territorialEntry(zone.zone.state, fix.t, events);
      }
      return events;
    }
    const last = this.length - 1;
    const pLat = this.at(last, LAT);
    const pLon = this.at(last, LON);
    // The step's zones, in a list shared by every step (steps never nest).
    const candidates = CANDIDATES;
    while (candidates.length) candidates.pop(); // (keeping its room, as in query)
    for (const o of this.open) candidates.push(o.zone);
    for (const z of this.zones.nearSegment(pLat, pLon, fix.lat, fix.lon)) {
      if (!candidates.includes(z) && segmentMayTouch(pLat, pLon, fix.lat, fix.lon, z)) candidates.push(z);
    }
    this.n = k + 1;
    if (candidates.length === 0) {
      // No open visit: the window holds the last fix only, and now the new one instead.
      if (this.length === 1) this.replaceLast(fix);
      else {
        this.push(fix);
        this.dropBefore(k);
      }
      return NO_EVENTS;
    }
    const fast = this.zones.fastSegment(this.at(last, 0), pLat, pLon, this.at(last, ALT), fix);
    this.push(fix);
    // The common step: the grid settles every zone and nothing begins or ends.
    if (fast && this.quiet(fast, candidates)) return this.settle(k);
    const prev = this.fix(k - 1);
    const events: StepEvent[] = [];
    // The exact segment geometry is built only if a zone needs it; the grid settles most.
    let exact: SegmentCtx | null = null;
    const ctxOf = (): SegmentCtx => {
      exact ??= new SegmentCtx(prev.lat, prev.lon, fix.lat, fix.lon, prev.t, fix.t, prev.altFt, fix.altFt);
      return exact;
    };
    const seg = k - 1;
    const timeOf = (c: RawCrossing) => prev.t + c.f * (fix.t - prev.t);
    const stillOpen: OpenVisit[] = [];
    type Item = { tS: number; order: number; run: () => void };
    const items: Item[] = [];
    for (const zone of candidates) {
      const ov = this.open.find((o) => o.zone === zone) ?? null;
      const stitcher = new VisitStitcher(false);
      stitcher.open = ov ? ov.raw : null;
      const done: RawVisit[] = [];
      const atFix = ov ? causeAtFix(zone, prev.t, prev.altFt, fix.altFt) : 'lateral';
      stitcher.step(seg, fast?.intervals(0, zone) ?? zone.intervals(ctxOf()), done, atFix);
      // Visits that began in this segment get their own record (and an `enter`).
      const recordOf = (raw: RawVisit): OpenVisit => {
        if (ov && raw === ov.raw) return ov;
        const enterRaw = raw.enter as RawCrossing;
        const r = this.openVisit(zone, raw, crossingAt(ctxOf(), enterRaw, this.maxGapS), timeOf(enterRaw));
        items.push({
          tS: r.enterT,
          order: 1,
          run: () => {
            events.push({
              type: 'enter',
              zone: zone.zone,
              key: this.keyOf(r),
              tS: r.enterT,
              crossing: r.enter,
              fix,
            });
            if (zone.zone.kind === 'territorial') this.territorialEntry(zone.zone.state, r.enterT, events);
          },
        });
        return r;
      };
      for (const raw of done) {
        const r = recordOf(raw);
        const exit = raw.exit as RawCrossing;
        const tS = timeOf(exit);
        items.push({
          tS,
          order: 0,
          run: () => {
            const crossing = crossingAt(ctxOf(), exit, this.maxGapS);
            events.push({ type: 'exit', zone: zone.zone, key: this.keyOf(r), tS, crossing });
            const depthM = this.depth(r, exit);
            this.finish(
              r,
              visitOf(this.info.id, zone.zone, r.enter, crossing, tS - r.enterT, depthM),
              tS,
              events,
            );
          },
        });
      }
      if (stitcher.open) stillOpen.push(recordOf(stitcher.open));
    }
    // In time order; at the same instant, exits before entries.
    items.sort((a, b) => a.tS - b.tS || a.order - b.order);
    for (const it of items) it.run();
    // Exactly sized (most aircraft hold none): a list grown by push keeps spare slots.
    this.open = stillOpen.length ? stillOpen.slice() : NO_OPEN;
    this.settle(k);
    return events;
  }

  /** Whether every candidate zone's intervals are settled by the grid and change nothing. */
  private quiet(fast: FastTrack, candidates: CompiledZone[]): boolean {
    for (const zone of candidates) {
      const ivs = fast.intervals(0, zone);
      if (ivs === null) return false;
      let open = false;
      for (const o of this.open) if (o.zone === zone) open = true;
      // Inside all along (the fast path's only non-empty answer) keeps a visit open; empty
      // keeps the zone unvisited.
      if (open !== (ivs.length === 1)) return false;
    }
    return true;
  }

  /** After fix k: folds long windows into the open visits' depth and drops unneeded fixes. */
  private settle(k: number): StepEvent[] {
    if (this.length > FOLD_AFTER) for (const o of this.open) this.fold(o, k);
    let keepFrom = k;
    for (const o of this.open) keepFrom = Math.min(keepFrom, this.heldFrom(o));
    this.dropBefore(keepFrom);
    return NO_EVENTS;
  }

  /**
   * Lets an open visit forget the held fixes its depth cannot need, so an aircraft holds a few
   * fixes however long its visit. Every rule keeps the depth the batch engine finds: it is the
   * largest of per-segment values, and a segment is let go only when it provably cannot exceed
   * a value the visit reaches elsewhere.
   */
  private fold(o: OpenVisit, k: number): void {
    // A Lipschitz anchor: nothing since it can exceed the depth so far.
    if (o.anchorD + (this.held(k, CUM) - o.anchorCum) * PATH_SLACK <= o.depthM) {
      o.foldedTo = k;
      return;
    }
    const here = o.zone.distanceBounds(this.held(k, LAT), this.held(k, LON));
    if (here) {
      const from = this.heldFrom(o);
      let m = this.shallowTo(o, k, here, Math.max(o.depthM, here.lb));
      // (A visit never folded keeps its entry crossing until a segment goes.)
      if (m > from) o.foldedTo = m;
      // Unless that leaves half the limit or less, fold exactly now: cheap attempts stay rare.
      if (k - m < FOLD_AFTER / 2) return;
      // Where the aircraft leaves the depth it held at the oldest held fix (first seen inside,
      // or heading back out), the depth of that fix's segment alone, folded exactly, lets the
      // rest go by bounds: try it when the bound at that fix says it would.
      const first = o.zone.distanceBounds(this.held(m, LAT), this.held(m, LON));
      if (
        first &&
        k - this.shallowTo(o, k, here, Math.max(o.depthM, here.lb, first.lb), m + 1) < FOLD_AFTER / 2
      ) {
        this.foldExactly(o, m + 1);
        m = this.shallowTo(o, k, here, Math.max(o.depthM, here.lb));
        o.foldedTo = m;
        if (k - m < FOLD_AFTER / 2) return;
      } else if (this.foldOldestByEdge(o, k, m, here)) return;
    }
    this.foldExactly(o, k);
  }

  /**
   * Deep inside a zone, the distance can change less from one segment to the next than the cheap
   * bounds can resolve; distances to the one edge nearest the oldest held fix m still tell the
   * segments apart (bounded without a geodesic first, exactly where that does not decide). When
   * they show the later segments below the depth at m, segment m alone is folded exactly and
   * those segments go (their distance to that edge, an upper bound of the boundary distance,
   * stays below the depth folded, near-convexity with its bend included). Returns whether that
   * left fewer than half the limit held; if not, the exact distance at m is handed to the full
   * fold.
   */
  private foldOldestByEdge(o: OpenVisit, k: number, m: number, here: DistanceBounds): boolean {
    const zone = o.zone;
    const nearM = zone.nearestBoundary(this.held(m, LAT), this.held(m, LON));
    const near = new Map<number, NearBoundary>([[0, nearM]]);
    const e = nearM.e;
    if (e) {
      const u = EDGE_UB.length > k - m ? EDGE_UB : new Float64Array(k - m + 1);
      this.edgeDistances(zone, e, m + 1, k, u, m, false);
      /** The first held fix from m + 1 on whose segment may reach `floor`. */
      const belowTo = (floor: number) => {
        for (let j = m + 1; j < k; j++) {
          const lenM = this.segmentPathM(j);
          const r = Math.max(u[j - m], u[j + 1 - m]);
          if (r + geodesicBendM(r + lenM, lenM) >= floor) return j;
        }
        return k;
      };
      let to = belowTo(nearM.d);
      if (k - to >= FOLD_AFTER / 2) {
        this.edgeDistances(zone, e, m + 1, k, u, m, true);
        to = belowTo(nearM.d);
      }
      if (k - to < FOLD_AFTER / 2) {
        this.foldExactly(o, m + 1, near);
        o.foldedTo = belowTo(o.depthM);
        return k - o.foldedTo < FOLD_AFTER / 2;
      }
      if (this.foldBetweenEdges(o, k, m, e, u, here, near)) return true;
    }
    this.foldExactly(o, k, near);
    return true;
  }

  /**
   * Where the aircraft moves away from the edge nearest the oldest held fix m (A, its distances u
   * from m on) towards the one nearest the last fix k (B), the depth, at most the smaller of the
   * two distances, peaks where they cross. The exact depth at the held fix where the smaller is
   * largest sets a floor; held segments whose bound from either edge (near-convexity, its bend
   * included) stays below it go, and only the segments around the crossing are folded exactly.
   * Returns false, having changed nothing but `near` (the depth at c, by index from m), when that
   * would still leave half the window to fold.
   */
  private foldBetweenEdges(
    o: OpenVisit,
    k: number,
    m: number,
    a: NearestEdge,
    u: Float64Array,
    here: DistanceBounds,
    near: Map<number, NearBoundary>,
  ): boolean {
    const zone = o.zone;
    if (here.ring < 0 || (here.ring === a.ring && here.j === a.j)) return false;
    const w = EDGE_UB_B.length > k - m ? EDGE_UB_B : new Float64Array(k - m + 1);
    u[0] = a.d;
    this.edgeDistances(zone, here, m, k, w, m, false);
    let c = m + 1;
    for (let i = m + 2; i <= k; i++) if (Math.min(u[i - m], w[i - m]) > Math.min(u[c - m], w[c - m])) c = i;
    // Fix c lies inside the visit (after m, the visit's first held fix at the latest): its depth is
    // one the visit reaches.
    const atC = zone.nearestBoundary(this.held(c, LAT), this.held(c, LON));
    const floor = Math.max(o.depthM, atC.d);
    let p = -1;
    let q = -1;
    /** The held segments [p, q] whose bounds from either edge may reach the floor. */
    const reaching = () => {
      p = -1;
      q = -1;
      for (let j = m; j < k; j++) {
        const lenM = this.segmentPathM(j);
        const rA = Math.max(u[j - m], u[j + 1 - m]);
        const ubB = this.hereEdgeUpperM(zone, here, j, w[j - m], w[j + 1 - m]);
        if (Math.min(rA + geodesicBendM(rA + lenM, lenM), ubB) < floor) continue;
        if (p < 0) p = j;
        q = j;
      }
    };
    reaching();
    if (q - p + 1 >= FOLD_AFTER / 2) {
      this.edgeDistances(zone, here, m, k, w, m, true);
      reaching();
    }
    if (q - p + 1 >= FOLD_AFTER / 2) {
      // The full fold that follows starts at m and reuses the depth at c.
      near.set(c - m, atC);
      return false;
    }
    const from = this.heldFrom(o);
    o.depthM = floor;
    if (p < 0) {
      o.foldedTo = k;
      o.anchorD = atC.d;
      o.anchorCum = this.held(c, CUM);
      return true;
    }
    // (A visit never folded keeps its entry crossing until a segment goes.)
    if (p > from) o.foldedTo = p;
    const known = new Map<number, NearBoundary>();
    if (c >= this.heldFrom(o) && c <= q + 1) known.set(c - this.heldFrom(o), atC);
    this.foldExactly(o, q + 1, known);
    // The held segments after q stay below the floor too.
    o.foldedTo = k;
    return true;
  }

  /**
   * Distances from held fixes i..j to one edge (a nearest edge, or the edge of distanceBounds'
   * upper bound) into out[i - base..]: exact, or upper bounds with no geodesic (a few hundredths
   * of a percent above).
   */
  private edgeDistances(
    zone: CompiledZone,
    e: Pick<DistanceBounds, 'ring' | 'j'>,
    i: number,
    j: number,
    out: Float64Array,
    base: number,
    exact: boolean,
  ): void {
    for (let x = i; x <= j; x++) {
      const lat = this.held(x, LAT);
      const lon = this.held(x, LON);
      out[x - base] = exact ? zone.edgeDistanceM(e, lat, lon) : zone.boundsEdgeUpperBound(e, lat, lon);
    }
  }

  /**
   * The first held fix from which a segment may still hold the deepest point (at least `start`,
   * at most k): held segments before it stay below `floor` all along, by bounds with no
   * geodesic. The boundary distance is at most the distance to the edge nearest fix k (`here`),
   * bounded at each held fix by one angle, and along each segment by hereEdgeUpperM.
   */
  private shallowTo(
    o: OpenVisit,
    k: number,
    here: DistanceBounds,
    floor: number,
    start = this.heldFrom(o),
  ): number {
    const zone = o.zone;
    let ubA = zone.boundsEdgeUpperBound(here, this.held(start, LAT), this.held(start, LON));
    for (let j = start; j < k; j++) {
      const ubB =
        j + 1 === k ? here.ub : zone.boundsEdgeUpperBound(here, this.held(j + 1, LAT), this.held(j + 1, LON));
      if (this.hereEdgeUpperM(zone, here, j, ubA, ubB) >= floor) return j;
      ubA = ubB;
    }
    return k;
  }

  /** Held segment j's path length, enough to bound its geodesic length (see PATH_SLACK). */
  private segmentPathM(j: number): number {
    return (this.held(j + 1, CUM) - this.held(j, CUM)) * PATH_SLACK;
  }

  /**
   * An upper bound all along held segment j of the distance to the edge that holds `here`'s upper
   * bound, from upper bounds dA and dB of it at the segment's ends: half the segment's length above
   * their mean (1-Lipschitz) and, where the edge allows (a geodesic, or a parallel), its bend above
   * the larger (near-convex), which is far tighter.
   */
  private hereEdgeUpperM(
    zone: CompiledZone,
    here: DistanceBounds,
    j: number,
    dA: number,
    dB: number,
  ): number {
    const lenM = this.segmentPathM(j);
    const r = Math.max(dA, dB);
    const bend = zone.boundsEdgeBendM(
      here,
      this.held(j, LAT),
      this.held(j, LON),
      this.held(j + 1, LAT),
      this.held(j + 1, LON),
      r + lenM,
      lenM,
    );
    const lipschitz = (dA + dB + lenM) / 2;
    return bend === null ? lipschitz : Math.min(lipschitz, r + bend);
  }

  /**
   * Folds the depth over the held fixes up to fix `to` exactly, with a new anchor there; `near`
   * holds boundary distances already known, by index from the first held fix.
   */
  private foldExactly(o: OpenVisit, to: number, near = new Map<number, NearBoundary>()): void {
    const from = this.heldFrom(o);
    const upper = new Map<number, number>();
    o.depthM = this.depth(o, null, near, to, upper);
    o.foldedTo = to;
    o.anchorD =
      near.get(to - from)?.d ??
      upper.get(to - from) ??
      o.zone.boundaryDistanceM(this.held(to, LAT), this.held(to, LON));
    o.anchorCum = this.held(to, CUM);
  }

  /**
   * The open visits as the batch engine would report them if the track ended at its last fix
   * (exit null). Only those changed since the last call unless `all`.
   */
  provisional(all = false): StepEvent[] {
    const events: StepEvent[] = [];
    const last = this.last;
    if (!last) return events;
    for (const ov of this.open) {
      if (!all && ov.provisionalAt === this.n) continue;
      ov.provisionalAt = this.n;
      const visit = visitOf(
        this.info.id,
        ov.zone.zone,
        ov.enter,
        null,
        last.t - ov.enterT,
        this.depth(ov, null),
      );
      visit.finding = this.findingAt(ov.zone, ov.enterT);
      events.push({
        type: 'visit',
        zone: ov.zone.zone,
        key: this.keyOf(ov),
        tS: last.t,
        visit,
        rev: ov.revs++,
      });
    }
    return events;
  }

  private openVisit(zone: CompiledZone, raw: RawVisit, enter: Crossing | null, enterT: number): OpenVisit {
    return {
      zone,
      raw,
      enter,
      enterT,
      revs: 0,
      provisionalAt: -1,
      depthM: 0,
      foldedTo: -1,
      anchorD: Number.NaN,
      anchorCum: Number.NaN,
    };
  }

  /**
   * A visit's key (its aircraft, zone and entry time), made when an event needs it: kept in every
   * open visit, it cost tens of bytes per live aircraft. A visit without an entry crossing (inside
   * at the first fix) takes that fix's time: an aircraft the live engine forgot and sees again
   * inside the zone starts a new visit, whose events must not take the old one's ids.
   */
  private keyOf(ov: Pick<OpenVisit, 'zone' | 'enter' | 'enterT'>): string {
    return `${this.info.id}/${ov.zone.zone.id}/${ov.enter ? ov.enter.time : isoTime(ov.enterT)}`;
  }

  /** The first fix an open visit's depth still needs. */
  private heldFrom(ov: OpenVisit): number {
    if (ov.foldedTo >= 0) return ov.foldedTo;
    return ov.raw.enter ? ov.raw.enter.seg : 0;
  }

  /**
   * maxPenetrationM on the visit's held fixes, its crossings renumbered into that window, above
   * the depth already folded in.
   */
  private depth(
    ov: OpenVisit,
    exit: RawCrossing | null,
    near?: Map<number, NearBoundary>,
    upTo = this.n - 1,
    upper?: Map<number, number>,
  ): number {
    const from = this.heldFrom(ov);
    const to = exit ? exit.seg + 1 : upTo;
    const folded = ov.foldedTo >= 0;
    if (folded && to <= from) return ov.depthM;
    const { track, segments } = this.slice(from, to);
    const enter = ov.raw.enter;
    const local: RawVisit = {
      enter: folded ? { seg: 0, f: 0, cause: 'lateral' } : enter ? { ...enter, seg: 0 } : null,
      exit: exit ? { ...exit, seg: exit.seg - from } : null,
    };
    return maxPenetrationM(track, ov.zone, local, segments, ov.depthM, near, upper);
  }

  private findingAt(zone: CompiledZone, enterT: number): Visit['finding'] {
    return findingOf(this.info, zone.zone, boundForState(this.lastEntry(zone.zone.state), enterT));
  }

  private finish(ov: OpenVisit, visit: Visit, tS: number, events: StepEvent[]): void {
    visit.finding = this.findingAt(ov.zone, ov.enterT);
    events.push({ type: 'visit', zone: ov.zone.zone, key: this.keyOf(ov), tS, visit, rev: ov.revs++ });
    // A later territorial entry into the zone's state could still make this visit `inbound`.
    const ifBound = findingOf(this.info, ov.zone.zone, true);
    if (ifBound !== visit.finding)
      this.pending = [
        ...this.pending,
        { zone: ov.zone, enterT: ov.enterT, key: this.keyOf(ov), visit, revs: ov.revs },
      ];
  }

  private lastEntry(state: string): number | undefined {
    const i = this.territorial.indexOf(state);
    return i < 0 ? undefined : (this.territorial[i + 1] as number);
  }

  private territorialEntry(state: string, enterT: number, events: StepEvent[]): void {
    const i = this.territorial.indexOf(state);
    if (i < 0) this.territorial = [...this.territorial, state, enterT];
    else if (enterT > (this.territorial[i + 1] as number)) this.territorial[i + 1] = enterT;
    if (this.pending.length === 0) return;
    const keep: PendingFinding[] = [];
    for (const p of this.pending) {
      if (p.zone.zone.state !== state || p.enterT > enterT) {
        keep.push(p);
        continue;
      }
      const visit = { ...p.visit, finding: this.findingAt(p.zone, p.enterT) };
      events.push({ type: 'visit', zone: p.zone.zone, key: p.key, tS: enterT, visit, rev: p.revs });
    }
    this.pending = keep.length ? keep : NONE;
  }

  toJSON(): StepperState {
    return {
      info: this.info,
      n: this.n,
      from: this.from,
      fixes: this.heldRows(),
      open: this.open.map((o) => ({
        zone: o.zone.zone.id,
        raw: o.raw,
        enter: o.enter,
        enterT: o.enterT,
        revs: o.revs,
        provisionalAt: o.provisionalAt,
        depthM: o.depthM,
        foldedTo: o.foldedTo,
        anchorD: Number.isNaN(o.anchorD) ? null : o.anchorD,
        anchorCum: Number.isNaN(o.anchorCum) ? null : o.anchorCum,
      })),
      territorial: Object.fromEntries(
        Array.from({ length: this.territorial.length / 2 }, (_, k): [string, number] => [
          this.territorial[2 * k] as string,
          this.territorial[2 * k + 1] as number,
        ]),
      ),
      pending: this.pending.map((p) => ({
        zone: p.zone.zone.id,
        enterT: p.enterT,
        key: p.key,
        visit: p.visit,
        revs: p.revs,
      })),
    };
  }

  /**
   * Takes the state saved by toJSON() (into a stepper made with the same info); zones no longer
   * in the catalog are dropped.
   */
  load(s: StepperState): this {
    const byId = this.zones.compiled.byId;
    this.n = s.n;
    this.loadRows(s.from, s.fixes);
    for (const o of s.open) {
      const zone = byId.get(o.zone);
      if (zone)
        this.open = [
          ...this.open,
          {
            zone,
            raw: o.raw,
            enter: o.enter,
            enterT: o.enterT,
            revs: o.revs,
            provisionalAt: o.provisionalAt,
            depthM: o.depthM ?? 0,
            foldedTo: o.foldedTo ?? -1,
            anchorD: o.anchorD ?? Number.NaN,
            anchorCum: o.anchorCum ?? Number.NaN,
          },
        ];
    }
    this.territorial = Object.entries(s.territorial).flat();
    for (const p of s.pending) {
      const zone = byId.get(p.zone);
      if (zone)
        this.pending = [
          ...this.pending,
          { zone, enterT: p.enterT, key: p.key, visit: p.visit, revs: p.revs },
        ];
    }
    return this;
  }
}

/** Steps a whole track through a stepper and ends it: the visits batch `analyze` reports for it. */
export function stepTrack(track: Track, zones: ZoneIndex, maxGapS: number): Visit[] {
  const st = new TrackStepper(track, zones, maxGapS);
  const latest = new Map<string, Visit>();
  const take = (evs: StepEvent[]) => {
    for (const e of evs) if (e.type === 'visit') latest.set(e.key, e.visit);
  };
  for (let i = 0; i < track.t.length; i++) {
    take(st.step({ t: track.t[i], lat: track.lat[i], lon: track.lon[i], altFt: track.altFt[i] }));
  }
  take(st.provisional());
  return [...latest.values()];
}

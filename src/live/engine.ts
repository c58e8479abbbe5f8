/**
 * Per-aircraft live state: a reorder buffer in front of each aircraft's TrackStepper, a watermark
 * in observation time, silence detection and the events the stepper's output becomes.
 *
 * Order: a fix waits until the watermark (the latest observation time seen, unless a source holds
 * it back: see limitWatermark) is `reorderWindowS` past it, so fixes arriving out of order within
 * the window are stepped in time order. A fix at or before the aircraft's last stepped fix is
 * reported and dropped (an exact repeat is a duplicate, ignored quietly). Silence: when the
 * watermark is `maxGapS` past an aircraft's last fix, its open visits are reported as the batch
 * engine would report them if its track ended there (exit null) and a `lost` event says the state
 * is now uncertain; if the aircraft comes back, the gap is stepped as the batch engine steps a gap
 * (crossings in it uncertain) and the visits are re-issued with a higher `rev`. Event times are
 * observation times, never the clock.
 */
import type { ZoneIndex } from '../analysis/incremental.js';
import { type Fix, type StepEvent, type StepperState, TrackStepper } from '../analysis/incremental.js';
import { isoTime, round7 } from '../analysis/time.js';
import type { Crossing, Visit } from '../analysis/types.js';
import type { PositionFix } from '../tracks/formats/ndjson.js';
import type { Category } from '../tracks/track.js';
import { MinHeap } from '../util/min-heap.js';
import type { ZoneKind } from '../zones/zone.js';

export interface LiveOptions {
  /** Longest interval between fixes interpolated as certain, seconds (default 600). */
  maxGapS?: number;
  /** How late (observation time) a fix may arrive and still be put in order, seconds (default 30). */
  reorderWindowS?: number;
  /** Silence after which an aircraft's state is dropped altogether, seconds (default 6 h). */
  forgetAfterS?: number;
  /** Overrides for every aircraft, as `analyze --category/--operator`. */
  category?: Category;
  operator?: string;
  /**
   * Settle segments with the catalog's cell grid where it proves the answer (same events; built
   * once, a few seconds for the built-in catalog, then cached on disk). Default true.
   */
  grid?: boolean;
  /** Keep the list of changed aircraft for takeChanges() (the store needs it). Default true. */
  trackChanges?: boolean;
}

export interface CrossingEvent {
  id: string;
  seq?: number;
  type: 'enter' | 'exit';
  track: string;
  zone: string;
  kind: ZoneKind;
  time: string;
  lat: number;
  lon: number;
  certain: boolean;
  cause?: Crossing['cause'];
  window?: Crossing['window'];
  /** An `enter` at the aircraft's first fix: it was already inside when first seen. */
  initial?: true;
}

export type VisitEvent = { id: string; seq?: number; type: 'visit'; time: string; rev: number } & Visit;

export interface LostEvent {
  id: string;
  seq?: number;
  type: 'lost';
  track: string;
  time: string;
  lat: number;
  lon: number;
  certain: false;
  /** Zones the aircraft was inside at its last fix. */
  zones: string[];
}

export type LiveEvent = CrossingEvent | VisitEvent | LostEvent;

export type OfferStatus = 'accepted' | 'duplicate' | 'late';

export interface OfferResult {
  status: OfferStatus;
  /** Why a fix was not accepted (late, or a second fix at the same time). */
  message?: string;
}

/** The answers without a message, shared (an offer per position must not allocate one). */
const ACCEPTED: OfferResult = Object.freeze({ status: 'accepted' });
const DUPLICATE: OfferResult = Object.freeze({ status: 'duplicate' });

/** The shared empty buffer (never mutated: replaced when a fix is buffered). */
const NO_FIXES: Fix[] = [];

/** An aircraft is its stepper plus what the engine keeps around it. */
class Aircraft extends TrackStepper {
  /** Fixes waiting for the reorder window, in time order. */
  buffered: Fix[] = NO_FIXES;
  stale = false;
  /** Whether the aircraft has its entry in the engine's silence watch. */
  watched = false;
  get id(): string {
    return this.info.id;
  }
}

const sameFix = (a: Fix, b: Fix) =>
  a.t === b.t &&
  a.lat === b.lat &&
  a.lon === b.lon &&
  (a.altFt === b.altFt || (Number.isNaN(a.altFt) && Number.isNaN(b.altFt)));

/** Saved form of one aircraft (the store keeps one row per aircraft). */
export interface AircraftState {
  stepper: StepperState;
  pending: Array<Array<number | null>>;
  stale: boolean;
}

export class LiveEngine {
  readonly maxGapS: number;
  readonly reorderWindowS: number;
  readonly forgetAfterS: number;
  /**
   * Observation time up to which input is taken as complete (epoch seconds): the latest time
   * seen, held at or below limitWatermark()'s limit.
   */
  watermarkS = Number.NEGATIVE_INFINITY;
  private latestS = Number.NEGATIVE_INFINITY;
  private limitS = Number.POSITIVE_INFINITY;
  private readonly aircraft = new Map<string, Aircraft>();
  /**
   * Aircraft with fixes that are not silent, keyed by a time at or before their last stepped fix
   * (one entry each, re-keyed lazily when it comes up): a step costs nothing here, where keeping
   * a map in last-fix order cost a delete and an insert per position.
   */
  private readonly watch = new MinHeap<Aircraft>();
  /** Silent aircraft, in the order they fell silent. */
  private readonly silent = new Map<string, Aircraft>();
  /** Aircraft with buffered fixes, keyed by the earliest. */
  private readonly heap = new MinHeap<Aircraft>();
  private out: LiveEvent[] = [];
  /** Aircraft changed since takeChanges(); null value = forgotten. */
  private changed = new Set<string>();

  constructor(
    private readonly zones: ZoneIndex,
    private readonly options: LiveOptions = {},
  ) {
    this.maxGapS = options.maxGapS ?? 600;
    this.reorderWindowS = options.reorderWindowS ?? 30;
    this.forgetAfterS = options.forgetAfterS ?? 6 * 3600;
  }

  get size(): number {
    return this.aircraft.size;
  }

  /** Takes one fix in; it is stepped once the watermark is reorderWindowS past it. */
  offer(p: PositionFix): OfferResult {
    const fix: Fix = { t: p.t, lat: p.lat, lon: p.lon, altFt: Math.fround(p.altFt) };
    let a = this.aircraft.get(p.track);
    if (!a) {
      a = new Aircraft(
        {
          id: p.track,
          label: p.label,
          icao24: p.icao24,
          category: this.options.category ?? p.category ?? 'unknown',
          operator: this.options.operator ?? p.operator,
        },
        this.zones,
        this.maxGapS,
      );
      this.aircraft.set(p.track, a);
    }
    const last = fix.t <= a.lastT ? a.last : null;
    if (last) {
      if (sameFix(last, fix)) return DUPLICATE;
      return {
        status: 'late',
        message:
          fix.t === last.t
            ? `a different fix at ${isoTime(fix.t)} was already taken; kept the first`
            : `fix at ${isoTime(fix.t)} arrived after the aircraft's fix at ${isoTime(last.t)} was processed (reorder window ${this.reorderWindowS} s); dropped`,
      };
    }
    if (fix.t > this.latestS) this.follow(fix.t);
    this.touch(a.id);
    const cutoff = this.watermarkS - this.reorderWindowS;
    if (a.buffered.length === 0 && fix.t <= cutoff) {
      this.commit(a, fix);
      return ACCEPTED;
    }
    // Insert in time order (the buffer is short: the fixes of one aircraft within the window).
    let i = a.buffered.length;
    while (i > 0 && a.buffered[i - 1].t > fix.t) i--;
    if (i > 0 && a.buffered[i - 1].t === fix.t) {
      if (sameFix(a.buffered[i - 1], fix)) return DUPLICATE;
      return {
        status: 'late',
        message: `a different fix at ${isoTime(fix.t)} was already taken; kept the first`,
      };
    }
    if (a.buffered === NO_FIXES) a.buffered = [fix];
    else a.buffered.splice(i, 0, fix);
    if (i === 0) this.heap.push(fix.t, a);
    return ACCEPTED;
  }

  /** Steps every buffered fix the watermark has passed by the reorder window; detects silences. */
  advance(): void {
    const cutoff = this.watermarkS - this.reorderWindowS;
    while (this.heap.size && this.heap.topKey() <= cutoff) {
      const t = this.heap.topKey();
      const a = this.heap.pop();
      if (a.buffered.length === 0 || a.buffered[0].t !== t || this.aircraft.get(a.id) !== a) continue;
      while (a.buffered.length && a.buffered[0].t <= cutoff) this.commit(a, a.buffered.shift() as Fix);
      if (a.buffered.length) this.heap.push(a.buffered[0].t, a);
      else a.buffered = NO_FIXES;
    }
    const waiting: Aircraft[] = [];
    while (this.watch.size && this.watermarkS - this.watch.topKey() > this.maxGapS) {
      const t = this.watch.topKey();
      const a = this.watch.pop();
      if (this.aircraft.get(a.id) !== a) continue;
      if (a.lastT > t) this.watch.push(a.lastT, a);
      else if (a.buffered.length) waiting.push(a);
      else {
        a.watched = false;
        this.silent.set(a.id, a);
        a.stale = true;
        this.touch(a.id);
        this.lost(a);
      }
    }
    // Fixes still wait for the reorder window: not silent; looked at again once stepped.
    for (const a of waiting) this.watch.push(a.buffered[0].t, a);
    for (const a of this.silent.values()) {
      if (this.watermarkS - a.lastT <= this.forgetAfterS) break;
      this.silent.delete(a.id);
      this.aircraft.delete(a.id);
      this.touch(a.id);
    }
  }

  /** End of input: steps every buffered fix and reports every open visit as the batch engine would. */
  flush(): void {
    for (const a of this.aircraft.values()) {
      if (a.buffered.length) {
        for (const f of a.buffered) this.commit(a, f);
        a.buffered = NO_FIXES;
      }
      const evs = a.provisional();
      if (evs.length) {
        this.touch(a.id);
        this.emit(a, evs);
      }
    }
  }

  /** Moves the watermark forward without a fix (time passing on an idle feed). */
  advanceWatermark(tS: number): void {
    if (tS > this.latestS) this.follow(tS);
  }

  /**
   * Holds the watermark at or below tS (+Infinity: no hold) until the next call; a lower limit
   * than before stops it where it is, never moves it back. For a source whose inputs are read at
   * their own pace: time seen on one must not declare silent an aircraft whose fixes wait on another.
   */
  limitWatermark(tS: number): void {
    this.limitS = tS;
    this.follow(this.latestS);
  }

  private follow(latestS: number): void {
    this.latestS = latestS;
    const w = Math.min(latestS, this.limitS);
    if (w > this.watermarkS) this.watermarkS = w;
  }

  takeEvents(): LiveEvent[] {
    const e = this.out;
    this.out = [];
    return e;
  }

  /** Aircraft changed since the last call, with their saved form (null: forgotten). */
  takeChanges(): Map<string, AircraftState | null> {
    const m = new Map<string, AircraftState | null>();
    for (const id of this.changed) {
      const a = this.aircraft.get(id);
      m.set(id, a ? this.save(a) : null);
    }
    this.changed = new Set();
    return m;
  }

  /** Without a store nothing is saved: the changes are dropped unread. */
  forgetChanges(): void {
    if (this.changed.size) this.changed = new Set();
  }

  private touch(id: string): void {
    if (this.options.trackChanges !== false) this.changed.add(id);
  }

  save(a: Aircraft): AircraftState {
    return {
      stepper: a.toJSON(),
      pending: a.buffered.map((f) => [f.t, f.lat, f.lon, Number.isNaN(f.altFt) ? null : f.altFt]),
      stale: a.stale,
    };
  }

  /** Restores an aircraft saved by takeChanges() (after a restart). */
  restore(s: AircraftState): void {
    const a = new Aircraft(s.stepper.info, this.zones, this.maxGapS).load(s.stepper);
    if (s.pending.length)
      a.buffered = s.pending.map((r) => ({
        t: r[0] as number,
        lat: r[1] as number,
        lon: r[2] as number,
        altFt: r[3] === null ? Number.NaN : (r[3] as number),
      }));
    a.stale = s.stale;
    this.aircraft.set(a.id, a);
    if (a.buffered.length) this.heap.push(a.buffered[0].t, a);
    if (!a.last) return;
    if (a.stale) this.silent.set(a.id, a);
    else {
      a.watched = true;
      this.watch.push(a.lastT, a);
    }
  }

  /** Restored silent aircraft must be re-ordered by last fix; call once after every restore(). */
  restored(): void {
    const sorted = [...this.silent.values()].sort((x, y) => x.lastT - y.lastT);
    this.silent.clear();
    for (const a of sorted) this.silent.set(a.id, a);
  }

  /** Current state of every aircraft: last fix and the zones it is in (for a live map). */
  snapshot(): Array<{
    track: string;
    time: string;
    lat: number;
    lon: number;
    altFt: number | null;
    zones: string[];
    stale: boolean;
  }> {
    const out = [];
    for (const a of this.aircraft.values()) {
      const l = a.last;
      if (!l) continue;
      out.push({
        track: a.id,
        time: isoTime(l.t),
        lat: l.lat,
        lon: l.lon,
        altFt: Number.isNaN(l.altFt) ? null : l.altFt,
        zones: a.openZones().map((z) => z.id),
        stale: a.stale,
      });
    }
    return out;
  }

  private commit(a: Aircraft, fix: Fix): void {
    const evs = a.step(fix);
    if (a.stale) {
      a.stale = false;
      this.silent.delete(a.id);
    }
    if (!a.watched) {
      a.watched = true;
      this.watch.push(a.lastT, a);
    }
    if (evs.length) this.emit(a, evs);
  }

  private lost(a: Aircraft): void {
    const l = a.last as Fix;
    this.out.push({
      id: `${a.id}/lost/${isoTime(l.t)}`,
      type: 'lost',
      track: a.id,
      time: isoTime(l.t),
      lat: round7(l.lat),
      lon: round7(l.lon),
      certain: false,
      zones: a.openZones().map((z) => z.id),
    });
    this.emit(a, a.provisional());
  }

  private emit(a: Aircraft, evs: StepEvent[]): void {
    for (const e of evs) {
      if (e.type === 'visit') {
        this.out.push({
          id: `${e.key}/visit/${e.rev}`,
          type: 'visit',
          time: isoTime(e.tS),
          rev: e.rev,
          ...e.visit,
        });
        continue;
      }
      const c = e.crossing;
      const ev: CrossingEvent = {
        id: `${e.key}/${e.type}`,
        type: e.type,
        track: a.id,
        zone: e.zone.id,
        kind: e.zone.kind,
        time: c ? c.time : isoTime(e.tS),
        lat: c ? c.lat : round7(e.type === 'enter' ? e.fix.lat : 0),
        lon: c ? c.lon : round7(e.type === 'enter' ? e.fix.lon : 0),
        certain: c ? c.certain : false,
      };
      if (c?.cause) ev.cause = c.cause;
      if (c?.window) ev.window = c.window;
      if (!c) ev.initial = true;
      this.out.push(ev);
    }
  }
}

/**
 * The batch engine one fix at a time: a per-track stepper that turns each new fix into the next
 * geodesic segment, takes its inside-intervals from the same CompiledZone.intervals, stitches them
 * with the same VisitStitcher, renders crossings with the same crossingAt and measures depth with
 * the same maxPenetrationM, so the visits it closes are identical to `analyze` on the same fixes.
 *
 * What it keeps per track is small and plain (serialisable): the last fix, the zones it is inside
 * with their entry and deepest fix so far, the latest territorial entry per state (for `inbound`
 * ADIZ rules) and the closed visits whose finding a later territorial entry could still change.
 */
import Flatbush from 'flatbush';
import type { Track } from '../tracks/track.js';
import {
  type CompiledCatalog,
  type CompiledZone,
  SegmentCtx,
  sphericalDistanceM,
} from '../zones/compiled.js';
import type { Zone } from '../zones/zone.js';
import { boundForState, crossingAt, segmentMayTouch, visitOf } from './analyze.js';
import { catalogGridOf, type FastTrack, fastTrackOf } from './fastpath.js';
import { findingOf } from './findings.js';
import type { Crossing, Visit } from './types.js';
import {
  maxPenetrationM,
  type RawCrossing,
  type RawVisit,
  type SegmentSource,
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

/** Zones whose box may meet a segment or hold a point: a superset of what the batch engine tests. */
export class ZoneIndex {
  private readonly index: Flatbush | null;
  private readonly boxed: Array<{ zone: CompiledZone; k: number }> = [];
  private readonly always: CompiledZone[];
  private readonly stamp: Uint32Array;
  private round = 0;

  constructor(
    readonly compiled: CompiledCatalog,
    /** Use the catalog grid (built once, a few seconds, cached on disk) to skip exact work. */
    readonly useGrid = false,
  ) {
    if (useGrid) catalogGridOf(compiled);
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
   * The grid's proofs for the segment between two fixes (which zones it certainly stays inside or
   * outside of), or null when the catalog has no grid (fewer than a handful of live aircraft do
   * not pay for building one; see useGrid).
   */
  fastSegment(a: Fix, b: Fix): FastTrack | null {
    if (!this.useGrid) return null;
    const track: Track = {
      id: '',
      label: null,
      icao24: null,
      category: 'unknown',
      operator: null,
      t: Float64Array.of(a.t, b.t),
      lat: Float64Array.of(a.lat, b.lat),
      lon: Float64Array.of(a.lon, b.lon),
      altFt: Float32Array.of(a.altFt, b.altFt),
    };
    return fastTrackOf(track, this.compiled);
  }

  /** Zones whose box holds the point. */
  nearPoint(lat: number, lon: number): CompiledZone[] {
    return this.query(lon, lat, lon, lat);
  }

  private query(w: number, s: number, e: number, n: number): CompiledZone[] {
    const out = this.always.slice();
    if (!this.index) return out;
    const round = ++this.round;
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
  key: string;
  /** Visit events emitted so far (provisional ones while open). */
  revs: number;
  /** Fix count when the last provisional visit was emitted (-1: none). */
  provisionalAt: number;
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
  t0: number;
  /** Index of the first held fix, and the held fixes as [t, lat, lon, altFt, cumM]. */
  from: number;
  fixes: Array<Array<number | null>>;
  open: Array<{
    zone: string;
    raw: RawVisit;
    enter: Crossing | null;
    enterT: number;
    key: string;
    revs: number;
    provisionalAt: number;
  }>;
  territorial: Record<string, number>;
  pending: Array<{ zone: string; enterT: number; key: string; visit: Visit; revs: number }>;
}

/**
 * The fixes from the start of the oldest open visit on (at least the last one), with the path
 * length from the track's first fix summed exactly as the batch engine sums it, so
 * maxPenetrationM on a visit's window sees the very numbers it sees on the whole track.
 */
class FixWindow {
  from = 0;
  t: number[] = [];
  lat: number[] = [];
  lon: number[] = [];
  alt: number[] = [];
  cum: number[] = [];

  push(f: Fix): void {
    const m = this.t.length;
    const cum =
      m === 0 ? 0 : this.cum[m - 1] + sphericalDistanceM(this.lat[m - 1], this.lon[m - 1], f.lat, f.lon);
    this.t.push(f.t);
    this.lat.push(f.lat);
    this.lon.push(f.lon);
    this.alt.push(f.altFt);
    this.cum.push(cum);
  }

  /** Forgets the fixes before index i (always keeps the last one). */
  dropBefore(i: number): void {
    const k = Math.min(i - this.from, this.t.length - 1);
    if (k <= 0) return;
    for (const a of [this.t, this.lat, this.lon, this.alt, this.cum]) a.splice(0, k);
    this.from += k;
  }

  fix(i: number): Fix {
    const k = i - this.from;
    return { t: this.t[k], lat: this.lat[k], lon: this.lon[k], altFt: this.alt[k] };
  }

  /** Fixes i..j (inclusive) as a track, with their segments and path lengths. */
  slice(i: number, j: number): { track: Track; segments: SegmentSource } {
    const a = i - this.from;
    const b = j - this.from + 1;
    const track: Track = {
      id: 'window',
      label: null,
      icao24: null,
      category: 'unknown',
      operator: null,
      t: Float64Array.from(this.t.slice(a, b)),
      lat: Float64Array.from(this.lat.slice(a, b)),
      lon: Float64Array.from(this.lon.slice(a, b)),
      altFt: Float32Array.from(this.alt.slice(a, b)),
    };
    const segments: SegmentSource = {
      cumM: Float64Array.from(this.cum.slice(a, b)),
      ctx: (s) =>
        new SegmentCtx(
          track.lat[s],
          track.lon[s],
          track.lat[s + 1],
          track.lon[s + 1],
          track.t[s],
          track.t[s + 1],
          track.altFt[s],
          track.altFt[s + 1],
        ),
      mayTouch: () => true,
    };
    return { track, segments };
  }

  toJSON(): Array<Array<number | null>> {
    return this.t.map((t, k) => [
      t,
      this.lat[k],
      this.lon[k],
      Number.isNaN(this.alt[k]) ? null : this.alt[k],
      this.cum[k],
    ]);
  }

  static fromJSON(from: number, rows: Array<Array<number | null>>): FixWindow {
    const w = new FixWindow();
    w.from = from;
    for (const r of rows) {
      w.t.push(r[0] as number);
      w.lat.push(r[1] as number);
      w.lon.push(r[2] as number);
      w.alt.push(r[3] === null ? Number.NaN : (r[3] as number));
      w.cum.push(r[4] as number);
    }
    return w;
  }
}

export class TrackStepper {
  /** Fixes stepped so far. */
  n = 0;
  t0 = Number.NaN;
  private window = new FixWindow();
  private open: OpenVisit[] = [];
  private readonly territorial = new Map<string, number>();
  private pending: PendingFinding[] = [];

  constructor(
    readonly info: TrackInfo,
    private readonly zones: ZoneIndex,
    private readonly maxGapS: number,
  ) {}

  /** The last fix stepped. */
  get last(): Fix | null {
    return this.n ? this.window.fix(this.n - 1) : null;
  }

  /** Fixes held for the open visits' depth (grows with the longest open visit). */
  get heldFixes(): number {
    return this.window.t.length;
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
    const events: StepEvent[] = [];
    const k = this.n;
    const prev = this.last;
    this.window.push(fix);
    this.n = k + 1;
    if (prev === null) {
      this.t0 = fix.t;
      for (const zone of this.zones.nearPoint(fix.lat, fix.lon)) {
        if (!zone.contains(fix.lat, fix.lon, fix.altFt, fix.t)) continue;
        const ov = this.openVisit(zone, { enter: null, exit: null }, null, fix.t);
        this.open.push(ov);
        events.push({ type: 'enter', zone: zone.zone, key: ov.key, tS: fix.t, crossing: null, fix });
        if (zone.zone.kind === 'territorial') this.territorialEntry(zone.zone.state, fix.t, events);
      }
      return events;
    }
    const candidates = new Set<CompiledZone>();
    for (const ov of this.open) candidates.add(ov.zone);
    for (const z of this.zones.nearSegment(prev.lat, prev.lon, fix.lat, fix.lon)) {
      if (segmentMayTouch(prev.lat, prev.lon, fix.lat, fix.lon, z)) candidates.add(z);
    }
    if (candidates.size === 0) {
      this.window.dropBefore(k);
      return events;
    }
    // The exact segment geometry is built only if a zone needs it; the grid settles most.
    let exact: SegmentCtx | null = null;
    const ctxOf = (): SegmentCtx => {
      exact ??= new SegmentCtx(prev.lat, prev.lon, fix.lat, fix.lon, prev.t, fix.t, prev.altFt, fix.altFt);
      return exact;
    };
    const fast = this.zones.fastSegment(prev, fix);
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
      stitcher.step(seg, fast?.intervals(0, zone) ?? zone.intervals(ctxOf()), done);
      // Visits that began in this segment get their own record (and an `enter`).
      const recordOf = (raw: RawVisit): OpenVisit => {
        if (ov && raw === ov.raw) return ov;
        const enterRaw = raw.enter as RawCrossing;
        const r = this.openVisit(zone, raw, crossingAt(ctxOf(), enterRaw, this.maxGapS), timeOf(enterRaw));
        items.push({
          tS: r.enterT,
          order: 1,
          run: () => {
            events.push({ type: 'enter', zone: zone.zone, key: r.key, tS: r.enterT, crossing: r.enter, fix });
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
            events.push({ type: 'exit', zone: zone.zone, key: r.key, tS, crossing });
            const depthM = this.depth(zone, raw, exit);
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
    this.open = stillOpen;
    let keepFrom = k;
    for (const o of stillOpen) keepFrom = Math.min(keepFrom, o.raw.enter ? o.raw.enter.seg : 0);
    this.window.dropBefore(keepFrom);
    return events;
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
        this.depth(ov.zone, ov.raw, null),
      );
      visit.finding = this.findingAt(ov.zone, ov.enterT);
      events.push({ type: 'visit', zone: ov.zone.zone, key: ov.key, tS: last.t, visit, rev: ov.revs++ });
    }
    return events;
  }

  private openVisit(zone: CompiledZone, raw: RawVisit, enter: Crossing | null, enterT: number): OpenVisit {
    return {
      zone,
      raw,
      enter,
      enterT,
      key: `${this.info.id}/${zone.zone.id}/${enter ? enter.time : ''}`,
      revs: 0,
      provisionalAt: -1,
    };
  }

  /** maxPenetrationM on the visit's own fixes, its crossings renumbered into that window. */
  private depth(zone: CompiledZone, raw: RawVisit, exit: RawCrossing | null): number {
    const from = raw.enter ? raw.enter.seg : 0;
    const to = exit ? exit.seg + 1 : this.n - 1;
    const { track, segments } = this.window.slice(from, to);
    const local: RawVisit = {
      enter: raw.enter ? { ...raw.enter, seg: 0 } : null,
      exit: exit ? { ...exit, seg: exit.seg - from } : null,
    };
    return maxPenetrationM(track, zone, local, segments);
  }

  private findingAt(zone: CompiledZone, enterT: number): Visit['finding'] {
    return findingOf(this.info, zone.zone, boundForState(this.territorial.get(zone.zone.state), enterT));
  }

  private finish(ov: OpenVisit, visit: Visit, tS: number, events: StepEvent[]): void {
    visit.finding = this.findingAt(ov.zone, ov.enterT);
    events.push({ type: 'visit', zone: ov.zone.zone, key: ov.key, tS, visit, rev: ov.revs++ });
    // A later territorial entry into the zone's state could still make this visit `inbound`.
    const ifBound = findingOf(this.info, ov.zone.zone, true);
    if (ifBound !== visit.finding)
      this.pending.push({ zone: ov.zone, enterT: ov.enterT, key: ov.key, visit, revs: ov.revs });
  }

  private territorialEntry(state: string, enterT: number, events: StepEvent[]): void {
    const prev = this.territorial.get(state);
    if (prev === undefined || enterT > prev) this.territorial.set(state, enterT);
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
    this.pending = keep;
  }

  toJSON(): StepperState {
    return {
      info: this.info,
      n: this.n,
      t0: this.t0,
      from: this.window.from,
      fixes: this.window.toJSON(),
      open: this.open.map((o) => ({
        zone: o.zone.zone.id,
        raw: o.raw,
        enter: o.enter,
        enterT: o.enterT,
        key: o.key,
        revs: o.revs,
        provisionalAt: o.provisionalAt,
      })),
      territorial: Object.fromEntries(this.territorial),
      pending: this.pending.map((p) => ({
        zone: p.zone.zone.id,
        enterT: p.enterT,
        key: p.key,
        visit: p.visit,
        revs: p.revs,
      })),
    };
  }

  /** A stepper restored from toJSON(); zones no longer in the catalog are dropped. */
  static fromJSON(s: StepperState, zones: ZoneIndex, maxGapS: number): TrackStepper {
    const st = new TrackStepper(s.info, zones, maxGapS);
    const byId = zones.compiled.byId;
    st.n = s.n;
    st.t0 = s.t0 ?? Number.NaN;
    st.window = FixWindow.fromJSON(s.from, s.fixes);
    for (const o of s.open) {
      const zone = byId.get(o.zone);
      if (zone) st.open.push({ ...o, zone });
    }
    for (const [k, v] of Object.entries(s.territorial)) st.territorial.set(k, v);
    for (const p of s.pending) {
      const zone = byId.get(p.zone);
      if (zone) st.pending.push({ zone, enterT: p.enterT, key: p.key, visit: p.visit, revs: p.revs });
    }
    return st;
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

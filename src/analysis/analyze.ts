/**
 * analyze(tracks, catalog, options): the one entry point that the CLI, the server and the live
 * monitor all call. For every track and every zone: visits with exact crossings, penetration
 * depth and finding; closest approaches to zones not entered; gaps reported, never interpolated
 * as certain.
 */
import { greatCircleM, NM_M } from '../geo/geodesic.js';
import { fixCount, type Track } from '../tracks/track.js';
import {
  CompiledCatalog,
  type CompiledZone,
  type Interval,
  type SegmentCtx,
  segmentMayTouch,
} from '../zones/compiled.js';
import type { Catalog, Zone } from '../zones/zone.js';
import { closestApproach } from './approaches.js';
import { type FastTrack, fastTrackOf, hasCatalogGrid } from './fastpath.js';
import { findingOf } from './findings.js';
import { RunBoxes } from './run-boxes.js';
import { isoTime, round1, round3, round7 } from './time.js';
import type { AnalysisResult, Approach, Crossing, TrackSummary, Visit } from './types.js';
import { maxPenetrationM, type RawCrossing, rawVisits, type SegmentSource, segmentCtxOf } from './visits.js';

export { segmentMayTouch };

export const VERSION = '0.1.0';

export interface AnalyzeOptions {
  /** Longest interval between fixes that is interpolated as certain, seconds (default 600). */
  maxGapS?: number;
  /** Approaches are reported for zones within this distance, nautical miles (default 50). */
  approachNm?: number;
  /** A catalog already compiled (saves compiling it again for every call). */
  compiled?: CompiledCatalog;
  /** Called after each track with (tracks done, tracks in all), e.g. to draw a progress bar. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Use the catalog's cell grid to skip exact work where it is provably not needed (the result
   * is the same). Default: when the grid is already built or there are ≥ 50,000 fixes, which
   * pays for building it (a few seconds for the built-in catalog).
   */
  fastPath?: boolean;
}

/** Fixes from which building the catalog grid pays for itself. */
export const GRID_MIN_FIXES = 50_000;

/** Whether analyze() uses the grid for these tracks (see AnalyzeOptions.fastPath). */
export function useFastPath(tracks: Track[], compiled: CompiledCatalog, fastPath?: boolean): boolean {
  if (fastPath !== undefined) return fastPath;
  if (hasCatalogGrid(compiled)) return true;
  return fixCount(tracks) >= GRID_MIN_FIXES;
}

const compiledCache = new WeakMap<Catalog, CompiledCatalog>();

export function compileCatalog(catalog: Catalog): CompiledCatalog {
  let c = compiledCache.get(catalog);
  if (!c) {
    c = new CompiledCatalog(catalog);
    compiledCache.set(catalog, c);
  }
  return c;
}

export function analyze(tracks: Track[], catalog: Catalog, options: AnalyzeOptions = {}): AnalysisResult {
  const maxGapS = options.maxGapS ?? 600;
  const approachNm = options.approachNm ?? 50;
  const compiled = options.compiled ?? compileCatalog(catalog);
  const result = emptyResult(catalog, compiled);
  const fast = useFastPath(tracks, compiled, options.fastPath);
  for (const track of tracks) {
    addTrack(result, analyzeTrack(track, compiled, maxGapS, approachNm, fast));
    options.onProgress?.(result.tracks.length, tracks.length);
  }
  return result;
}

/** The result before any track: the tool, the catalog and the catalog's own problems. */
export function emptyResult(catalog: Catalog, compiled: CompiledCatalog): AnalysisResult {
  return {
    tool: { name: 'incursion', version: VERSION },
    catalog: { id: catalog.id, version: catalog.version },
    tracks: [],
    visits: [],
    approaches: [],
    warnings: compiled.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`),
  };
}

/** Appends one track's analysis, in input order. */
export function addTrack(result: AnalysisResult, r: TrackAnalysis): void {
  result.tracks.push(r.summary);
  result.visits.push(...r.visits);
  result.approaches.push(...r.approaches);
  result.warnings.push(...r.warnings);
}

export interface TrackAnalysis {
  summary: TrackSummary;
  visits: Visit[];
  approaches: Approach[];
  warnings: string[];
}

export function analyzeTrack(
  track: Track,
  compiled: CompiledCatalog,
  maxGapS: number,
  approachNm: number,
  fastPath = hasCatalogGrid(compiled),
): TrackAnalysis {
  const n = track.t.length;
  const summary: TrackSummary = {
    id: track.id,
    label: track.label,
    category: track.category,
    operator: track.operator,
    fixes: n,
    start: n ? isoTime(track.t[0]) : '',
    end: n ? isoTime(track.t[n - 1]) : '',
  };
  const out: TrackAnalysis = { summary, visits: [], approaches: [], warnings: [] };
  if (n === 0) return out;
  const gaps: TrackSummary['gaps'] = [];
  for (let i = 0; i + 1 < n; i++) {
    const dt = track.t[i + 1] - track.t[i];
    if (dt > maxGapS)
      gaps.push({ from: isoTime(track.t[i]), to: isoTime(track.t[i + 1]), durationS: round3(dt) });
  }
  if (gaps.length) summary.gaps = gaps;

  const segments = new TrackSegments(track, fastPath ? fastTrackOf(track, compiled) : null);
  const reachM = approachNm * NM_M;
  const boxes = new RunBoxes(track);
  const candidates = zonesNear(track, segments.cumM, boxes, compiled.zones, reachM);
  const visitsByZone = new Map<
    CompiledZone,
    Array<{ raw: ReturnType<typeof rawVisits>[number]; visit: Visit }>
  >();

  const crossing = (c: RawCrossing): Crossing => crossingAt(segments.ctx(c.seg), c, maxGapS);

  for (const zone of candidates) {
    const raws = rawVisits(track, zone, segments);
    if (raws.length === 0) continue;
    const list: Array<{ raw: (typeof raws)[number]; visit: Visit }> = [];
    for (const raw of raws) {
      const enterT = raw.enter ? timeOf(track, raw.enter) : track.t[0];
      const exitT = raw.exit ? timeOf(track, raw.exit) : track.t[n - 1];
      const z = zone.zone;
      list.push({
        raw,
        visit: visitOf(
          track.id,
          z,
          raw.enter ? crossing(raw.enter) : null,
          raw.exit ? crossing(raw.exit) : null,
          exitT - enterT,
          maxPenetrationM(track, zone, raw, segments),
        ),
      });
      // A gap inside a visit: the aircraft may have left and come back unseen.
      const s0 = raw.enter ? raw.enter.seg + 1 : 0;
      const s1 = raw.exit ? raw.exit.seg : n - 1;
      for (let i = s0; i < s1; i++) {
        if (track.t[i + 1] - track.t[i] > maxGapS) {
          out.warnings.push(
            `${track.id}: no fix for ${round3(track.t[i + 1] - track.t[i])} s inside ${z.id} (${isoTime(track.t[i])} to ${isoTime(track.t[i + 1])}); the visit is kept whole but the aircraft may have left and re-entered unseen`,
          );
        }
      }
    }
    visitsByZone.set(zone, list);
  }

  // Findings need the whole picture: an `inbound` ADIZ rule asks whether the track went on into
  // the state's territorial airspace.
  const territorialStates = new Map<string, number>();
  for (const [zone, list] of visitsByZone) {
    if (zone.zone.kind !== 'territorial') continue;
    for (const { raw } of list) {
      const t = raw.enter ? timeOf(track, raw.enter) : track.t[0];
      const prev = territorialStates.get(zone.zone.state);
      if (prev === undefined || t > prev) territorialStates.set(zone.zone.state, t);
    }
  }
  for (const [zone, list] of visitsByZone) {
    for (const { raw, visit } of list) {
      const enterT = raw.enter ? timeOf(track, raw.enter) : track.t[0];
      visit.finding = findingOf(
        track,
        zone.zone,
        boundForState(territorialStates.get(zone.zone.state), enterT),
      );
      out.visits.push(visit);
    }
  }
  out.visits.sort(
    (a, b) => (a.enter?.time ?? '').localeCompare(b.enter?.time ?? '') || a.zone.localeCompare(b.zone),
  );

  for (const zone of candidates) {
    if (visitsByZone.has(zone)) continue;
    const a = closestApproach(track, zone, segments, boxes, approachNm);
    if (!a) continue;
    const ctx = segments.ctx(a.seg);
    const p = ctx.seg.at(a.f);
    out.approaches.push({
      track: track.id,
      zone: zone.zone.id,
      distanceM: round1(a.distanceM),
      time: isoTime(ctx.t0 + a.f * (ctx.t1 - ctx.t0)),
      lat: round7(p.lat),
      lon: round7(p.lon),
    });
  }
  out.approaches.sort((a, b) => a.distanceM - b.distanceM);
  return out;
}

/** A crossing at fraction c.f of a segment, rendered; uncertain when the segment is a gap. */
export function crossingAt(ctx: SegmentCtx, c: RawCrossing, maxGapS: number): Crossing {
  const t0 = ctx.t0;
  const t1 = ctx.t1;
  const p = ctx.seg.at(c.f);
  const certain = t1 - t0 <= maxGapS;
  const x: Crossing = {
    time: isoTime(t0 + c.f * (t1 - t0)),
    lat: round7(p.lat),
    lon: round7(p.lon),
    certain,
    cause: c.cause,
  };
  if (!certain) x.window = { from: isoTime(t0), to: isoTime(t1) };
  return x;
}

/** A visit as in the output contract; its finding is set once the whole track is known. */
export function visitOf(
  trackId: string,
  z: Zone,
  enter: Crossing | null,
  exit: Crossing | null,
  durationS: number,
  depthM: number,
): Visit {
  return {
    track: trackId,
    zone: z.id,
    kind: z.kind,
    state: z.state,
    claimants: z.claimants,
    enter,
    exit,
    durationS: round3(durationS),
    maxPenetrationM: round1(depthM),
    finding: 'transit',
  };
}

/**
 * Whether a visit entered at enterT is bound for its zone's state (what `appliesTo: inbound`
 * asks): the track's latest entry into that state's territorial airspace is at or after enterT.
 */
export function boundForState(lastTerritorialEnterT: number | undefined, enterT: number): boolean {
  return lastTerritorialEnterT !== undefined && lastTerritorialEnterT >= enterT;
}

function timeOf(track: Track, c: RawCrossing): number {
  const t0 = track.t[c.seg];
  return t0 + c.f * (track.t[c.seg + 1] - t0);
}

/** Segment contexts built on first use and kept, so every zone shares one geodesic per segment. */
class TrackSegments implements SegmentSource {
  private readonly cache = new Map<number, SegmentCtx>();
  readonly cumM: Float64Array;
  readonly knownIntervals?: (i: number, zone: CompiledZone) => Interval[] | null;
  readonly containsAt?: (k: number, zone: CompiledZone) => boolean;
  readonly skipFrom?: (i: number, zone: CompiledZone, open: boolean) => number;
  constructor(
    private readonly track: Track,
    fast: FastTrack | null = null,
  ) {
    if (fast) {
      this.knownIntervals = (i, zone) => fast.intervals(i, zone);
      this.containsAt = (k, zone) => fast.contains(k, zone);
      this.skipFrom = (i, zone, open) => fast.skipFrom(i, zone, open);
    }
    const n = track.t.length;
    this.cumM = new Float64Array(n);
    for (let i = 1; i < n; i++) {
      this.cumM[i] =
        this.cumM[i - 1] + greatCircleM(track.lat[i - 1], track.lon[i - 1], track.lat[i], track.lon[i]);
    }
  }

  ctx(i: number): SegmentCtx {
    let c = this.cache.get(i);
    if (!c) {
      c = segmentCtxOf(this.track, i);
      this.cache.set(i, c);
    }
    return c;
  }

  mayTouch(i: number, zone: CompiledZone): boolean {
    const t = this.track;
    return segmentMayTouch(t.lat[i], t.lon[i], t.lat[i + 1], t.lon[i + 1], zone);
  }
}

/** Zones that some point of the track comes within marginM of (box test, conservative). */
function zonesNear(
  track: Track,
  cumM: Float64Array,
  boxes: RunBoxes,
  zones: CompiledZone[],
  marginM: number,
): CompiledZone[] {
  // Every point of a segment is within half its length of one of its two fixes (the path
  // lengths are the segments' approximate lengths, summed).
  let segM = 0;
  for (let i = 0; i + 1 < track.t.length; i++) segM = Math.max(segM, cumM[i + 1] - cumM[i]);
  const reach = marginM + segM * 0.51 + 1000;
  return zones.filter(
    (z) => boxes.find(z, reach, (i) => z.mayContain(track.lat[i], track.lon[i], reach)) >= 0,
  );
}

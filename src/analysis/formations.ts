/**
 * Formations: groups of aircraft that flew together.
 *
 * Definition. Two aircraft are *close* at instant t when the geodesic distance between their
 * positions is at most D (default 5 NM) and their altitudes differ by at most H (default
 * 2,000 ft; the vertical condition is dropped while either altitude is unknown). Positions are
 * the continuous motion between fixes (geodesic, constant speed), so the instants where a pair
 * becomes or stops being close are found exactly (to 0.1 ms), not at fix times. At each instant
 * the aircraft form groups: the connected components of the "close" relation (each member is
 * close to at least one other, so a line-abreast four-ship wider than D still counts). A
 * formation is a maximal interval during which one group keeps exactly the same members, lasting
 * at least T (default 5 min). When an aircraft joins or leaves, one formation ends and another
 * starts, so "2 H-6 joined by 2 Tu-95" reads as two formations, the second one `joint`.
 *
 * "Merely crossing" traffic (two aircraft whose paths cross or who pass each other, at any
 * altitude) is close for far less than T at any realistic speed, so it never forms a formation.
 *
 * Tracks from published reports (with `uncertaintyM`) are joined between waypoints by
 * assertion, so their waypoint spacing is never treated as a data gap.
 */

import { distanceM, NM_M } from '../geo/geodesic.js';
import type { Track } from '../tracks/track.js';
import type { ZoneKind } from '../zones/zone.js';
import { intersectIntervals, mergeIntervals } from './formation-intervals.js';
import { TrackMotion } from './formation-motion.js';
import { candidatePairs, closeIntervals, type ProximityOptions } from './formation-pairs.js';
import type { Visit } from './types.js';

export interface FormationOptions {
  /** D: greatest horizontal separation, nautical miles (default 5). */
  maxDistanceNm?: number;
  /** H: greatest vertical separation, feet (default 2,000); ignored where altitude is unknown. */
  maxVerticalFt?: number;
  /** T: shortest formation, seconds (default 300). */
  minDurationS?: number;
  /** Segments longer than this are data gaps, not flown together (default 600 s, as analyze). */
  maxGapS?: number;
  /**
   * A separation shorter than this does not end a formation (default: T). The same members
   * regrouping within it continue the formation, and the separation is listed in `breaks`.
   */
  maxBreakS?: number;
  /** Per-track visits (from analyze) to derive each formation's own zone visits. */
  visits?: Visit[];
}

/** The interval during which every member of a formation was inside one zone. */
export interface FormationZoneVisit {
  zone: string;
  kind: ZoneKind;
  state: string;
  from: string;
  to: string;
  durationS: number;
  /** false when the formation was already inside when it formed (it did not enter together). */
  enteredTogether: boolean;
  /** false when the formation was still inside when it broke up. */
  leftTogether: boolean;
}

export interface Formation {
  /** F1, F2, ... in order of start time. */
  id: string;
  /** Track ids, sorted. */
  members: string[];
  labels: Array<string | null>;
  /** Distinct known operators (alpha-3), sorted. */
  operators: string[];
  /** True when at least two distinct operators are known among the members. */
  joint: boolean;
  start: string;
  end: string;
  durationS: number;
  /** Epoch seconds of start and end (for callers that compute with them). */
  startS: number;
  endS: number;
  /** Time the members actually spent together: durationS minus the breaks. */
  togetherS: number;
  /** Separations shorter than maxBreakS after which the same members regrouped. */
  breaks: Array<{ from: string; to: string; durationS: number }>;
  /** Closest separation of two members, sampled at the members' fix times, metres. */
  minSeparationM: number | null;
  visits: FormationZoneVisit[];
}

const DEFAULTS = { maxDistanceNm: 5, maxVerticalFt: 2000, minDurationS: 300, maxGapS: 600 };
const MAX_SEPARATION_SAMPLES = 2000;

/** The formations among `tracks` (see the module comment for the definition). */
export function formations(tracks: Track[], options: FormationOptions = {}): Formation[] {
  const o = { ...DEFAULTS, ...stripUndefined(options) };
  const proximity: ProximityOptions = {
    maxDistanceM: o.maxDistanceNm * NM_M,
    maxVerticalFt: o.maxVerticalFt,
    maxGapS: o.maxGapS,
  };
  const motions = tracks.map((t) => new TrackMotion(t, t.uncertaintyM ? Infinity : o.maxGapS));
  const edges = closeEdges(tracks, motions, proximity);
  const groups = joinBreaks(groupIntervals(edges, tracks.length), o.maxBreakS ?? o.minDurationS);
  const result = groups
    .filter((g) => g.to - g.from >= o.minDurationS)
    .sort((x, y) => x.from - y.from || x.members.length - y.members.length)
    .map((g, i) => describe(`F${i + 1}`, g, tracks, motions));
  if (options.visits) {
    const spans = new Map(tracks.map((t) => [t.id, [t.t[0], t.t[t.t.length - 1]] as [number, number]]));
    for (const f of result) f.visits = formationZoneVisits(f, options.visits, spans);
  }
  return result;
}

/** Every interval during which two aircraft were close (D and H of `options`), any duration. */
export function closePairs(
  tracks: Track[],
  options: FormationOptions = {},
): Array<{ a: string; b: string; fromS: number; toS: number }> {
  const o = { ...DEFAULTS, ...stripUndefined(options) };
  const proximity: ProximityOptions = {
    maxDistanceM: o.maxDistanceNm * NM_M,
    maxVerticalFt: o.maxVerticalFt,
    maxGapS: o.maxGapS,
  };
  const motions = tracks.map((t) => new TrackMotion(t, t.uncertaintyM ? Infinity : o.maxGapS));
  return closeEdges(tracks, motions, proximity).map((e) => ({
    a: tracks[e.a].id,
    b: tracks[e.b].id,
    fromS: e.from,
    toS: e.to,
  }));
}

function closeEdges(
  tracks: Track[],
  motions: TrackMotion[],
  proximity: ProximityOptions,
): Array<{ a: number; b: number; from: number; to: number }> {
  const edges: Array<{ a: number; b: number; from: number; to: number }> = [];
  for (const [key, windows] of candidatePairs(tracks, proximity)) {
    const [a, b] = key.split(',').map(Number);
    const found: Array<[number, number]> = [];
    for (const [w0, w1] of windows) found.push(...closeIntervals(motions[a], motions[b], w0, w1, proximity));
    for (const [from, to] of mergeIntervals(found, 1e-3)) edges.push({ a, b, from, to });
  }
  return edges;
}

interface Group {
  members: number[];
  from: number;
  to: number;
  breaks: Array<[number, number]>;
}

/** Joins runs of the same members separated by less than maxBreakS. */
function joinBreaks(groups: Group[], maxBreakS: number): Group[] {
  const byMembers = new Map<string, Group[]>();
  for (const g of groups) {
    const key = g.members.join(',');
    const list = byMembers.get(key) ?? [];
    list.push(g);
    byMembers.set(key, list);
  }
  const out: Group[] = [];
  for (const list of byMembers.values()) {
    list.sort((x, y) => x.from - y.from);
    let current = list[0];
    for (const g of list.slice(1)) {
      if (g.from - current.to < maxBreakS) {
        current = { ...current, to: g.to, breaks: [...current.breaks, [current.to, g.from], ...g.breaks] };
      } else {
        out.push(current);
        current = g;
      }
    }
    out.push(current);
  }
  return out;
}

/**
 * Sweeps the pair intervals in time: between two consecutive interval ends the set of close
 * pairs is constant, so the groups (connected components) are too. A group that keeps the same
 * members across consecutive spans is one formation.
 */
function groupIntervals(
  edges: Array<{ a: number; b: number; from: number; to: number }>,
  n: number,
): Group[] {
  const times = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort((x, y) => x - y);
  const open = new Map<string, Group>();
  const done: Group[] = [];
  const parent = new Int32Array(n);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let s = 0; s < times.length - 1; s++) {
    const from = times[s];
    const to = times[s + 1];
    const mid = 0.5 * (from + to);
    const active = edges.filter((e) => e.from <= mid && e.to >= mid);
    const touched = new Set<number>();
    for (const e of active) {
      parent[e.a] = e.a;
      parent[e.b] = e.b;
      touched.add(e.a);
      touched.add(e.b);
    }
    for (const e of active) {
      const ra = find(e.a);
      const rb = find(e.b);
      if (ra !== rb) parent[ra] = rb;
    }
    const components = new Map<number, number[]>();
    for (const x of touched) {
      const r = find(x);
      const list = components.get(r);
      if (list) list.push(x);
      else components.set(r, [x]);
    }
    const now = new Set<string>();
    for (const members of components.values()) {
      members.sort((x, y) => x - y);
      const key = members.join(',');
      now.add(key);
      const g = open.get(key);
      if (g && Math.abs(g.to - from) < 1e-6) g.to = to;
      else {
        if (g) done.push(g);
        open.set(key, { members, from, to, breaks: [] });
      }
    }
    for (const [key, g] of open) {
      if (!now.has(key)) {
        done.push(g);
        open.delete(key);
      }
    }
  }
  done.push(...open.values());
  return done;
}

function describe(id: string, g: Group, tracks: Track[], motions: TrackMotion[]): Formation {
  const members = g.members.map((i) => tracks[i]).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const breakS = g.breaks.reduce((sum, [a, b]) => sum + (b - a), 0);
  const operators = [...new Set(members.map((t) => t.operator).filter((x): x is string => !!x))].sort();
  return {
    id,
    members: members.map((t) => t.id),
    labels: members.map((t) => t.label),
    operators,
    joint: operators.length > 1,
    start: iso(g.from),
    end: iso(g.to),
    durationS: round3(g.to - g.from),
    startS: g.from,
    endS: g.to,
    togetherS: round3(g.to - g.from - breakS),
    breaks: g.breaks.map(([a, b]) => ({ from: iso(a), to: iso(b), durationS: round3(b - a) })),
    minSeparationM: minSeparation(g, motions),
    visits: [],
  };
}

/** The smallest distance between two members at the members' fix times (at most a few thousand). */
function minSeparation(g: Group, motions: TrackMotion[]): number | null {
  let best = Infinity;
  for (let p = 0; p < g.members.length; p++) {
    for (let q = p + 1; q < g.members.length; q++) {
      const ma = motions[g.members[p]];
      const mb = motions[g.members[q]];
      const t = ma.track.t;
      const i0 = ma.segmentAt(g.from);
      const i1 = ma.segmentAt(g.to) + 1;
      const step = Math.max(1, Math.ceil((i1 - i0) / MAX_SEPARATION_SAMPLES));
      for (let i = Math.max(0, i0); i <= i1 && i < t.length; i += step) {
        if (t[i] < g.from || t[i] > g.to || inBreak(t[i], g.breaks)) continue;
        const k = mb.segmentAt(t[i]);
        if (k < 0) continue;
        const pb = mb.positionOn(k, t[i]);
        const d = distanceM(ma.track.lat[i], ma.track.lon[i], pb.lat, pb.lon);
        if (d < best) best = d;
      }
    }
  }
  return Number.isFinite(best) ? Math.round(best) : null;
}

function inBreak(tS: number, breaks: Array<[number, number]>): boolean {
  return breaks.some(([a, b]) => tS > a && tS < b);
}

/**
 * Each zone's intervals during which every member of the formation was inside it: the members'
 * visit intervals (a visit open at the start or end of its track runs to the track's end)
 * intersected with one another and with the formation's interval.
 */
export function formationZoneVisits(
  formation: Pick<Formation, 'members' | 'startS' | 'endS'>,
  visits: Visit[],
  trackSpans: Map<string, [number, number]>,
): FormationZoneVisit[] {
  const byZone = new Map<string, Map<string, Array<[number, number]>>>();
  const zoneInfo = new Map<string, { kind: ZoneKind; state: string }>();
  const memberSet = new Set(formation.members);
  for (const v of visits) {
    if (!memberSet.has(v.track)) continue;
    const span = trackSpans.get(v.track);
    const from = v.enter ? Date.parse(v.enter.time) / 1000 : (span?.[0] ?? -Infinity);
    const to = v.exit ? Date.parse(v.exit.time) / 1000 : (span?.[1] ?? Infinity);
    let perTrack = byZone.get(v.zone);
    if (!perTrack) {
      perTrack = new Map();
      byZone.set(v.zone, perTrack);
      zoneInfo.set(v.zone, { kind: v.kind, state: v.state });
    }
    const list = perTrack.get(v.track) ?? [];
    list.push([from, to]);
    perTrack.set(v.track, list);
  }
  const out: FormationZoneVisit[] = [];
  for (const [zone, perTrack] of byZone) {
    if (perTrack.size < formation.members.length) continue;
    let common: Array<[number, number]> = [[formation.startS, formation.endS]];
    for (const id of formation.members)
      common = intersectIntervals(common, mergeIntervals(perTrack.get(id) ?? []));
    const info = zoneInfo.get(zone)!;
    for (const [from, to] of common) {
      out.push({
        zone,
        kind: info.kind,
        state: info.state,
        from: iso(from),
        to: iso(to),
        durationS: round3(to - from),
        enteredTogether: from > formation.startS + 1e-3,
        leftTogether: to < formation.endS - 1e-3,
      });
    }
  }
  return out.sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : x.zone < y.zone ? -1 : 1));
}

function iso(tS: number): string {
  return new Date(Math.round(tS * 1000)).toISOString();
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

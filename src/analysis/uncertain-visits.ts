/**
 * Visits of a track whose positions are uncertain (a report-track: each position is known only to
 * within a radius r, which changes linearly between waypoints).
 *
 * With s(t) the signed lateral distance from the nominal position to the zone's boundary
 * (positive inside), the aircraft was
 *   - certainly inside while s(t) >= r(t) (the whole uncertainty disc is inside),
 *   - possibly inside while s(t) > -r(t) (the disc reaches into the zone),
 *   - certainly outside otherwise.
 * A visit is an interval of possible presence; it is `certain` when somewhere in it the whole
 * disc was inside, `possible` when the disc only ever straddled the boundary. Its entry and exit
 * each get an interval (from the disc touching the boundary to the disc being wholly inside) and
 * the nominal crossing inside it.
 *
 * s(t) uses the engine's exact distances (CompiledZone.boundaryDistanceM: geodesic distance to
 * geodesic or rhumb edges, or to a buffer's baseline) and membership (geometryContains). Both
 * s and r change no faster than the aircraft's speed plus the radius's rate of change, the
 * Lipschitz bound under which intervalsAtOrBelowZero finds every crossing lasting over a second.
 * For a zone with `excludes`, the depth inside is min(s_zone, -s_excluded): exact inside, a lower
 * bound on the distance outside (so `possible` may be said slightly early, never missed).
 * Validity periods are honoured; vertical limits only where the track's altitude is known.
 */

import { minimize } from '../geo/roots.js';
import type { Track } from '../tracks/track.js';
import type { CompiledCatalog, CompiledZone } from '../zones/compiled.js';
import type { ZoneKind } from '../zones/zone.js';
import { intersectIntervals, intervalsAtOrBelowZero, mergeIntervals } from './formation-intervals.js';
import { TrackMotion } from './formation-motion.js';
import { ZoneDistance } from './uncertain-distance.js';

/** Box padding for the bulge of a geodesic segment off the box of its end points, metres. */
const SEGMENT_BULGE_M = 20_000;
const DEG_LAT_M = 110_574;
const zoneDistance = (z: CompiledZone): ZoneDistance => ZoneDistance.of(z);

export type Certainty = 'certain' | 'possible';

export interface UncertainCrossing {
  /** The interval the boundary crossing lies in (from the disc touching it to wholly across). */
  from: string;
  to: string;
  /** Where the nominal track crossed, when it did. */
  nominal: string | null;
}

export interface UncertainVisit {
  track: string;
  zone: string;
  kind: ZoneKind;
  state: string;
  claimants: string[];
  certainty: Certainty;
  /** Earliest and latest instants the aircraft may have been inside. */
  possibleFrom: string;
  possibleTo: string;
  /** First and last instants the whole uncertainty disc was inside (certain visits only). */
  certainFrom: string | null;
  certainTo: string | null;
  /** null when the track starts (ends) possibly inside. */
  enter: UncertainCrossing | null;
  exit: UncertainCrossing | null;
  /** Time certainly inside (0 for a possible visit) and time possibly inside. */
  minDurationS: number;
  maxDurationS: number;
  /** Time the nominal track spent inside, and when (it may leave and come back in one visit). */
  nominalDurationS: number;
  nominal: Array<{ from: string; to: string }>;
  /** Largest position uncertainty during the visit, metres. */
  uncertaintyM: number;
  /** Deepest nominal position inside the boundary, metres (0 if the nominal track stayed out). */
  maxPenetrationM: number;
}

export interface UncertainApproach {
  track: string;
  zone: string;
  /** Closest nominal distance to the boundary, metres, and the uncertainty radius there. */
  distanceM: number;
  uncertaintyM: number;
  time: string;
  lat: number;
  lon: number;
}

export interface UncertainOptions {
  /** Approaches farther than this from a zone are not listed (default 50 NM as analyze). */
  approachM?: number;
}

type Iv = Array<[number, number]>;

/** Uncertain visits and approaches of one track to every zone of a compiled catalog. */
export function uncertainVisits(
  track: Track,
  catalog: CompiledCatalog,
  options: UncertainOptions = {},
): { visits: UncertainVisit[]; approaches: UncertainApproach[] } {
  const approachM = options.approachM ?? 50 * 1852;
  const motion = new TrackMotion(track, Number.POSITIVE_INFINITY);
  const visits: UncertainVisit[] = [];
  const approaches: UncertainApproach[] = [];
  const nSeg = track.t.length - 1;
  for (const z of catalog.zones) {
    const zd = zoneDistance(z);
    const possible: Iv = [];
    const certain: Iv = [];
    const nominal: Iv = [];
    let closest = { d: Number.POSITIVE_INFINITY, t: track.t[0], k: 0 };
    for (let k = 0; k < nSeg; k++) {
      const a = track.t[k];
      const b = track.t[k + 1];
      if (!(b > a)) continue;
      const rMax = Math.max(motion.uncertaintyMOn(k, a), motion.uncertaintyMOn(k, b));
      // Far from the boundary all along: the segment is wholly inside or wholly outside.
      if (zd.lowerBoundM(segmentBox(track, k)) > rMax + approachM) {
        const mid = motion.positionOn(k, 0.5 * (a + b));
        if (zd.signedDistanceM(mid.lat, mid.lon) > 0) {
          possible.push([a, b]);
          certain.push([a, b]);
          nominal.push([a, b]);
        }
        continue;
      }
      const memo = new Map<number, number>();
      const s = (t: number) => {
        let v = memo.get(t);
        if (v === undefined) {
          const p = motion.positionOn(k, t);
          v = zd.signedDistanceM(p.lat, p.lon);
          memo.set(t, v);
        }
        return v;
      };
      const r = (t: number) => motion.uncertaintyMOn(k, t);
      const rate = Math.abs((motion.uncertaintyMOn(k, b) - motion.uncertaintyMOn(k, a)) / (b - a));
      const search = { lipschitz: 1.01 * (motion.speedMS(k) + rate) + 1e-6, coarseS: 1, tolS: 1e-3 };
      const fp = (t: number) => -(s(t) + r(t));
      const fc = (t: number) => r(t) - s(t);
      const fn = (t: number) => -s(t);
      intervalsAtOrBelowZero(fp, a, b, fp(a), fp(b), search, possible);
      intervalsAtOrBelowZero(fc, a, b, fc(a), fc(b), search, certain);
      intervalsAtOrBelowZero(fn, a, b, fn(a), fn(b), search, nominal);
      // Closest approach of the nominal track (outside the zone): only worth it near the zone.
      const sa = s(a);
      const sb = s(b);
      // Lower bound of the distance outside along the segment (Lipschitz): skip when it cannot win.
      const floorM = (-sa - sb - search.lipschitz * (b - a)) / 2;
      if (sa < 0 && sb < 0 && floorM < Math.min(approachM, closest.d)) {
        const m = minimize((t) => -s(t), a, b, 1e-3 * (b - a), 8);
        if (m.fx < closest.d) closest = { d: m.fx, t: m.x, k };
      }
    }
    const active = activeIntervals(z, motion);
    const P = intersectIntervals(mergeIntervals(possible, 1e-3), active);
    const C = intersectIntervals(mergeIntervals(certain, 1e-3), active);
    const N = intersectIntervals(mergeIntervals(nominal, 1e-3), active);
    for (const [p0, p1] of P) visits.push(describeVisit(track, motion, z, p0, p1, C, N));
    if (P.length === 0 && closest.d < approachM && Number.isFinite(closest.d)) {
      const p = motion.positionOn(closest.k, closest.t);
      approaches.push({
        track: track.id,
        zone: z.zone.id,
        distanceM: Math.round(closest.d),
        uncertaintyM: Math.round(motion.uncertaintyMOn(closest.k, closest.t)),
        time: iso(closest.t),
        lat: round7(p.lat),
        lon: round7(p.lon),
      });
    }
  }
  visits.sort((x, y) => (x.possibleFrom < y.possibleFrom ? -1 : x.possibleFrom > y.possibleFrom ? 1 : 0));
  return { visits, approaches };
}

/** The box of segment k's end points, padded for the geodesic's bulge. */
function segmentBox(track: Track, k: number) {
  const padLat = SEGMENT_BULGE_M / DEG_LAT_M;
  const lat0 = Math.min(track.lat[k], track.lat[k + 1]) - padLat;
  const lat1 = Math.max(track.lat[k], track.lat[k + 1]) + padLat;
  const cos = Math.max(
    0.01,
    Math.cos((Math.min(89, Math.max(Math.abs(lat0), Math.abs(lat1))) * Math.PI) / 180),
  );
  const padLon = padLat / cos;
  const lonA = track.lon[k];
  const lonB = lonA + (((((track.lon[k + 1] - lonA) % 360) + 540) % 360) - 180);
  return {
    minLat: lat0,
    maxLat: lat1,
    minLon: Math.min(lonA, lonB) - padLon,
    maxLon: Math.max(lonA, lonB) + padLon,
    wraps: lat1 >= 89 || lat0 <= -89,
  };
}

/** When the zone is in force, and (where the altitude is known) within its vertical limits. */
function activeIntervals(z: CompiledZone, motion: TrackMotion): Iv {
  const t = motion.track.t;
  const from = Math.max(z.fromS, t[0]);
  const to = Math.min(z.toS, t[t.length - 1]);
  if (!(to > from)) return [];
  const out: Iv = [];
  for (let k = 0; k < t.length - 1; k++) {
    const a = Math.max(t[k], from);
    const b = Math.min(t[k + 1], to);
    if (!(b > a)) continue;
    const altA = motion.altFtOn(k, a);
    const altB = motion.altFtOn(k, b);
    if (Number.isNaN(altA) || Number.isNaN(altB)) {
      out.push([a, b]);
      continue;
    }
    // Linear altitude against [floor, ceiling]: solve for the fraction of [a, b] within limits.
    let u0 = 0;
    let u1 = 1;
    const slope = altB - altA;
    for (const [limit, below] of [
      [z.floorFt, false],
      [z.ceilingFt, true],
    ] as Array<[number, boolean]>) {
      if (!Number.isFinite(limit)) continue;
      if (slope === 0) {
        if (below ? altA > limit : altA < limit) u1 = -1;
        continue;
      }
      const u = (limit - altA) / slope;
      const rising = slope > 0;
      if (below === rising) u1 = Math.min(u1, u);
      else u0 = Math.max(u0, u);
    }
    if (u1 > u0) out.push([a + (b - a) * u0, a + (b - a) * u1]);
  }
  return mergeIntervals(out, 1e-3);
}

function describeVisit(
  track: Track,
  motion: TrackMotion,
  z: CompiledZone,
  p0: number,
  p1: number,
  C: Iv,
  N: Iv,
): UncertainVisit {
  const within = (iv: Iv) => intersectIntervals(iv, [[p0, p1]]);
  const c = within(C);
  const n = within(N);
  const t = track.t;
  const startsInside = p0 <= t[0] + 1e-6;
  const endsInside = p1 >= t[t.length - 1] - 1e-6;
  const c0 = c.length ? c[0][0] : null;
  const c1 = c.length ? c[c.length - 1][1] : null;
  const n0 = n.length ? n[0][0] : null;
  const n1 = n.length ? n[n.length - 1][1] : null;
  const sum = (iv: Iv) => iv.reduce((acc, [a, b]) => acc + (b - a), 0);
  let maxR = 0;
  for (let k = 0; k < t.length; k++) {
    if (t[k] >= p0 && t[k] <= p1 && track.uncertaintyM) maxR = Math.max(maxR, track.uncertaintyM[k]);
  }
  const kA = motion.segmentAt(p0);
  const kB = motion.segmentAt(p1);
  maxR = Math.max(maxR, motion.uncertaintyMOn(kA, p0), motion.uncertaintyMOn(kB, p1));
  let depth = 0;
  for (const [a, b] of n) {
    const m = minimize(
      (x) => {
        const p = motion.positionOn(motion.segmentAt(x), x);
        return -zoneDistance(z).signedDistanceM(p.lat, p.lon);
      },
      a,
      b,
      1e-3 * Math.max(1, b - a),
      16,
    );
    depth = Math.max(depth, -m.fx);
  }
  return {
    track: track.id,
    zone: z.zone.id,
    kind: z.zone.kind,
    state: z.zone.state,
    claimants: z.zone.claimants,
    certainty: c.length ? 'certain' : 'possible',
    possibleFrom: iso(p0),
    possibleTo: iso(p1),
    certainFrom: c0 === null ? null : iso(c0),
    certainTo: c1 === null ? null : iso(c1),
    enter: startsInside ? null : { from: iso(p0), to: iso(c0 ?? p1), nominal: n0 === null ? null : iso(n0) },
    exit: endsInside ? null : { from: iso(c1 ?? p0), to: iso(p1), nominal: n1 === null ? null : iso(n1) },
    minDurationS: round3(sum(c)),
    maxDurationS: round3(p1 - p0),
    nominalDurationS: round3(sum(n)),
    nominal: n.map(([a, b]) => ({ from: iso(a), to: iso(b) })),
    uncertaintyM: Math.round(maxR),
    maxPenetrationM: Math.round(Math.max(0, depth)),
  };
}

function iso(tS: number): string {
  return new Date(Math.round(tS * 1000)).toISOString();
}
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
function round7(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}

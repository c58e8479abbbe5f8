/**
 * Pairs of aircraft flying close together: the exact time intervals during which two tracks
 * are within D horizontally (geodesic distance between their interpolated positions) and within
 * H vertically (ignored where either altitude is unknown).
 *
 * Prefilter: time is cut into buckets of BUCKET_S; in each bucket each track gets the bounding
 * box of the fixes it flies through there (with the fixes either side, so the interpolated path
 * is covered), padded by D plus a margin for the bulge of a geodesic off its chord. Only pairs
 * whose boxes and altitude bands meet in some bucket are examined, and only in those buckets.
 */
import { distanceM } from '../geo/geodesic.js';
import type { Track } from '../tracks/track.js';
import { intervalsAtOrBelowZero, mergeIntervals } from './formation-intervals.js';
import type { TrackMotion } from './formation-motion.js';

export interface ProximityOptions {
  maxDistanceM: number;
  /** NaN or Infinity: no vertical condition. */
  maxVerticalFt: number;
  maxGapS: number;
}

export interface PairIntervals {
  a: number;
  b: number;
  /** Sorted, disjoint [fromS, toS] during which the pair is close. */
  intervals: Array<[number, number]>;
}

const BUCKET_S = 300;
/** Metres added to the box padding for the bulge of a geodesic between fixes off their chord. */
const BULGE_MARGIN_M = 5000;
const M_PER_DEG_LAT = 110_574;

interface BucketBox {
  track: number;
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
  minAlt: number;
  maxAlt: number;
}

/** Candidate pairs and the bucket windows [fromS, toS] in which they might be close. */
export function candidatePairs(
  tracks: Track[],
  options: ProximityOptions,
): Map<string, Array<[number, number]>> {
  const buckets = new Map<number, BucketBox[]>();
  const padM = options.maxDistanceM + BULGE_MARGIN_M;
  tracks.forEach((track, index) => {
    const n = track.t.length;
    if (n < 2) return;
    const first = Math.floor(track.t[0] / BUCKET_S);
    const last = Math.floor(track.t[n - 1] / BUCKET_S);
    let i = 0;
    for (let b = first; b <= last; b++) {
      const from = b * BUCKET_S;
      const to = from + BUCKET_S;
      while (i < n - 1 && track.t[i + 1] <= from) i++;
      // Fixes i .. j cover [from, to]: i is the last fix at or before `from` (or the first fix).
      let j = i;
      while (j < n - 1 && track.t[j] < to) j++;
      const box = boxOf(track, i, j, padM);
      box.track = index;
      let list = buckets.get(b);
      if (!list) {
        list = [];
        buckets.set(b, list);
      }
      list.push(box);
    }
  });

  const windows = new Map<string, Array<[number, number]>>();
  const maxV = options.maxVerticalFt;
  for (const [b, boxes] of buckets) {
    boxes.sort((x, y) => x.minLat - y.minLat);
    for (let p = 0; p < boxes.length; p++) {
      const x = boxes[p];
      for (let q = p + 1; q < boxes.length; q++) {
        const y = boxes[q];
        if (y.minLat > x.maxLat) break;
        if (y.minLon > x.maxLon || x.minLon > y.maxLon) continue;
        if (Number.isFinite(maxV) && y.minAlt - x.maxAlt > maxV) continue;
        if (Number.isFinite(maxV) && x.minAlt - y.maxAlt > maxV) continue;
        const key = x.track < y.track ? `${x.track},${y.track}` : `${y.track},${x.track}`;
        let list = windows.get(key);
        if (!list) {
          list = [];
          windows.set(key, list);
        }
        list.push([b * BUCKET_S, (b + 1) * BUCKET_S]);
      }
    }
  }
  for (const [key, list] of windows) windows.set(key, mergeIntervals(list));
  return windows;
}

function boxOf(track: Track, i: number, j: number, padM: number): BucketBox {
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLon = Infinity;
  let maxLon = -Infinity;
  // Unknown altitude anywhere in the bucket makes its band unbounded (the condition is ignored).
  let minAlt = Infinity;
  let maxAlt = -Infinity;
  const lon0 = track.lon[i];
  for (let k = i; k <= j; k++) {
    const lat = track.lat[k];
    // Longitudes unwrapped around the first fix so a box may cross the antimeridian.
    let lon = track.lon[k];
    while (lon - lon0 > 180) lon -= 360;
    while (lon - lon0 < -180) lon += 360;
    if (lat < minLat) minLat = lat;
    if (lat > maxLat) maxLat = lat;
    if (lon < minLon) minLon = lon;
    if (lon > maxLon) maxLon = lon;
    const alt = track.altFt[k];
    if (Number.isNaN(alt)) {
      minAlt = -Infinity;
      maxAlt = Infinity;
    } else {
      if (alt < minAlt) minAlt = alt;
      if (alt > maxAlt) maxAlt = alt;
    }
  }
  const padLat = padM / M_PER_DEG_LAT;
  const maxAbsLat = Math.min(89, Math.max(Math.abs(minLat), Math.abs(maxLat)) + padLat);
  const padLon = padM / (M_PER_DEG_LAT * Math.cos((maxAbsLat * Math.PI) / 180));
  minLon -= padLon;
  maxLon += padLon;
  if (maxLon - minLon >= 360 || minLon < -180 || maxLon > 180) {
    // Near the antimeridian or a pole the box is not worth the trouble: keep the whole band.
    minLon = -540;
    maxLon = 540;
  }
  return { track: -1, minLat: minLat - padLat, maxLat: maxLat + padLat, minLon, maxLon, minAlt, maxAlt };
}

/**
 * The exact intervals, inside [fromS, toS], during which tracks a and b are close. Breakpoints
 * are the fix times of both tracks; between two breakpoints both aircraft fly one geodesic each
 * at constant speed, so the distance between them changes no faster than the sum of their
 * speeds (the Lipschitz bound used by intervalsAtOrBelowZero), and their altitude difference is
 * linear (solved in closed form).
 */
export function closeIntervals(
  ma: TrackMotion,
  mb: TrackMotion,
  fromS: number,
  toS: number,
  options: ProximityOptions,
): Array<[number, number]> {
  const t0 = Math.max(fromS, ma.startS, mb.startS);
  const t1 = Math.min(toS, ma.endS, mb.endS);
  if (!(t1 > t0)) return [];
  const times = breakpoints(ma.track.t, mb.track.t, t0, t1);
  const out: Array<[number, number]> = [];
  const maxV = options.maxVerticalFt;
  for (let s = 0; s < times.length - 1; s++) {
    const a = times[s];
    const b = times[s + 1];
    if (b <= a) continue;
    const mid = 0.5 * (a + b);
    const ka = ma.segmentAt(mid);
    const kb = mb.segmentAt(mid);
    if (ma.isGap(ka) || mb.isGap(kb)) continue;
    const dist = (t: number) => {
      const pa = ma.positionOn(ka, t);
      const pb = mb.positionOn(kb, t);
      return distanceM(pa.lat, pa.lon, pb.lat, pb.lon) - options.maxDistanceM;
    };
    // 1 % slack on the bound covers rounding in the speeds; it only costs evaluations.
    const lipschitz = 1.01 * (ma.speedMS(ka) + mb.speedMS(kb)) + 1e-6;
    const horizontal: Array<[number, number]> = [];
    intervalsAtOrBelowZero(dist, a, b, dist(a), dist(b), { lipschitz, coarseS: 1, tolS: 1e-4 }, horizontal);
    if (horizontal.length === 0) continue;
    const vertical = verticalInterval(ma, mb, ka, kb, a, b, maxV);
    if (!vertical) continue;
    for (const [h0, h1] of horizontal) {
      const lo = Math.max(h0, vertical[0]);
      const hi = Math.min(h1, vertical[1]);
      if (hi >= lo) out.push([lo, hi]);
    }
  }
  return mergeIntervals(out, 1e-3);
}

/** The sub-interval of [a, b] where |altA - altB| <= maxV, exact for linear altitudes. */
function verticalInterval(
  ma: TrackMotion,
  mb: TrackMotion,
  ka: number,
  kb: number,
  a: number,
  b: number,
  maxV: number,
): [number, number] | null {
  if (!Number.isFinite(maxV)) return [a, b];
  const da = ma.altFtOn(ka, a) - mb.altFtOn(kb, a);
  const db = ma.altFtOn(ka, b) - mb.altFtOn(kb, b);
  if (Number.isNaN(da) || Number.isNaN(db)) return [a, b];
  // d(t) = da + (db - da) u, u in [0, 1]; solve -maxV <= d(u) <= maxV.
  const slope = db - da;
  let u0 = 0;
  let u1 = 1;
  if (slope === 0) {
    if (Math.abs(da) > maxV) return null;
  } else {
    const ua = (-maxV - da) / slope;
    const ub = (maxV - da) / slope;
    u0 = Math.max(0, Math.min(ua, ub));
    u1 = Math.min(1, Math.max(ua, ub));
    if (u1 < u0) return null;
  }
  return [a + (b - a) * u0, a + (b - a) * u1];
}

/** Sorted union of both tracks' fix times inside [t0, t1], with t0 and t1. */
function breakpoints(ta: Float64Array, tb: Float64Array, t0: number, t1: number): number[] {
  const out: number[] = [t0];
  let i = lowerBound(ta, t0);
  let j = lowerBound(tb, t0);
  while (true) {
    const x = i < ta.length ? ta[i] : Infinity;
    const y = j < tb.length ? tb[j] : Infinity;
    const next = Math.min(x, y);
    if (!(next < t1)) break;
    if (next > out[out.length - 1]) out.push(next);
    if (x === next) i++;
    if (y === next) j++;
  }
  out.push(t1);
  return out;
}

function lowerBound(t: Float64Array, v: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

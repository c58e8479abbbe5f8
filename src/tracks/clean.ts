/**
 * Cleaning every reader applies to every track: sort by time, drop exact duplicates, keep the
 * first of two different fixes at the same time, reject invalid coordinates and drop positions
 * that imply an impossible speed. Tracks are never split here (gaps are the analysis' business).
 */
import { distanceM } from '../geo/geodesic.js';
import type { Diagnostic, Track } from './track.js';

/** Above this ground speed a position is an outlier (no aircraft in these data flies faster). */
export const MAX_SPEED_KT = 1200;
const MAX_SPEED_MS = (MAX_SPEED_KT * 1852) / 3600;
/**
 * Position and time-stamp noise allowed on top of the speed limit: receivers stamp times to a
 * few hundredths of a second and positions to tens of metres, which over 0.1 s would otherwise
 * read as thousands of knots.
 */
export const NOISE_M = 200;
/** The segment chain links a segment to at most this many earlier ones. */
const LINK_WINDOW = 64;

/** Where each fix came from: line numbers (text formats) or record numbers (JSON formats). */
export interface FixOrigin {
  unit: 'line' | 'record' | 'point';
  /** 1-based line or record number per fix, parallel to the track's columns. */
  at: ArrayLike<number>;
}

export interface CleanResult {
  track: Track;
  problems: Diagnostic[];
}

/** The columns the checks below look at. */
type Fixes = Pick<Track, 't' | 'lat' | 'lon'>;

/** Mean-radius sphere: within 0.6 % of the WGS84 geodesic distance for any pair of points. */
const R_M = 6371008.8;
const RAD = Math.PI / 180;

function sphereDistanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * R_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Whether an aircraft can fly from fix i to fix j. The decision is the geodesic one: the sphere
 * only settles the cases more than 1 % away from the limit, where it cannot disagree.
 */
function reachable(track: Fixes, i: number, j: number): boolean {
  const limitM = MAX_SPEED_MS * Math.abs(track.t[j] - track.t[i]) + NOISE_M;
  const { lat, lon } = track;
  // The path along fix i's parallel and then fix j's meridian is no shorter than the great
  // circle, and at most this long (cos ≤ 1): a typical step settles here with no trigonometry.
  const dLon = Math.abs(lon[j] - lon[i]);
  const pathM = R_M * RAD * (Math.abs(lat[j] - lat[i]) + (dLon > 180 ? 360 - dLon : dLon));
  if (pathM < limitM * 0.99) return true;
  const approx = sphereDistanceM(lat[i], lon[i], lat[j], lon[j]);
  if (approx < limitM * 0.99) return true;
  if (approx > limitM * 1.01) return false;
  return distanceM(lat[i], lon[i], lat[j], lon[j]) <= limitM;
}

function describeFix(track: Track, i: number): string {
  return `${new Date(track.t[i] * 1000).toISOString()} (${track.lat[i].toFixed(5)}, ${track.lon[i].toFixed(5)})`;
}

/**
 * Cleans one track (see the file comment). `origin` lets diagnostics name the input line or
 * record of each dropped fix; without it they name the fix's time.
 */
export function cleanTrack(track: Track, file: string, origin?: FixOrigin): CleanResult {
  if (isClean(track)) return { track, problems: [] };
  const problems: Diagnostic[] = [];
  const n = track.t.length;
  const where = (i: number, field: string | undefined, message: string): Diagnostic => {
    const d: Diagnostic = { file, message: `track ${track.id}: ${message}` };
    if (origin) {
      if (origin.unit === 'line') d.line = origin.at[i];
      else d.message = `${origin.unit} ${origin.at[i]}: ${d.message}`;
    }
    if (field) d.field = field;
    return d;
  };

  // 1. Invalid values (readers reject these with better messages; this keeps cleanTrack safe alone).
  // Index arrays are typed: a track of millions of fixes must not cost 8 bytes of JS heap per index.
  const validAll = new Uint32Array(n);
  let nValid = 0;
  for (let i = 0; i < n; i++) {
    const t = track.t[i];
    const lat = track.lat[i];
    const lon = track.lon[i];
    if (!Number.isFinite(t)) problems.push(where(i, 'time', 'time is not a finite number'));
    else if (!(Math.abs(lat) <= 90)) problems.push(where(i, 'lat', `latitude ${lat} is outside [-90, 90]`));
    else if (!(Math.abs(lon) <= 180))
      problems.push(where(i, 'lon', `longitude ${lon} is outside [-180, 180]`));
    else validAll[nValid++] = i;
  }
  const valid = validAll.subarray(0, nValid);

  // 2. Time order (stable: equal times keep input order, so "the first" means first in the file).
  let order = valid;
  let backwards = 0;
  let firstBackwards = -1;
  for (let k = 1; k < order.length; k++) {
    if (track.t[order[k]] < track.t[order[k - 1]]) {
      if (firstBackwards < 0) firstBackwards = order[k];
      backwards++;
    }
  }
  if (backwards > 0) {
    const t = track.t;
    order = order.sort((a, b) => t[a] - t[b] || a - b);
    problems.push(
      where(
        firstBackwards,
        'time',
        `${backwards} fix(es) earlier than the fix before them in the input; sorted by time`,
      ),
    );
  }

  // 3. Same time: exact duplicates are dropped quietly (counted once), conflicting ones reported.
  const uniqueAll = new Uint32Array(order.length);
  let nUnique = 0;
  let duplicates = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (nUnique > 0) {
      const p = uniqueAll[nUnique - 1];
      if (track.t[p] === track.t[i]) {
        const sameAlt =
          track.altFt[p] === track.altFt[i] || (Number.isNaN(track.altFt[p]) && Number.isNaN(track.altFt[i]));
        if (track.lat[p] === track.lat[i] && track.lon[p] === track.lon[i] && sameAlt) duplicates++;
        else
          problems.push(
            where(
              i,
              'time',
              `second fix at ${describeFix(track, i)} has the same time as ${describeFix(track, p)} ` +
                `alt ${track.altFt[p]} ft; kept the first`,
            ),
          );
        continue;
      }
    }
    uniqueAll[nUnique++] = i;
  }
  const unique = uniqueAll.subarray(0, nUnique);
  if (duplicates > 0)
    problems.push({ file, message: `track ${track.id}: ${duplicates} exact duplicate fix(es) dropped` });

  // 4. Outliers, judged against the fixes on both sides (see dropOutliers).
  const keep = dropOutliers(track, unique, (i, message) => problems.push(where(i, 'position', message)));

  if (keep.length === n && backwards === 0) return { track, problems };
  const out: Track = {
    ...track,
    t: new Float64Array(keep.length),
    lat: new Float64Array(keep.length),
    lon: new Float64Array(keep.length),
    altFt: new Float32Array(keep.length),
  };
  if (track.uncertaintyM) out.uncertaintyM = new Float32Array(keep.length);
  for (let k = 0; k < keep.length; k++) {
    const i = keep[k];
    out.t[k] = track.t[i];
    out.lat[k] = track.lat[i];
    out.lon[k] = track.lon[i];
    out.altFt[k] = track.altFt[i];
    if (out.uncertaintyM && track.uncertaintyM) out.uncertaintyM[k] = track.uncertaintyM[i];
  }
  return { track: out, problems };
}

/**
 * Whether the steps below would keep every fix as it is: all valid, times strictly increasing,
 * each fix reachable from the one before. Most tracks are; one pass settles them.
 */
export function isClean(track: Fixes): boolean {
  const { t, lat, lon } = track;
  const n = t.length;
  for (let i = 0; i < n; i++) {
    if (!(Number.isFinite(t[i]) && Math.abs(lat[i]) <= 90 && Math.abs(lon[i]) <= 180)) return false;
    if (i > 0 && !(t[i] > t[i - 1] && reachable(track, i - 1, i))) return false;
  }
  return true;
}

/** How far the outlier pass looks ahead (fixes) and back (kept fixes) to resolve an impossible step. */
const LOOK = 8;

/**
 * Drops positions that cannot be reached at MAX_SPEED_KT. Walks the fixes keeping those reachable
 * from the last kept one; at an impossible step it decides which side is wrong:
 * (a) a later fix within LOOK is reachable from the last kept fix → the fixes in between are outliers;
 * (b) else a kept fix within LOOK back reaches this fix (and the next) → the kept fixes after it are;
 * (c) else the track genuinely jumps (e.g. a long spoofed stretch): a new segment starts, and
 *     chainSegments keeps the chain of mutually reachable segments with the most fixes.
 */
function dropOutliers(
  track: Track,
  fixes: Uint32Array,
  report: (i: number, message: string) => void,
): Uint32Array {
  const n = fixes.length;
  if (n < 2) return fixes;
  const ok = (a: number, b: number) => reachable(track, fixes[a], fixes[b]);
  const dropped = new Uint8Array(n);
  const kept = new IndexStack(n);
  kept.push(0);
  const segStart: number[] = [0]; // positions in `kept` where a segment starts (few)
  for (let i = 1; i < n; i++) {
    const p = kept.a[kept.length - 1];
    if (ok(p, i)) {
      kept.push(i);
      continue;
    }
    let j = i + 1;
    while (j < n && j <= i + LOOK && !ok(p, j)) j++;
    if (j < n && j <= i + LOOK) {
      for (let k = i; k < j; k++) dropped[k] = 1;
      kept.push(j);
      i = j;
      continue;
    }
    const floor = segStart[segStart.length - 1];
    let m = kept.length - 2;
    while (m >= floor && m >= kept.length - 1 - LOOK && !(ok(kept.a[m], i) && (i + 1 >= n || ok(i, i + 1))))
      m--;
    if (m >= floor && m >= kept.length - 1 - LOOK) {
      while (kept.length - 1 > m) dropped[kept.pop()] = 1;
      kept.push(i);
      continue;
    }
    segStart.push(kept.length);
    kept.push(i);
  }
  if (segStart.length > 1) chainSegments(segStart, kept, ok, dropped);
  const keep = new IndexStack(n);
  for (let k = 0; k < n; k++) {
    const i = fixes[k];
    if (!dropped[k]) keep.push(i);
    else
      report(
        i,
        `position at ${describeFix(track, i)} implies more than ${MAX_SPEED_KT} kt from the fixes around it; dropped as an outlier`,
      );
  }
  return keep.a.subarray(0, keep.length);
}

/** Total reachability checks the tail-cutting search of chainSegments may spend on one track. */
const CUT_BUDGET = 2_000_000;

/**
 * Keeps the chain of segments with the most fixes in which each segment is reachable from the one
 * before it, possibly after cutting that one's tail: a spoofer drags a position away smoothly, so
 * the bad stretch is the end of a segment, not a segment of its own. Drops everything else.
 */
function chainSegments(
  segStart: number[],
  kept: IndexStack,
  ok: (a: number, b: number) => boolean,
  dropped: Uint8Array,
): void {
  const segs = segStart.length;
  const bound = (s: number) => (s < segs ? segStart[s] : kept.length);
  const best = new Float64Array(segs);
  const prev = new Int32Array(segs).fill(-1);
  /** Last kept position of the predecessor when it is cut (-1: kept whole). */
  const cut = new Int32Array(segs).fill(-1);
  let budget = CUT_BUDGET;
  for (let r = 0; r < segs; r++) {
    const size = bound(r + 1) - bound(r);
    const first = kept.a[bound(r)];
    best[r] = size;
    for (let q = r - 1; q >= 0 && q >= r - LINK_WINDOW; q--) {
      const qSize = bound(q + 1) - bound(q);
      const before = best[q] - qSize;
      if (best[q] + size > best[r] && ok(kept.a[bound(q + 1) - 1], first)) {
        best[r] = best[q] + size;
        prev[r] = q;
        cut[r] = -1;
        continue;
      }
      // The latest fix of q from which r is reachable, if cutting there still pays.
      for (let k = bound(q + 1) - 2; k >= bound(q) && budget > 0; k--) {
        const total = before + (k - bound(q) + 1) + size;
        if (total <= best[r]) break;
        budget--;
        if (ok(kept.a[k], first)) {
          best[r] = total;
          prev[r] = q;
          cut[r] = k;
          break;
        }
      }
    }
  }
  let end = 0;
  for (let r = 1; r < segs; r++) if (best[r] > best[end]) end = r;
  const keepTo = new Int32Array(segs).fill(-2); // -2: segment dropped; else last kept position
  keepTo[end] = bound(end + 1) - 1;
  for (let r = end; prev[r] >= 0; r = prev[r])
    keepTo[prev[r]] = cut[r] >= 0 ? cut[r] : bound(prev[r] + 1) - 1;
  for (let r = 0; r < segs; r++) {
    for (let k = bound(r); k < bound(r + 1); k++)
      if (keepTo[r] === -2 || k > keepTo[r]) dropped[kept.a[k]] = 1;
  }
}

/** A stack of indices in a typed array of fixed capacity. */
class IndexStack {
  readonly a: Uint32Array;
  length = 0;

  constructor(capacity: number) {
    this.a = new Uint32Array(capacity);
  }

  push(i: number): void {
    this.a[this.length++] = i;
  }

  pop(): number {
    return this.a[--this.length];
  }
}

/**
 * Where a continuous function of time is at or below zero, found from a Lipschitz bound.
 *
 * The functions this serves (the distance between two aircraft minus D; an aircraft's distance
 * to a zone boundary minus its position uncertainty) change no faster than the sum of the
 * speeds involved, so |f(t) - f(s)| <= L |t - s|. On [a, b] with f(a), f(b) of the same sign,
 * a zero needs |f(a)| + |f(b)| <= L (b - a); when that fails the whole interval is settled with
 * no further evaluation. Otherwise it is halved until it is settled or shorter than `coarseS`,
 * and every sign change is then polished with Brent's method to `tolS`.
 *
 * Guarantee: every excursion across zero that lasts at least `coarseS` is found, with its end
 * points to within `tolS`; a shorter one may be missed (a flicker below a second is not a
 * formation or a visit). Cost: two evaluations per interval far from zero.
 */
import { brentRoot } from '../geo/roots.js';

export interface IntervalSearch {
  /** Lipschitz constant of f on the interval (units of f per second). */
  lipschitz: number;
  /** Excursions shorter than this may be missed (seconds). */
  coarseS?: number;
  /** Tolerance of each crossing time (seconds). */
  tolS?: number;
}

/**
 * Appends to `out` the sub-intervals [from, to] of [a, b] where f(t) <= 0, given fa = f(a) and
 * fb = f(b). Adjacent results are not merged here (see mergeIntervals).
 */
export function intervalsAtOrBelowZero(
  f: (t: number) => number,
  a: number,
  b: number,
  fa: number,
  fb: number,
  search: IntervalSearch,
  out: Array<[number, number]>,
): void {
  const crossings: number[] = [];
  const coarseS = search.coarseS ?? 1;
  const tolS = search.tolS ?? 1e-4;
  findCrossings(f, a, b, fa, fb, search.lipschitz, coarseS, tolS, crossings);
  let inside = fa <= 0;
  let start = a;
  for (const t of crossings) {
    if (inside) out.push([start, t]);
    else start = t;
    inside = !inside;
  }
  if (inside) out.push([start, b]);
}

function findCrossings(
  f: (t: number) => number,
  a: number,
  b: number,
  fa: number,
  fb: number,
  lipschitz: number,
  coarseS: number,
  tolS: number,
  out: number[],
): void {
  const insideA = fa <= 0;
  const insideB = fb <= 0;
  if (insideA === insideB) {
    // Same side at both ends: settled unless the bound allows a visit to the other side.
    const margin = insideA ? -fa - fb : fa + fb;
    if (margin > lipschitz * (b - a) || b - a <= coarseS) return;
  } else if (b - a <= coarseS) {
    out.push(brentRoot(f, a, b, fa, fb, tolS));
    return;
  }
  const m = 0.5 * (a + b);
  const fm = f(m);
  findCrossings(f, a, m, fa, fm, lipschitz, coarseS, tolS, out);
  findCrossings(f, m, b, fm, fb, lipschitz, coarseS, tolS, out);
}

/** Sorted union of intervals; intervals whose ends meet within `joinS` are joined. */
export function mergeIntervals(intervals: Array<[number, number]>, joinS = 1e-6): Array<[number, number]> {
  const sorted = intervals.filter(([a, b]) => b >= a).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + joinS) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Intersection of two sorted, disjoint interval lists. */
export function intersectIntervals(
  x: Array<[number, number]>,
  y: Array<[number, number]>,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const a = Math.max(x[i][0], y[j][0]);
    const b = Math.min(x[i][1], y[j][1]);
    if (b > a) out.push([a, b]);
    if (x[i][1] < y[j][1]) i++;
    else j++;
  }
  return out;
}

/**
 * One-dimensional root finding and minimisation on [a, b]. Both converge to the tolerance asked
 * (absolute, in the argument) for continuous functions; the callers use fractions of a segment,
 * where 1e-12 is well below a millimetre for any segment a track or zone can have.
 */

/** Brent's method: a root of f in [a, b] given f(a), f(b) of opposite signs (or one zero). */
export function brentRoot(
  f: (x: number) => number,
  a: number,
  b: number,
  fa: number,
  fb: number,
  tol = 1e-13,
): number {
  if (fa === 0) return a;
  if (fb === 0) return b;
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < 200; iter++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tol;
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) return b;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
    fb = f(b);
  }
  return b;
}

/**
 * A root of f in [a, b] given f(a), f(b) of opposite signs (or one zero), for a function nearly
 * linear there (a side of an edge along a short track segment): secant steps through the latest
 * two points, which converge superlinearly, kept inside the bracket (a step out of it, or a
 * bracket that has not halved in four evaluations, bisects instead). It returns once the next
 * step is below tol, or two points near the root give the same value (the function's rounding
 * is then all that is left): three or four evaluations, typically, where Brent's method, which
 * must also close the bracket to tol from its far end, took eight on a side of an edge.
 */
export function secantRoot(
  f: (x: number) => number,
  a: number,
  b: number,
  fa: number,
  fb: number,
  tol = 1e-13,
): number {
  if (fa === 0) return a;
  if (fb === 0) return b;
  // Values this small are rounding: the scale of the function times a few ulps.
  const noise = 1e-12 * Math.max(Math.abs(fa), Math.abs(fb));
  let x0 = a;
  let f0 = fa;
  let x1 = b;
  let f1 = fb;
  let width = b - a;
  let stale = 0;
  for (let iter = 0; iter < 200; iter++) {
    let x = x1 - (f1 * (x1 - x0)) / (f1 - f0);
    if (!(x > a && x < b) || stale >= 4) x = (a + b) / 2;
    const fx = f(x);
    if (fx === 0) return x;
    if (fx < 0 === fa < 0) {
      a = x;
      fa = fx;
    } else {
      b = x;
      fb = fx;
    }
    if (b - a <= width / 2) {
      width = b - a;
      stale = 0;
    } else stale++;
    x0 = x1;
    f0 = f1;
    x1 = x;
    f1 = fx;
    if (b - a <= tol || (f1 === f0 && Math.abs(f1) <= noise)) return x1;
    const next = x1 - (f1 * (x1 - x0)) / (f1 - f0);
    if (Math.abs(next - x1) <= tol && next >= a && next <= b) return next;
  }
  return x1;
}

/** 1 − 1/φ: the golden-section step as a fraction of the larger part of the bracket. */
const GOLDEN = (3 - Math.sqrt(5)) / 2;

/**
 * Minimum of f on [a, b]: a coarse scan of `samples` points, so that a function with several dips
 * converges to the lowest one the scan found, then Brent's method around the best sample
 * (parabolic interpolation, golden section where a parabola does not help), to `tol` in the
 * argument. For a smooth dip it needs a handful of evaluations where golden section needs forty.
 */
export function minimize(
  f: (x: number) => number,
  a: number,
  b: number,
  tol = 1e-10,
  samples = 8,
): { x: number; fx: number } {
  let x = a;
  let fx = f(a);
  const step = (b - a) / samples;
  for (let i = 1; i <= samples; i++) {
    const xi = a + i * step;
    const fi = f(xi);
    if (fi < fx) {
      fx = fi;
      x = xi;
    }
  }
  let lo = Math.max(a, x - step);
  let hi = Math.min(b, x + step);
  let w = x;
  let v = x;
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  for (let iter = 0; iter < 200; iter++) {
    const m = 0.5 * (lo + hi);
    const tol1 = 1e-15 * Math.abs(x) + tol / 3;
    const tol2 = 2 * tol1;
    if (Math.abs(x - m) <= tol2 - 0.5 * (hi - lo)) break;
    let golden = true;
    if (Math.abs(e) > tol1) {
      // The parabola through (x, fx), (w, fw), (v, fv).
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      const last = e;
      e = d;
      if (Math.abs(p) < Math.abs(0.5 * q * last) && p > q * (lo - x) && p < q * (hi - x)) {
        d = p / q;
        const u = x + d;
        if (u - lo < tol2 || hi - u < tol2) d = x < m ? tol1 : -tol1;
        golden = false;
      }
    }
    if (golden) {
      e = (x >= m ? lo : hi) - x;
      d = GOLDEN * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const fu = f(u);
    if (fu <= fx) {
      if (u >= x) lo = x;
      else hi = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) lo = u;
      else hi = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, fx };
}

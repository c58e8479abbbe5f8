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

const INV_PHI = (Math.sqrt(5) - 1) / 2;

/**
 * Minimum of a unimodal f on [a, b] by golden-section search, after a coarse scan of `samples`
 * points so that a function with several dips converges to the lowest one found by the scan.
 */
export function minimize(
  f: (x: number) => number,
  a: number,
  b: number,
  tol = 1e-10,
  samples = 8,
): { x: number; fx: number } {
  let bestX = a;
  let bestF = f(a);
  const step = (b - a) / samples;
  for (let i = 1; i <= samples; i++) {
    const x = a + i * step;
    const fx = f(x);
    if (fx < bestF) {
      bestF = fx;
      bestX = x;
    }
  }
  let lo = Math.max(a, bestX - step);
  let hi = Math.min(b, bestX + step);
  let x1 = hi - INV_PHI * (hi - lo);
  let x2 = lo + INV_PHI * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  while (hi - lo > tol) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - INV_PHI * (hi - lo);
      f1 = f(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + INV_PHI * (hi - lo);
      f2 = f(x2);
    }
  }
  const x = f1 < f2 ? x1 : x2;
  const fx = Math.min(f1, f2);
  return fx < bestF ? { x, fx } : { x: bestX, fx: bestF };
}

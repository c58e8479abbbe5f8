import { describe, expect, it } from 'vitest';
import { secantRoot } from '../../src/geo/roots.js';

/** f with a count of its evaluations. */
function counted(f: (x: number) => number): { f: (x: number) => number; n: () => number } {
  let n = 0;
  return {
    f: (x) => {
      n++;
      return f(x);
    },
    n: () => n,
  };
}

describe('secantRoot', () => {
  it('finds the root of a nearly linear function to the tolerance in a few evaluations', () => {
    for (const root of [1e-9, 0.01, 0.3, 0.5, 0.77, 0.999999]) {
      // A side along a segment: linear with a small curvature, scaled like metres.
      const g = (x: number) => 2000 * (x - root) + 3e-3 * (x - root) * (x + 0.4);
      const c = counted(g);
      const x = secantRoot(c.f, 0, 1, g(0), g(1));
      expect(Math.abs(x - root)).toBeLessThan(2e-13);
      expect(c.n()).toBeLessThanOrEqual(4);
    }
  });

  it('keeps to the bracket where the secant would leave it (strongly curved, or a step)', () => {
    const cubic = (x: number) => (x - 0.2) ** 3;
    expect(Math.abs(secantRoot(cubic, 0, 1, cubic(0), cubic(1)) - 0.2)).toBeLessThan(1e-4);
    const step = (x: number) => (x < 0.6180339 ? -1 : 1);
    const x = secantRoot(step, 0, 1, -1, 1, 1e-12);
    expect(Math.abs(x - 0.6180339)).toBeLessThan(1e-11);
    const flat = (x: number) => Math.atan(1e6 * (x - 0.9));
    expect(Math.abs(secantRoot(flat, 0, 1, flat(0), flat(1)) - 0.9)).toBeLessThan(1e-12);
  });

  it('returns an end where the function is zero', () => {
    expect(secantRoot((x) => x, 0, 1, 0, 1)).toBe(0);
    expect(secantRoot((x) => x - 1, 0, 1, -1, 0)).toBe(1);
  });
});

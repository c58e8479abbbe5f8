import { describe, expect, it } from 'vitest';
import { distanceM } from '../../src/geo/geodesic.js';
import { sphericalDistanceM } from '../../src/geo/ring.js';

describe('distance bounds', () => {
  it('Andoyer–Lambert distances stay within 1e-4 of the geodesic (the slack the bounds use)', () => {
    let worst = 0;
    let seed = 7;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 20000; i++) {
      const lat1 = rnd() * 178 - 89;
      const lon1 = rnd() * 360 - 180;
      const lat2 = Math.max(-89.9, Math.min(89.9, lat1 + (rnd() - 0.5) * 40 * rnd()));
      const lon2 = lon1 + (rnd() - 0.5) * 60 * rnd();
      const g = distanceM(lat1, lon1, lat2, lon2);
      const a = sphericalDistanceM(lat1, lon1, lat2, lon2);
      if (g > 1) worst = Math.max(worst, Math.abs(a - g) / g);
    }
    expect(worst).toBeLessThan(1e-4);
  });
});

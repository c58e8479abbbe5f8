import geodesicLib from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { PATH_SLACK } from '../../src/analysis/extremes.js';
import { distanceM, greatCircleM } from '../../src/geo/geodesic.js';
import { sphericalDistanceM } from '../../src/geo/ring.js';
import { rng } from '../live/helpers.js';

const { Geodesic } = geodesicLib;

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

  it('great-circle path lengths stay within 0.6 % of the geodesic, so PATH_SLACK covers them', () => {
    // Against GeographicLib itself: any latitude, from metres to antipodes, along meridians and
    // parallels and across the poles (where the sphere is farthest from the ellipsoid).
    const next = rng(3);
    let low = 1;
    let high = 1;
    for (let i = 0; i < 30000; i++) {
      const lat1 = i % 3 === 0 ? 85 + 5 * next() : 180 * next() - 90;
      const lon1 = 360 * next() - 180;
      const d = 10 ** (7.3 * next());
      const azi = i % 5 === 0 ? 0 : i % 5 === 1 ? 90 : 360 * next();
      const p = Geodesic.WGS84.Direct(lat1, lon1, azi, d);
      const g = Geodesic.WGS84.Inverse(lat1, lon1, p.lat2 as number, p.lon2 as number, Geodesic.DISTANCE)
        .s12 as number;
      if (!(g > 1)) continue;
      const r = greatCircleM(lat1, lon1, p.lat2 as number, p.lon2 as number) / g;
      low = Math.min(low, r);
      high = Math.max(high, r);
    }
    expect(low * PATH_SLACK).toBeGreaterThan(1);
    expect(low).toBeGreaterThan(0.994);
    expect(high).toBeLessThan(1.006);
  });
});

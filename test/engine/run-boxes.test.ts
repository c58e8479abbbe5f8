/**
 * RunBoxes.find, which rules out runs of fixes by their box before testing fixes one by one: the
 * same first and last fix as testing every fix, on tracks that cross the antimeridian and pass
 * near and far from the zones.
 */
import { describe, expect, it } from 'vitest';
import { RunBoxes } from '../../src/analysis/run-boxes.js';
import { builtinCatalog } from '../../src/zones/catalog.js';
import { CompiledZone } from '../../src/zones/compiled.js';
import { rng } from '../live/helpers.js';
import { box, track, zone } from './helpers.js';

describe('RunBoxes.find', () => {
  const zones = [
    ...builtinCatalog().zones.map((z) => new CompiledZone(z)),
    new CompiledZone(zone({ id: 'EAST-EDGE' }, box(179, 50, 179.9, 51))),
    new CompiledZone(zone({ id: 'WEST-EDGE' }, box(-179.9, 49, -179, 50))),
  ];

  it('finds the first and the last fix a test holds at, as a scan of every fix does', () => {
    const next = rng(29);
    let found = 0;
    for (let k = 0; k < 60; k++) {
      // Random walks of 50 to 2,000 fixes, half of them around the antimeridian at 50°N.
      const rows: number[][] = [];
      let lat = k % 2 ? 50 : 20 + 30 * next();
      let lon = k % 2 ? 179 + 2 * next() : 115 + 35 * next();
      const n = 50 + Math.floor(1950 * next());
      for (let i = 0; i < n; i++) {
        rows.push([i * 10, lat, lon > 180 ? lon - 360 : lon]);
        lat = Math.max(-89, Math.min(89, lat + 0.05 * (next() - 0.5)));
        lon += 0.05 * (next() - 0.3);
        if (lon > 360) lon -= 360;
      }
      const t = track(`W${k}`, rows);
      const boxes = new RunBoxes(t);
      for (const z of zones) {
        const margin = 100_000 * next();
        const test = (i: number) => z.mayContain(t.lat[i], t.lon[i], margin);
        let first = -1;
        let last = -1;
        for (let i = 0; i < n; i++) {
          if (!test(i)) continue;
          if (first < 0) first = i;
          last = i;
        }
        expect(boxes.find(z, margin, test), `${t.id} × ${z.zone.id}`).toBe(first);
        expect(boxes.find(z, margin, test, true), `${t.id} × ${z.zone.id}`).toBe(last);
        if (first >= 0) found++;
      }
    }
    expect(found).toBeGreaterThan(100);
  });
});

/**
 * mayContainSome, the box form of a zone's cheap box test that rules out runs of fixes at once:
 * wherever mayContain holds at a point of a box, it must hold for the box.
 */
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/zones/catalog.js';
import { CompiledZone } from '../../src/zones/compiled.js';
import { box, zone } from '../engine/helpers.js';
import { rng } from '../live/helpers.js';

describe('mayContainSome', () => {
  const zones = [
    ...builtinCatalog().zones.map((z) => new CompiledZone(z)),
    // Across the antimeridian, near a pole, and a circle.
    new CompiledZone(
      zone(
        { id: 'DATELINE' },
        {
          type: 'Polygon',
          coordinates: [
            [
              [179.5, 50],
              [-179.5, 50],
              [-179.5, 51],
              [179.5, 51],
              [179.5, 50],
            ],
          ],
        },
      ),
    ),
    new CompiledZone(zone({ id: 'POLAR' }, box(-20, 87, 40, 88.5))),
    // Beside the antimeridian without crossing it: boxes across it find them modulo 360.
    new CompiledZone(zone({ id: 'EAST-EDGE' }, box(179, 50, 179.9, 51))),
    new CompiledZone(zone({ id: 'WEST-EDGE' }, box(-179.9, -20, -179, -19))),
    new CompiledZone(
      zone({ id: 'CIRCLE', buffer: { distanceNm: 12 } }, { type: 'Point', coordinates: [-179.9, -10] }),
    ),
  ];

  it('holds for a box wherever mayContain holds at a point of it, and rules most far boxes out', () => {
    const next = rng(11);
    let ruledOut = 0;
    let tried = 0;
    for (const z of zones) {
      const b = z.bbox;
      for (let k = 0; k < 400; k++) {
        // Boxes up to 4° across, half of them near the zone's own box, at any margin up to 300 km.
        const nearZone = next() < 0.5 && !b.wraps;
        const cLat = nearZone ? b.minLat + (b.maxLat - b.minLat) * (1.6 * next() - 0.3) : 180 * next() - 90;
        const lon = nearZone ? b.minLon + (b.maxLon - b.minLon) * (3 * next() - 1) : 360 * next() - 180;
        const cLon = ((((lon + 180) % 360) + 360) % 360) - 180;
        const h = 2 * next();
        const minLat = Math.max(-90, cLat - h);
        const maxLat = Math.min(90, cLat + h);
        const minLon = Math.max(-180, Math.min(180, cLon - h));
        const maxLon = Math.max(minLon, Math.min(180, cLon + h));
        const margin = next() < 0.2 ? 0 : 300_000 * next();
        const some = z.mayContainSome(minLat, maxLat, minLon, maxLon, margin);
        tried++;
        if (!some) ruledOut++;
        for (let i = 0; i <= 8; i++)
          for (let j = 0; j <= 8; j++) {
            const lat = minLat + ((maxLat - minLat) * i) / 8;
            const lon = minLon + ((maxLon - minLon) * j) / 8;
            if (z.mayContain(lat, lon, margin))
              expect(
                some,
                `${z.zone.id}: (${lat}, ${lon}) in [${minLat}, ${maxLat}] × [${minLon}, ${maxLon}], ${margin} m`,
              ).toBe(true);
          }
      }
    }
    expect(ruledOut / tried).toBeGreaterThan(0.3);
  });
});

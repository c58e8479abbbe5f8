/** Synthetic catalogs for the scaling runs: star-shaped geodesic polygons over Northeast Asia. */
import { direct } from '../../src/geo/geodesic.js';
import type { Catalog, Zone } from '../../src/zones/zone.js';
import { EDGE_GEODESIC } from '../../src/zones/zone.js';
import { NORTHEAST_ASIA, prng } from './synth.js';

/** `totalVertices` split over min(10, totalVertices / 10) zones (at least 1). */
export function scalingCatalog(totalVertices: number, seed: number): Catalog {
  const rnd = prng(seed ^ 0x5eed);
  const zonesN = Math.max(1, Math.min(10, Math.floor(totalVertices / 10)));
  const per = Math.max(3, Math.floor(totalVertices / zonesN));
  const r = NORTHEAST_ASIA;
  const zones: Zone[] = [];
  for (let k = 0; k < zonesN; k++) {
    const cLat = r.minLat + 3 + rnd() * (r.maxLat - r.minLat - 6);
    const cLon = r.minLon + 3 + rnd() * (r.maxLon - r.minLon - 6);
    const radius = 150_000 + rnd() * 250_000;
    const lat = new Float64Array(per);
    const lon = new Float64Array(per);
    for (let i = 0; i < per; i++) {
      // A wobbly outline (a coastline-like boundary, not a circle) that is the same curve at
      // every vertex count: more vertices sample it more finely, as a more detailed source would.
      const th = (i * 2 * Math.PI) / per;
      const wob =
        1 +
        0.12 * Math.sin(7 * th + k) +
        0.04 * Math.sin(53 * th) +
        0.01 * Math.sin(331 * th) +
        0.002 * (rnd() - 0.5);
      const p = direct(cLat, cLon, (i * 360) / per, radius * wob);
      lat[i] = p.lat;
      lon[i] = p.lon;
    }
    zones.push({
      id: `S${k}`,
      name: `scaling ${k}`,
      kind: 'other',
      state: 'XXX',
      claimants: ['XXX'],
      validFrom: null,
      validTo: null,
      floorFt: null,
      ceilingFt: null,
      geometry: {
        type: 'polygon',
        polygons: [[{ lat, lon, edges: new Uint8Array(per).fill(EDGE_GEODESIC) }]],
      },
      rules: { appliesTo: 'none', requires: [] },
      source: null,
    });
  }
  return { id: `scaling-${totalVertices}`, version: 'synthetic', zones };
}

/**
 * The catalog as the peers see it: plain lon/lat polygons (GeoJSON), edges straight in degrees,
 * which is what turf.js, shapely on EPSG:4326 and a PostGIS import of the same file work with.
 * A buffer zone around points becomes circles of 72 geodesic vertices; buffers around lines or
 * areas are left out (a peer would need its own offsetting) and listed as skipped.
 */
import { direct, NM_M } from '../../src/geo/geodesic.js';
import type { Catalog, Ring } from '../../src/zones/zone.js';

export interface PeerZones {
  /** GeoJSON FeatureCollection; feature i has properties.index = the zone's catalog index. */
  collection: { type: 'FeatureCollection'; features: Array<Record<string, unknown>> };
  /** Catalog indices of zones that have a feature. */
  included: number[];
  skipped: string[];
  vertices: number;
}

function ringCoords(r: Ring): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < r.lat.length; i++) out.push([r.lon[i], r.lat[i]]);
  out.push([r.lon[0], r.lat[0]]);
  return out;
}

export function peerZones(catalog: Catalog): PeerZones {
  const features: Array<Record<string, unknown>> = [];
  const included: number[] = [];
  const skipped: string[] = [];
  let vertices = 0;
  catalog.zones.forEach((z, index) => {
    const g = z.geometry;
    let polys: number[][][][];
    if (g.type === 'polygon') {
      polys = g.polygons.map((p) => p.map(ringCoords));
    } else if (g.baseline.lines.length === 0 && g.baseline.polygons.length === 0) {
      const dM = g.distanceNm * NM_M;
      polys = g.baseline.points.map(([la, lo]) => {
        const ring: number[][] = [];
        for (let k = 0; k < 72; k++) {
          const p = direct(la, lo, -k * 5, dM);
          ring.push([lo + ((((p.lon - lo + 540) % 360) + 360) % 360) - 180, p.lat]);
        }
        ring.push(ring[0]);
        return [ring];
      });
    } else {
      skipped.push(z.id);
      return;
    }
    for (const p of polys) for (const r of p) vertices += r.length - 1;
    included.push(index);
    features.push({
      type: 'Feature',
      properties: { index, id: z.id, floorFt: z.floorFt, ceilingFt: z.ceilingFt },
      geometry: { type: 'MultiPolygon', coordinates: polys },
    });
  });
  return { collection: { type: 'FeatureCollection', features }, included, skipped, vertices };
}

/** Hash of a set of zone indices, the same in every peer: Σ ((z+1)·2654435761 mod 2³²) mod 2³². */
export function zoneHash(z: number): number {
  return Math.imul(z + 1, 2654435761) >>> 0;
}

import { readFileSync } from 'node:fs';
import type { Ring, Zone } from '../../src/zones/zone.js';
import { realdata } from '../realdata.js';

/** Path of a file of the real-data set. */
export const realPath = realdata;

export function realBytes(...parts: string[]): Buffer {
  return readFileSync(realPath(...parts));
}

export function outerRing(z: Zone): Ring {
  if (z.geometry.type !== 'polygon') throw new Error(`${z.id} is not a polygon zone`);
  return z.geometry.polygons[0][0];
}

/** Checks the structural invariants every imported zone must satisfy; returns the first violation. */
export function zoneViolation(z: Zone): string | null {
  if (!z.id || typeof z.id !== 'string') return 'empty id';
  if (!['territorial', 'adiz', 'fir', 'other'].includes(z.kind)) return `kind ${z.kind}`;
  if (z.claimants.length < 1) return 'no claimant';
  for (const v of [z.floorFt, z.ceilingFt]) if (v !== null && !Number.isFinite(v)) return `limit ${v}`;
  const g = z.geometry;
  if (g.type === 'buffer') {
    if (!(g.distanceNm >= 0) || !Number.isFinite(g.distanceNm)) return `distance ${g.distanceNm}`;
    for (const [lat, lon] of g.baseline.points)
      if (!(Math.abs(lat) <= 90) || !Number.isFinite(lon)) return 'bad point';
    return null;
  }
  if (g.polygons.length === 0) return 'no polygons';
  for (const poly of g.polygons) {
    for (const r of poly) {
      const n = r.lat.length;
      if (n < 3 || r.lon.length !== n || r.edges.length !== n)
        return `ring sizes ${n}/${r.lon.length}/${r.edges.length}`;
      for (let i = 0; i < n; i++) {
        if (!(Math.abs(r.lat[i]) <= 90) || !(r.lon[i] >= -180 && r.lon[i] < 180))
          return `vertex ${r.lat[i]},${r.lon[i]}`;
        if (r.edges[i] > 1) return `edge ${r.edges[i]}`;
      }
      if (r.lat[0] === r.lat[n - 1] && r.lon[0] === r.lon[n - 1]) return 'first vertex repeated at the end';
    }
  }
  return null;
}

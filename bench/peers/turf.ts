/**
 * turf.js peer, written the way a JS user would: a flatbush index over the zones' bounding boxes,
 * then @turf/boolean-point-in-polygon on each candidate (planar lon/lat edges).
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import { type PeerZones, zoneHash } from '../lib/peer-zones.js';

export function turfIndex(zones: PeerZones) {
  const feats = zones.collection.features as Array<{
    properties: { index: number };
    geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
  }>;
  const index = new Flatbush(Math.max(1, feats.length));
  for (const f of feats) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const p of f.geometry.coordinates)
      for (const [x, y] of p[0]) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    index.add(x0, y0, x1, y1);
  }
  if (feats.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return { index, feats };
}

/** Per fix, the hash of the set of zones holding it. */
export function turfClassify(
  zones: PeerZones,
  lat: Float64Array,
  lon: Float64Array,
  hash: Uint32Array,
): void {
  const { index, feats } = turfIndex(zones);
  for (let i = 0; i < lat.length; i++) {
    const pt = [lon[i], lat[i]];
    let h = 0;
    for (const k of index.search(lon[i], lat[i], lon[i], lat[i])) {
      const f = feats[k];
      if (f && booleanPointInPolygon(pt, f as never)) h = (h + zoneHash(f.properties.index)) >>> 0;
    }
    hash[i] = h;
  }
}

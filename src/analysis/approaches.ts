/**
 * Closest approach of a track to a zone it did not enter: the smallest lateral distance to the
 * zone's boundary while the zone was in force, between fixes as well as at them.
 */
import { NM_M } from '../geo/geodesic.js';
import type { Track } from '../tracks/track.js';
import type { CompiledZone } from '../zones/compiled.js';
import { boundaryExtreme } from './extremes.js';
import type { SegmentSource } from './visits.js';

export interface RawApproach {
  distanceM: number;
  seg: number;
  f: number;
}

export function closestApproach(
  track: Track,
  zone: CompiledZone,
  segments: SegmentSource,
  withinNm: number,
): RawApproach | null {
  const n = track.t.length;
  const reachM = withinNm * NM_M;
  const inForce = (i: number) => track.t[i] >= zone.fromS && track.t[i] < zone.toS;
  if (n === 1) {
    if (!inForce(0)) return null;
    const d = zone.boundaryDistanceM(track.lat[0], track.lon[0]);
    return d <= reachM ? { distanceM: d, seg: 0, f: 0 } : null;
  }
  const e = boundaryExtreme(
    zone,
    segments,
    track.lat,
    track.lon,
    { seg: 0, f: 0 },
    { seg: n - 2, f: 1 },
    1,
    reachM,
    (i) => inForce(i) && zone.mayContain(track.lat[i], track.lon[i], reachM * 1.05 + 1000),
  );
  return e ? { distanceM: e.value, seg: e.seg, f: e.f } : null;
}

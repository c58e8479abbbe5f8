/**
 * Closest approach of a track to a zone it did not enter: the smallest lateral distance to the
 * zone's boundary while the zone was in force, between fixes as well as at them.
 */
import { NM_M } from '../geo/geodesic.js';
import type { Track } from '../tracks/track.js';
import type { CompiledZone } from '../zones/compiled.js';
import { boundaryExtreme } from './extremes.js';
import type { RunBoxes } from './run-boxes.js';
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
  boxes: RunBoxes,
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
  const marginM = reachM * 1.05 + 1000;
  const usable = (i: number) => inForce(i) && zone.mayContain(track.lat[i], track.lon[i], marginM);
  // Only the stretch from the fix before the first usable one to the fix after the last can hold
  // the approach (a segment between two fixes that are not is never searched): most zones near a
  // long track are near a short part of it.
  const first = boxes.find(zone, marginM, usable);
  if (first < 0) return null;
  const last = boxes.find(zone, marginM, usable, true);
  const e = boundaryExtreme(
    zone,
    segments,
    track.lat,
    track.lon,
    { seg: Math.max(0, first - 1), f: 0 },
    { seg: Math.min(n - 2, last), f: 1 },
    1,
    reachM,
    usable,
  );
  if (!e) return null;
  // At a fix that repeats the fixes before it (an aircraft reported standing still), the first
  // time it was there: of equally close points the first is the approach.
  let k = e.f === 0 ? e.seg : e.f === 1 ? e.seg + 1 : -1;
  if (k < 0) return { distanceM: e.value, seg: e.seg, f: e.f };
  while (k > 0 && track.lat[k - 1] === track.lat[k] && track.lon[k - 1] === track.lon[k] && inForce(k - 1))
    k--;
  return { distanceM: e.value, seg: Math.min(k, n - 2), f: k === n - 1 ? 1 : 0 };
}

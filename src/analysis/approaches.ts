/**
 * Closest approach of a track to a zone it did not enter: the smallest lateral distance to the
 * zone's boundary while the zone was in force, from the fixes within reach, refined along the
 * geodesic segments next to the closest fixes (so a pass between two fixes is not missed).
 */
import { NM_M } from '../geo/geodesic.js';
import { minimize } from '../geo/roots.js';
import type { Track } from '../tracks/track.js';
import type { CompiledZone } from '../zones/compiled.js';
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
  const near: Array<{ i: number; d: number }> = [];
  for (let i = 0; i < n; i++) {
    const t = track.t[i];
    if (t < zone.fromS || t >= zone.toS) continue;
    if (!zone.mayContain(track.lat[i], track.lon[i], reachM * 1.05)) continue;
    near.push({ i, d: zone.boundaryDistanceM(track.lat[i], track.lon[i]) });
  }
  if (near.length === 0) return null;
  near.sort((a, b) => a.d - b.d);
  let best: RawApproach = { distanceM: near[0].d, seg: near[0].i, f: 0 };
  if (best.seg === n - 1 && n > 1) best = { distanceM: best.distanceM, seg: n - 2, f: 1 };
  const refined = new Set<number>();
  for (const { i } of near.slice(0, 3)) {
    for (const s of [i - 1, i]) {
      if (s < 0 || s + 1 >= n || refined.has(s)) continue;
      refined.add(s);
      const ctx = segments.ctx(s);
      const m = minimize(
        (f) => {
          const p = ctx.seg.at(f);
          return zone.boundaryDistanceM(p.lat, p.lon);
        },
        0,
        1,
        1e-9,
        8,
      );
      if (m.fx < best.distanceM) best = { distanceM: m.fx, seg: s, f: m.x };
    }
  }
  return best.distanceM <= reachM ? best : null;
}

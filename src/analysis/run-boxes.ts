/**
 * Boxes of runs of consecutive fixes of a track, so that a zone far from a stretch of the track is
 * ruled out by one box test (the zone's mayContainSome) instead of one test per fix. A run across
 * the antimeridian gets a box wider than 180°, which mayContainSome leaves open.
 */
import type { Track } from '../tracks/track.js';
import type { CompiledZone } from '../zones/compiled.js';

/** Fixes per run. */
const RUN = 64;

export class RunBoxes {
  /** minLat, maxLat, minLon, maxLon of each run. */
  private readonly box: Float64Array;
  private readonly n: number;

  constructor(track: Track) {
    const { lat, lon } = track;
    this.n = lat.length;
    const runs = Math.ceil(this.n / RUN);
    this.box = new Float64Array(4 * runs);
    for (let r = 0; r < runs; r++) {
      let minLat = Number.POSITIVE_INFINITY;
      let maxLat = Number.NEGATIVE_INFINITY;
      let minLon = Number.POSITIVE_INFINITY;
      let maxLon = Number.NEGATIVE_INFINITY;
      for (let i = r * RUN; i < Math.min(this.n, (r + 1) * RUN); i++) {
        minLat = Math.min(minLat, lat[i]);
        maxLat = Math.max(maxLat, lat[i]);
        minLon = Math.min(minLon, lon[i]);
        maxLon = Math.max(maxLon, lon[i]);
      }
      this.box[4 * r] = minLat;
      this.box[4 * r + 1] = maxLat;
      this.box[4 * r + 2] = minLon;
      this.box[4 * r + 3] = maxLon;
    }
  }

  /**
   * The first fix (or the last, when `fromEnd`) for which `test` holds, -1 if none. `test` must
   * imply zone.mayContain(lat, lon, marginM) at that fix: runs whose box cannot are not looked into.
   */
  find(zone: CompiledZone, marginM: number, test: (i: number) => boolean, fromEnd = false): number {
    const runs = this.box.length / 4;
    for (let k = 0; k < runs; k++) {
      const r = fromEnd ? runs - 1 - k : k;
      const b = this.box;
      if (!zone.mayContainSome(b[4 * r], b[4 * r + 1], b[4 * r + 2], b[4 * r + 3], marginM)) continue;
      const lo = r * RUN;
      const hi = Math.min(this.n, lo + RUN) - 1;
      if (fromEnd) {
        for (let i = hi; i >= lo; i--) if (test(i)) return i;
      } else for (let i = lo; i <= hi; i++) if (test(i)) return i;
    }
    return -1;
  }
}

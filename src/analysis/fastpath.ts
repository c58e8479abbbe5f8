/**
 * The grid fast path of one track: which zones a segment certainly stays inside or outside of,
 * so the exact crossing search runs only where a boundary may be crossed, and upper bounds of
 * the path length between fixes, so the exact boundary distances (penetration depth, closest
 * approach) run only at fixes that can matter. Every shortcut is a proof, never an estimate:
 * the analysis gives the same result with or without it (test/fastpath.test.ts).
 */
import type { Track } from '../tracks/track.js';
import {
  type CompiledCatalog,
  type CompiledZone,
  type Interval,
  verticalInterval,
} from '../zones/compiled.js';
import { BOUNDARY, type CatalogGrid, INSIDE, OUTSIDE, segmentLengthUpperM } from '../zones/grid.js';
import { cachedCatalogGrid } from '../zones/grid-cache.js';

export { BOUNDARY, INSIDE, OUTSIDE };

const grids = new WeakMap<CompiledCatalog, { grid: CatalogGrid; index: Map<CompiledZone, number> }>();

/** The catalog grid of a compiled catalog (built on first use, a few seconds for 40 k vertices). */
export function catalogGridOf(compiled: CompiledCatalog): {
  grid: CatalogGrid;
  index: Map<CompiledZone, number>;
} {
  let g = grids.get(compiled);
  if (!g) {
    const grid = cachedCatalogGrid(compiled.zones);
    const index = new Map<CompiledZone, number>();
    compiled.zones.forEach((z, i) => {
      index.set(z, i);
    });
    g = { grid, index };
    grids.set(compiled, g);
  }
  return g;
}

/** Whether the catalog grid is already built (so using it costs nothing more). */
export function hasCatalogGrid(compiled: CompiledCatalog): boolean {
  return grids.has(compiled);
}

/** Cumulative upper bounds of the path length from fix 0, metres: |pathM[b] − pathM[a]| ≥ distance. */
export function pathUpperM(track: Track): Float64Array {
  const n = track.t.length;
  const s = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    s[i] = s[i - 1] + segmentLengthUpperM(track.lat[i - 1], track.lon[i - 1], track.lat[i], track.lon[i]);
  }
  return s;
}

/** Segments (× zones) the grid decided, and those left to the exact computation: for tests and reports. */
export const fastPathStats = { outside: 0, inside: 0, exact: 0 };

/** The grid's two answers, shared (a step must not allocate them; readers never mutate them). */
const NONE: Interval[] = Object.freeze([]) as unknown as Interval[];
const WHOLE: Interval[] = Object.freeze([
  Object.freeze({ a: 0, b: 1, causeA: 'lateral', causeB: 'lateral' }),
]) as unknown as Interval[];

export class FastTrack {
  private readonly combo: Uint32Array;
  private readonly clearM: Float32Array;
  private readonly nz: number;

  constructor(
    private readonly track: Track,
    private readonly grid: CatalogGrid,
    private readonly index: Map<CompiledZone, number>,
    readonly pathM: Float64Array,
  ) {
    const n = track.t.length;
    this.combo = new Uint32Array(n);
    this.clearM = new Float32Array(n);
    this.nz = grid.zones.length;
    this.refresh();
  }

  /** Re-reads the cells of every fix (after the track's columns were overwritten in place). */
  refresh(): void {
    this.runEnd = null;
    const track = this.track;
    const grid = this.grid;
    for (let k = 0; k < track.t.length; k++) {
      const c = grid.cellAt(track.lat[k], track.lon[k]);
      this.combo[k] = c >= 0 ? grid.cells[c] : 0;
      this.clearM[k] = c >= 0 ? grid.clear[c] : 0;
    }
  }

  /**
   * Where stepping a zone's visits from segment i on changes nothing: the end of the run of
   * segments from i that the cell clearances settle for every zone at once (each within its ends'
   * clearances, in one combination of zones all along), when the zone's intervals are [] over all
   * of it and no visit is open, or the whole segment over all of it and a visit is open. Returns
   * i itself where that is not so. The segments skipped would each have given the same intervals
   * through intervals() below, and the stitcher's state would have stayed as it was.
   */
  skipFrom(i: number, zone: CompiledZone, open: boolean): number {
    const end = this.runEnds()[i];
    if (end <= i) return i;
    const z = this.index.get(zone);
    if (z === undefined) return i;
    const base = this.combo[i] * this.nz;
    const s = this.grid.comboState[base + z];
    if (!open) return s === OUTSIDE ? end : i;
    if (s !== INSIDE) return i;
    const t = this.track.t;
    // In force all along; vertical limits are judged per segment (altitudes vary).
    if (zone.fromS > t[i] || zone.toS < t[end]) return i;
    if (zone.floorFt > Number.NEGATIVE_INFINITY || zone.ceilingFt < Number.POSITIVE_INFINITY) return i;
    for (const e of zone.excludes) {
      const ze = this.index.get(e);
      if (ze === undefined || this.grid.comboState[base + ze] !== OUTSIDE) return i;
    }
    return end;
  }

  /** runEnd[i]: the first segment from i on that the clearances do not settle (see skipFrom). */
  private runEnd: Int32Array | null = null;

  private runEnds(): Int32Array {
    if (this.runEnd) return this.runEnd;
    const n = this.track.t.length;
    const r = new Int32Array(Math.max(1, n));
    r[Math.max(0, n - 1)] = Math.max(0, n - 1);
    for (let k = n - 2; k >= 0; k--) {
      const settled =
        this.combo[k] === this.combo[k + 1] &&
        this.pathM[k + 1] - this.pathM[k] < this.clearM[k] + this.clearM[k + 1];
      r[k] = settled ? r[k + 1] : k;
    }
    this.runEnd = r;
    return r;
  }

  /** Clearance at fix k itself: its cell's, and its distance to the cell's edge. */
  private pointClearM(k: number): number {
    const t = this.track;
    const c = this.grid.cellAt(t.lat[k], t.lon[k]);
    return c >= 0 ? this.grid.clearanceAt(c, t.lat[k], t.lon[k]) : 0;
  }

  /** Lateral state of a zone's own geometry at fix k: OUTSIDE, INSIDE or BOUNDARY (unknown). */
  stateAt(k: number, zone: CompiledZone): number {
    const z = this.index.get(zone);
    if (z === undefined) return BOUNDARY;
    const s = this.grid.comboState[this.combo[k] * this.nz + z];
    if (s !== BOUNDARY) return s;
    const g = this.grid.grids[z];
    return g ? g.stateAt(this.track.lat[k], this.track.lon[k]) : BOUNDARY;
  }

  /** Full membership at fix k (zone.contains), through the grid where the lateral state is certain. */
  contains(k: number, zone: CompiledZone): boolean {
    const t = this.track;
    const s = this.stateAt(k, zone);
    if (s === BOUNDARY) return zone.contains(t.lat[k], t.lon[k], t.altFt[k], t.t[k]);
    if (s === OUTSIDE || !zone.activeAt(t.t[k], t.altFt[k])) return false;
    return !zone.excludes.some((e) => this.contains(k, e));
  }

  /**
   * Lateral state of the whole segment from fix i to fix i+1: OUTSIDE or INSIDE when it certainly
   * stays there (both ends on that side, and each point of it within the clearance of one end),
   * else BOUNDARY.
   */
  segmentState(i: number, zone: CompiledZone): number {
    const z = this.index.get(zone);
    if (z === undefined) return BOUNDARY;
    const lenM = this.pathM[i + 1] - this.pathM[i];
    const sa = this.grid.comboState[this.combo[i] * this.nz + z];
    const sb = this.grid.comboState[this.combo[i + 1] * this.nz + z];
    if (sa !== BOUNDARY && sa === sb) {
      if (lenM < this.clearM[i] + this.clearM[i + 1]) return sa;
      if (lenM < this.pointClearM(i) + this.pointClearM(i + 1)) return sa;
    }
    const g = this.grid.grids[z];
    if (!g) return BOUNDARY;
    const t = this.track;
    const la = g.leafAt(t.lat[i], t.lon[i]);
    const s1 = g.stateOf(la);
    if (s1 === BOUNDARY) return BOUNDARY;
    // Each clearance right after its leafAt, which it refines by the point's place in the leaf.
    const ca = g.clearanceOf(la, t.lat[i], t.lon[i]);
    const lb = g.leafAt(t.lat[i + 1], t.lon[i + 1]);
    if (g.stateOf(lb) !== s1) return BOUNDARY;
    return lenM < ca + g.clearanceOf(lb, t.lat[i + 1], t.lon[i + 1]) ? s1 : BOUNDARY;
  }

  /**
   * zone.intervals(segment i) when the grid makes them certain: [] when the segment stays
   * outside, the whole segment when it stays inside, in force, within the vertical limits and
   * outside every excluded zone; null when only the exact computation can tell.
   */
  intervals(i: number, zone: CompiledZone): Interval[] | null {
    const t = this.track;
    const t0 = t.t[i];
    const t1 = t.t[i + 1];
    // Not in force during the segment, or never between its limits: empty, as zone.intervals says.
    if (zone.fromS >= t1 || zone.toS <= t0) return NONE;
    if (verticalInterval(t.altFt[i], t.altFt[i + 1], zone.floorFt, zone.ceilingFt) === null) return NONE;
    const s = this.segmentState(i, zone);
    if (s === OUTSIDE) {
      fastPathStats.outside++;
      return NONE;
    }
    fastPathStats.exact++;
    if (s !== INSIDE) return null;
    if (zone.fromS >= t0 || zone.toS < t1) return null;
    if (!withinLimits(t.altFt[i], t.altFt[i + 1], zone.floorFt, zone.ceilingFt)) return null;
    // At a vertical limit at the first fix: the exact intervals name it as an entry's cause.
    if (t.altFt[i] === zone.floorFt || t.altFt[i] === zone.ceilingFt) return null;
    for (const e of zone.excludes) {
      const ex = this.intervals(i, e);
      if (ex === null) return null;
      // An excluded zone over the whole segment (an ADIZ's own territorial sea) leaves nothing.
      if (ex.length === 1) {
        fastPathStats.exact--;
        fastPathStats.outside++;
        return NONE;
      }
    }
    fastPathStats.exact--;
    fastPathStats.inside++;
    return WHOLE;
  }
}

/** Both altitudes within the limits, an unknown one judged by the other (as verticalInterval does). */
function withinLimits(alt0: number, alt1: number, floor: number, ceiling: number): boolean {
  const ok = (a: number) => a >= floor && a <= ceiling;
  const n0 = Number.isNaN(alt0);
  const n1 = Number.isNaN(alt1);
  if (n0 && n1) return true;
  if (n0) return ok(alt1);
  if (n1) return ok(alt0);
  return ok(alt0) && ok(alt1);
}

/** The fast path of a track against a compiled catalog (building the catalog grid on first use). */
export function fastTrackOf(track: Track, compiled: CompiledCatalog): FastTrack {
  const { grid, index } = catalogGridOf(compiled);
  return new FastTrack(track, grid, index, pathUpperM(track));
}

/**
 * The fast path of one segment at a time, for the live stepper: one two-fix track whose columns
 * are overwritten for each segment, so a step allocates nothing here.
 */
export class SegmentFastPath {
  private readonly track: Track = {
    id: '',
    label: null,
    icao24: null,
    category: 'unknown',
    operator: null,
    t: new Float64Array(2),
    lat: new Float64Array(2),
    lon: new Float64Array(2),
    altFt: new Float32Array(2),
  };
  private readonly path = new Float64Array(2);
  private readonly fast: FastTrack;

  constructor(compiled: CompiledCatalog) {
    const { grid, index } = catalogGridOf(compiled);
    this.fast = new FastTrack(this.track, grid, index, this.path);
  }

  /** The fast path of the segment (t0, lat0, lon0, alt0) → (t1, …); valid until the next call. */
  of(
    t0: number,
    lat0: number,
    lon0: number,
    alt0: number,
    t1: number,
    lat1: number,
    lon1: number,
    alt1: number,
  ): FastTrack {
    const tr = this.track;
    tr.t[0] = t0;
    tr.t[1] = t1;
    tr.lat[0] = lat0;
    tr.lat[1] = lat1;
    tr.lon[0] = lon0;
    tr.lon[1] = lon1;
    tr.altFt[0] = alt0;
    tr.altFt[1] = alt1;
    this.path[1] = segmentLengthUpperM(lat0, lon0, lat1, lon1);
    this.fast.refresh();
    return this.fast;
  }
}

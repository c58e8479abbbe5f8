/**
 * The Track type: one aircraft's fixes, stored column-wise.
 *
 * Layout: fix i is (t[i], lat[i], lon[i], altFt[i]); t in epoch seconds (fractional), lat/lon in
 * degrees WGS84, altFt in feet (NaN when unknown). Fixes are sorted by t with no duplicate time.
 * Between two fixes the aircraft flies the WGS84 geodesic at constant speed and its altitude
 * changes linearly in time.
 */

export type Category = 'state' | 'civil' | 'unknown';

/** What the track's data says about an ADIZ's requirements (undefined = not known). */
export interface Declared {
  flightPlan?: boolean;
  radio?: boolean;
  transponder?: boolean;
  positionReport?: boolean;
  priorNotice?: boolean;
}

export interface Track {
  id: string;
  label: string | null;
  icao24: string | null;
  category: Category;
  /** Alpha-3 of the operating state or airline's state, when known. */
  operator: string | null;
  t: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  altFt: Float32Array;
  /** Position uncertainty radius in metres per fix (report-tracks); absent = exact. */
  uncertaintyM?: Float32Array;
  declared?: Declared;
  /** Free-form metadata from the reader (type, registration, source file...). */
  meta?: Record<string, unknown>;
}

/** The number of fixes of all these tracks. */
export function fixCount(tracks: readonly Track[]): number {
  let n = 0;
  for (const t of tracks) n += t.t.length;
  return n;
}

/** A problem with one input record or field. */
export interface Diagnostic {
  file: string;
  line?: number;
  field?: string;
  message: string;
}

export interface ReadResult {
  tracks: Track[];
  /** Records rejected (each names file, line, field) and cleaning notes. */
  problems: Diagnostic[];
  /** Number of input records seen (rows, points, messages). */
  records: number;
}

export class InputError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(formatDiagnostic(diagnostic));
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = [
    d.file,
    d.line !== undefined ? `line ${d.line}` : null,
    d.field ? `field '${d.field}'` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${d.message}`;
}

/** A track's columns as a reader builds them (uncertaintyM: null when no fix has one). */
export interface FixColumns {
  t: Float64Array<ArrayBuffer>;
  lat: Float64Array<ArrayBuffer>;
  lon: Float64Array<ArrayBuffer>;
  altFt: Float32Array<ArrayBuffer>;
  uncertaintyM: Float32Array<ArrayBuffer> | null;
}

/** Grows column arrays while a reader appends fixes; no object per fix. */
export class TrackBuilder implements FixColumns {
  n = 0;
  t = new Float64Array(0);
  lat = new Float64Array(0);
  lon = new Float64Array(0);
  altFt = new Float32Array(0);
  uncertaintyM: Float32Array<ArrayBuffer> | null = null;

  push(t: number, lat: number, lon: number, altFt: number, uncertaintyM?: number): void {
    if (this.n === this.t.length) this.grow();
    const i = this.n++;
    this.t[i] = t;
    this.lat[i] = lat;
    this.lon[i] = lon;
    this.altFt[i] = altFt;
    if (uncertaintyM !== undefined) {
      if (!this.uncertaintyM) this.uncertaintyM = new Float32Array(this.t.length);
      this.uncertaintyM[i] = uncertaintyM;
    }
  }

  /** Appends the first n fixes of columns like these (copied). */
  append(cols: FixColumns, n: number): void {
    const i = this.n;
    // Exactly sized when the fixes come in one run (a reader of a file sorted by track).
    if (this.t.length < i + n) this.grow(i === 0 ? n : Math.max(i + n, this.t.length * 2));
    this.t.set(cols.t.subarray(0, n), i);
    this.lat.set(cols.lat.subarray(0, n), i);
    this.lon.set(cols.lon.subarray(0, n), i);
    this.altFt.set(cols.altFt.subarray(0, n), i);
    if (cols.uncertaintyM) {
      this.uncertaintyM ??= new Float32Array(this.t.length);
      this.uncertaintyM.set(cols.uncertaintyM.subarray(0, n), i);
    }
    this.n = i + n;
  }

  /** An empty builder takes exactly sized columns as they are (handed over by another thread). */
  adopt(cols: FixColumns): void {
    this.t = cols.t;
    this.lat = cols.lat;
    this.lon = cols.lon;
    this.altFt = cols.altFt;
    this.uncertaintyM = cols.uncertaintyM;
    this.n = cols.t.length;
  }

  private grow(size = Math.max(64, this.t.length * 2)): void {
    const g64 = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    const g32 = (a: Float32Array) => {
      const b = new Float32Array(size);
      b.set(a);
      return b;
    };
    this.t = g64(this.t);
    this.lat = g64(this.lat);
    this.lon = g64(this.lon);
    this.altFt = g32(this.altFt);
    if (this.uncertaintyM) this.uncertaintyM = g32(this.uncertaintyM);
  }

  /** Cuts the columns to the fixes pushed so far (pushing can go on). */
  trim(): void {
    if (this.t.length === this.n) return;
    this.t = this.t.slice(0, this.n);
    this.lat = this.lat.slice(0, this.n);
    this.lon = this.lon.slice(0, this.n);
    this.altFt = this.altFt.slice(0, this.n);
    if (this.uncertaintyM) this.uncertaintyM = this.uncertaintyM.slice(0, this.n);
  }

  /** The fixes as exactly sized columns (unsorted; see tracks/clean.ts): the builder's own, trimmed. */
  build(meta: Omit<Track, 't' | 'lat' | 'lon' | 'altFt'>): Track {
    this.trim();
    const track: Track = { ...meta, t: this.t, lat: this.lat, lon: this.lon, altFt: this.altFt };
    if (this.uncertaintyM) track.uncertaintyM = this.uncertaintyM;
    return track;
  }
}

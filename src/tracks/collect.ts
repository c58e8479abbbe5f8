/**
 * What every reader feeds: fixes grouped into tracks by a key, each checked on the way in, with
 * one Diagnostic per rejected record; `finish()` cleans the tracks and makes the ReadResult.
 */
import { cleanTrack, isClean } from './clean.js';
import type { ReadOptions } from './format.js';
import { excerpt } from './text.js';
import {
  type Category,
  type Diagnostic,
  type FixColumns,
  InputError,
  type ReadResult,
  type Track,
  TrackBuilder,
} from './track.js';

export interface TrackInfo {
  id: string;
  label: string | null;
  icao24: string | null;
  category: Category;
  operator: string | null;
  meta?: Record<string, unknown>;
}

/** Names of the fields a reader takes the time and position from (for diagnostics). */
export interface FixFields {
  time: string;
  lat: string;
  lon: string;
}

export type FixPart = 'time' | 'lat' | 'lon';

export class TrackGroup {
  readonly builder = new TrackBuilder();
  /** Line or record number of each fix. */
  at = new Int32Array(0);

  /** Whether cleaning would keep the fixes as they are (undefined: not known, or fixes added since). */
  clean: boolean | undefined;

  constructor(readonly info: TrackInfo) {}

  /** Trims the columns and finds out whether cleaning would change them. */
  seal(): void {
    if (this.clean !== undefined) return;
    this.builder.trim();
    this.at = this.at.slice(0, this.builder.n);
    this.clean = isClean(this.builder);
  }

  /** Appends the first n fixes of a run (copied), their line numbers shifted by `lineOffset`. */
  append(run: FixRun, n: number, lineOffset = 0): void {
    const i = this.builder.n;
    this.clean = undefined;
    this.builder.append(run, n);
    this.fitAt(i);
    for (let k = 0; k < n; k++) this.at[i + k] = run.at[k] + lineOffset;
  }

  /** An empty group takes another thread's sealed group as its own, line numbers shifted. */
  adopt(part: GroupPart, lineOffset: number): void {
    this.builder.adopt(part);
    this.at = part.at;
    if (lineOffset !== 0) for (let k = 0; k < this.at.length; k++) this.at[k] += lineOffset;
    this.clean = part.clean;
  }

  push(t: number, lat: number, lon: number, altFt: number, at: number, uncertaintyM?: number): void {
    const i = this.builder.n;
    this.clean = undefined;
    this.builder.push(t, lat, lon, altFt, uncertaintyM);
    this.fitAt(i);
    this.at[i] = at;
  }

  /** Grows the line numbers with the builder's columns, keeping the first i. */
  private fitAt(i: number): void {
    if (this.at.length >= this.builder.t.length) return;
    const a = new Int32Array(this.builder.t.length);
    a.set(this.at.subarray(0, i));
    this.at = a;
  }
}

/** Fixes in columns with the line or record number of each. */
export interface FixRun extends FixColumns {
  at: Int32Array<ArrayBuffer>;
}

/** One group's fixes as a reader of part of a file collected them, sealed (exactly sized). */
export interface GroupPart extends FixRun {
  key: string;
  info: TrackInfo;
  /** Whether cleaning would keep these fixes as they are. */
  clean: boolean | undefined;
}

/** What a collector over a later stretch of a file hands to the one over the whole file. */
export interface CollectedPart {
  groups: GroupPart[];
  problems: Diagnostic[];
  suppressed: number;
  records: number;
}

/** Past this many diagnostics per file only their count is kept (a broken 1 GB file must not OOM). */
export const MAX_PROBLEMS = 50_000;

export class TrackCollector {
  readonly problems: Diagnostic[] = [];
  records = 0;
  private suppressed = 0;
  private readonly groups = new Map<string, TrackGroup>();

  constructor(
    readonly file: string,
    /** Whether `at` numbers are text lines or records of a JSON document. */
    readonly unit: 'line' | 'record' | 'point',
    readonly options: ReadOptions = {},
  ) {}

  get(key: string): TrackGroup | undefined {
    return this.groups.get(key);
  }

  open(key: string, info: TrackInfo): TrackGroup {
    let g = this.groups.get(key);
    if (!g) {
      g = new TrackGroup(info);
      this.groups.set(key, g);
    }
    return g;
  }

  get groupCount(): number {
    return this.groups.size;
  }

  /** One rejected record or field. `at` is the line or record number (undefined: the whole file). */
  problem(at: number | undefined, field: string | undefined, message: string): void {
    if (this.problems.length >= MAX_PROBLEMS) {
      this.suppressed++;
      return;
    }
    const d: Diagnostic = { file: this.file, message };
    if (at !== undefined) {
      if (this.unit === 'line') d.line = at;
      else d.message = `${this.unit} ${at}: ${message}`;
    }
    if (field) d.field = field;
    this.problems.push(d);
  }

  /**
   * Checks one fix and appends it to g, or reports why it was rejected. NaN altitude is fine
   * (unknown); a missing or out-of-range time or coordinate rejects the record.
   */
  add(
    g: TrackGroup,
    t: number,
    lat: number,
    lon: number,
    altFt: number,
    at: number,
    fields: FixFields,
    raw?: (part: FixPart) => unknown,
    uncertaintyM?: number,
  ): boolean {
    if (!this.accept(t, lat, lon, at, fields, raw)) return false;
    g.push(t, lat, lon, altFt, at, uncertaintyM);
    return true;
  }

  /** The checks of add(), reporting why a fix is rejected; the caller keeps it when true. */
  accept(
    t: number,
    lat: number,
    lon: number,
    at: number,
    fields: FixFields,
    raw?: (part: FixPart) => unknown,
  ): boolean {
    if (!Number.isFinite(t)) {
      const v = raw?.('time');
      this.problem(
        at,
        fields.time,
        v === undefined || v === null || v === ''
          ? 'time is missing'
          : `time ${excerpt(v)} is not an ISO 8601 time or epoch seconds`,
      );
      return false;
    }
    if (!(Math.abs(lat) <= 90)) {
      this.problem(at, fields.lat, this.badCoordinate('latitude', lat, 90, raw?.('lat')));
      return false;
    }
    if (!(Math.abs(lon) <= 180)) {
      const why = this.badCoordinate('longitude', lon, 180, raw?.('lon'));
      this.problem(at, fields.lon, Number.isFinite(lon) ? `${why} (longitudes are not normalised)` : why);
      return false;
    }
    return true;
  }

  private badCoordinate(name: string, v: number, limit: number, raw: unknown): string {
    if (Number.isFinite(v)) return `${name} ${v} is outside [-${limit}, ${limit}]`;
    if (raw === undefined || raw === null || raw === '') return `${name} is missing`;
    return `${name} ${excerpt(raw)} is not a number`;
  }

  /**
   * Seals every group (TrackGroup.seal): a reader over part of a file does it while the others
   * still read, so that finish() has left only the groups two parts share.
   */
  seal(): void {
    for (const g of this.groups.values()) g.seal();
  }

  /** Everything collected, sealed, for absorb() in another thread (the columns can be transferred). */
  part(): CollectedPart {
    this.seal();
    const groups: GroupPart[] = [];
    for (const [key, g] of this.groups) {
      const b = g.builder;
      groups.push({
        key,
        info: g.info,
        clean: g.clean,
        t: b.t,
        lat: b.lat,
        lon: b.lon,
        altFt: b.altFt,
        uncertaintyM: b.uncertaintyM,
        at: g.at,
      });
    }
    return { groups, problems: this.problems, suppressed: this.suppressed, records: this.records };
  }

  /**
   * Takes in what a collector over the next stretch of the same file collected, as if this one
   * had read on: its line numbers start after `lineOffset` lines, a group it shares with this one
   * continues it, its problems come after this one's.
   */
  absorb(part: CollectedPart, lineOffset: number): void {
    for (const p of part.groups) {
      const g = this.groups.get(p.key) ?? this.open(p.key, p.info);
      if (g.builder.n === 0) g.adopt(p, lineOffset);
      else g.append(p, p.t.length, lineOffset);
    }
    for (const d of part.problems) {
      if (this.problems.length >= MAX_PROBLEMS) this.suppressed++;
      else this.problems.push(d.line === undefined ? d : { ...d, line: d.line + lineOffset });
    }
    this.suppressed += part.suppressed;
    this.records += part.records;
  }

  /** Cleans every track and returns the result; throws InputError when no fix survived. */
  finish(): ReadResult {
    const tracks: Track[] = [];
    const used = new Map<string, number>();
    for (const g of this.groups.values())
      if (g.builder.n > 0) used.set(g.info.id, (used.get(g.info.id) ?? 0) + 1);
    const taken = new Set<string>();
    for (const g of this.groups.values()) {
      if (g.builder.n === 0) continue;
      const info = { ...g.info };
      if ((used.get(info.id) ?? 0) > 1) info.id = uniqueId(info, taken);
      taken.add(info.id);
      if (this.options.category) info.category = this.options.category;
      if (this.options.operator) info.operator = this.options.operator;
      const clean = g.clean;
      const raw = g.builder.build(info);
      const { track, problems } = clean
        ? { track: raw, problems: [] }
        : cleanTrack(raw, this.file, { unit: this.unit, at: g.at.subarray(0, g.builder.n) });
      for (const p of problems) {
        if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
        else this.suppressed++;
      }
      if (track.t.length > 0) tracks.push(track);
    }
    if (this.suppressed > 0)
      this.problems.push({ file: this.file, message: `${this.suppressed} more problem(s) not listed` });
    if (tracks.length === 0) {
      const first = this.problems[0];
      const why =
        this.records === 0
          ? 'no records found (empty or not a track file of this format)'
          : `none of ${this.records} record(s) gave a usable fix` +
            (first
              ? ` (${this.problems.length} problem(s); first: ${first.line !== undefined ? `line ${first.line}, ` : ''}${first.message})`
              : '');
      throw new InputError({ file: this.file, message: why });
    }
    return { tracks, problems: this.problems, records: this.records };
  }
}

function uniqueId(info: TrackInfo, taken: Set<string>): string {
  if (info.icao24) {
    const id = `${info.id} (${info.icao24})`;
    if (!taken.has(id)) return id;
  }
  for (let k = 2; ; k++) {
    const id = `${info.id} #${k}`;
    if (!taken.has(id)) return id;
  }
}

/** Trimmed string or null when empty/absent. */
export function text(v: unknown): string | null {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s === '' ? null : s;
}

/** A Category from data, or null when the value is not one. */
export function categoryOf(v: unknown): Category | null {
  const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
  return s === 'state' || s === 'civil' || s === 'unknown' ? s : null;
}

/**
 * Groups fixes of one transponder into flights by callsign: a new non-empty callsign starts (or
 * resumes) the track of that icao24+callsign; a fix without a callsign stays with the aircraft's
 * current track, which takes the first callsign that turns up.
 */
export class FlightKeys {
  private readonly current = new Map<string, { key: string; callsign: string | null }>();

  /** The group key for this fix and the track's callsign so far. */
  key(icao24: string, callsign: string | null): { key: string; callsign: string | null } {
    const cur = this.current.get(icao24);
    if (cur && (callsign === null || cur.callsign === callsign)) return cur;
    if (cur && cur.callsign === null) {
      cur.callsign = callsign;
      return cur;
    }
    const next = { key: `${icao24}|${callsign ?? ''}`, callsign };
    this.current.set(icao24, next);
    return next;
  }
}

/**
 * The server's heavy work, as plain functions of plain data so they can run in a worker thread
 * (compute-worker.ts): reading and analysing an upload, and intersecting zones. The event loop
 * stays free to answer other requests while a large file is analysed.
 */
import { analyze } from '../analysis/analyze.js';
import type { AnalysisResult } from '../analysis/types.js';
import { toGeoJson } from '../report/geojson.js';
import type { TrackFormat } from '../tracks/format.js';
import { readTrackBuffer } from '../tracks/read.js';
import type { Category, Diagnostic, Track } from '../tracks/track.js';
import { builtinCatalog } from '../zones/catalog.js';
import { type Overlap, overlaps } from '../zones/overlaps.js';
import type { Catalog, Zone } from '../zones/zone.js';

/** A catalog described by parts: the built-in one (rebuilt where the work runs) plus extra zones. */
export interface CatalogSpec {
  builtin: boolean;
  /** Zones added after (and overriding) the built-in ones, as loadZones does. */
  extra: Zone[];
  id: string;
  version: string;
}

export interface AnalyzeTask {
  kind: 'analyze';
  name: string;
  data: Uint8Array;
  read: { format?: TrackFormat; category?: Category; operator?: string };
  options: { maxGapS?: number; approachNm?: number };
  catalog: CatalogSpec;
}

export interface AnalyzeOutput {
  result: AnalysisResult;
  /** Rendered here, where the tracks are: JSON text, stored and served as is. */
  geojsonJson: string;
  tracksJson: string;
  problems: Diagnostic[];
  records: number;
}

export interface OverlapsTask {
  kind: 'overlaps';
  catalog: CatalogSpec;
}

export type Task = AnalyzeTask | OverlapsTask;

export function catalogOf(spec: CatalogSpec): Catalog {
  if (spec.builtin && spec.extra.length === 0) return builtinCatalog();
  const byId = new Map<string, Zone>();
  if (spec.builtin) for (const z of builtinCatalog().zones) byId.set(z.id, z);
  for (const z of spec.extra) byId.set(z.id, z);
  return { id: spec.id, version: spec.version, zones: [...byId.values()] };
}

/** Fixes for the page's replay: columns; 6 decimals (~0.1 m) are plenty for drawing. */
export function replayTracks(tracks: Track[]) {
  const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    tracks: tracks.map((t) => ({
      id: t.id,
      label: t.label,
      icao24: t.icao24,
      category: t.category,
      operator: t.operator,
      t: Array.from(t.t, (x) => Math.round(x * 1000) / 1000),
      lat: Array.from(t.lat, round6),
      lon: Array.from(t.lon, round6),
      altFt: Array.from(t.altFt, (a) => (Number.isNaN(a) ? null : Math.round(a))),
    })),
  };
}

/**
 * Reads and analyses one upload. Returns null result when the file holds no usable track (the
 * caller answers 400 with the problems); reader InputErrors propagate.
 */
export function analyzeUpload(task: AnalyzeTask): AnalyzeOutput | { noTrack: true; problems: Diagnostic[] } {
  const read = readTrackBuffer(
    task.name,
    Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength),
    task.read,
  );
  if (read.tracks.length === 0) return { noTrack: true, problems: read.problems };
  const catalog = catalogOf(task.catalog);
  const result = analyze(read.tracks, catalog, task.options);
  return {
    result,
    geojsonJson: JSON.stringify(toGeoJson(result, read.tracks, catalog)),
    tracksJson: JSON.stringify(replayTracks(read.tracks)),
    problems: read.problems,
    records: read.records,
  };
}

export function zoneOverlaps(task: OverlapsTask): Overlap[] {
  return overlaps(catalogOf(task.catalog).zones);
}

export function runTask(task: Task): unknown {
  return task.kind === 'analyze' ? analyzeUpload(task) : zoneOverlaps(task);
}

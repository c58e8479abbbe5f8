/**
 * analyzeParallel: the same result as analyze(), computed by worker threads over partitions of
 * the tracks. Tracks are dealt to workers in contiguous runs that shrink towards the end; each
 * worker analyses its tracks one by one and the parts are put back in the original track order,
 * so visits, approaches and warnings come out exactly as analyze() lists them.
 *
 * Workers are kept in a pool between calls (stopped after 2 s idle, so a finished program exits)
 * and keep each catalog they were sent compiled, with its grid: a catalog crosses to a worker
 * once, and calls in a row pay only for the tracks.
 */
import { availableParallelism } from 'node:os';
import { fixCount, type Track } from '../tracks/track.js';
import { type PooledWorker, WorkerPool } from '../util/worker-pool.js';
import type { Catalog } from '../zones/zone.js';
import {
  type AnalyzeOptions,
  addTrack,
  analyze,
  compileCatalog,
  emptyResult,
  type TrackAnalysis,
  useFastPath,
} from './analyze.js';
import type { AnalysisResult } from './types.js';

export type ParallelOptions = Pick<AnalyzeOptions, 'maxGapS' | 'approachNm' | 'onProgress'>;

/**
 * Contiguous runs of tracks for workers that take the next run whenever they are free. Each run
 * holds about the fixes still to deal out over twice the workers, and none fewer than the floor
 * (guided self-scheduling): the runs shrink towards the end, so no core idles long at the end
 * while another finishes a large run.
 */
export function chunkRuns(tracks: Track[], workers: number): Array<[number, number]> {
  let left = fixCount(tracks);
  const floor = left / (workers * SMALLEST_RUN);
  const out: Array<[number, number]> = [];
  let start = 0;
  while (start < tracks.length) {
    const goal = Math.max(floor, left / (2 * workers));
    let end = start;
    let acc = 0;
    while (end < tracks.length && (acc < goal || end === start)) acc += tracks[end++].t.length;
    out.push([start, end]);
    left -= acc;
    start = end;
  }
  return out;
}

/** What a worker is asked to do. */
export interface BatchTask {
  id: number;
  token: number;
  /** Sent only the first time this worker sees the token. */
  catalog?: Catalog;
  tracks: Track[];
  maxGapS: number;
  approachNm: number;
  /** Whether to use the catalog grid (decided once for all the tracks, as analyze() does). */
  fastPath: boolean;
}

export type BatchReply =
  | { id: number; ok: true; parts: TrackAnalysis[] }
  | { id: number; ok: false; error: string };

const pool = new WorkerPool<BatchTask, BatchReply>(import.meta.url, 'batch-worker');
/** The catalog tokens each worker holds compiled. */
const held = new WeakMap<object, Set<number>>();
const tokens = new WeakMap<Catalog, number>();
let nextToken = 1;
/** The smallest run is this fraction of a worker's share: small enough to even out the end, few enough to keep messages cheap. */
const SMALLEST_RUN = 32;

/** Stops the pooled workers (tests and long-lived servers that want their threads back). */
export function closeWorkers(): Promise<void> {
  return pool.close();
}

export async function analyzeParallel(
  tracks: Track[],
  catalog: Catalog,
  options: ParallelOptions = {},
  workers = Math.max(1, availableParallelism()),
): Promise<AnalysisResult> {
  if (workers <= 1 || tracks.length < 2) return analyze(tracks, catalog, options);
  const compiled = compileCatalog(catalog);
  let token = tokens.get(catalog);
  if (token === undefined) {
    token = nextToken++;
    tokens.set(catalog, token);
  }
  // Runs handed to whichever worker is free: tracks differ a lot in cost (a long visit deep
  // inside a zone), so a static split idles a core.
  const chunks = chunkRuns(tracks, workers);
  const fastPath = useFastPath(tracks, compiled);
  const parts: TrackAnalysis[][] = new Array(chunks.length);
  let next = 0;
  let done = 0;
  const tok = token;
  const drain = async (w: PooledWorker<BatchTask, BatchReply>): Promise<void> => {
    const has = held.get(w) ?? new Set<number>();
    held.set(w, has);
    while (next < chunks.length) {
      const k = next++;
      const [a, b] = chunks[k];
      const first = !has.has(tok);
      has.add(tok);
      const fail = (e: string) => new Error(`analysis worker for tracks ${a}..${b - 1}: ${e}`);
      const reply = await w
        .run({
          id: pool.nextId(),
          token: tok,
          catalog: first ? catalog : undefined,
          tracks: tracks.slice(a, b),
          maxGapS: options.maxGapS ?? 600,
          approachNm: options.approachNm ?? 50,
          fastPath,
        })
        .catch((e: Error) => {
          throw fail(e.message);
        });
      if (!reply.ok) throw fail(reply.error);
      parts[k] = reply.parts;
      done += b - a;
      options.onProgress?.(done, tracks.length);
    }
  };
  await pool.use(workers, (ws) => Promise.all(ws.map(drain)));
  const result = emptyResult(catalog, compiled);
  for (const list of parts) for (const r of list) addTrack(result, r);
  return result;
}

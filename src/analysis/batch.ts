/**
 * analyzeParallel: the same result as analyze(), computed by worker threads over partitions of
 * the tracks. Tracks are dealt to workers in contiguous runs of about equal fix counts; each
 * worker analyses its tracks one by one and the parts are put back in the original track order,
 * so visits, approaches and warnings come out exactly as analyze() lists them.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Track } from '../tracks/track.js';
import type { Catalog } from '../zones/zone.js';
import { type AnalyzeOptions, VERSION, type TrackAnalysis, analyze, compileCatalog } from './analyze.js';
import type { AnalysisResult } from './types.js';

export interface ParallelOptions {
  maxGapS?: number;
  approachNm?: number;
}

/** Contiguous runs of tracks with about equal numbers of fixes. */
export function partition(tracks: Track[], parts: number): Array<[number, number]> {
  let total = 0;
  for (const t of tracks) total += t.t.length;
  const out: Array<[number, number]> = [];
  let start = 0;
  let acc = 0;
  for (let p = 0; p < parts && start < tracks.length; p++) {
    const goal = (total * (p + 1)) / parts;
    let end = start;
    while (end < tracks.length && (acc < goal || end === start)) acc += tracks[end++].t.length;
    if (p === parts - 1) {
      while (end < tracks.length) acc += tracks[end++].t.length;
    }
    out.push([start, end]);
    start = end;
  }
  return out;
}

/** A worker running batch-worker; from TypeScript sources (tsx, vitest) it registers tsx first. */
function startWorker(workerData: unknown): Worker {
  const ts = import.meta.url.endsWith('.ts');
  const url = new URL(ts ? './batch-worker.ts' : './batch-worker.js', import.meta.url);
  if (!ts) return new Worker(url, { workerData });
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

export async function analyzeParallel(
  tracks: Track[],
  catalog: Catalog,
  options: ParallelOptions = {},
  workers = Math.max(1, availableParallelism()),
): Promise<AnalysisResult> {
  const opts: AnalyzeOptions = { maxGapS: options.maxGapS, approachNm: options.approachNm };
  if (workers <= 1 || tracks.length < 2) return analyze(tracks, catalog, opts);
  const compiled = compileCatalog(catalog);
  const runs = partition(tracks, workers);
  const parts = await Promise.all(
    runs.map(
      ([a, b]) =>
        new Promise<TrackAnalysis[]>((resolve, reject) => {
          const w = startWorker({
            catalog,
            tracks: tracks.slice(a, b),
            maxGapS: options.maxGapS ?? 600,
            approachNm: options.approachNm ?? 50,
          });
          w.once('message', (m: { ok: true; parts: TrackAnalysis[] } | { ok: false; error: string }) => {
            if (m.ok) resolve(m.parts);
            else reject(new Error(`analysis worker for tracks ${a}..${b - 1}: ${m.error}`));
            void w.terminate();
          });
          w.once('error', reject);
        }),
    ),
  );
  const result: AnalysisResult = {
    tool: { name: 'incursion', version: VERSION },
    catalog: { id: catalog.id, version: catalog.version },
    tracks: [],
    visits: [],
    approaches: [],
    warnings: compiled.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`),
  };
  for (const list of parts) {
    for (const r of list) {
      result.tracks.push(r.summary);
      result.visits.push(...r.visits);
      result.approaches.push(...r.approaches);
      result.warnings.push(...r.warnings);
    }
  }
  return result;
}

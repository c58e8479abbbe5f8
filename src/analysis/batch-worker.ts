/** The worker side of analyzeParallel: analyses the tracks it was given, one by one. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Track } from '../tracks/track.js';
import type { Catalog } from '../zones/zone.js';
import { type TrackAnalysis, analyzeTrack, compileCatalog } from './analyze.js';

const data = workerData as { catalog: Catalog; tracks: Track[]; maxGapS: number; approachNm: number };
try {
  const compiled = compileCatalog(data.catalog);
  const parts: TrackAnalysis[] = data.tracks.map((t) => analyzeTrack(t, compiled, data.maxGapS, data.approachNm));
  parentPort?.postMessage({ ok: true, parts });
} catch (err) {
  parentPort?.postMessage({ ok: false, error: (err as Error).stack ?? String(err) });
}

/**
 * The worker side of analyzeParallel: analyses the tracks of each task it gets, one by one, with
 * the catalog of the task's token compiled once and kept.
 */
import { parentPort } from 'node:worker_threads';
import type { CompiledCatalog } from '../zones/compiled.js';
import { analyzeTrack, compileCatalog } from './analyze.js';
import type { BatchReply, BatchTask } from './batch.js';

const catalogs = new Map<number, CompiledCatalog>();

parentPort?.on('message', (task: BatchTask) => {
  let reply: BatchReply;
  try {
    let compiled = catalogs.get(task.token);
    if (!compiled) {
      if (!task.catalog) throw new Error(`catalog ${task.token} was never sent to this worker`);
      compiled = compileCatalog(task.catalog);
      catalogs.set(task.token, compiled);
    }
    const c = compiled;
    reply = {
      id: task.id,
      ok: true,
      parts: task.tracks.map((t) => analyzeTrack(t, c, task.maxGapS, task.approachNm, task.fastPath)),
    };
  } catch (err) {
    reply = { id: task.id, ok: false, error: (err as Error).stack ?? String(err) };
  }
  parentPort?.postMessage(reply);
});

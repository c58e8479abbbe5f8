/**
 * Worker thread entry: runs compute.ts tasks one at a time and posts back the answer, or the
 * error with its Diagnostic (an InputError names the file and line; the main thread turns it into
 * a 400).
 */
import { parentPort } from 'node:worker_threads';
import { runTask, type Task } from './compute.js';

parentPort?.on('message', (msg: { id: number; task: Task }) => {
  try {
    parentPort?.postMessage({ id: msg.id, ok: true, value: runTask(msg.task) });
  } catch (err) {
    const e = err as Error & { diagnostic?: unknown };
    parentPort?.postMessage({
      id: msg.id,
      ok: false,
      error: { message: e?.message ?? String(err), stack: e?.stack, diagnostic: e?.diagnostic },
    });
  }
});

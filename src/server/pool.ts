/**
 * One worker thread for the server's heavy work (compute.ts), started on first use. Tasks queue
 * in the worker and run one at a time; a crashed worker fails its tasks and is replaced on the
 * next one.
 */
import type { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../tracks/track.js';
import { startWorker } from '../util/worker.js';
import type { Task } from './compute.js';

/** An error thrown inside the worker, with the Diagnostic it carried (if any). */
export class WorkerTaskError extends Error {
  constructor(
    message: string,
    readonly diagnostic: Diagnostic | undefined,
    readonly workerStack?: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class ComputePool {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  run<T>(task: Task, transfer: ArrayBuffer[] = []): Promise<T> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, task }, transfer);
    });
  }

  private start(): Worker {
    const worker = startWorker(import.meta.url, 'compute-worker');
    worker.unref();
    worker.on(
      'message',
      (msg: {
        id: number;
        ok: boolean;
        value?: unknown;
        error?: { message: string; stack?: string; diagnostic?: Diagnostic };
      }) => {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.value);
        else
          p.reject(
            new WorkerTaskError(
              msg.error?.message ?? 'worker error',
              msg.error?.diagnostic,
              msg.error?.stack,
            ),
          );
      },
    );
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the compute worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

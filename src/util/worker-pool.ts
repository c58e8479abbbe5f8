/**
 * Worker threads kept between calls, so that a program that calls again (the next file, the next
 * batch) finds them started and their code already optimised. A worker is referenced only while
 * it has work: an idle pool never keeps a finished program alive, and it is stopped after a while
 * without work, so a long-lived program gets its threads back. Tasks and replies carry an id; a
 * worker that fails or stops rejects the tasks it had and leaves the pool.
 */
import type { Transferable, Worker } from 'node:worker_threads';
import { startWorker } from './worker.js';

export interface Message {
  id: number;
}

export class PooledWorker<T extends Message, R extends Message> {
  readonly worker: Worker;
  /** Tasks answered so far (0: its code has not run yet). */
  answered = 0;
  private readonly pending = new Map<number, { resolve: (r: R) => void; reject: (e: Error) => void }>();

  constructor(callerUrl: string, name: string, gone: (w: PooledWorker<T, R>) => void) {
    this.worker = startWorker(callerUrl, name);
    this.worker.on('message', (m: R) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      this.answered++;
      if (this.pending.size === 0) this.worker.unref();
      p.resolve(m);
    });
    const fail = (e: Error) => {
      gone(this);
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', () => fail(new Error('the worker stopped without an answer')));
    // Referenced only while it has work (attaching the listeners above referenced it).
    this.worker.unref();
  }

  run(task: T, transfer: Transferable[] = []): Promise<R> {
    return new Promise((resolve, reject) => {
      this.pending.set(task.id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage(task, transfer);
    });
  }
}

export class WorkerPool<T extends Message, R extends Message> {
  private readonly workers: Array<PooledWorker<T, R>> = [];
  private idleTimer: NodeJS.Timeout | null = null;
  private busy = 0;
  private lastId = 0;

  /** Workers run the module `name` next to the caller's (see startWorker). */
  constructor(
    private readonly callerUrl: string,
    private readonly name: string,
    private readonly idleMs = 2_000,
  ) {}

  /** A new task id. */
  nextId(): number {
    return ++this.lastId;
  }

  /** Runs fn with n workers (started as needed), which the idle timer leaves alone meanwhile. */
  async use<X>(n: number, fn: (workers: Array<PooledWorker<T, R>>) => Promise<X>): Promise<X> {
    this.busy++;
    try {
      while (this.workers.length < n)
        this.workers.push(
          new PooledWorker<T, R>(this.callerUrl, this.name, (w) => {
            const k = this.workers.indexOf(w);
            if (k >= 0) this.workers.splice(k, 1);
          }),
        );
      return await fn(this.workers.slice(0, n));
    } finally {
      this.busy--;
      this.stopWhenIdle();
    }
  }

  /** Stops the workers (tests, and long-lived programs that want their threads back at once). */
  async close(): Promise<void> {
    const all = this.workers.splice(0);
    await Promise.all(all.map((w) => w.worker.terminate()));
  }

  private stopWhenIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.busy === 0) void this.close();
    }, this.idleMs);
    this.idleTimer.unref();
  }
}

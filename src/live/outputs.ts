/**
 * Where live events go besides the SSE/WebSocket routes: NDJSON to a stream (stdout), NDJSON to a
 * file delivered exactly once across restarts, and webhooks with retry, backoff and an
 * idempotency key per event. Every event carries its store `seq` and its deterministic `id`.
 */
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import type { LiveEvent } from './engine.js';
import type { LiveService } from './service.js';

/** Filters shared by the event routes: lists of accepted values, empty = any. */
export interface EventFilter {
  zones?: string[];
  kinds?: string[];
  tracks?: string[];
  types?: string[];
}

export function matches(e: LiveEvent, f: EventFilter): boolean {
  if (f.types?.length && !f.types.includes(e.type)) return false;
  if (f.tracks?.length && !f.tracks.includes(e.track)) return false;
  if (e.type === 'lost') {
    if (f.zones?.length && !e.zones.some((z) => f.zones?.includes(z))) return false;
    return !f.kinds?.length;
  }
  if (f.zones?.length && !f.zones.includes(e.zone)) return false;
  if (f.kinds?.length && !f.kinds.includes(e.kind)) return false;
  return true;
}

/** Replays stored events after `seq`, then follows new ones: every event exactly once, in order. */
export function follow(
  service: LiveService,
  afterSeq: number,
  deliver: (events: LiveEvent[]) => void,
): () => void {
  let last = afterSeq;
  for (let batch = service.eventsAfter(last); batch.length; batch = service.eventsAfter(last)) {
    deliver(batch);
    last = batch[batch.length - 1].seq as number;
  }
  return service.subscribe((events) => {
    const fresh = events.filter((e) => (e.seq as number) > last);
    if (fresh.length === 0) return;
    last = fresh[fresh.length - 1].seq as number;
    deliver(fresh);
  });
}

/**
 * NDJSON on a file descriptor (stdout). With a store, resumes after the last event it wrote
 * (cursor `out:<name>`): at most the events written in the instant before a crash are written
 * again, and their `id` tells a reader they are repeats.
 */
export function streamSink(service: LiveService, fd: number, name: string): () => void {
  const store = service.store;
  const cursor = `out:${name}`;
  const after = store ? Number(store.cursor(cursor) ?? store.lastSeq()) : 0;
  return follow(service, after, (events) => {
    writeAll(fd, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    store?.setCursor(cursor, String(events[events.length - 1].seq));
  });
}

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text);
  for (let off = 0; off < buf.length; ) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      // A non-blocking pipe that is full: wait for the reader.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/**
 * NDJSON appended to a file, exactly once across crashes: the file itself records how far it
 * got (the `seq` of its last complete line); a torn last line is cut off and rewritten.
 */
export function fileSink(service: LiveService, path: string): () => void {
  let lastSeq = 0;
  if (existsSync(path)) {
    const fd = openSync(path, 'r+');
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 1 << 20));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    const text = tail.toString('utf8');
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) ftruncateSync(fd, size - (text.length - end));
    const lines = text.slice(0, end).split('\n').filter(Boolean);
    if (lines.length) lastSeq = (JSON.parse(lines[lines.length - 1]) as LiveEvent).seq ?? 0;
    closeSync(fd);
  }
  const fd = openSync(path, 'a');
  const stop = follow(service, lastSeq, (events) =>
    writeAll(fd, events.map((e) => `${JSON.stringify(e)}\n`).join('')),
  );
  return () => {
    stop();
    closeSync(fd);
  };
}

export interface WebhookOptions {
  /** First retry delay, ms (default 500); doubles each attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts per event before it is reported and skipped (default: unlimited). */
  maxAttempts?: number;
  headers?: Record<string, string>;
  onProblem?: (message: string) => void;
}

/**
 * POSTs each event (JSON) to a URL with `Idempotency-Key: <event id>`, in order, retrying with
 * exponential backoff and jitter on network errors, 408, 429 and 5xx. With a store the position
 * is the cursor `webhook:<url>`, so a restart resumes where delivery stopped.
 */
export class WebhookSink {
  private queue: LiveEvent[] = [];
  private running = false;
  private stopped = false;
  private readonly stop: () => void;
  private wake: (() => void) | null = null;
  /** Events delivered (2xx) and given up on. */
  delivered = 0;
  failed = 0;

  constructor(
    private readonly service: LiveService,
    readonly url: string,
    private readonly options: WebhookOptions = {},
  ) {
    const store = service.store;
    let after = service.lastSeq();
    if (store) {
      const c = store.cursor(this.cursorName);
      if (c === null) store.setCursor(this.cursorName, String(after));
      else after = Number(c);
    }
    this.stop = follow(service, after, (events) => {
      this.queue.push(...events);
      this.wake?.();
    });
    void this.run();
  }

  private get cursorName(): string {
    return `webhook:${this.url}`;
  }

  /** Resolves when every queued event has been delivered or given up on. */
  async idle(): Promise<void> {
    while (this.queue.length || this.running) await new Promise((r) => setTimeout(r, 10));
  }

  close(): void {
    this.stopped = true;
    this.stop();
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const e = this.queue[0];
      if (!e) {
        this.running = false;
        await new Promise<void>((r) => {
          this.wake = r;
        });
        this.wake = null;
        continue;
      }
      this.running = true;
      await this.deliver(e);
      this.queue.shift();
      this.service.store?.setCursor(this.cursorName, String(e.seq));
    }
    this.running = false;
  }

  private async deliver(e: LiveEvent): Promise<void> {
    const base = this.options.baseDelayMs ?? 500;
    const max = this.options.maxDelayMs ?? 30_000;
    for (let attempt = 1; !this.stopped; attempt++) {
      let why: string;
      try {
        const r = await fetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': e.id, ...this.options.headers },
          body: JSON.stringify(e),
        });
        await r.arrayBuffer().catch(() => undefined);
        if (r.ok) {
          this.delivered++;
          return;
        }
        why = `HTTP ${r.status}`;
        if (r.status < 500 && r.status !== 408 && r.status !== 429) {
          this.failed++;
          this.options.onProblem?.(`webhook ${this.url}: event ${e.id} refused (${why}); skipped`);
          return;
        }
      } catch (err) {
        why = (err as Error).message;
      }
      if (this.options.maxAttempts && attempt >= this.options.maxAttempts) {
        this.failed++;
        this.options.onProblem?.(
          `webhook ${this.url}: event ${e.id} not delivered after ${attempt} attempts (${why}); skipped`,
        );
        return;
      }
      this.options.onProblem?.(
        `webhook ${this.url}: attempt ${attempt} for ${e.id} failed (${why}); retrying`,
      );
      const delay = Math.min(max, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

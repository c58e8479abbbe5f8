/**
 * The page's connection to the live monitor: events from `api/live/events` (Server-Sent Events,
 * each delivered once: the page resumes after the last sequence number it saw) and every
 * aircraft's latest position from `api/live/aircraft`, polled. Nothing here draws.
 *
 * The event shapes mirror src/live/engine.ts (not imported: that module pulls in the engine).
 */
import type { Visit } from './api.js';

interface EventBase {
  id: string;
  seq: number;
  track: string;
  time: string;
}

export interface CrossingEvent extends EventBase {
  type: 'enter' | 'exit';
  zone: string;
  kind: string;
  lat: number;
  lon: number;
  certain: boolean;
  cause?: string;
  window?: { from: string; to: string };
  /** An `enter` at the aircraft's first fix: it was already inside when first seen. */
  initial?: true;
}

export type VisitEvent = Omit<EventBase, 'track'> & { type: 'visit'; rev: number } & Visit;

export interface LostEvent extends EventBase {
  type: 'lost';
  lat: number;
  lon: number;
  certain: false;
  zones: string[];
}

export type LiveEvent = CrossingEvent | VisitEvent | LostEvent;

export interface LiveAircraft {
  track: string;
  time: string;
  lat: number;
  lon: number;
  altFt: number | null;
  zones: string[];
  /** Silent for longer than the gap limit: its state is uncertain. */
  stale: boolean;
}

export interface LiveStatus {
  aircraft: number;
  watermark: string | null;
  lastSeq: number;
  reorderWindowS: number;
  maxGapS: number;
  durable: boolean;
}

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export interface LiveFeedHandlers {
  /** `historical`: the event happened before the page connected (replayed for the list). */
  events(events: LiveEvent[], historical: boolean): void;
  aircraft(aircraft: LiveAircraft[], watermark: string | null): void;
  connection(state: ConnectionState, status: LiveStatus | null): void;
}

/** Events replayed when the page connects, so the list is not empty on a running feed. */
const HISTORY_EVENTS = 500;
const EVENT_TYPES = ['enter', 'exit', 'visit', 'lost'] as const;

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${res.statusText}`);
  return (await res.json()) as T;
}

export class LiveFeed {
  private source: EventSource | null = null;
  private lastSeq = 0;
  /** Events up to this sequence number were emitted before the page connected. */
  private historyUntil = 0;
  private queue: LiveEvent[] = [];
  private flushTimer = 0;
  private pollTimer = 0;
  private retryTimer = 0;
  private polling = false;
  private running = false;
  status: LiveStatus | null = null;

  constructor(
    private readonly on: LiveFeedHandlers,
    private readonly pollMs = 1500,
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.on.connection('connecting', null);
    try {
      this.status = await getJson<LiveStatus>('api/live/status');
    } catch {
      this.status = null;
    }
    if (!this.running) return;
    const last = this.status?.lastSeq ?? 0;
    this.historyUntil = last;
    this.lastSeq = Math.max(0, last - HISTORY_EVENTS);
    this.open();
    void this.poll();
  }

  stop(): void {
    this.running = false;
    this.source?.close();
    this.source = null;
    clearTimeout(this.pollTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.flushTimer);
    this.flushTimer = 0;
    this.queue = [];
  }

  /** Asks for positions soon (an event just came: the map should follow it). */
  poke(): void {
    if (!this.running || this.polling) return;
    clearTimeout(this.pollTimer);
    this.pollTimer = window.setTimeout(() => void this.poll(), 150);
  }

  private open(): void {
    // Resume after the last event seen: a reconnect neither loses nor repeats one.
    const es = new EventSource(`api/live/events?since=${this.lastSeq}`);
    this.source = es;
    es.onopen = () => this.on.connection('live', this.status);
    for (const type of EVENT_TYPES) {
      es.addEventListener(type, (m) => this.receive((m as MessageEvent<string>).data));
    }
    es.onerror = () => {
      // The browser would reconnect with the first URL (and its old `since`): do it ourselves.
      es.close();
      if (this.source !== es || !this.running) return;
      this.source = null;
      this.on.connection('reconnecting', this.status);
      this.retryTimer = window.setTimeout(() => {
        if (this.running) this.open();
      }, 2000);
    };
  }

  private receive(data: string): void {
    let e: LiveEvent;
    try {
      e = JSON.parse(data) as LiveEvent;
    } catch {
      return;
    }
    if (typeof e.seq !== 'number' || e.seq <= this.lastSeq) return;
    this.lastSeq = e.seq;
    this.queue.push(e);
    // A replayed backlog arrives as many messages at once: hand them over together.
    if (!this.flushTimer) this.flushTimer = window.setTimeout(() => this.flush(), 0);
  }

  private flush(): void {
    this.flushTimer = 0;
    const events = this.queue;
    this.queue = [];
    if (!events.length) return;
    const old = events.filter((e) => e.seq <= this.historyUntil);
    const fresh = events.filter((e) => e.seq > this.historyUntil);
    if (old.length) this.on.events(old, true);
    if (fresh.length) {
      this.on.events(fresh, false);
      this.poke();
    }
  }

  private async poll(): Promise<void> {
    if (!this.running) return;
    this.polling = true;
    clearTimeout(this.pollTimer);
    try {
      const r = await getJson<{ watermark: string | null; aircraft: LiveAircraft[] }>('api/live/aircraft');
      if (this.running) this.on.aircraft(r.aircraft, r.watermark);
    } catch {
      // The server is away: the event stream reports that; keep asking.
    } finally {
      this.polling = false;
      if (this.running) this.pollTimer = window.setTimeout(() => void this.poll(), this.pollMs);
    }
  }
}

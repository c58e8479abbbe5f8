/**
 * The live monitor: every ingest adapter hands batches of input to `submit`, which offers the
 * fixes to the engine, steps what the reorder window lets through, commits the batch (positions,
 * events, changed aircraft, the input's cursor) to the store in one transaction when there is a
 * store, and only then hands the new events to the subscribers (stdout, SSE/WebSocket, files,
 * webhooks). A batch is acknowledged to its producer only after that commit.
 */
import { compileCatalog } from '../analysis/analyze.js';
import { ZoneIndex } from '../analysis/incremental.js';
import { type FixLineResult, fixOfObject, type PositionFix, parseFixLine } from '../tracks/formats/ndjson.js';
import type { Catalog } from '../zones/zone.js';
import { LiveEngine, type LiveEvent, type LiveOptions } from './engine.js';
import type { LiveStore } from './store.js';

/** One input record that could not be used, named by where it came from. */
export interface LiveProblem {
  source: string;
  /** Line (NDJSON), message or record number within the source. */
  line?: number;
  field?: string;
  message: string;
}

export interface SubmitResult {
  accepted: number;
  duplicates: number;
  late: number;
  rejected: number;
  problems: LiveProblem[];
  /** Events this batch caused (already committed). */
  events: number;
  /** True when the idempotency key was seen before: nothing was applied again. */
  replayed?: boolean;
}

/** An input record: a parsed fix, or why it is not one. */
export type LiveRecord =
  | { fix: PositionFix; line?: number }
  | { error: string; field?: string; line?: number };

export interface SubmitOptions {
  /** Input name for problems (e.g. `stdin`, `POST /api/live/positions`). */
  source: string;
  /** Cursors to commit with the batch (e.g. `stdin:line` → last line consumed). */
  cursors?: Record<string, string>;
  idempotencyKey?: string;
}

export type Listener = (events: LiveEvent[]) => void;

/** Events kept in memory for resuming clients when there is no store. */
const RECENT_EVENTS = 10_000;

/** The most problems one answer lists (the counts stay exact). */
const MAX_PROBLEMS = 100;

export class LiveService {
  readonly engine: LiveEngine;
  private readonly listeners = new Set<Listener>();
  /** Wall-clock ms of the last fix, to let the watermark move on an idle feed. */
  private lastArrivalMs = 0;
  private lastArrivalT = Number.NEGATIVE_INFINITY;
  onProblem: ((p: LiveProblem) => void) | null = null;

  constructor(
    catalog: Catalog,
    readonly store: LiveStore | null = null,
    options: LiveOptions = {},
  ) {
    this.engine = new LiveEngine(new ZoneIndex(compileCatalog(catalog), options.grid ?? true), {
      ...options,
      trackChanges: store !== null,
    });
    if (store) {
      for (const s of store.states()) this.engine.restore(s);
      this.engine.restored();
      const w = store.cursor('watermark');
      if (w !== null) this.engine.advanceWatermark(Number(w));
    }
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** NDJSON lines → records (blank lines skipped), numbering lines from firstLine. */
  static parseLines(lines: string[], firstLine = 1): LiveRecord[] {
    const out: LiveRecord[] = [];
    lines.forEach((s, i) => {
      if (s.trim() === '') return;
      out.push(recordOf(parseFixLine(s), firstLine + i));
    });
    return out;
  }

  /** A JSON value (one fix object or an array of them) → records numbered from 1. */
  static parseJson(v: unknown): LiveRecord[] {
    const list = Array.isArray(v) ? v : [v];
    return list.map((o, i) => recordOf(fixOfObject(o), i + 1));
  }

  submit(records: LiveRecord[], opts: SubmitOptions): SubmitResult {
    if (opts.idempotencyKey) {
      const prior = this.store
        ? (this.store.idempotent(opts.idempotencyKey) as SubmitResult | null)
        : (this.recentKeys.get(opts.idempotencyKey) ?? null);
      if (prior) return { ...prior, replayed: true };
    }
    const res: SubmitResult = { accepted: 0, duplicates: 0, late: 0, rejected: 0, problems: [], events: 0 };
    const problem = (p: LiveProblem) => {
      if (res.problems.length < MAX_PROBLEMS) res.problems.push(p);
      this.onProblem?.(p);
    };
    const accepted: PositionFix[] = [];
    for (const r of records) {
      if ('error' in r) {
        res.rejected++;
        problem({ source: opts.source, line: r.line, field: r.field, message: r.error });
        continue;
      }
      const o = this.engine.offer(r.fix);
      if (o.status === 'accepted') {
        res.accepted++;
        accepted.push(r.fix);
      } else if (o.status === 'duplicate') res.duplicates++;
      else {
        res.late++;
        problem({ source: opts.source, line: r.line, message: `track ${r.fix.track}: ${o.message}` });
      }
    }
    if (accepted.length) {
      this.lastArrivalMs = Date.now();
      this.lastArrivalT = this.engine.watermarkS;
    }
    this.engine.advance();
    const events = this.commit(
      accepted,
      opts.cursors ?? {},
      opts.idempotencyKey ? { key: opts.idempotencyKey, res } : null,
    );
    res.events = events;
    if (opts.idempotencyKey && !this.store) {
      // Without a store, keys are remembered for a while only (the oldest forgotten first).
      this.recentKeys.set(opts.idempotencyKey, res);
      if (this.recentKeys.size > 10_000)
        this.recentKeys.delete(this.recentKeys.keys().next().value as string);
    }
    return res;
  }

  /**
   * On an idle feed, lets observation time move on by the wall-clock time since the last fix, so
   * buffered fixes are stepped and silences noticed. Event times stay observation times.
   */
  tick(nowMs = Date.now()): void {
    if (this.lastArrivalMs === 0) return;
    const idleS = (nowMs - this.lastArrivalMs) / 1000;
    if (idleS < 1) return;
    this.engine.advanceWatermark(this.lastArrivalT + idleS);
    this.engine.advance();
    this.commit([], {}, null);
  }

  /**
   * Holds the watermark at or below tS (see LiveEngine.limitWatermark); what a raised limit lets
   * through is stepped and committed now, as a source waiting on its slowest input may have no
   * batch to submit.
   */
  limitWatermark(tS: number): void {
    const before = this.engine.watermarkS;
    this.engine.limitWatermark(tS);
    if (this.engine.watermarkS === before) return;
    this.engine.advance();
    this.commit([], {}, null);
  }

  /** End of input: every buffered fix is stepped and every open visit reported (exit null). */
  end(cursors: Record<string, string> = {}): void {
    this.engine.flush();
    this.commit([], cursors, null);
  }

  private commit(
    fixes: PositionFix[],
    cursors: Record<string, string>,
    idem: { key: string; res: SubmitResult } | null,
  ): number {
    let events = this.engine.takeEvents();
    if (this.store) {
      const states = this.engine.takeChanges();
      const all = { ...cursors, watermark: String(this.engine.watermarkS) };
      if (idem) idem.res.events = events.length;
      events = this.store.commit({
        fixes,
        events,
        states,
        cursors: all,
        idempotency: idem
          ? { key: idem.key, response: { ...idem.res, problems: idem.res.problems } }
          : undefined,
      });
    } else {
      this.engine.forgetChanges();
      let seq = this.seq;
      events = events.map((e) => ({ ...e, seq: ++seq }));
      this.seq = seq;
      if (events.length) {
        this.recent.push(...events);
        if (this.recent.length > RECENT_EVENTS * 2) this.recent = this.recent.slice(-RECENT_EVENTS);
      }
    }
    if (events.length) for (const l of this.listeners) l(events);
    return events.length;
  }

  private seq = 0;
  private readonly recentKeys = new Map<string, SubmitResult>();
  /** Without a store: the latest events, for clients resuming after a sequence number. */
  private recent: LiveEvent[] = [];

  /** Events after seq, oldest first (from the store, or the latest ones kept in memory). */
  eventsAfter(seq: number, limit = 1000): LiveEvent[] {
    if (this.store) return this.store.eventsAfter(seq, limit);
    const i = this.recent.findIndex((e) => (e.seq as number) > seq);
    return i < 0 ? [] : this.recent.slice(i, i + limit);
  }

  /** The latest event sequence number (events are numbered from 1). */
  lastSeq(): number {
    return this.store ? this.store.lastSeq() : this.seq;
  }
}

function recordOf(r: FixLineResult, line: number): LiveRecord {
  return r.ok ? { fix: r.fix, line } : { error: r.message, field: r.field, line };
}

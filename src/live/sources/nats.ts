/**
 * NATS JetStream: producers publish NDJSON fixes on `<prefix>.<partition>`, the partition being a
 * hash of the aircraft id, so one aircraft's fixes always share a subject. Each partition has one
 * durable pull consumer (`<durable>-<p>`) that every worker shares; worker w of W consumes the
 * partitions p with p mod W = w, so each aircraft's state lives in exactly one worker. A batch is
 * acknowledged after the store has committed it with the partition's stream sequence; a message
 * redelivered after a crash is recognised by that sequence and not applied twice.
 */
import {
  AckPolicy,
  connect,
  DeliverPolicy,
  type JetStreamClient,
  type JsMsg,
  type NatsConnection,
  StringCodec,
} from 'nats';
import { type LiveRecord, LiveService } from '../service.js';

const sc = StringCodec();

/** FNV-1a of the aircraft id, modulo the partition count. */
export function partitionOf(track: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < track.length; i++) {
    h ^= track.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % partitions;
}

export interface NatsOptions {
  servers: string;
  /** JetStream stream name (default INCURSION). */
  stream?: string;
  /** Subject prefix (default incursion.positions). */
  subject?: string;
  /** Durable consumer name prefix (default incursion-watch). */
  durable?: string;
  /** Partitions (default 16); every producer and worker must agree. */
  partitions?: number;
  /** This worker's index and the worker count (default 0 of 1). */
  worker?: number;
  workers?: number;
  /** Messages per fetch (default 500). */
  batch?: number;
  onProblem?: (message: string) => void;
}

const defaults = (o: Partial<NatsOptions>) => ({
  stream: o.stream ?? 'INCURSION',
  subject: o.subject ?? 'incursion.positions',
  durable: o.durable ?? 'incursion-watch',
  partitions: o.partitions ?? 16,
  worker: o.worker ?? 0,
  workers: o.workers ?? 1,
  batch: o.batch ?? 500,
});

/** Creates the stream if it does not exist (file storage, every partition subject). */
export async function ensureStream(nc: NatsConnection, options: Partial<NatsOptions> = {}): Promise<void> {
  const d = defaults(options);
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(d.stream);
  } catch {
    await jsm.streams.add({ name: d.stream, subjects: [`${d.subject}.*`] });
  }
}

/** Publishes fixes (objects with a `track` field, or NDJSON lines) on their partitions' subjects. */
export async function publishFixes(
  js: JetStreamClient,
  fixes: Array<Record<string, unknown>>,
  options: Partial<NatsOptions> = {},
): Promise<void> {
  const d = defaults(options);
  const acks = fixes.map((f) => {
    const id = String(f.track ?? f.id ?? f.icao24 ?? '');
    return js.publish(`${d.subject}.${partitionOf(id, d.partitions)}`, sc.encode(JSON.stringify(f)));
  });
  await Promise.all(acks);
}

/**
 * The limit of a worker's watermark over the partitions it owns. Each partition is read at its
 * own pace, so the latest fix read from one says nothing of the others: with the watermark at the
 * latest fix of any, an aircraft whose partition lags was declared lost, and after forgetAfterS
 * forgotten, before its next fixes were read. So the watermark is held to the latest fix time read
 * from the slowest partition that still has messages waiting (one not fetched yet holds it where it
 * is). A partition with nothing waiting (caught up) does not hold it: what reaches it later is new
 * input, in order or late as on any feed (the reorder window is for that), and holding on a quiet
 * partition would keep every silent aircraft of the worker from ever being reported lost.
 */
class PartitionWatermark {
  private readonly readS = new Map<number, number>();
  private readonly waiting: Set<number>;

  constructor(partitions: number[]) {
    this.waiting = new Set(partitions);
  }

  /**
   * After a fetch from partition p: the latest fix time in it (-Infinity: none) and whether
   * messages still wait after it.
   */
  read(p: number, latestS: number, waiting: boolean): void {
    const prior = this.readS.get(p) ?? Number.NEGATIVE_INFINITY;
    if (latestS > prior) this.readS.set(p, latestS);
    if (waiting) this.waiting.add(p);
    else this.waiting.delete(p);
  }

  /** The limit for the worker's watermark (+Infinity when every partition has caught up). */
  get limitS(): number {
    let low = Number.POSITIVE_INFINITY;
    for (const p of this.waiting) low = Math.min(low, this.readS.get(p) ?? Number.NEGATIVE_INFINITY);
    return low;
  }
}

/** Consumes this worker's partitions into the service until stop() is called. */
export class NatsSource {
  private nc: NatsConnection | null = null;
  private stopped = false;
  private loops: Promise<void>[] = [];
  private readonly watermark: PartitionWatermark;
  /** Messages applied and skipped as already applied. */
  applied = 0;
  redelivered = 0;

  constructor(
    private readonly service: LiveService,
    private readonly options: NatsOptions,
  ) {
    this.watermark = new PartitionWatermark(this.ownedPartitions());
    service.limitWatermark(this.watermark.limitS);
  }

  ownedPartitions(): number[] {
    const d = defaults(this.options);
    const out: number[] = [];
    for (let p = 0; p < d.partitions; p++) if (p % d.workers === d.worker) out.push(p);
    return out;
  }

  async start(): Promise<void> {
    const d = defaults(this.options);
    this.nc = await connect({ servers: this.options.servers, name: `incursion-watch-${d.worker}` });
    await ensureStream(this.nc, this.options);
    const jsm = await this.nc.jetstreamManager();
    const js = this.nc.jetstream();
    for (const p of this.ownedPartitions()) {
      const name = `${d.durable}-${p}`;
      try {
        await jsm.consumers.info(d.stream, name);
      } catch {
        await jsm.consumers.add(d.stream, {
          durable_name: name,
          filter_subject: `${d.subject}.${p}`,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          max_ack_pending: d.batch * 4,
        });
      }
      const consumer = await js.consumers.get(d.stream, name);
      this.loops.push(this.loop(p, consumer));
    }
  }

  private async loop(
    p: number,
    consumer: Awaited<ReturnType<JetStreamClient['consumers']['get']>>,
  ): Promise<void> {
    const d = defaults(this.options);
    while (!this.stopped) {
      const msgs: JsMsg[] = [];
      try {
        const it = await consumer.fetch({ max_messages: d.batch, expires: 1000 });
        for await (const m of it) msgs.push(m);
      } catch (e) {
        if (this.stopped) return;
        this.options.onProblem?.(`nats partition ${p}: ${(e as Error).message}; retrying`);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      this.deliver(p, msgs);
    }
  }

  /**
   * One fetch from partition p, possibly empty: applies the messages not applied before, moves the
   * watermark's limit and acknowledges them. The consumer loop's step (public to be driven without
   * a server).
   */
  deliver(p: number, msgs: JsMsg[]): void {
    const d = defaults(this.options);
    const cursorName = `nats:${d.stream}:${p}`;
    const done = Number(this.service.store?.cursor(cursorName) ?? 0);
    const fresh = msgs.filter((m) => m.info.streamSequence > done);
    this.redelivered += msgs.length - fresh.length;
    const records: LiveRecord[] = [];
    let latestS = Number.NEGATIVE_INFINITY;
    for (const m of fresh) {
      const lines = sc.decode(m.data).split('\n');
      for (const r of LiveService.parseLines(lines, 1)) {
        records.push({ ...r, line: m.info.streamSequence });
        if ('fix' in r && r.fix.t > latestS) latestS = r.fix.t;
      }
    }
    if (fresh.length) {
      this.service.submit(records, {
        source: `nats ${d.subject}.${p} (line = stream sequence)`,
        cursors: { [cursorName]: String(fresh[fresh.length - 1].info.streamSequence) },
      });
      this.applied += fresh.length;
    }
    // Raised only once the batch is in: before, its own aircraft would look silent up to it.
    this.watermark.read(p, latestS, msgs.length > 0 && msgs[msgs.length - 1].info.pending > 0);
    this.service.limitWatermark(this.watermark.limitS);
    // Acknowledged only now: the batch is committed (or was, before a restart).
    for (const m of msgs) m.ack();
  }

  /** Pending messages of this worker's consumers (0 when it has caught up). */
  async pending(): Promise<number> {
    if (!this.nc) return 0;
    const d = defaults(this.options);
    const jsm = await this.nc.jetstreamManager();
    let n = 0;
    for (const p of this.ownedPartitions()) {
      const info = await jsm.consumers.info(d.stream, `${d.durable}-${p}`);
      n += info.num_pending + info.num_ack_pending;
    }
    return n;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled(this.loops);
    if (this.nc) {
      await this.nc.flush().catch(() => undefined);
      await this.nc.close();
    }
  }
}

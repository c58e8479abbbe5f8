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

/** Consumes this worker's partitions into the service until stop() is called. */
export class NatsSource {
  private nc: NatsConnection | null = null;
  private stopped = false;
  private loops: Promise<void>[] = [];
  /** Messages applied and skipped as already applied. */
  applied = 0;
  redelivered = 0;

  constructor(
    private readonly service: LiveService,
    private readonly options: NatsOptions,
  ) {}

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
    const cursorName = `nats:${d.stream}:${p}`;
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
      if (msgs.length === 0) continue;
      const done = Number(this.service.store?.cursor(cursorName) ?? 0);
      const fresh = msgs.filter((m) => m.info.streamSequence > done);
      this.redelivered += msgs.length - fresh.length;
      if (fresh.length) {
        const records: LiveRecord[] = [];
        for (const m of fresh) {
          const lines = sc.decode(m.data).split('\n');
          for (const r of LiveService.parseLines(lines, 1))
            records.push({ ...r, line: m.info.streamSequence });
        }
        this.service.submit(records, {
          source: `nats ${d.subject}.${p} (line = stream sequence)`,
          cursors: { [cursorName]: String(fresh[fresh.length - 1].info.streamSequence) },
        });
        this.applied += fresh.length;
      }
      // Acknowledged only now: the batch is committed (or was, before a restart).
      for (const m of msgs) m.ack();
    }
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

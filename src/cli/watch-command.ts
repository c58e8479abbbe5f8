/**
 * `incursion watch`: follow live feeds and report entries and exits as they happen, exactly as a
 * later `incursion analyze` of the same fixes would. It parses flags and wires the live library;
 * the logic is in src/live and src/analysis/incremental.ts.
 */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { ANALYZE_OPTIONS, parseOptions } from '../analysis/options.js';
import type { LiveProblem } from '../live/service.js';
import { formatDiagnostic } from '../tracks/track.js';
import { loadZones } from '../zones/catalog.js';

type IO = { out: (s: string) => void; err: (s: string) => void };

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The analyze options that mean something for a feed. */
const SHARED = ANALYZE_OPTIONS.filter(
  (o) => o.name === 'maxGapS' || o.name === 'category' || o.name === 'operator',
);

function number(flag: string, min: number) {
  return (v: string): number => {
    const x = Number(v);
    if (!Number.isFinite(x) || x < min)
      throw new Error(`${flag}: expected a number ≥ ${min}, got ${JSON.stringify(v)}`);
    return x;
  };
}

export function formatProblem(p: LiveProblem): string {
  return formatDiagnostic({ file: p.source, line: p.line, field: p.field, message: p.message });
}

export function watchCommand(io: IO, setCode: (c: number) => void): Command {
  const cmd = new Command('watch')
    .description(
      'follow live positions (NDJSON on stdin, HTTP/WebSocket, an aircraft.json URL, NATS JetStream) and report enter/exit events and visits as NDJSON',
    )
    .option('--zones <file>', "zone file, or 'builtin' (repeatable; default: builtin)", collect, [])
    .option('--stdin', 'read NDJSON positions from stdin (the default when no other source is given)')
    .option('--resume-stdin', 'skip the stdin lines an earlier run on the same --store already committed')
    .option(
      '--listen <host:port>',
      'serve POST/WebSocket /api/live/positions and SSE/WebSocket /api/live/events',
    )
    .option('--poll <url>', 'poll a readsb / tar1090 / ADS-B Exchange aircraft.json URL')
    .option('--poll-interval <s>', 'seconds between polls', number('--poll-interval', 0.1), 5)
    .option('--nats <servers>', 'consume NATS JetStream (e.g. nats://127.0.0.1:4222)')
    .option('--nats-stream <name>', 'JetStream stream', 'INCURSION')
    .option(
      '--nats-subject <prefix>',
      'subject prefix; fixes are on <prefix>.<partition>',
      'incursion.positions',
    )
    .option(
      '--partitions <n>',
      'partitions of the aircraft ids (producers and workers agree)',
      number('--partitions', 1),
      16,
    )
    .option('--worker <i/n>', 'this worker is i of n (it takes partitions p with p mod n = i)', '0/1')
    .option(
      '--reorder-window <s>',
      'fixes arriving up to this late (observation time) are put in order',
      number('--reorder-window', 0),
      30,
    )
    .option('--forget-after <s>', 'drop an aircraft silent this long', number('--forget-after', 0), 6 * 3600)
    .option('--store <file>', 'SQLite file: survive restarts (positions, events, aircraft state)')
    .option('--events-out <file>', 'also append events to this NDJSON file (exactly once across restarts)')
    .option(
      '--webhook <url>',
      'POST each event to this URL (repeatable; retries, Idempotency-Key)',
      collect,
      [],
    )
    .option('--quiet', 'do not write events to stdout');
  for (const spec of SHARED) {
    const flag =
      spec.type === 'boolean' ? spec.flag : `${spec.flag} <${spec.type === 'number' ? 'n' : 'value'}>`;
    const opt = new Option(flag, spec.description);
    if (spec.enum) opt.choices(spec.enum);
    if (spec.default !== undefined && spec.type !== 'boolean') opt.default(spec.default);
    cmd.addOption(opt);
  }

  cmd.action(async (opts: Record<string, unknown>) => {
    // The live engine loads only for this command (every other command's start-up time).
    const [{ fileSink, streamSink, WebhookSink }, { liveRoutes }, { LiveService }, { LiveStore }] =
      await Promise.all([
        import('../live/outputs.js'),
        import('../live/routes.js'),
        import('../live/service.js'),
        import('../live/store.js'),
      ]);
    const req = parseOptions({ maxGapS: opts.maxGap, category: opts.category, operator: opts.operator });
    const worker = /^(\d+)\/(\d+)$/.exec(String(opts.worker));
    if (!worker || Number(worker[1]) >= Number(worker[2]))
      throw new Error(`--worker: expected i/n with i < n, got ${opts.worker}`);
    const { catalog, problems } = await loadZones(
      (opts.zones as string[]).length ? (opts.zones as string[]) : ['builtin'],
    );
    for (const p of problems) io.err(`incursion watch: ${formatDiagnostic(p)}\n`);
    const store = opts.store ? new LiveStore(resolve(opts.store as string)) : null;
    const service = new LiveService(catalog, store, {
      maxGapS: req.maxGapS,
      reorderWindowS: opts.reorderWindow as number,
      forgetAfterS: opts.forgetAfter as number,
      category: req.category,
      operator: req.operator,
    });
    service.onProblem = (p) => io.err(`incursion watch: ${formatProblem(p)}\n`);
    const stops: Array<() => void | Promise<void>> = [];
    if (!opts.quiet) stops.push(streamSink(service, 1, 'stdout'));
    if (opts.eventsOut) stops.push(fileSink(service, resolve(opts.eventsOut as string)));
    for (const url of opts.webhook as string[]) {
      const w = new WebhookSink(service, url, { onProblem: (m) => io.err(`incursion watch: ${m}\n`) });
      stops.push(() => w.close());
    }

    const feeds: string[] = [];
    if (opts.listen) {
      const m = /^(.*):(\d+)$/.exec(String(opts.listen));
      if (!m) throw new Error(`--listen: expected host:port, got ${opts.listen}`);
      // Fastify and NATS load only for the feeds that need them (the CLI's start-up time).
      const { default: Fastify } = await import('fastify');
      const app = Fastify({ logger: false });
      await app.register(liveRoutes, { service });
      await app.listen({ host: m[1] || '127.0.0.1', port: Number(m[2]) });
      const a = app.server.address();
      io.err(
        `incursion watch: listening on http://${m[1] || '127.0.0.1'}:${typeof a === 'object' && a ? a.port : m[2]}\n`,
      );
      stops.push(() => app.close());
      feeds.push('http');
    }
    if (opts.poll) {
      const { startPolling } = await import('../live/sources/poll.js');
      stops.push(
        startPolling(service, opts.poll as string, {
          intervalS: opts.pollInterval as number,
          onProblem: (m) => io.err(`incursion watch: ${m}\n`),
        }),
      );
      feeds.push('poll');
    }
    if (opts.nats) {
      const { NatsSource } = await import('../live/sources/nats.js');
      const nats = new NatsSource(service, {
        servers: opts.nats as string,
        stream: opts.natsStream as string,
        subject: opts.natsSubject as string,
        partitions: opts.partitions as number,
        worker: Number(worker[1]),
        workers: Number(worker[2]),
        onProblem: (m) => io.err(`incursion watch: ${m}\n`),
      });
      await nats.start();
      stops.push(() => nats.stop());
      feeds.push('nats');
    }
    const stopAll = async () => {
      for (const s of stops.reverse()) await s();
      store?.close();
    };

    if (opts.stdin || feeds.length === 0) {
      const { consumeNdjson } = await import('../live/sources/ndjson-stream.js');
      const sum = await consumeNdjson(service, process.stdin, {
        resume: Boolean(opts.resumeStdin),
        endFlush: feeds.length === 0,
      });
      io.err(
        `incursion watch: stdin: ${sum.lines} line(s), ${sum.accepted} fix(es) accepted, ${sum.duplicates} duplicate(s), ${sum.late} late, ${sum.rejected} rejected${sum.skipped ? `, ${sum.skipped} skipped (already committed)` : ''}\n`,
      );
      if (feeds.length === 0) {
        await stopAll();
        return;
      }
    }
    // Long-running feeds: let observation time move on an idle feed; stop on a signal.
    const ticker = setInterval(() => service.tick(), 1000);
    await new Promise<void>((done) => {
      const stop = () => {
        clearInterval(ticker);
        void stopAll().then(done);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    setCode(0);
  });
  return cmd;
}

/**
 * Scale-out: two workers sharing the JetStream consumers of a real nats-server (started here on
 * a free loopback port), each taking half the partitions, report the same events as one worker.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../src/live/engine.js';
import { type LiveProblem, LiveService } from '../../src/live/service.js';
import { ensureStream, NatsSource, publishFixes } from '../../src/live/sources/nats.js';
import { LiveStore } from '../../src/live/store.js';
import { readTrackFile } from '../../src/tracks/read.js';
import { loadZones } from '../../src/zones/catalog.js';
import type { Catalog } from '../../src/zones/zone.js';
import { fixesOf, latestVisits, REAL } from './helpers.js';

const hasNats = spawnSync('nats-server', ['--version']).status === 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

let server: ChildProcess;
let url: string;
let nc: NatsConnection;
const dir = mkdtempSync(path.join(tmpdir(), 'incursion-nats-'));

beforeAll(async () => {
  if (!hasNats) return;
  const port = await freePort();
  url = `nats://127.0.0.1:${port}`;
  server = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', path.join(dir, 'js')], {
    stdio: 'ignore',
  });
  for (let i = 0; ; i++) {
    try {
      nc = await connect({ servers: url });
      break;
    } catch (e) {
      if (i > 100) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

afterAll(async () => {
  await nc?.close();
  server?.kill('SIGTERM');
});

async function runWorkers(catalog: Catalog, durable: string, workers: number, problems: LiveProblem[]) {
  const services = Array.from({ length: workers }, (_, w) => {
    const s = new LiveService(catalog, new LiveStore(path.join(dir, `${durable}-${w}.sqlite`)));
    s.onProblem = (p) => problems.push(p);
    return s;
  });
  const events = services.map(() => [] as LiveEvent[]);
  services.forEach((s, w) => {
    s.subscribe((e) => events[w].push(...e));
  });
  const sources = services.map(
    (s, w) => new NatsSource(s, { servers: url, durable, partitions: 8, worker: w, workers }),
  );
  for (const src of sources) await src.start();
  for (;;) {
    let pending = 0;
    for (const src of sources) pending += await src.pending();
    if (pending === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const src of sources) await src.stop();
  for (const s of services) s.end();
  for (const s of services) s.store?.close();
  return events;
}

if (!hasNats) {
  console.warn(
    '\n# SKIPPING the NATS JetStream tests: nats-server is missing (apt-get install -y nats-server; .ci/run does).\n',
  );
}

describe.skipIf(!hasNats)('NATS JetStream workers', () => {
  it('two workers partitioning aircraft by id give the same events as one; bad messages are reported and skipped', async () => {
    const { catalog } = await loadZones([REAL.europeFir, REAL.swissOpenAir]);
    const read = await readTrackFile(REAL.switzerland);
    const fixes = fixesOf(read.tracks.slice(0, 40)).sort((a, b) => a.t - b.t);
    await ensureStream(nc, {});
    const js = nc.jetstream();
    const body = fixes.map((f) => ({
      track: f.track,
      time: new Date(f.t * 1000).toISOString(),
      lat: f.lat,
      lon: f.lon,
      alt_ft: Number.isNaN(f.altFt) ? null : f.altFt,
    }));
    // Bad input among the good: not JSON, and a fix with an impossible latitude.
    await js.publish('incursion.positions.3', new TextEncoder().encode('not json at all'));
    await publishFixes(js, body.slice(0, 100), { partitions: 8 });
    await publishFixes(js, [{ track: body[0].track, time: body[0].time, lat: 123, lon: 7 }], {
      partitions: 8,
    });
    await publishFixes(js, body.slice(100), { partitions: 8 });

    const problems1: LiveProblem[] = [];
    const problems2: LiveProblem[] = [];
    const [one] = await runWorkers(catalog, 'single', 1, problems1);
    const [a, b] = await runWorkers(catalog, 'pair', 2, problems2);

    const crossings = (es: LiveEvent[]) =>
      es
        .filter((e) => e.type === 'enter' || e.type === 'exit')
        .map((e) => e.id)
        .sort();
    expect(new Set(one.map((e) => e.track)).size).toBe(new Set(fixes.map((f) => f.track)).size);
    expect(crossings(one).length).toBeGreaterThan(50);
    expect(crossings([...a, ...b])).toEqual(crossings(one));
    expect(latestVisits([...a, ...b])).toEqual(latestVisits(one));
    // Each aircraft lived in exactly one of the two workers.
    const tracksA = new Set(a.map((e) => e.track));
    const tracksB = new Set(b.map((e) => e.track));
    expect([...tracksA].filter((t) => tracksB.has(t))).toEqual([]);
    expect(tracksA.size).toBeGreaterThan(0);
    expect(tracksB.size).toBeGreaterThan(0);
    // The bad messages were named and the stream went on.
    for (const ps of [problems1, problems2]) {
      expect(ps.some((p) => /not valid JSON/.test(p.message))).toBe(true);
      expect(ps.some((p) => p.field === 'lat' && /outside \[-90, 90\]/.test(p.message))).toBe(true);
    }
  });
});

/**
 * Live monitor benchmark: sustained positions/s with 50 k aircraft live, p50/p99 latency from a
 * fix's arrival to its events at a paced 50 k positions/s, and memory per live aircraft.
 *
 *   node --expose-gc --import tsx bench/live.ts [--aircraft 50000] [--rounds 12] [--rate 50000]
 *     [--runs 3] [--only memory|throughput|durable|latency] [--engine <compiled dist>] [--json]
 *
 * The aircraft fly straight lines over East Asia (110–150°E, 15–50°N) against the built-in
 * catalog (ADIZs, territorial seas), one fix every 10 s each, so many are inside zones and
 * crossings happen all the time; they join over the first rounds, and every measure starts once
 * all are live. Reorder window 0 for latency (with a window of W seconds an
 * event waits, by design, until the feed's time is W past its fix).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LiveRecord, LiveService as Service } from '../src/live/service.js';
import type { LiveStore as Store } from '../src/live/store.js';
import type { PositionFix } from '../src/tracks/formats/ndjson.js';
import { engineLoader } from './lib/engine.js';
import { prng } from './lib/synth.js';

/**
 * The engine's modules come from --engine <dir>: the compiled dist that `incursion watch` runs
 * (bench/run.ts passes it), or by default the sources in src/ through tsx.
 */
const engineDir = process.argv.includes('--engine')
  ? process.argv[process.argv.indexOf('--engine') + 1]
  : 'src';
const load = engineLoader(engineDir === 'src' ? undefined : engineDir);
const { compileCatalog } = await load<typeof import('../src/analysis/analyze.js')>('analysis/analyze.js');
const { FOLD_AFTER, ZoneIndex } =
  await load<typeof import('../src/analysis/incremental.js')>('analysis/incremental.js');
const { LiveEngine } = await load<typeof import('../src/live/engine.js')>('live/engine.js');
const { LiveService } = await load<typeof import('../src/live/service.js')>('live/service.js');
const { LiveStore } = await load<typeof import('../src/live/store.js')>('live/store.js');
const { builtinCatalog } = await load<typeof import('../src/zones/catalog.js')>('zones/catalog.js');

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const N = arg('aircraft', 50_000);
const ROUNDS = arg('rounds', 12);
const RATE = arg('rate', 50_000);
/**
 * Independent runs of the in-memory throughput (each with its own service and aircraft): the
 * figure is their median. This machine's speed moves by a tenth from minute to minute; one run
 * reports that noise as much as the engine.
 */
const RUNS = arg('runs', 3);
/** --only memory|throughput|durable|latency runs one phase (for profiling). */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const run = (phase: string) => ONLY === null || ONLY === phase;
/**
 * Rounds before memory is measured: once all aircraft have joined, as many again, so each holds
 * whatever its place in the cycle of growing and folding its held fixes gives it.
 */
const MEMORY_ROUNDS = 2 * FOLD_AFTER;
const T0 = Date.parse('2024-05-01T00:00:00Z') / 1000;
const STEP_S = 10;

const random = prng(42);

interface Plane {
  id: string;
  lat: number;
  lon: number;
  dLat: number;
  dLon: number;
  alt: number;
}
const planes: Plane[] = Array.from({ length: N }, (_, i) => {
  const heading = random() * 2 * Math.PI;
  const v = 150 + random() * 100; // m/s
  return {
    id: `AC${i}`,
    lat: 15 + random() * 35,
    lon: 110 + random() * 40,
    dLat: (v * STEP_S * Math.cos(heading)) / 111_000,
    dLon: (v * STEP_S * Math.sin(heading)) / 95_000,
    alt: 5000 + random() * 35000,
  };
});

/**
 * Aircraft join over the first JOIN_ROUNDS rounds (aircraft i at round i mod JOIN_ROUNDS), as
 * aircraft appear in a real feed, rather than all at one instant; every phase below starts
 * measuring only once all have joined. (Joining at once would make every aircraft fold its held
 * fixes in the same round, a burst no feed produces.)
 */
const JOIN_ROUNDS = FOLD_AFTER;

/** The fixes of round r (every aircraft that has joined by then). */
function round(r: number): PositionFix[] {
  return joinedBy(r).map((p) => fixOf(p, r));
}

function joinedBy(r: number): Plane[] {
  return r >= JOIN_ROUNDS - 1 ? planes : planes.filter((_, i) => i % JOIN_ROUNDS <= r);
}

/** Fixes per submitted batch. */
const BATCH = 5000;

/**
 * Round r as a feed hands it over: batches of BATCH fixes, each made when it is submitted, as a
 * parser makes its fixes. (Making the whole round first kept 50,000 fixes alive across it, which
 * the young-generation collector copied twice over: work no feed makes.)
 */
function* batches(r: number): Generator<LiveRecord[]> {
  const joined = joinedBy(r);
  for (let i = 0; i < joined.length; i += BATCH)
    yield joined.slice(i, i + BATCH).map((p) => ({ fix: fixOf(p, r) }));
}

/** Aircraft p's fix in round r. */
function fixOf(p: Plane, r: number): PositionFix {
  return {
    track: p.id,
    t: T0 + r * STEP_S + (Number(p.id.slice(2)) % STEP_S) * 0.1,
    lat: Math.max(-89, Math.min(89, p.lat + p.dLat * r)),
    lon: ((p.lon + p.dLon * r + 540) % 360) - 180,
    altFt: p.alt,
    label: null,
    icao24: null,
    category: 'state',
    operator: 'RUS',
  };
}

const catalog = builtinCatalog();
const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Positions/s over `rounds` rounds from the end of the joins, a window that holds every
 * aircraft's first fold (at its FOLD_AFTER + 1-th fix); with `steady`, also over as many rounds
 * after it, once every aircraft is past its first fold (a feed of hour-long flights pays a first
 * fold once per several hundred positions, not once per round or so as here).
 */
function throughput(
  store: Store | null,
  rounds: number,
  steady = false,
): { perS: number; steadyPerS: number; events: number; service: Service } {
  const service = new LiveService(catalog, store, { reorderWindowS: 0 });
  let events = 0;
  service.subscribe((e) => {
    events += e.length;
  });
  const feed = (r: number): number => {
    let fixes = 0;
    for (const batch of batches(r)) {
      service.submit(batch, { source: 'bench' });
      fixes += batch.length;
    }
    return fixes;
  };
  // The aircraft join; then the sustained rate.
  for (let r = 0; r < JOIN_ROUNDS; r++) feed(r);
  const window = (from: number, to: number): number => {
    let fixes = 0;
    const start = performance.now();
    for (let r = from; r < to; r++) fixes += feed(r);
    return fixes / ((performance.now() - start) / 1000);
  };
  const perS = window(JOIN_ROUNDS, JOIN_ROUNDS + rounds);
  const eventsThen = events;
  const after = JOIN_ROUNDS + Math.max(rounds, FOLD_AFTER + 1);
  const steadyPerS = steady ? window(after, after + rounds) : Number.NaN;
  return { perS, steadyPerS, events: eventsThen, service };
}

function latency(rate: number, seconds: number): { p50: number; p99: number; max: number; behind: boolean } {
  const service = new LiveService(catalog, null, { reorderWindowS: 0 });
  for (let r = 0; r < JOIN_ROUNDS; r++)
    for (const batch of batches(r)) service.submit(batch, { source: 'bench' });
  const total = rate * seconds;
  // Fix n is aircraft n mod N in round JOIN_ROUNDS + n / N, made when it arrives (as a feed
  // parser would), so no round is built at once inside the timed loop.
  const fixAt = (n: number): LiveRecord => {
    const p = planes[n % N];
    const r = JOIN_ROUNDS + Math.floor(n / N);
    return { fix: fixOf(p, r) };
  };
  const lat = new Float64Array(total);
  const start = performance.now();
  let next = 0;
  while (next < total) {
    const now = performance.now();
    // Every fix due by now arrives; it arrived at its due time, not when we get to it.
    const due = Math.min(total, Math.floor(((now - start) / 1000) * rate) + 1);
    if (due <= next) continue;
    const batch: LiveRecord[] = [];
    for (let n = next; n < due; n++) batch.push(fixAt(n));
    service.submit(batch, { source: 'bench' });
    const done = performance.now();
    for (; next < due; next++) lat[next] = done - (start + (next / rate) * 1000);
  }
  const elapsed = (performance.now() - start) / 1000;
  lat.sort();
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  return { p50: q(0.5), p99: q(0.99), max: lat[lat.length - 1], behind: elapsed > (total / rate) * 1.05 };
}

/**
 * Memory per live aircraft: what N aircraft add to the JS heap and array buffers (typed arrays
 * live outside the heap) in the engine that holds their state, after a warm-up crowd of other
 * aircraft has built the catalog's lazy structures. The service's bounded buffers (recent events
 * for resuming clients) are not per aircraft and are left out.
 */
function memoryPerAircraft(): { bytes: number; aircraft: number } {
  const engine = new LiveEngine(new ZoneIndex(compileCatalog(catalog), true), { reorderWindowS: 0 });
  const feed = (fixes: PositionFix[]) => {
    for (const fix of fixes) engine.offer(fix);
    engine.advance();
    engine.takeEvents();
    engine.forgetChanges();
  };
  // The warm-up crowd flies as long as the measured one: the catalog's lazy caches (edge frames,
  // geodesic lines) are bounded by the catalog, not by the aircraft, and stay out of the figure.
  const warm = Math.min(N, 10_000);
  for (let r = 0; r < MEMORY_ROUNDS; r++)
    feed(
      round(r)
        .filter((fix) => Number(fix.track.slice(2)) < warm)
        .map((fix) => ({ ...fix, track: `W${fix.track}` })),
    );
  const used = () => {
    gc?.();
    gc?.();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const h0 = used();
  for (let r = 0; r < MEMORY_ROUNDS; r++) feed(round(r));
  const h1 = used();
  const aircraft = engine.size - warm;
  return { bytes: (h1 - h0) / aircraft, aircraft };
}

const results: Record<string, unknown> = {
  engine: engineDir,
  aircraft: N,
  rounds: ROUNDS,
  rate: RATE,
  foldAfter: FOLD_AFTER,
};

if (run('memory')) {
  const mem = memoryPerAircraft();
  results.memory = mem;
  console.log(
    `live aircraft: ${mem.aircraft}; memory per live aircraft: ${mem.bytes.toFixed(0)} bytes (engine state: JS heap + array buffers, after ${MEMORY_ROUNDS} rounds, catalog already compiled)`,
  );
}

if (run('throughput')) {
  const runs: Array<{ perS: number; steadyPerS: number; events: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    gc?.(); // the previous run's aircraft are garbage: not this run's to collect
    const { perS, steadyPerS, events } = throughput(null, ROUNDS, true);
    runs.push({ perS, steadyPerS, events });
  }
  // Every run steps the same fixes: the same events, or the engine is not deterministic.
  if (runs.some((r) => r.events !== runs[0].events))
    throw new Error('live bench: runs gave different events');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const inMemory = {
    perS: median(runs.map((r) => r.perS)),
    steadyPerS: median(runs.map((r) => r.steadyPerS)),
    events: runs[0].events,
    runs,
  };
  results.inMemory = inMemory;
  const k = (x: number) => (x / 1000).toFixed(1);
  console.log(
    `sustained, in memory: ${k(inMemory.perS)} k positions/s (${N} aircraft, ${ROUNDS} rounds, ${inMemory.events} events; median of ${RUNS} runs: ${runs.map((r) => k(r.perS)).join(', ')}); after every aircraft's first fold: ${k(inMemory.steadyPerS)} k positions/s (${runs.map((r) => k(r.steadyPerS)).join(', ')})`,
  );
}

if (run('durable')) {
  gc?.(); // the previous phase's aircraft are garbage: not this phase's to collect
  const dir = mkdtempSync(path.join(tmpdir(), 'incursion-bench-'));
  const store = new LiveStore(path.join(dir, 'live.sqlite'));
  const durable = throughput(store, ROUNDS);
  store.close();
  rmSync(dir, { recursive: true, force: true });
  results.durable = { perS: durable.perS };
  console.log(
    `sustained, durable (SQLite WAL, every batch committed): ${(durable.perS / 1000).toFixed(1)} k positions/s`,
  );
}

if (run('latency')) {
  gc?.(); // the previous phase's aircraft are garbage: not this phase's to collect
  // Long enough for every aircraft's held fixes to be folded at least once (see FOLD_AFTER).
  const seconds = ((FOLD_AFTER + 2) * N) / RATE;
  const l = latency(RATE, seconds);
  results.latency = { ...l, seconds };
  console.log(
    `latency fix → events at ${(RATE / 1000).toFixed(0)} k positions/s over ${seconds.toFixed(0)} s: p50 ${l.p50.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms, max ${l.max.toFixed(1)} ms${l.behind ? ' (could not keep up with the rate)' : ''}`,
  );
}

if (process.argv.includes('--json')) console.log(`RESULT ${JSON.stringify(results)}`);

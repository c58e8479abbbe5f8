/**
 * `npm run bench`: incursion against turf.js, shapely 1.8 and PostGIS 3.3 geography on the same
 * data in one run, written to bench/RESULTS.md and bench/results.json. Generated data goes to
 * bench/out/ (git-ignored). Never part of `npm test`.
 *
 * Options: --quick (small sizes, for checking the harness), --skip-postgis, --skip-cli,
 * --seed N (default 20261129).
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnalysisResult } from '../src/analysis/types.js';
import type { Track } from '../src/tracks/track.js';
import type { Catalog } from '../src/zones/zone.js';
import { REALDATA } from '../test/realdata.js';
import { engineLoader } from './lib/engine.js';
import { type PeerZones, peerZones, zoneHash } from './lib/peer-zones.js';
import { inclusive, profileSummary } from './lib/profile-summary.js';
import { scalingCatalog } from './lib/scaling.js';
import { flatten, NORTHEAST_ASIA, synthTracks, writeCsv } from './lib/synth.js';
import { type Cluster, postgisAvailable, postgisVersion, sharedFile, startCluster } from './peers/postgis.js';
import { turfClassify } from './peers/turf.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const OUT = path.join(here, 'out');
const REAL = REALDATA;
const PY = '/usr/bin/python3';
/** The on-disk grid cache of the child processes the bench starts. */
const GRID_CACHE = path.join(OUT, 'grid-cache');
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const SEED = Number(args[args.indexOf('--seed') + 1]) || 20261129;
const SKIP_PG = args.includes('--skip-postgis');
const SKIP_CLI = args.includes('--skip-cli');
const SKIP_LIVE = args.includes('--skip-live');

/** Workload sizes (fixes). Trimmed to what a full run does in about 20 minutes on 2 cores. */
const SIZES = QUICK
  ? {
      ne: [100_000],
      turfSample: 20_000,
      pgSample: 300,
      pgLineFixes: 2_000,
      cliRows: 100_000,
      cliLargeRows: 300_000,
      scaling: [10_000, 100_000],
      scaleFixes: 100_000,
      analysisCapS: 5,
      rss: [100_000, 300_000],
      rssAnalysis: [20_000, 100_000],
    }
  : {
      ne: [1_000_000, 10_000_000],
      turfSample: 200_000,
      pgSample: 2_000,
      pgLineFixes: 10_000,
      cliRows: 2_000_000,
      cliLargeRows: 10_000_000,
      scaling: [10_000, 100_000, 1_000_000, 10_000_000],
      scaleFixes: 1_000_000,
      analysisCapS: 25,
      rss: [1_000_000, 5_000_000],
      // From 1 M: below that the heap's own growth steps, not the fixes, set the slope.
      rssAnalysis: [1_000_000, 3_000_000],
    };

const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
const now = () => performance.now() / 1000;
/** A ratio with two significant decimals below 10 (1.68×, not a 1.7× that misses a 1.7× target). */
const ratioText = (x: number) => x.toFixed(x >= 100 ? 0 : x >= 10 ? 1 : 2);

/**
 * The engine compiled as `npm run build` compiles it, but into bench/out/build/dist (dist/ belongs
 * to the project build), once per run; null when tsc emits nothing.
 */
let compiled: string | null | undefined;
function compiledDist(): string | null {
  if (compiled !== undefined) return compiled;
  const build = path.join(OUT, 'build');
  const dist = path.join(build, 'dist');
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      path.join(root, 'tsconfig.build.json'),
      '--outDir',
      dist,
      '--declaration',
      'false',
      '--sourceMap',
      'false',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (!existsSync(path.join(dist, 'cli', 'main.js'))) {
    log(`tsc emitted no engine (${r.stdout.slice(0, 300)}); running the sources with tsx instead`);
    compiled = null;
    return compiled;
  }
  if (r.status !== 0) log(`tsc reported type errors in the tree; the emitted JavaScript is used anyway`);
  // dist/zones finds the built-in catalog at ../../data/catalog.
  const data = path.join(build, 'data');
  if (!existsSync(data)) symlinkSync(path.join(root, 'data'), data);
  compiled = dist;
  return compiled;
}

/**
 * The engine every measure runs, as the CLI runs it: compiled by tsc (the sources through tsx
 * only when tsc emits nothing). Under tsx every closure the engine creates also pays for
 * esbuild's name-keeping helper, which slows the full analysis by about a quarter.
 */
// (--report-only rewrites the report from results.json and needs no compiled engine.)
const ENGINE = (!args.includes('--report-only') && compiledDist()) || path.join(root, 'src');
const load = engineLoader(ENGINE);
const { analyze, compileCatalog } =
  await load<typeof import('../src/analysis/analyze.js')>('analysis/analyze.js');
const { analyzeParallel } = await load<typeof import('../src/analysis/batch.js')>('analysis/batch.js');
const { readTrackFile } = await load<typeof import('../src/tracks/read.js')>('tracks/read.js');
const { builtinCatalog } = await load<typeof import('../src/zones/catalog.js')>('zones/catalog.js');
const { CompiledCatalog } = await load<typeof import('../src/zones/compiled.js')>('zones/compiled.js');
const { CatalogGrid } = await load<typeof import('../src/zones/grid.js')>('zones/grid.js');
const { importZoneFile } = await load<typeof import('../src/zones/import.js')>('zones/import.js');
type Compiled = InstanceType<typeof CompiledCatalog>;
type Grid = InstanceType<typeof CatalogGrid>;

interface Row {
  workload: string;
  measure: string;
  tool: string;
  fixes: number;
  seconds: number;
  rate: number;
  unit: string;
  /** Fixes whose set of zones differs from incursion's (null = not compared). */
  differ?: number | null;
  compared?: number;
  note?: string;
}
const rows: Row[] = [];
const facts: Record<string, unknown> = {};

function add(r: Row): void {
  rows.push(r);
  const d = r.differ === undefined || r.differ === null ? '' : `, ${r.differ} of ${r.compared} fixes differ`;
  log(
    `${r.workload} / ${r.measure} / ${r.tool}: ${fmtRate(r.rate)} ${r.unit} (${r.fixes} in ${r.seconds.toFixed(3)} s${d})${r.note ? ` — ${r.note}` : ''}`,
  );
}

function fmtRate(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(1);
}

// ---------------------------------------------------------------------------------------------
// Membership

interface Membership {
  hash: Uint32Array;
  seconds: number;
  buildS: number;
  exact: number;
}

/**
 * Timed passes of a membership classification, of which the median counts: the first also warms
 * the JIT up (GeographicLib in the exact tests), and a pass over 1 M fixes takes some 40 ms, which
 * one pause of the garbage collector (the grid was just built) moves by a quarter.
 */
const MEMBERSHIP_PASSES = 7;

function incursionMembership(
  compiled: Compiled,
  lat: Float64Array,
  lon: Float64Array,
  included: number[] | null,
): Membership {
  const t0 = now();
  const grid = new CatalogGrid(compiled.zones);
  const buildS = now() - t0;
  const sets = new Uint32Array(lat.length);
  const times: number[] = [];
  let exact = 0;
  for (let pass = 0; pass < MEMBERSHIP_PASSES; pass++) {
    const t1 = now();
    exact = grid.classify(lat, lon, sets);
    times.push(now() - t1);
  }
  const seconds = median(times);
  const keep = included ? new Set(included) : null;
  const setHash = grid.sets.map((s) => {
    let h = 0;
    for (const z of s) if (!keep || keep.has(z)) h = (h + zoneHash(z)) >>> 0;
    return h;
  });
  const hash = new Uint32Array(lat.length);
  for (let i = 0; i < lat.length; i++) hash[i] = setHash[sets[i]];
  return { hash, seconds, buildS, exact };
}

/** The median of MEMBERSHIP_PASSES timed classifications. */
function medianClassifyS(grid: Grid, lat: Float64Array, lon: Float64Array): number {
  const sets = new Uint32Array(lat.length);
  const times: number[] = [];
  for (let pass = 0; pass < MEMBERSHIP_PASSES; pass++) {
    const t0 = now();
    grid.classify(lat, lon, sets);
    times.push(now() - t0);
  }
  return median(times);
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1];
}

/** The engine's exact path, no grid: every zone's geometryContains at every fix (a sample). */
function exactMembership(
  compiled: Compiled,
  lat: Float64Array,
  lon: Float64Array,
  included: number[] | null,
) {
  const keep = included ? new Set(included) : null;
  const hash = new Uint32Array(lat.length);
  const t0 = now();
  for (let i = 0; i < lat.length; i++) {
    let h = 0;
    compiled.zones.forEach((z, k) => {
      if (z.geometryContains(lat[i], lon[i]) && (!keep || keep.has(k))) h = (h + zoneHash(k)) >>> 0;
    });
    hash[i] = h;
  }
  return { hash, seconds: now() - t0 };
}

function countDiff(a: Uint32Array, b: Uint32Array, n = Math.min(a.length, b.length)): number {
  let d = 0;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) d++;
  return d;
}

function shapelyMembership(zonesFile: string, lat: Float64Array, lon: Float64Array, tag: string) {
  const bin = path.join(OUT, `${tag}.fixes.bin`);
  const buf = Buffer.alloc(lat.length * 16);
  Buffer.from(lat.buffer, lat.byteOffset, lat.byteLength).copy(buf, 0);
  Buffer.from(lon.buffer, lon.byteOffset, lon.byteLength).copy(buf, lat.length * 8);
  writeFileSync(bin, buf);
  const outFile = path.join(OUT, `${tag}.shapely.hash`);
  const r = spawnSync(
    PY,
    [path.join(here, 'peers', 'shapely_peer.py'), zonesFile, '--bin', bin, String(lat.length), outFile],
    {
      encoding: 'utf8',
      env: { ...process.env, ...SINGLE_THREAD_ENV },
      maxBuffer: 1 << 26,
    },
  );
  if (r.status !== 0) throw new Error(`shapely peer failed: ${r.stderr}`);
  const info = JSON.parse(r.stdout.trim().split('\n').pop() as string);
  const raw = readFileSync(outFile);
  const hash = new Uint32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  return { hash, seconds: info.seconds as number, info };
}

/** One core for numpy/OpenBLAS, like the JS side. */
const SINGLE_THREAD_ENV = {
  OPENBLAS_NUM_THREADS: '1',
  OMP_NUM_THREADS: '1',
  MKL_NUM_THREADS: '1',
  NUMEXPR_NUM_THREADS: '1',
};

function pgLoadZones(c: Cluster, zones: PeerZones): void {
  const lines = zones.collection.features.map((f) => {
    const p = f.properties as { index: number };
    return `${p.index}\t${JSON.stringify(f.geometry)}`;
  });
  const file = sharedFile(c, 'zones.tsv', `${lines.join('\n')}\n`);
  c.sql(`DROP TABLE IF EXISTS zones; CREATE TABLE zones_raw(idx int, gj text);
    COPY zones_raw FROM '${file}';
    CREATE TABLE zones AS SELECT idx, ST_MakeValid(ST_GeomFromGeoJSON(gj))::geography AS g FROM zones_raw;
    CREATE INDEX ON zones USING gist(g); ANALYZE zones; DROP TABLE zones_raw;`);
}

function pgMembership(c: Cluster, lat: Float64Array, lon: Float64Array) {
  const lines: string[] = [];
  for (let i = 0; i < lat.length; i++) lines.push(`${i}\t${lon[i]}\t${lat[i]}`);
  const file = sharedFile(c, 'pts.tsv', `${lines.join('\n')}\n`);
  c.sql(`DROP TABLE IF EXISTS pts; CREATE TABLE pts_raw(i int, lon float8, lat float8); COPY pts_raw FROM '${file}';
    CREATE TABLE pts AS SELECT i, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography AS g FROM pts_raw; DROP TABLE pts_raw; ANALYZE pts;`);
  const t0 = now();
  const out = c.sql('SELECT p.i, z.idx FROM pts p JOIN zones z ON ST_Intersects(z.g, p.g);');
  const seconds = now() - t0;
  const hash = new Uint32Array(lat.length);
  for (const line of out.split('\n')) {
    if (!line) continue;
    const [i, z] = line.split('|').map(Number);
    hash[i] = (hash[i] + zoneHash(z)) >>> 0;
  }
  return { hash, seconds };
}

function pgLines(c: Cluster, tracks: Track[]) {
  const lines: string[] = [];
  let fixes = 0;
  tracks.forEach((t, k) => {
    const coords: string[] = [];
    for (let i = 0; i < t.t.length; i++) coords.push(`${t.lon[i]} ${t.lat[i]}`);
    fixes += t.t.length;
    lines.push(`${k}\tSRID=4326;LINESTRING(${coords.join(',')})`);
  });
  const file = sharedFile(c, 'lines.tsv', `${lines.join('\n')}\n`);
  c.sql(`DROP TABLE IF EXISTS tl; CREATE TABLE tl_raw(k int, w text); COPY tl_raw FROM '${file}';
    CREATE TABLE tl AS SELECT k, w::geography AS g FROM tl_raw; DROP TABLE tl_raw;`);
  const t0 = now();
  const out = c.sql(
    'SELECT t.k, z.idx, ST_Length(ST_Intersection(t.g, z.g)) FROM tl t JOIN zones z ON ST_Intersects(t.g, z.g);',
  );
  return { seconds: now() - t0, fixes, pieces: out.split('\n').filter(Boolean).length };
}

// ---------------------------------------------------------------------------------------------
// Analysis

function sameResult(a: AnalysisResult, b: AnalysisResult): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** analyze() on growing prefixes of the tracks until one run takes capS or all tracks are done. */
function analysisThroughput(tracks: Track[], catalog: Catalog, capS: number) {
  compileCatalog(catalog);
  let k = 1;
  let last = { tracks: 0, fixes: 0, seconds: 0, visits: 0, approaches: 0 };
  for (;;) {
    const part = tracks.slice(0, k);
    const fixes = part.reduce((s, t) => s + t.t.length, 0);
    const t0 = now();
    // The grid fast path on (it is on by default from 50,000 fixes; the small prefixes here
    // must measure the same engine).
    const r = analyze(part, catalog, { fastPath: true } as never);
    const seconds = now() - t0;
    last = { tracks: part.length, fixes, seconds, visits: r.visits.length, approaches: r.approaches.length };
    if (seconds > capS || k >= tracks.length) break;
    k = Math.min(
      tracks.length,
      Math.max(k + 1, Math.ceil(k * Math.min(8, Math.max(2, capS / Math.max(seconds, 1e-3) / 2)))),
    );
  }
  return last;
}

async function workersSpeedup(tracks: Track[], catalog: Catalog) {
  // The steady state: the same tracks on 1 thread (whose caches earlier runs have warmed), then
  // on 2 workers warmed the same way by one untimed pass (each holds the catalog compiled and
  // gridded, and its lazy per-ring caches). Idle workers stop after a few seconds, so each
  // round's 2-worker run comes right after the previous one. The two cores are shared with the
  // machine's other work, which moves a single pair of runs by a tenth or more: rounds of one
  // run each, alternating, and the medians compared.
  const w0 = now();
  await analyzeParallel(tracks, catalog, {}, 2);
  const startS = now() - w0;
  const ones: number[] = [];
  const twos: number[] = [];
  let identical = true;
  for (let round = 0; round < WORKER_ROUNDS; round++) {
    const t0 = now();
    const one = await analyzeParallel(tracks, catalog, {}, 1);
    ones.push(now() - t0);
    const t1 = now();
    const two = await analyzeParallel(tracks, catalog, {}, 2);
    twos.push(now() - t1);
    identical &&= sameResult(one, two);
  }
  return { s1: median(ones), s2: median(twos), ones, twos, startS, identical };
}

/** Rounds of the 2-worker measure (see workersSpeedup). */
const WORKER_ROUNDS = 3;

// ---------------------------------------------------------------------------------------------

function machine() {
  const cpus = os.cpus();
  const ver = (pkg: string) => {
    try {
      return JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
    } catch {
      return null;
    }
  };
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    turf: ver('@turf/boolean-point-in-polygon'),
    flatbush: ver('flatbush'),
    geographiclib: ver('geographiclib-geodesic'),
  };
}

/**
 * peakRss in RSS_RUNS fresh processes, the one with the median peak: the peak of a full analysis
 * depends on when the garbage collector runs (one process at 3 M fixes peaked 65 MiB above
 * another's), which a single run per size turns into a slope anywhere from 0 to 65 B/fix.
 */
function medianPeakRss(mode: string, n: number): ReturnType<typeof peakRss> {
  const runs: NonNullable<ReturnType<typeof peakRss>>[] = [];
  for (let k = 0; k < RSS_RUNS; k++) {
    const r = peakRss(mode, n);
    if (!r) return null;
    runs.push(r);
  }
  return runs.sort((x, y) => x.hwmBytes - y.hwmBytes)[runs.length >> 1];
}

const RSS_RUNS = 3;

function peakRss(
  mode: string,
  n: number,
): { hwmBytes: number; baseBytes: number; n: number; seconds: number } | null {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'rss-child.ts'), mode, String(n), String(SEED), ENGINE],
    {
      encoding: 'utf8',
      cwd: root,
      maxBuffer: 1 << 24,
    },
  );
  if (r.status !== 0) {
    log(`rss child failed: ${r.stderr.slice(0, 500)}`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop() as string);
}

function timeCommand(cmd: string, argv: string[], env: Record<string, string> = {}, timeoutS = 900) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...argv], {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, ...env },
    timeout: timeoutS * 1000,
    maxBuffer: 1 << 28,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const m = /^([\d.]+) (\d+)$/.exec(last);
  if (r.status !== 0 || !m) return { ok: false as const, error: (r.stderr || String(r.error)).slice(-800) };
  return { ok: true as const, seconds: Number(m[1]), maxRssKiB: Number(m[2]), stdout: r.stdout };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  process.env.INCURSION_GRID_CACHE ??= GRID_CACHE;
  facts.loadStart = os.loadavg();
  const started = new Date();
  facts.machine = machine();
  facts.seed = SEED;
  facts.quick = QUICK;
  log(`machine: ${JSON.stringify(facts.machine)}`);

  const pyv = spawnSync(PY, ['-c', 'import shapely, numpy; print(shapely.__version__, numpy.__version__)'], {
    encoding: 'utf8',
  });
  const haveShapely = pyv.status === 0;
  facts.shapely = haveShapely
    ? pyv.stdout.trim()
    : 'missing: apt-get install -y python3-shapely python3-numpy';
  const pgMissing = SKIP_PG ? 'skipped (--skip-postgis)' : postgisAvailable();
  let cluster: Cluster | null = null;
  if (!pgMissing) {
    cluster = startCluster();
    // The throwaway cluster goes away even when the run is interrupted.
    const c = cluster;
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.once(sig, () => {
        c.stop();
        process.exit(130);
      });
    }
    cluster.sql('CREATE EXTENSION postgis;');
    facts.postgis = postgisVersion(cluster);
  } else facts.postgis = pgMissing;
  if (!haveShapely) log(`shapely peer skipped: ${facts.shapely}`);
  if (pgMissing) log(`PostGIS peer skipped: ${pgMissing}`);

  try {
    // ---- (a) synthetic Northeast Asia against the built-in catalog
    const catalog = builtinCatalog();
    const compiled = new CompiledCatalog(catalog);
    const pz = peerZones(catalog);
    const zonesFile = path.join(OUT, 'builtin.peer.geojson');
    writeFileSync(zonesFile, JSON.stringify(pz.collection));
    facts.builtin = {
      zones: catalog.zones.length,
      vertices: pz.vertices,
      version: catalog.version,
      peerSkipped: pz.skipped,
    };
    if (cluster) pgLoadZones(cluster, pz);

    const maxN = Math.max(...SIZES.ne);
    const t0 = now();
    const allTracks = synthTracks(maxN, SEED);
    const all = flatten(allTracks);
    log(`generated ${maxN} synthetic fixes in ${(now() - t0).toFixed(1)} s`);

    for (const n of SIZES.ne) {
      const wl = `NE Asia synthetic ${fmtRate(n)} fixes`;
      const lat = all.lat.subarray(0, n);
      const lon = all.lon.subarray(0, n);
      const inc = incursionMembership(compiled, lat, lon, pz.included);
      add({
        workload: wl,
        measure: 'zone membership',
        tool: 'incursion',
        fixes: n,
        seconds: inc.seconds,
        rate: n / inc.seconds,
        unit: 'fixes/s',
        note: `median of ${MEMBERSHIP_PASSES} passes; grid built in ${inc.buildS.toFixed(2)} s; ${inc.exact} exact tests`,
      });
      if (n === SIZES.ne[0]) {
        const m = Math.min(n, QUICK ? 2_000 : 20_000);
        const ex = exactMembership(compiled, lat.subarray(0, m), lon.subarray(0, m), pz.included);
        add({
          workload: wl,
          measure: 'zone membership',
          tool: 'incursion exact path (no grid)',
          fixes: m,
          seconds: ex.seconds,
          rate: m / ex.seconds,
          unit: 'fixes/s',
          differ: countDiff(ex.hash, inc.hash, m),
          compared: m,
          note: 'first fixes only',
        });
        const tm = Math.min(n, SIZES.turfSample);
        const th = new Uint32Array(tm);
        const t1 = now();
        turfClassify(pz, lat.subarray(0, tm), lon.subarray(0, tm), th);
        const ts = now() - t1;
        add({
          workload: wl,
          measure: 'zone membership',
          tool: 'turf.js + flatbush',
          fixes: tm,
          seconds: ts,
          rate: tm / ts,
          unit: 'fixes/s',
          differ: countDiff(th, inc.hash, tm),
          compared: tm,
          note: tm < n ? `first ${tm} fixes (sized down)` : undefined,
        });
      }
      if (haveShapely) {
        const sh = shapelyMembership(zonesFile, lat, lon, `ne-${n}`);
        add({
          workload: wl,
          measure: 'zone membership',
          tool: 'shapely 1.8 vectorized',
          fixes: n,
          seconds: sh.seconds,
          rate: n / sh.seconds,
          unit: 'fixes/s',
          differ: countDiff(sh.hash, inc.hash),
          compared: n,
        });
      }
      if (cluster && n === SIZES.ne[0]) {
        const m = SIZES.pgSample;
        const pg = pgMembership(cluster, lat.subarray(0, m), lon.subarray(0, m));
        add({
          workload: wl,
          measure: 'zone membership',
          tool: 'PostGIS 3.3 geography ST_Intersects',
          fixes: m,
          seconds: pg.seconds,
          rate: m / pg.seconds,
          unit: 'fixes/s',
          differ: countDiff(pg.hash, inc.hash, m),
          compared: m,
          note: `first ${m} fixes (sized down; rate extrapolates linearly)`,
        });
        const lineTracks: Track[] = [];
        let f = 0;
        for (const t of allTracks) {
          if (f >= SIZES.pgLineFixes) break;
          lineTracks.push(t);
          f += t.t.length;
        }
        const pl = pgLines(cluster, lineTracks);
        add({
          workload: wl,
          measure: 'track lines × zones (ST_Intersection)',
          tool: 'PostGIS 3.3 geography',
          fixes: pl.fixes,
          seconds: pl.seconds,
          rate: pl.fixes / pl.seconds,
          unit: 'fixes/s',
          note: `${lineTracks.length} tracks, ${pl.pieces} track/zone intersections`,
        });
      }
    }

    // ---- full analysis, 1 vs 2 workers, on the 1 M workload
    {
      const n = SIZES.ne[0];
      const tracks: Track[] = [];
      let f = 0;
      for (const t of allTracks) {
        if (f >= n) break;
        tracks.push(t);
        f += t.t.length;
      }
      const a = analysisThroughput(tracks, catalog, SIZES.analysisCapS);
      add({
        workload: `NE Asia synthetic ${fmtRate(n)} fixes`,
        measure: 'full analysis (1 core)',
        tool: 'incursion analyze()',
        fixes: a.fixes,
        seconds: a.seconds,
        rate: a.fixes / a.seconds,
        unit: 'fixes/s',
        note: `${a.tracks} tracks, ${a.visits} visits, ${a.approaches} approaches${a.fixes < f ? ' (prefix that fits the time cap)' : ''}`,
      });
      const w = await workersSpeedup(tracks.slice(0, Math.max(2, a.tracks)), catalog);
      facts.workers = {
        fixes: a.fixes,
        oneS: w.s1,
        twoS: w.s2,
        speedup: w.s1 / w.s2,
        identical: w.identical,
      };
      add({
        workload: `NE Asia synthetic ${fmtRate(n)} fixes`,
        measure: 'full analysis, 2 workers vs 1',
        tool: 'incursion analyzeParallel()',
        fixes: a.fixes,
        seconds: w.s2,
        rate: w.s1 / w.s2,
        unit: '× speed-up',
        note: `medians of ${WORKER_ROUNDS} alternating rounds: 1 thread ${w.s1.toFixed(2)} s (${w.ones.map((x) => x.toFixed(2)).join(', ')}), 2 workers ${w.s2.toFixed(2)} s (${w.twos.map((x) => x.toFixed(2)).join(', ')}), after an untimed first pass of ${w.startS.toFixed(2)} s (pool start, catalog hand-over, cold caches); results identical: ${w.identical}`,
      });
      // The same kind of flights sampled every second, as raw ADS-B comes: most of the analysis
      // is spent per visit, not per fix, so the rate depends on how densely tracks are sampled.
      // (Not the target's workload, which keeps the 10 s step of every other measure.)
      const dense = synthTracks(n, SEED, NORTHEAST_ASIA, 20_000, 1);
      const d = analysisThroughput(dense, catalog, SIZES.analysisCapS);
      add({
        workload: `NE Asia synthetic, a fix every second (${fmtRate(n)} fixes)`,
        measure: 'full analysis (1 core)',
        tool: 'incursion analyze()',
        fixes: d.fixes,
        seconds: d.seconds,
        rate: d.fixes / d.seconds,
        unit: 'fixes/s',
        note: `${d.tracks} tracks of 20,000 fixes (5.6 h each, as the 10 s workload's 2,000), ${d.visits} visits, ${d.approaches} approaches${d.fixes < n ? ' (prefix that fits the time cap)' : ''}`,
      });
    }

    // ---- where the analysis time goes (node --cpu-prof)
    {
      const dir = path.join(OUT, 'prof-analysis');
      rmSync(dir, { recursive: true, force: true });
      const n = QUICK ? 20_000 : 400_000;
      const r = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--cpu-prof',
          `--cpu-prof-dir=${dir}`,
          path.join(here, 'profile-analysis.ts'),
          String(n),
          String(SEED),
          ENGINE,
        ],
        { cwd: root, encoding: 'utf8' },
      );
      if (r.status === 0) {
        // The main thread's profile is the one with the analysis in it.
        const files = readdirSync(dir).map((f) => path.join(dir, f));
        const stages = [
          'analyzeTrack',
          'rawVisits',
          'intervals',
          'maxPenetrationM',
          'closestApproach',
          'boundaryExtreme',
          'boundaryDistanceM',
          'segmentMinBoundary',
          'nearestEdge',
          'edgeDistanceM',
          'pieceMax',
          'minimize',
          'catalogGridOf',
        ];
        const best = files
          .map((f) => ({ f, inc: inclusive(f, stages) }))
          .sort((a, b) => (b.inc.analyzeTrack ?? 0) - (a.inc.analyzeTrack ?? 0))[0];
        if (best)
          facts.analysisProfile = {
            fixes: n,
            command: `node --import tsx --cpu-prof bench/profile-analysis.ts ${n} ${SEED} ${path.relative(root, ENGINE)}`,
            inclusiveMs: best.inc,
            top: profileSummary(best.f, 12),
          };
      } else log(`profiled analysis failed: ${r.stderr.slice(0, 400)}`);
    }

    // ---- fix scaling
    for (const n of SIZES.scaling) {
      if (n > maxN) continue;
      const lat = all.lat.subarray(0, n);
      const lon = all.lon.subarray(0, n);
      const grid = new CatalogGrid(compiled.zones);
      const s = medianClassifyS(grid, lat, lon);
      add({
        workload: 'scaling: fixes',
        measure: 'zone membership',
        tool: 'incursion',
        fixes: n,
        seconds: s,
        rate: n / s,
        unit: 'fixes/s',
      });
    }

    // ---- zones × vertices scaling
    for (const v of QUICK ? [10, 1_000] : [10, 100, 1_000, 10_000, 100_000]) {
      const cat = scalingCatalog(v, SEED);
      const t1 = now();
      const cc = new CompiledCatalog(cat);
      const n = SIZES.scaleFixes;
      const lat = all.lat.subarray(0, n);
      const lon = all.lon.subarray(0, n);
      const grid = new CatalogGrid(cc.zones);
      const build = now() - t1;
      const s = medianClassifyS(grid, lat, lon);
      add({
        workload: `scaling: ${cat.zones.length} zones × ${v / cat.zones.length} vertices`,
        measure: 'zone membership',
        tool: 'incursion',
        fixes: n,
        seconds: s,
        rate: n / s,
        unit: 'fixes/s',
        note: `compile + grid ${build.toFixed(2)} s`,
      });
    }

    // ---- (b) real: Switzerland and Taiwan
    const realSets: Array<{ name: string; tracksFile: string; zones: () => Promise<Catalog> }> = [
      {
        name: 'Switzerland (traffic sample, 139 k fixes) × Swiss OpenAIR (334 airspaces)',
        tracksFile: path.join(REAL, 'xoolive-traffic', 'collections', 'switzerland.json.gz'),
        zones: async () => {
          const r = await importZoneFile(path.join(REAL, 'glide-rs-openair-rs', 'Switzerland.txt'));
          return { id: 'Switzerland.txt', version: 'file', zones: r.zones };
        },
      },
      {
        name: 'Taiwan ADS-B sample × built-in catalog',
        tracksFile: path.join(
          REAL,
          'LunaticGhoulPiano-Flight-Spotter',
          'filtered_by_Taiwan_manual_edges.csv',
        ),
        zones: async () => catalog,
      },
    ];
    for (const rs of realSets) {
      if (!existsSync(rs.tracksFile)) {
        log(`missing ${rs.tracksFile}; skipped`);
        continue;
      }
      const read = await readTrackFile(rs.tracksFile);
      const cat = await rs.zones();
      const cc = new CompiledCatalog(cat);
      const { lat, lon } = flatten(read.tracks);
      const n = lat.length;
      const zp = peerZones(cat);
      const zf = path.join(OUT, `${rs.name.slice(0, 6)}.peer.geojson`.replace(/\W+/g, '-'));
      writeFileSync(zf, JSON.stringify(zp.collection));
      const inc = incursionMembership(cc, lat, lon, zp.included);
      add({
        workload: rs.name,
        measure: 'zone membership',
        tool: 'incursion',
        fixes: n,
        seconds: inc.seconds,
        rate: n / inc.seconds,
        unit: 'fixes/s',
        note: `${read.tracks.length} tracks, ${cat.zones.length} zones; grid built in ${inc.buildS.toFixed(2)} s; ${inc.exact} exact tests`,
      });
      const ex = exactMembership(
        cc,
        lat.subarray(0, Math.min(n, 5000)),
        lon.subarray(0, Math.min(n, 5000)),
        zp.included,
      );
      add({
        workload: rs.name,
        measure: 'zone membership',
        tool: 'incursion exact path (no grid)',
        fixes: ex.hash.length,
        seconds: ex.seconds,
        rate: ex.hash.length / ex.seconds,
        unit: 'fixes/s',
        differ: countDiff(ex.hash, inc.hash, ex.hash.length),
        compared: ex.hash.length,
      });
      const tm = Math.min(n, SIZES.turfSample);
      const th = new Uint32Array(tm);
      const t1 = now();
      turfClassify(zp, lat.subarray(0, tm), lon.subarray(0, tm), th);
      const ts = now() - t1;
      add({
        workload: rs.name,
        measure: 'zone membership',
        tool: 'turf.js + flatbush',
        fixes: tm,
        seconds: ts,
        rate: tm / ts,
        unit: 'fixes/s',
        differ: countDiff(th, inc.hash, tm),
        compared: tm,
      });
      if (haveShapely) {
        const sh = shapelyMembership(zf, lat, lon, rs.name.slice(0, 6).replace(/\W+/g, '-'));
        add({
          workload: rs.name,
          measure: 'zone membership',
          tool: 'shapely 1.8 vectorized',
          fixes: n,
          seconds: sh.seconds,
          rate: n / sh.seconds,
          unit: 'fixes/s',
          differ: countDiff(sh.hash, inc.hash),
          compared: n,
        });
      }
      if (cluster) {
        pgLoadZones(cluster, zp);
        const m = Math.min(n, SIZES.pgSample);
        const pg = pgMembership(cluster, lat.subarray(0, m), lon.subarray(0, m));
        add({
          workload: rs.name,
          measure: 'zone membership',
          tool: 'PostGIS 3.3 geography ST_Intersects',
          fixes: m,
          seconds: pg.seconds,
          rate: m / pg.seconds,
          unit: 'fixes/s',
          differ: countDiff(pg.hash, inc.hash, m),
          compared: m,
          note: `first ${m} fixes`,
        });
      }
      const a = analysisThroughput(read.tracks, cat, SIZES.analysisCapS);
      add({
        workload: rs.name,
        measure: 'full analysis (1 core)',
        tool: 'incursion analyze()',
        fixes: a.fixes,
        seconds: a.seconds,
        rate: a.fixes / a.seconds,
        unit: 'fixes/s',
        note: `${a.tracks} of ${read.tracks.length} tracks, ${a.visits} visits, ${a.approaches} approaches`,
      });
    }

    // ---- end to end on a large CSV, parsing included
    if (!SKIP_CLI) await endToEnd(zonesFile);

    // ---- peak resident memory per fix: the slope between two sizes, so fixed costs (runtime,
    // catalog, grid) drop out
    {
      const [n1, n2] = SIZES.rss;
      const a = peakRss('membership', n1);
      const b = peakRss('membership', n2);
      if (a && b) {
        const per = (b.hwmBytes - a.hwmBytes) / (n2 - n1);
        facts.rss = { membership: [a, b], bytesPerFix: per };
        add({
          workload: `NE Asia synthetic ${fmtRate(n1)} → ${fmtRate(n2)} fixes`,
          measure: 'peak resident memory per fix (tracks + membership)',
          tool: 'incursion',
          fixes: n2,
          seconds: b.seconds,
          rate: per,
          unit: 'bytes/fix',
          note: `VmHWM ${(a.hwmBytes / 2 ** 20).toFixed(0)} MiB at ${fmtRate(n1)}, ${(b.hwmBytes / 2 ** 20).toFixed(0)} MiB at ${fmtRate(n2)}; the track columns themselves take 28 B/fix`,
        });
      }
      const c = medianPeakRss('analyze', SIZES.rssAnalysis[0]);
      const d = medianPeakRss('analyze', SIZES.rssAnalysis[1]);
      if (c && d) {
        const per = (d.hwmBytes - c.hwmBytes) / (d.n - c.n);
        add({
          workload: `NE Asia synthetic ${fmtRate(c.n)} → ${fmtRate(d.n)} fixes`,
          measure: 'peak resident memory per fix (full analysis)',
          tool: 'incursion',
          fixes: d.n,
          seconds: d.seconds,
          rate: per,
          unit: 'bytes/fix',
          note: `VmHWM ${(c.hwmBytes / 2 ** 20).toFixed(0)} MiB and ${(d.hwmBytes / 2 ** 20).toFixed(0)} MiB, each the median of ${RSS_RUNS} processes`,
        });
      }
    }
    // ---- the live monitor (issue 6), in its own process so its heap figures are its own
    if (!SKIP_LIVE) liveBench();
  } finally {
    cluster?.stop();
  }
  facts.started = started.toISOString();
  facts.seconds = (Date.now() - started.getTime()) / 1000;
  writeResults();
}

/**
 * bench/live.ts with 50 k aircraft (fewer with --quick): throughput, latency, memory, over the
 * compiled engine as `incursion watch` runs it.
 */
function liveBench(): void {
  const aircraft = QUICK ? 5_000 : 50_000;
  const dist = compiledDist();
  const live = ['--aircraft', String(aircraft), '--rounds', '12', '--rate', '50000', '--json'];
  if (dist) live.push('--engine', path.relative(root, dist));
  const command = `node --expose-gc --import tsx bench/live.ts ${live.join(' ')}`;
  log(`live: ${command}`);
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(here, 'live.ts'), ...live],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 1_800_000,
      maxBuffer: 1 << 26,
    },
  );
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) {
    log(`live bench failed: ${r.stderr}`);
    return;
  }
  const res = JSON.parse(line.slice(7)) as {
    rounds: number;
    memory: { bytes: number; aircraft: number };
    inMemory: {
      perS: number;
      events: number;
      steadyPerS: number;
      runs: Array<{ perS: number; steadyPerS: number }>;
    };
    durable: { perS: number };
    latency: { p50: number; p99: number; max: number; behind: boolean; seconds: number };
  };
  facts.live = { ...res, command };
  const workload = `live: ${aircraft} aircraft, a fix every 10 s each, built-in catalog`;
  const fixes = aircraft * res.rounds;
  add({
    workload,
    measure: 'live sustained positions/s (in memory)',
    tool: 'incursion watch engine',
    fixes,
    seconds: fixes / res.inMemory.perS,
    rate: res.inMemory.perS,
    unit: 'positions/s',
    note: `${res.rounds} rounds after the aircraft are created, ${res.inMemory.events} events; the rounds hold every aircraft's first fold of its held fixes; median of ${res.inMemory.runs.length} independent runs (${res.inMemory.runs.map((x) => fmtRate(x.perS)).join(', ')})`,
  });
  add({
    workload,
    measure: "live sustained positions/s (in memory), after every aircraft's first fold",
    tool: 'incursion watch engine',
    fixes,
    seconds: fixes / res.inMemory.steadyPerS,
    rate: res.inMemory.steadyPerS,
    unit: 'positions/s',
    note: `the next ${res.rounds} rounds: a feed of hour-long flights pays a first fold once in hundreds of positions; the target above is judged on the first window; median of ${res.inMemory.runs.length} runs (${res.inMemory.runs.map((x) => fmtRate(x.steadyPerS)).join(', ')})`,
  });
  add({
    workload,
    measure: 'live sustained positions/s (durable: SQLite WAL, every batch committed)',
    tool: 'incursion watch engine',
    fixes,
    seconds: fixes / res.durable.perS,
    rate: res.durable.perS,
    unit: 'positions/s',
  });
  add({
    workload,
    measure: 'live latency p99, fix arrival → its events, at 50 k positions/s',
    tool: 'incursion watch engine',
    fixes: Math.round(res.latency.seconds * 50_000),
    seconds: res.latency.seconds,
    rate: res.latency.p99,
    unit: 'ms',
    note: `p50 ${res.latency.p50.toFixed(2)} ms, max ${res.latency.max.toFixed(1)} ms${res.latency.behind ? '; could not keep up with the rate' : ''}`,
  });
  add({
    workload,
    measure: 'live memory per aircraft',
    tool: 'incursion watch engine',
    fixes: res.memory.aircraft,
    seconds: Number.NaN,
    rate: res.memory.bytes,
    unit: 'bytes',
    note: 'engine state (JS heap + array buffers) after enough fixes for the held fixes to fold; the catalog compiled beforehand',
  });
}

/** The CLI over the compiled engine, or the sources through tsx when tsc emits nothing. */
function buildCli(): { cmd: string; argv: string[] } {
  const dist = compiledDist();
  if (!dist) return { cmd: process.execPath, argv: ['--import', 'tsx', path.join(here, 'cli-entry.ts')] };
  const entry = path.join(OUT, 'build', 'incursion.mjs');
  writeFileSync(
    entry,
    "import { main } from './dist/cli/main.js';\nmain(process.argv).then((c) => { process.exitCode = c; });\n",
  );
  return { cmd: process.execPath, argv: [entry] };
}

async function csvOf(n: number): Promise<string> {
  const csv = path.join(OUT, `ne-${n}.csv`);
  if (!existsSync(csv)) {
    const rowsWritten = await writeCsv(synthTracks(n, SEED + 1), csv);
    log(`wrote ${csv} (${rowsWritten} rows, ${(statSync(csv).size / 2 ** 20).toFixed(0)} MiB)`);
  }
  return csv;
}

/**
 * End to end on a generated CSV, parsing included. Membership end to end (what the peers do)
 * runs on the full-size CSV; the CLI's full analysis runs on a CSV sized so that it takes about
 * a minute at the analysis rate measured above, and is reported as measured (rate per fix).
 */
async function endToEnd(zonesFile: string): Promise<void> {
  const n = SIZES.cliRows;
  const csv = await csvOf(n);
  const wl = `CSV ${fmtRate(n)} rows (${(statSync(csv).size / 2 ** 20).toFixed(0)} MiB), end to end`;
  // Each read in a fresh process, as the CLI reads (in a long-lived one the reading thread's code
  // is compiled after the first file, a worker's never is): the median of three.
  const dist = compiledDist();
  for (const [mode, measure] of [
    ['one', 'CSV parsing (byte level, one thread)'],
    ['parts', `CSV parsing (readTrackFile: byte level, ${os.availableParallelism()} threads)`],
  ] as const) {
    const runs: Array<{ rows: number; tracks: number; parseS: number }> = [];
    for (let k = 0; k < 3; k++) {
      const m = dist
        ? timeCommand(process.execPath, [path.join(here, 'csv-read.mjs'), dist, csv, mode])
        : timeCommand(process.execPath, [
            '--import',
            'tsx',
            path.join(here, 'csv-read.mjs'),
            path.join(root, 'src'),
            csv,
            mode,
          ]);
      if (m.ok) runs.push(JSON.parse(m.stdout.trim().split('\n').pop() as string));
      else log(`CSV read (${mode}) failed: ${m.error}`);
    }
    if (runs.length === 0) continue;
    runs.sort((x, y) => x.parseS - y.parseS);
    const med = runs[Math.floor(runs.length / 2)];
    add({
      workload: wl,
      measure,
      tool: 'incursion',
      fixes: med.rows,
      seconds: med.parseS,
      rate: med.rows / med.parseS,
      unit: 'rows/s',
      note: `one read in a fresh process, the median of ${runs.length} (${runs.map((r) => r.parseS.toFixed(3)).join(', ')} s)`,
    });
    facts.readTracks = med.tracks;
  }
  // Cold: the grid is built in the run; warm: it comes from the on-disk grid cache, as in every
  // run after the first with the same catalog.
  rmSync(GRID_CACHE, { recursive: true, force: true });
  // Over the compiled engine, as the CLI runs (the sources through tsx if tsc emitted nothing).
  const cli = buildCli();
  const e2eArgs = dist
    ? [path.join(here, 'membership-e2e.mjs'), dist, csv]
    : ['--import', 'tsx', path.join(here, 'membership-e2e.mjs'), path.join(root, 'src'), csv];
  for (const state of ['cold', 'warm']) {
    const m = timeCommand(process.execPath, e2eArgs, { INCURSION_GRID_CACHE: GRID_CACHE });
    if (m.ok) {
      const st = JSON.parse(m.stdout.trim().split('\n').pop() as string);
      if (state === 'warm') facts.e2eStages = st;
      add({
        workload: wl,
        measure: `end to end: parse + zone membership${state === 'cold' ? ' (grid built in the run)' : ''}`,
        tool: state === 'cold' ? 'incursion, cold grid cache' : 'incursion',
        fixes: n,
        seconds: m.seconds,
        rate: n / m.seconds,
        unit: 'fixes/s',
        note: `process wall time: node start ${st.startS} s, imports ${st.importS} s, CSV ${st.parseS} s, catalog compile ${st.compileS} s, grid ${st.gridS} s (${state === 'cold' ? 'built' : 'from the cache'}), membership ${st.classifyS} s; peak RSS ${(m.maxRssKiB / 1024).toFixed(0)} MiB`,
      });
    } else log(`membership e2e failed: ${m.error}`);
  }
  const tr = timeCommand(process.execPath, [
    '--import',
    'tsx',
    path.join(here, 'peers', 'turf-e2e.ts'),
    zonesFile,
    csv,
    String(QUICK ? n : SIZES.turfSample),
  ]);
  if (tr.ok) {
    const info = JSON.parse(tr.stdout.trim().split('\n').pop() as string);
    // Wall time of the process, with the classification of the fixes it skipped extrapolated.
    const projected = tr.seconds + info.classifyS * (n / info.classified - 1);
    add({
      workload: wl,
      measure: 'end to end: parse + zone membership',
      tool: 'turf.js + flatbush',
      fixes: n,
      seconds: projected,
      rate: n / projected,
      unit: 'fixes/s',
      note:
        info.classified < n
          ? `process wall time ${tr.seconds.toFixed(1)} s: parsed all ${info.rows} rows in ${info.parseS.toFixed(1)} s, classified the first ${info.classified} in ${info.classifyS.toFixed(1)} s; the rest extrapolated linearly`
          : 'process wall time',
    });
  }
  if (existsSync(PY)) {
    const sh = timeCommand(
      PY,
      [
        path.join(here, 'peers', 'shapely_peer.py'),
        zonesFile,
        '--csv',
        csv,
        path.join(OUT, 'csv.shapely.hash'),
      ],
      SINGLE_THREAD_ENV,
    );
    if (sh.ok)
      add({
        workload: wl,
        measure: 'end to end: parse + zone membership',
        tool: 'shapely 1.8 vectorized',
        fixes: n,
        seconds: sh.seconds,
        rate: n / sh.seconds,
        unit: 'fixes/s',
        note: `process wall time; numpy.loadtxt; peak RSS ${(sh.maxRssKiB / 1024).toFixed(0)} MiB`,
      });
  }
  // The CLI: parse + full analysis (on worker threads from 200,000 fixes) + JSON, on the CSV
  // above and on the issue's 10 M-row one.
  for (const rows of [n, SIZES.cliLargeRows]) {
    const csvCli = await csvOf(rows);
    const r = timeCommand(
      cli.cmd,
      [...cli.argv, 'analyze', csvCli, '--format', 'json', '--out', path.join(OUT, 'cli-out.json')],
      { INCURSION_GRID_CACHE: GRID_CACHE },
    );
    add({
      workload: `CSV ${fmtRate(rows)} rows (${(statSync(csvCli).size / 2 ** 20).toFixed(0)} MiB), end to end`,
      measure: 'end to end: CLI analyze (parse + full analysis + JSON)',
      tool: 'incursion',
      fixes: rows,
      seconds: r.ok ? r.seconds : Number.NaN,
      rate: r.ok ? rows / r.seconds : Number.NaN,
      unit: 'fixes/s',
      note: r.ok
        ? `process wall time, ${os.availableParallelism()} worker threads; peak RSS ${(r.maxRssKiB / 1024).toFixed(0)} MiB`
        : `failed: ${r.error}`,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function pick(workloadPrefix: string, measure: string, tool: string): Row | undefined {
  return rows.find(
    (r) => r.workload.startsWith(workloadPrefix) && r.measure.startsWith(measure) && r.tool.startsWith(tool),
  );
}

function targets() {
  const ne = `NE Asia synthetic ${fmtRate(SIZES.ne[0])}`;
  const inc = pick(ne, 'zone membership', 'incursion');
  const ratio = (tool: string) => {
    const p = pick(ne, 'zone membership', tool);
    return inc && p ? inc.rate / p.rate : Number.NaN;
  };
  const e2e = (tool: string) =>
    rows.find((r) => r.measure.startsWith('end to end: parse + zone membership') && r.tool.startsWith(tool));
  const e2eInc = rows.find(
    (r) => r.measure === 'end to end: parse + zone membership' && r.tool === 'incursion',
  );
  const e2eRatio = (tool: string) => {
    const p = e2e(tool);
    return e2eInc && p ? p.seconds / e2eInc.seconds : Number.NaN;
  };
  const full = pick(ne, 'full analysis (1 core)', 'incursion');
  const csv = rows.find((r) => r.measure === 'CSV parsing (byte level, one thread)');
  const rss = rows.find((r) => r.measure.startsWith('peak resident memory per fix (tracks'));
  const rssAnalysis = rows.find((r) => r.measure.startsWith('peak resident memory per fix (full'));
  const w = pick(ne, 'full analysis, 2 workers', 'incursion');
  const live = (measure: string) => rows.find((r) => r.measure.startsWith(`live ${measure}`));
  return [
    {
      target: 'zone membership ≥ 20 M fixes/s on one core',
      value: inc?.rate ?? Number.NaN,
      goal: 20e6,
      unit: 'fixes/s',
    },
    { target: 'membership ≥ 10× shapely 1.8 vectorized', value: ratio('shapely'), goal: 10, unit: '×' },
    { target: 'membership ≥ 500× turf.js + flatbush', value: ratio('turf'), goal: 500, unit: '×' },
    {
      target: 'membership ≥ 10,000× PostGIS geography ST_Intersects',
      value: ratio('PostGIS'),
      goal: 10_000,
      unit: '×',
    },
    {
      target: 'end to end on the CSV (parse + membership) ≥ 40× turf',
      value: e2eRatio('turf'),
      goal: 40,
      unit: '×',
    },
    {
      target: 'end to end on the CSV (parse + membership) ≥ 4× shapely',
      value: e2eRatio('shapely'),
      goal: 4,
      unit: '×',
    },
    {
      target: 'full analysis ≥ 5 M fixes/s per core',
      value: full?.rate ?? Number.NaN,
      goal: 5e6,
      unit: 'fixes/s',
    },
    {
      target: 'CSV parsing ≥ 2 M rows/s (one thread)',
      value: csv?.rate ?? Number.NaN,
      goal: 2e6,
      unit: 'rows/s',
    },
    {
      target: '≤ 48 bytes resident per fix (tracks + membership)',
      value: rss?.rate ?? Number.NaN,
      goal: -48,
      unit: 'B/fix',
    },
    {
      target: `≤ 48 bytes resident per fix (full analysis, ${fmtRate(SIZES.rssAnalysis[0])} → ${fmtRate(SIZES.rssAnalysis[1])} fixes)`,
      value: rssAnalysis?.rate ?? Number.NaN,
      goal: -48,
      unit: 'B/fix',
    },
    { target: '2 workers ≥ 1.7× one', value: w?.rate ?? Number.NaN, goal: 1.7, unit: '×' },
    {
      target: 'live: ≥ 200 k positions/s on one core (issue 6)',
      value: live('sustained positions/s (in memory)')?.rate ?? Number.NaN,
      goal: 200e3,
      unit: 'positions/s',
    },
    {
      target: 'live: p99 ≤ 20 ms at 50 k positions/s (issue 6)',
      value: live('latency p99')?.rate ?? Number.NaN,
      goal: -20,
      unit: 'ms',
    },
    {
      target: 'live: ≤ 1 KB per live aircraft (issue 6)',
      value: live('memory per aircraft')?.rate ?? Number.NaN,
      goal: -1024,
      unit: 'bytes',
    },
  ].map((t) => ({
    ...t,
    met: Number.isFinite(t.value) ? (t.goal < 0 ? t.value <= -t.goal : t.value >= t.goal) : null,
  }));
}

function writeResults(date?: string, command?: string): void {
  const tg = targets();
  if (!facts.loadEnd) facts.loadEnd = os.loadavg();
  const json = {
    date: date ?? new Date().toISOString(),
    command: command ?? `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    facts,
    targets: tg,
    rows,
  };
  writeFileSync(path.join(here, 'results.json'), `${JSON.stringify(json, null, 2)}\n`);
  if (!date) writeFileSync(path.join(OUT, `results-${Date.now()}.json`), JSON.stringify(json));
  const m = facts.machine as ReturnType<typeof machine>;
  const num = (x: number, unit: string) =>
    Number.isFinite(x) ? (unit === '×' ? `${ratioText(x)}×` : `${fmtRate(x)} ${unit}`) : 'n/a';
  const lines: string[] = [];
  lines.push('# incursion benchmark results', '');
  lines.push(
    `Generated by \`${json.command}\` on ${json.date} in ${(facts.seconds as number).toFixed(0)} s${QUICK ? ' (**--quick: small sizes, not the reference run**)' : ''}. Seed ${SEED}.`,
    '',
  );
  lines.push(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, ${m.os}. Node ${m.node}; turf boolean-point-in-polygon ${m.turf}, flatbush ${m.flatbush}, geographiclib-geodesic ${m.geographiclib}; shapely/numpy ${facts.shapely}; PostGIS ${facts.postgis}.`,
    '',
  );
  const b = facts.builtin as { zones: number; vertices: number; version: string; peerSkipped: string[] };
  lines.push(
    `Built-in catalog ${b.version}: ${b.zones} zones, ${b.vertices} vertices as the peers see them.`,
    '',
  );
  lines.push('## Targets (issues 4 and 6)', '', '| target | measured | met |', '|---|---|---|');
  for (const t of tg)
    lines.push(
      `| ${t.target} | ${num(t.value, t.unit)} | ${t.met === null ? 'not measured' : t.met ? 'yes' : '**no**'} |`,
    );
  lines.push(
    '',
    '## All measurements',
    '',
    '| workload | measure | tool | fixes | seconds | rate | differs from incursion | note |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const r of rows) {
    const d = r.differ === undefined || r.differ === null ? '' : `${r.differ} of ${r.compared}`;
    lines.push(
      `| ${r.workload} | ${r.measure} | ${r.tool} | ${r.fixes} | ${Number.isFinite(r.seconds) ? r.seconds.toFixed(3) : 'n/a'} | ${num(r.rate, r.unit)}${r.unit === '×' ? '' : ''} | ${d} | ${r.note ?? ''} |`,
    );
  }
  const prof = facts.analysisProfile as
    | {
        fixes: number;
        command: string;
        inclusiveMs: Record<string, number>;
        top: Array<{ fn: string; selfMs: number; share: number }>;
      }
    | undefined;
  if (prof) {
    lines.push('', `## Where the full analysis spends its time (\`${prof.command}\`)`, '');
    const total = prof.inclusiveMs.analyzeTrack || 1;
    lines.push('| stage (inclusive) | ms | share of analyzeTrack |', '|---|---|---|');
    for (const [k, v] of Object.entries(prof.inclusiveMs).filter(([, x]) => typeof x === 'number'))
      lines.push(`| ${k} | ${v.toFixed(0)} | ${((100 * v) / total).toFixed(1)} % |`);
    lines.push('', '| function (self time) | ms | share |', '|---|---|---|');
    for (const t of prof.top)
      lines.push(`| \`${t.fn}\` | ${t.selfMs.toFixed(0)} | ${(100 * t.share).toFixed(1)} % |`);
  }
  lines.push('', 'Notes:', '');
  lines.push(
    '- Membership = lateral membership of each zone\'s own geometry (what the peers compute). "Differs" counts fixes whose set of zones differs from incursion\'s: the peers draw edges straight in lon/lat (turf, shapely) or as great circles on a sphere (PostGIS geography), incursion on the WGS84 ellipsoid (geodesic or rhumb as the zone says). Peers get buffer zones around points as 72-vertex circles.',
  );
  lines.push(
    '- turf.js and PostGIS are sized down (first fixes of the same workload) and their rates extrapolate linearly, which is how both scale (per-fix work).',
  );
  lines.push(
    '- Single core for every measure except the 2-worker one; numpy/OpenBLAS pinned to one thread (OPENBLAS_NUM_THREADS=1 etc.).',
  );
  const scaling = scalingNote();
  if (scaling) lines.push(scaling);
  lines.push(
    `- The machine is shared: load average ${(facts.loadStart as number[]).map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min) at the start, ${(
      facts.loadEnd as number[]
    )
      .map((x) => x.toFixed(1))
      .join(' / ')} at the end of the run; timings on 2 busy cores vary by up to 2× between runs.`,
  );
  lines.push('', '## Closing note', '', ...closingNote(tg, prof));
  writeFileSync(path.join(here, 'RESULTS.md'), `${lines.join('\n')}\n`);
  log(`wrote bench/RESULTS.md and bench/results.json`);
}

/**
 * How membership time grew with the fixes (from the second size on: the smallest pays fixed
 * costs) and with the catalog's vertices, from this run's scaling rows.
 */
function scalingNote(): string | null {
  const byFixes = rows.filter((r) => r.workload === 'scaling: fixes').sort((a, b) => a.fixes - b.fixes);
  const byVertices = rows
    .filter((r) => /^scaling: \d+ zones × \d+ vertices$/.test(r.workload))
    .map((r) => {
      const [, z, v] = /^scaling: (\d+) zones × (\d+) vertices$/.exec(r.workload) as RegExpExecArray;
      return { vertices: Number(z) * Number(v), perFix: r.seconds / r.fixes };
    })
    .sort((a, b) => a.vertices - b.vertices);
  const parts: string[] = [];
  if (byFixes.length >= 3) {
    const a = byFixes[1];
    const b = byFixes[byFixes.length - 1];
    parts.push(
      `from ${fmtRate(a.fixes)} to ${fmtRate(b.fixes)} fixes (${(b.fixes / a.fixes).toFixed(0)}×) membership took ${(b.seconds / a.seconds).toFixed(1)}× the time`,
    );
  }
  if (byVertices.length >= 2) {
    const a = byVertices[0];
    const b = byVertices[byVertices.length - 1];
    const ratio = b.vertices / a.vertices;
    parts.push(
      `from ${a.vertices} to ${b.vertices.toLocaleString('en-US')} catalog vertices (${ratio.toLocaleString('en-US')}×, log₂ ${Math.log2(ratio).toFixed(1)}) the time per fix grew ${(b.perFix / a.perFix).toFixed(1)}×`,
    );
  }
  return parts.length ? `- Scaling: ${parts.join('; ')}.` : null;
}

/** One line per target: the figure, and for a missed one what bounds it (from this run's data). */
function closingNote(
  tg: ReturnType<typeof targets>,
  prof: { inclusiveMs: Record<string, number> } | undefined,
): string[] {
  const out: string[] = [];
  const fmt = (t: (typeof tg)[number]) =>
    Number.isFinite(t.value)
      ? t.unit === '×'
        ? `${ratioText(t.value)}×`
        : `${fmtRate(t.value)} ${t.unit}`
      : 'not measured';
  for (const t of tg) {
    let why = '';
    if (t.met === false) {
      if (t.target.startsWith('end to end')) {
        const st = facts.e2eStages as Record<string, number> | undefined;
        if (st)
          why = ` What bounds it: the process itself, not membership. Of incursion's run, node start took ${st.startS} s, module loading ${st.importS} s, reading the CSV ${st.parseS} s (in two parts: this thread, and a worker whose thread start and module loading take 60–90 ms while this thread reads ahead), compiling the catalog ${st.compileS} s, the grid ${st.gridS} s (both from the disk cache) and the membership of every fix ${st.classifyS} s (a later pass in the same process takes about half: the first runs its exact tests in still unoptimised code, and every lookup reads a 4 MB cell table). numpy.loadtxt reads the same CSV in C, two of its seven columns; the byte-level reader parses about 300 MB/s per thread, every column, and groups and checks the fixes as tracks.`;
      } else if (t.target.startsWith('full analysis') && prof) {
        const inc = prof.inclusiveMs;
        const total = inc.analyzeTrack || 1;
        const pct = (k: string) => `${((100 * (inc[k] ?? 0)) / total).toFixed(0)} %`;
        why = ` What bounds it (profile above): the exact boundary distances that depth and closest approach need, not membership or crossings. maxPenetrationM takes ${pct('maxPenetrationM')} and closestApproach ${pct('closestApproach')} of analyzeTrack; the distances to ring edges (edgeDistanceM, GeographicLib geodesics) take ${pct('edgeDistanceM')}, the nearest-edge searches around them ${pct('nearestEdge')}. Every visit needs its own deepest point to a millimetre-level tolerance, which is a few dozen geodesic problems however few fixes it has; the crossings (rawVisits, grid fast path) take ${pct('rawVisits')}.`;
      } else if (t.target.startsWith('2 workers')) {
        why =
          ' What bounds it: not the hand-over (the workers are busy about 97 % of the time, and the first pass, which pays for starting them and handing them the catalog, is not timed) but the cores themselves: each analyses about a tenth more slowly while the other is busy (the two are shared with the rest of the machine: load average in the notes), which leaves the figure between about 1.67× and 1.8× from run to run.';
      } else if (t.target.startsWith('≤ 48 bytes resident per fix (full')) {
        why =
          " What bounds it: the fixes stay in their columns (28 B/fix, the tracks + membership figure); the result holds about 2.5 B/fix on this workload (a visit every 170 fixes, about 420 B each with its crossings and times), GeographicLib edge lines are cached at most 256 per ring (about 1 KB each, a fixed cost), and the rest is the garbage collector's headroom: the garbage it lets pile up before collecting grows with what is live (reusing the per-track scratch across tracks, tried, did not lower the peak).";
      } else if (t.target.startsWith('live:') && facts.live) {
        const steady = (facts.live as { inMemory: { steadyPerS: number } }).inMemory.steadyPerS;
        why =
          ` The rounds measured hold every aircraft's first fold of its held fixes (at its ninth fix); about a quarter of the aircraft are first seen inside a zone heading out, and fold their oldest segment exactly then (an exact nearest-boundary search at that fix; the next is bounded through its nearest edge). Once every aircraft is past it, the same engine sustains ${fmtRate(steady)} positions/s (next rounds, same run).` +
          ' What bounds it (`node --cpu-prof` on the live bench): over a quarter of the time folds open visits into their depth so far. Geodesic-free bounds settle most folds, but where an aircraft passes its deepest point (heading back out, or across the ridge between two edges) the segments there need exact boundary distances (one to three segments per fold, some tens of geodesic problems). About an eighth is garbage collection, a twentieth finding the aircraft (one lookup in a map of 50,000, a cache miss), a twentieth the exact crossings of the segments the grid cannot settle (about 3 % of steps); the rest is the per-position work of a step (zone index, the grid proof of the segment, the fix window), 1–2 µs a position.';
      } else if (t.target.startsWith('CSV parsing')) {
        why =
          ' What bounds it: the per-row work after the bytes are split (track grouping, cleaning: sort check, duplicates, outliers).';
      }
    }
    out.push(`- ${t.target}: **${fmt(t)}**${t.met === null ? '' : t.met ? ' (met)' : ' (not met)'}.${why}`);
  }
  return out;
}

/** `--report-only`: RESULTS.md again from bench/results.json (e.g. after changing the report). */
function reportOnly(): void {
  const saved = JSON.parse(readFileSync(path.join(here, 'results.json'), 'utf8'));
  Object.assign(facts, saved.facts);
  rows.push(...saved.rows);
  writeResults(saved.date, saved.command);
}

(args.includes('--report-only') ? Promise.resolve(reportOnly()) : main()).catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exitCode = 1;
});

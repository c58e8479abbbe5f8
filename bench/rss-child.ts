/**
 * Peak resident memory of N synthetic fixes in a fresh process, after either every fix's zone
 * membership (mode `membership`: tracks + one set id per fix, kept) or a full analysis (mode
 * `analyze`). Prints VmHWM; the caller takes the slope between two sizes, so fixed costs (the
 * runtime, the compiled catalog, the grid) drop out. Usage: rss-child.ts mode N seed [engine dir]
 */
import { readFileSync } from 'node:fs';
import { engineLoader } from './lib/engine.js';
import { synthTracks } from './lib/synth.js';

const load = engineLoader(process.argv[5]);
const { analyze, compileCatalog } =
  await load<typeof import('../src/analysis/analyze.js')>('analysis/analyze.js');
const { builtinCatalog } = await load<typeof import('../src/zones/catalog.js')>('zones/catalog.js');
const { CatalogGrid } = await load<typeof import('../src/zones/grid.js')>('zones/grid.js');

function status(key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

const mode = process.argv[2];
const n = Number(process.argv[3]);
const seed = Number(process.argv[4]);
const catalog = builtinCatalog();
const compiled = compileCatalog(catalog);
const base = status('VmRSS');
const t0 = performance.now();
let kept: unknown;
if (mode === 'membership') {
  const grid = new CatalogGrid(compiled.zones);
  const tracks = synthTracks(n, seed);
  const sets = tracks.map((t) => {
    const out = new Uint32Array(t.t.length);
    grid.classify(t.lat, t.lon, out);
    return out;
  });
  kept = [tracks, sets];
} else {
  const tracks = synthTracks(n, seed);
  kept = [tracks, analyze(tracks, catalog, { fastPath: true } as never)];
}
const seconds = (performance.now() - t0) / 1000;
const hwm = status('VmHWM');
process.stdout.write(
  `${JSON.stringify({ hwmBytes: hwm, baseBytes: base, n, seconds, kept: Array.isArray(kept) })}\n`,
);

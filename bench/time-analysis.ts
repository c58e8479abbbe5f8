/**
 * Times one full analysis of N synthetic fixes against the built-in catalog (grid fast path on)
 * and prints the visits as JSON, so that two versions of the engine can be compared for speed
 * and sameness. Usage: time-analysis.ts N seed
 */
import { analyze } from '../src/analysis/analyze.js';
import { builtinCatalog } from '../src/zones/catalog.js';
import { synthTracks } from './lib/synth.js';

const n = Number(process.argv[2]);
const seed = Number(process.argv[3]);
const tracks = synthTracks(n, seed);
const catalog = builtinCatalog();
analyze(tracks.slice(0, 1), catalog, { fastPath: true });
const t0 = performance.now();
const r = analyze(tracks, catalog, { fastPath: true });
const s = (performance.now() - t0) / 1000;
process.stderr.write(`${n} fixes in ${s.toFixed(2)} s: ${(n / s).toFixed(0)} fixes/s\n`);
process.stdout.write(`${JSON.stringify({ visits: r.visits, approaches: r.approaches })}\n`);

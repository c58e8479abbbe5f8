/**
 * A profiled full analysis (run under node --cpu-prof by the bench): N synthetic fixes against
 * the built-in catalog, grid fast path on. Usage: profile-analysis.ts N seed
 */
import { analyze } from '../src/analysis/analyze.js';
import { builtinCatalog } from '../src/zones/catalog.js';
import { synthTracks } from './lib/synth.js';

const n = Number(process.argv[2]);
const seed = Number(process.argv[3]);
const tracks = synthTracks(n, seed);
const r = analyze(tracks, builtinCatalog(), { fastPath: true } as never);
process.stdout.write(
  `${JSON.stringify({ fixes: n, visits: r.visits.length, approaches: r.approaches.length })}\n`,
);

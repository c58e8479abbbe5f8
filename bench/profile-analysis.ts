/**
 * A profiled full analysis (run under node --cpu-prof by the bench): N synthetic fixes against
 * the built-in catalog, grid fast path on. Usage: profile-analysis.ts N seed [engine dir]
 */
import { engineLoader } from './lib/engine.js';
import { synthTracks } from './lib/synth.js';

const load = engineLoader(process.argv[4]);
const { analyze } = await load<typeof import('../src/analysis/analyze.js')>('analysis/analyze.js');
const { builtinCatalog } = await load<typeof import('../src/zones/catalog.js')>('zones/catalog.js');
const n = Number(process.argv[2]);
const seed = Number(process.argv[3]);
const tracks = synthTracks(n, seed);
const r = analyze(tracks, builtinCatalog(), { fastPath: true } as never);
process.stdout.write(
  `${JSON.stringify({ fixes: n, visits: r.visits.length, approaches: r.approaches.length })}\n`,
);

/**
 * End to end, membership only (what the peers do): read a track CSV as the CLI does (readTrackFile:
 * the byte-level reader, in parts on worker threads for a large file), compile the built-in
 * catalog, take its grid (from the on-disk grid cache after the first run), classify every fix.
 * Prints the stage times.
 *
 * Plain JavaScript over the compiled engine, as the CLI runs: node bench/membership-e2e.mjs
 * <compiled dist directory> <file.csv> (or, over the sources: node --import tsx … src <file>).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const t0 = performance.now();
const base = pathToFileURL(`${path.resolve(process.argv[2])}/`);
const load = (m) => import(new URL(m, base).href);
const { readTrackFile } = await load('tracks/read.js');
const { builtinCatalog } = await load('zones/catalog.js');
const { CompiledCatalog } = await load('zones/compiled.js');
const { cachedCatalogGrid } = await load('zones/grid-cache.js');
const t1 = performance.now();
const file = process.argv[3];
const r = await readTrackFile(file);
const t2 = performance.now();
const compiled = new CompiledCatalog(builtinCatalog());
const t3 = performance.now();
const grid = cachedCatalogGrid(compiled.zones);
const t4 = performance.now();
let inside = 0;
for (const t of r.tracks) {
  const sets = new Uint32Array(t.t.length);
  grid.classify(t.lat, t.lon, sets);
  for (let i = 0; i < sets.length; i++) inside += grid.sets[sets[i]].length;
}
const t5 = performance.now();
const s = (a, b) => Math.round(b - a) / 1000;
process.stdout.write(
  `${JSON.stringify({ rows: r.records, inside, startS: Math.round(t0) / 1000, importS: s(t0, t1), parseS: s(t1, t2), compileS: s(t2, t3), gridS: s(t3, t4), classifyS: s(t4, t5) })}\n`,
);

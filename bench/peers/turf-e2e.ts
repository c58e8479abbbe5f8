/**
 * turf.js end to end as a JS user writes it: read the CSV, split lines, parse floats, then
 * classify with turf behind flatbush. Usage: turf-e2e.ts zones.geojson tracks.csv [maxClassify]
 */
import { readFileSync } from 'node:fs';
import { turfClassify } from './turf.js';

const t0 = performance.now();
const zones = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const text = readFileSync(process.argv[3], 'utf8');
const lines = text.split('\n');
const lat: number[] = [];
const lon: number[] = [];
for (let i = 1; i < lines.length; i++) {
  if (!lines[i]) continue;
  const f = lines[i].split(',');
  lat.push(Number.parseFloat(f[2]));
  lon.push(Number.parseFloat(f[3]));
}
const parseS = (performance.now() - t0) / 1000;
const max = Math.min(lat.length, Number(process.argv[4] ?? lat.length));
const la = Float64Array.from(lat.slice(0, max));
const lo = Float64Array.from(lon.slice(0, max));
const t1 = performance.now();
turfClassify({ collection: zones, included: [], skipped: [], vertices: 0 }, la, lo, new Uint32Array(max));
const classifyS = (performance.now() - t1) / 1000;
process.stdout.write(`${JSON.stringify({ rows: lat.length, parseS, classified: max, classifyS })}\n`);

/**
 * One read of a track CSV in a fresh process, as the CLI reads it: `parts` through readTrackFile
 * (the byte-level reader, in parts on worker threads for a large file), `one` through the
 * byte-level reader on this thread alone. Prints the rows and the read's seconds.
 *
 * node bench/csv-read.mjs <compiled dist directory> <file.csv> one|parts
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const base = pathToFileURL(`${path.resolve(process.argv[2])}/`);
const load = (m) => import(new URL(m, base).href);
const { readCsvFastFile } = await load('tracks/csv-fast.js');
const { readTrackFile } = await load('tracks/read.js');
const file = process.argv[3];
const t0 = performance.now();
const r = process.argv[4] === 'one' ? readCsvFastFile(file) : await readTrackFile(file);
const s = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ rows: r.records, tracks: r.tracks.length, parseS: s })}\n`);

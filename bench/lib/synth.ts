/**
 * Synthetic tracks, reproducible from a seed: aircraft cruising over a region with a slowly
 * wandering heading, one fix every 10 s (or stepS), turned back at the region's edges.
 */
import { createWriteStream } from 'node:fs';
import type { Track } from '../../src/tracks/track.js';

export interface Region {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

/** Northeast Asia: the Yellow, East China and Japan seas and the islands around them. */
export const NORTHEAST_ASIA: Region = { minLat: 22, maxLat: 46, minLon: 118, maxLon: 146 };

/** mulberry32: a small, fast, seedable generator (uniform in [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPERATORS = ['CHN', 'RUS', 'USA', 'KOR', 'JPN', 'TWN', 'PRK'];
const R_M = 6_371_000;
const DEG = Math.PI / 180;

export function synthTracks(
  totalFixes: number,
  seed: number,
  region = NORTHEAST_ASIA,
  fixesPerTrack = 2000,
  stepS = 10,
): Track[] {
  // The heading wanders as the same random walk in time whatever the step (its steps scale with
  // the square root of the step), so a finer step samples the same kind of flight more densely.
  const turn = 6 * Math.sqrt(stepS / 10);
  const rnd = prng(seed);
  const tracks: Track[] = [];
  let left = totalFixes;
  let k = 0;
  const t0 = Date.UTC(2024, 0, 1) / 1000;
  while (left > 0) {
    const n = Math.min(left, fixesPerTrack);
    left -= n;
    const t = new Float64Array(n);
    const lat = new Float64Array(n);
    const lon = new Float64Array(n);
    const altFt = new Float32Array(n);
    let la = region.minLat + rnd() * (region.maxLat - region.minLat);
    let lo = region.minLon + rnd() * (region.maxLon - region.minLon);
    let heading = rnd() * 360;
    let alt = 20_000 + rnd() * 18_000;
    const speed = 180 + rnd() * 80;
    let time = t0 + Math.floor(rnd() * 86_400 * 30);
    for (let i = 0; i < n; i++) {
      t[i] = time;
      lat[i] = la;
      lon[i] = lo;
      altFt[i] = alt;
      const dt = stepS;
      time += dt;
      heading += (rnd() - 0.5) * turn;
      if (la < region.minLat && Math.cos(heading * DEG) < 0) heading = 180 - heading;
      if (la > region.maxLat && Math.cos(heading * DEG) > 0) heading = 180 - heading;
      if (lo < region.minLon && Math.sin(heading * DEG) < 0) heading = -heading;
      if (lo > region.maxLon && Math.sin(heading * DEG) > 0) heading = -heading;
      const d = speed * dt;
      la += (d * Math.cos(heading * DEG)) / R_M / DEG;
      lo += (d * Math.sin(heading * DEG)) / (R_M * Math.cos(la * DEG)) / DEG;
      alt = Math.max(1_000, Math.min(45_000, alt + (rnd() - 0.5) * 200));
    }
    const state = rnd() < 0.2;
    tracks.push({
      id: `SYN${String(k).padStart(6, '0')}`,
      label: `SYN${k}`,
      icao24: null,
      category: state ? 'state' : 'civil',
      operator: OPERATORS[Math.floor(rnd() * OPERATORS.length)],
      t,
      lat,
      lon,
      altFt,
    });
    k++;
  }
  return tracks;
}

/** All fixes of the tracks as two flat columns. */
export function flatten(tracks: Track[]): { lat: Float64Array; lon: Float64Array } {
  let n = 0;
  for (const tr of tracks) n += tr.t.length;
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  let o = 0;
  for (const tr of tracks) {
    lat.set(tr.lat, o);
    lon.set(tr.lon, o);
    o += tr.t.length;
  }
  return { lat, lon };
}

/** The generic track CSV (header track,time,lat,lon,alt_ft,category,operator). */
export async function writeCsv(tracks: Track[], path: string): Promise<number> {
  const out = createWriteStream(path);
  const write = (s: string) =>
    new Promise<void>((res) => (out.write(s) ? res() : out.once('drain', () => res())));
  await write('track,time,lat,lon,alt_ft,category,operator\n');
  let rows = 0;
  for (const tr of tracks) {
    let chunk = '';
    for (let i = 0; i < tr.t.length; i++) {
      chunk += `${tr.id},${tr.t[i]},${tr.lat[i].toFixed(6)},${tr.lon[i].toFixed(6)},${Math.round(tr.altFt[i])},${tr.category},${tr.operator}\n`;
      if (chunk.length > 1 << 16) {
        await write(chunk);
        chunk = '';
      }
    }
    await write(chunk);
    rows += tr.t.length;
  }
  await new Promise<void>((res) => out.end(res));
  return rows;
}

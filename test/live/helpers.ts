/** Shared by the live tests: real data, zones, feeding fixes in shuffled order, comparing visits. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Visit } from '../../src/analysis/types.js';
import type { LiveEvent } from '../../src/live/engine.js';
import type { PositionFix } from '../../src/tracks/formats/ndjson.js';
import type { Track } from '../../src/tracks/track.js';
import type { Catalog, Zone } from '../../src/zones/zone.js';
import { box, zone } from '../engine/helpers.js';
import { realdata } from '../realdata.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export { realdata };

export const REAL = {
  taiwan: realdata('LunaticGhoulPiano-Flight-Spotter', 'filtered_by_Taiwan_manual_edges.csv'),
  switzerland: realdata('xoolive-traffic', 'collections', 'switzerland.json.gz'),
  europeFir: realdata('jaluebbe-FlightMapEuropeSimple', 'flightmap_europe_fir_uir_ec_only.json'),
  swissOpenAir: realdata('glide-rs-openair-rs', 'Switzerland.txt'),
};

/** A seeded PRNG (mulberry32): shuffles are reproducible from the seed in a failure message. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fixesOf(tracks: Track[]): PositionFix[] {
  const out: PositionFix[] = [];
  for (const t of tracks) {
    for (let i = 0; i < t.t.length; i++) {
      out.push({
        track: t.id,
        t: t.t[i],
        lat: t.lat[i],
        lon: t.lon[i],
        altFt: t.altFt[i],
        label: t.label,
        icao24: t.icao24,
        category: t.category,
        operator: t.operator,
      });
    }
  }
  return out;
}

/**
 * Every fix of every track, interleaved by time and then shuffled so each arrives up to
 * `lateS` (< the reorder window) after fixes later than it: out of order, but within the window.
 */
export function shuffledWithin(fixes: PositionFix[], lateS: number, random: () => number): PositionFix[] {
  return fixes
    .map((f) => ({ f, key: f.t + random() * lateS }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.f);
}

/** Splits into chunks of random sizes (1..max). */
export function chunks<T>(xs: T[], max: number, random: () => number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; ) {
    const n = 1 + Math.floor(random() * max);
    out.push(xs.slice(i, i + n));
    i += n;
  }
  return out;
}

export const visitKey = (v: Visit) => `${v.track}|${v.zone}|${v.enter?.time ?? 'start'}`;

/** The visits a stream reported: the latest revision of each. */
export function latestVisits(events: LiveEvent[]): Map<string, Visit> {
  const m = new Map<string, { rev: number; v: Visit }>();
  for (const e of events) {
    if (e.type !== 'visit') continue;
    const { id: _id, seq: _seq, type: _type, time: _time, rev, ...visit } = e;
    const k = visitKey(visit);
    const prev = m.get(k);
    if (!prev || prev.rev < rev) m.set(k, { rev, v: visit });
  }
  return new Map([...m].map(([k, x]) => [k, x.v]));
}

export function byKey(visits: Visit[]): Map<string, Visit> {
  return new Map(visits.map((v) => [visitKey(v), v]));
}

export { box, zone };

/** The live tests' zone: an ADIZ whose rules apply to all, over 130–132°E, 36–38°N. */
export const BOX_ADIZ: Zone = zone(
  { id: 'BOX', name: 'B', kind: 'adiz', state: 'KOR', rules: { appliesTo: 'all', requires: [] } },
  box(130, 36, 132, 38),
);

/** A catalog of BOX_ADIZ and `more`. */
export function boxCatalog(...more: Zone[]): Catalog {
  return { id: 't', version: '1', zones: [BOX_ADIZ, ...more] };
}

/**
 * Stream ≡ batch: fixes fed to the live monitor out of order (within the reorder window), in
 * chunks, interleaved across aircraft, give exactly the visits `analyze` gives on the same fixes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { FOLD_AFTER } from '../../src/analysis/incremental.js';
import { isoTime } from '../../src/analysis/time.js';
import type { LiveEvent } from '../../src/live/engine.js';
import { LiveService } from '../../src/live/service.js';
import type { PositionFix } from '../../src/tracks/formats/ndjson.js';
import { readTrackFile } from '../../src/tracks/read.js';
import type { Category, Track } from '../../src/tracks/track.js';
import { loadZones } from '../../src/zones/catalog.js';
import type { Catalog } from '../../src/zones/zone.js';
import { box, byKey, chunks, fixesOf, latestVisits, REAL, rng, shuffledWithin, zone } from './helpers.js';

const T0 = Date.parse('2020-01-01T00:00:00Z') / 1000;
const iso = (t: number) => new Date(t * 1000).toISOString();

/** Every kind of boundary: a buffer territorial sea, an inbound ADIZ excluding it, vertical and validity limits. */
const SYNTHETIC: Catalog = {
  id: 'synthetic',
  version: '1',
  zones: [
    zone(
      {
        id: 'TER',
        name: 'T',
        kind: 'territorial',
        state: 'AAA',
        claimants: ['AAA', 'BBB'],
        buffer: { distanceNm: 12 },
      },
      {
        type: 'LineString',
        coordinates: [
          [10.8, 40.9],
          [11.2, 41.1],
        ],
      },
    ),
    zone(
      {
        id: 'ADZ',
        name: 'A',
        kind: 'adiz',
        state: 'AAA',
        rules: { appliesTo: 'inbound', requires: ['flight-plan'] },
        excludes: ['TER'],
      },
      box(10, 40, 12.2, 42.2),
    ),
    zone(
      {
        id: 'VRT',
        name: 'V',
        kind: 'other',
        state: 'CCC',
        floorFt: 10000,
        ceilingFt: 25000,
        validFrom: iso(T0 + 1800),
        validTo: iso(T0 + 7200),
      },
      box(11.4, 41.3, 13, 42.6),
    ),
    zone(
      {
        id: 'ALL',
        name: 'L',
        kind: 'adiz',
        state: 'CCC',
        rules: { appliesTo: 'all', requires: ['transponder'] },
      },
      box(9.5, 40.6, 10.6, 41.6),
    ),
  ],
};

/** A random track; a dense one has a fix every 5–20 s, so its visits span many fixes. */
function randomTrack(id: string, random: () => number, dense = false): Track {
  const n = dense ? 60 + Math.floor(random() * 200) : 5 + Math.floor(random() * 60);
  const t: number[] = [];
  const lat: number[] = [];
  const lon: number[] = [];
  const alt: number[] = [];
  let tt = T0 + random() * 3600;
  let la = 40.3 + random() * 2.2;
  let lo = 9.8 + random() * 3;
  let al = 5000 + random() * 30000;
  let heading = random() * 2 * Math.PI;
  for (let i = 0; i < n; i++) {
    t.push(tt);
    lat.push(la);
    lon.push(lo);
    alt.push(random() < 0.1 ? Number.NaN : al);
    const dt = random() < (dense ? 0.01 : 0.08) ? 700 + random() * 2300 : 5 + random() * (dense ? 15 : 240);
    const v = 120 + random() * 160;
    heading += (random() - 0.5) * 1.2;
    tt += dt;
    la += (v * Math.min(dt, 300) * Math.cos(heading)) / 111_000;
    lo += (v * Math.min(dt, 300) * Math.sin(heading)) / (111_000 * Math.cos((la * Math.PI) / 180));
    al = Math.max(0, Math.min(40000, al + (random() - 0.5) * 4000));
  }
  const categories: Category[] = ['state', 'civil', 'unknown'];
  return {
    id,
    label: id,
    icao24: null,
    category: categories[Math.floor(random() * 3)],
    operator: [null, 'AAA', 'CCC', 'RUS'][Math.floor(random() * 4)],
    t: Float64Array.from(t),
    lat: Float64Array.from(lat),
    lon: Float64Array.from(lon),
    altFt: Float32Array.from(alt),
  };
}

interface Fed {
  events: LiveEvent[];
  late: number;
  duplicates: number;
}

/** Feeds fixes shuffled within the window, in random chunks, resending some (duplicates). */
function feed(catalog: Catalog, fixes: PositionFix[], seed: number, maxGapS = 600): Fed {
  const random = rng(seed);
  const service = new LiveService(catalog, null, { reorderWindowS: 30, maxGapS });
  const events: LiveEvent[] = [];
  service.subscribe((e) => events.push(...e));
  let late = 0;
  let duplicates = 0;
  for (const chunk of chunks(shuffledWithin(fixes, 25, random), 40, random)) {
    const records = chunk.map((fix) => ({ fix }));
    if (random() < 0.3) records.push(records[Math.floor(random() * records.length)]);
    const r = service.submit(records, { source: 'test' });
    late += r.late;
    duplicates += r.duplicates;
  }
  service.end();
  return { events, late, duplicates };
}

function expectSameVisits(tracks: Track[], catalog: Catalog, fed: Fed, maxGapS = 600): number {
  expect(fed.late).toBe(0);
  const batch = byKey(analyze(tracks, catalog, { maxGapS, approachNm: 0 }).visits);
  const live = latestVisits(fed.events);
  expect([...live.keys()].sort()).toEqual([...batch.keys()].sort());
  for (const [k, v] of batch) expect(live.get(k), k).toEqual(v);
  // Every entry and exit of a visit was also announced as an event, with the visit's crossing.
  const crossings = new Map(
    fed.events.filter((e) => e.type === 'enter' || e.type === 'exit').map((e) => [e.id, e]),
  );
  for (const v of batch.values()) {
    // A visit without an entry crossing began at its track's first fix, and is keyed by its time.
    const start = v.enter?.time ?? isoTime((tracks.find((t) => t.id === v.track) as Track).t[0]);
    for (const side of ['enter', 'exit'] as const) {
      const c = v[side];
      if (!c) continue;
      const e = crossings.get(`${v.track}/${v.zone}/${start}/${side}`);
      expect(e, `${side} event of ${v.track} ${v.zone}`).toMatchObject({
        time: c.time,
        lat: c.lat,
        lon: c.lon,
        certain: c.certain,
      });
    }
  }
  // Event ids are unique: nothing is reported twice.
  const ids = fed.events.map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  return batch.size;
}

describe('stream ≡ batch', () => {
  it('random tracks against every kind of boundary, shuffled within the reorder window', () => {
    let visits = 0;
    let folded = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const random = rng(seed);
        const tracks = Array.from({ length: 6 }, (_, i) => randomTrack(`R${i}`, random, i < 2));
        visits += expectSameVisits(tracks, SYNTHETIC, feed(SYNTHETIC, fixesOf(tracks), seed));
        for (const v of analyze(tracks, SYNTHETIC, { approachNm: 0 }).visits) {
          const tr = tracks.find((x) => x.id === v.track) as Track;
          const from = v.enter ? Date.parse(v.enter.time) / 1000 : -Infinity;
          const to = v.exit ? Date.parse(v.exit.time) / 1000 : Infinity;
          if (tr.t.filter((t) => t >= from && t <= to).length > FOLD_AFTER) folded++;
        }
      }),
      { numRuns: 40 },
    );
    // The generator does reach the zones (the property is not vacuous), and many visits are
    // long enough for the live stepper to fold their depth into a running maximum.
    expect(visits).toBeGreaterThan(100);
    expect(folded).toBeGreaterThan(20);
  });

  it('limits reached exactly at fixes: validity from and to a fix time, floor and ceiling at fix altitudes', () => {
    const straight = (id: string, times: number[], alts: number[]): Track => ({
      id,
      label: null,
      icao24: null,
      category: 'unknown',
      operator: null,
      t: Float64Array.from(times),
      lat: Float64Array.from(times, () => 42),
      lon: Float64Array.from(times, (_, i) => 12 + 0.01 * i),
      altFt: Float32Array.from(alts),
    });
    const every300 = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + 300 * i);
    const tracks = [
      // VRT is in force from T0 + 1800 to T0 + 7200: both are fix times.
      straight('VALID', every300(T0 + 1500, 21), Array(21).fill(15000)),
      // Its floor (10,000 ft) and ceiling (25,000 ft) are fix altitudes, climbing.
      straight('CLIMB', every300(T0 + 3000, 7), [7000, 10000, 16000, 22000, 25000, 28000, 31000]),
    ];
    const batch = analyze(tracks, SYNTHETIC, { approachNm: 0 }).visits.filter((v) => v.zone === 'VRT');
    expect(batch.map((v) => `${v.track} ${v.enter?.cause} ${v.exit?.cause}`)).toEqual([
      'VALID validity validity',
      'CLIMB floor ceiling',
    ]);
    expectSameVisits(tracks, SYNTHETIC, feed(SYNTHETIC, fixesOf(tracks), 5));
  });

  it('the real switzerland sample (European FIRs and Swiss OpenAIR airspace)', async () => {
    const { catalog } = await loadZones([REAL.europeFir, REAL.swissOpenAir]);
    const read = await readTrackFile(REAL.switzerland);
    const tracks = read.tracks.slice(0, 60);
    const n = expectSameVisits(tracks, catalog, feed(catalog, fixesOf(tracks), 7));
    expect(n).toBeGreaterThan(100);
  });

  it('the real Taiwan ADS-B sample (built-in catalog)', async () => {
    const { catalog } = await loadZones(['builtin']);
    const read = await readTrackFile(REAL.taiwan);
    const tracks = read.tracks.slice(0, 8);
    const n = expectSameVisits(tracks, catalog, feed(catalog, fixesOf(tracks), 11));
    expect(n).toBeGreaterThan(5);
  });
});

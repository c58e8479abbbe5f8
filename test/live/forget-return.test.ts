/**
 * An aircraft first seen inside a zone, forgotten after a long silence and seen inside it again:
 * its new visit is a new visit, with ids of its own, so the exactly-once store keeps its events
 * instead of dropping them as repeats of the first visit's. A restart in the middle of the new
 * visit gives its events the same ids.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../src/live/engine.js';
import { type LiveRecord, LiveService } from '../../src/live/service.js';
import { LiveStore } from '../../src/live/store.js';
import { boxCatalog } from './helpers.js';

const CATALOG = boxCatalog();

const T0 = Date.parse('2019-07-23T00:00:00Z') / 1000;
const OPTIONS = { maxGapS: 600, forgetAfterS: 3600 };

/** n fixes a minute apart from t0, moving east by 0.02° a minute. */
function fixes(track: string, t0: number, lat: number, lon0: number, n: number): LiveRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    fix: {
      track,
      t: t0 + i * 60,
      lat,
      lon: lon0 + i * 0.02,
      altFt: 25000,
      label: null,
      icao24: null,
      category: null,
      operator: null,
    },
  }));
}

// A inside BOX for 20 minutes, silent for three hours while OTHER flies far away (A is lost, then
// forgotten), then inside BOX again for 60 minutes, leaving it.
const BEFORE = [
  ...fixes('A', T0, 37, 131, 20),
  ...fixes('OTHER', T0 + 1800, 20, 100, 150),
  ...fixes('A', T0 + 3 * 3600 + 1800, 37, 131.5, 10),
];
const AFTER = fixes('A', T0 + 3 * 3600 + 2400, 37, 131.7, 50);

/** One fix a batch, as a feed delivers them: silences are noticed as time moves on. */
function feed(service: LiveService, records: LiveRecord[]): void {
  for (const r of records) service.submit([r], { source: 'test' });
}

describe('an aircraft forgotten and seen again inside a zone', () => {
  it('its new visit gets new ids and every event of it is stored, across a restart', () => {
    const memory = new LiveService(CATALOG, null, OPTIONS);
    const expected: LiveEvent[] = [];
    memory.subscribe((e) => expected.push(...e));
    feed(memory, BEFORE);
    feed(memory, AFTER);
    memory.end();
    // The case at hand: A was lost and forgotten, and both visits began inside.
    expect(expected.filter((e) => e.type === 'lost' && e.track === 'A')).toHaveLength(1);
    expect(expected.filter((e) => e.type === 'enter' && e.track === 'A' && e.initial)).toHaveLength(2);

    const file = path.join(mkdtempSync(path.join(tmpdir(), 'incursion-forget-')), 'live.sqlite');
    const got: LiveEvent[] = [];
    const first = new LiveService(CATALOG, new LiveStore(file), OPTIONS);
    first.subscribe((e) => got.push(...e));
    feed(first, BEFORE);
    first.store?.close();
    const second = new LiveService(CATALOG, new LiveStore(file), OPTIONS);
    second.subscribe((e) => got.push(...e));
    feed(second, AFTER);
    second.end();
    second.store?.close();

    expect(got.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(new Set(got.map((e) => e.id)).size).toBe(got.length);
  });
});

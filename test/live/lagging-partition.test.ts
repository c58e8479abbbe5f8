/**
 * A NATS worker reading its partitions at their own pace: its watermark is held to the slowest
 * partition that still has messages waiting, so an aircraft whose partition lags is neither
 * reported lost nor forgotten before its fixes are read, and a partition that has caught up holds
 * nothing back. The source's fetches are driven here without a server.
 */
import type { JsMsg } from 'nats';
import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../src/live/engine.js';
import { LiveService } from '../../src/live/service.js';
import { NatsSource } from '../../src/live/sources/nats.js';
import type { PositionFix } from '../../src/tracks/formats/ndjson.js';
import { boxCatalog } from './helpers.js';

const CATALOG = boxCatalog();

const T0 = Date.parse('2019-07-23T00:00:00Z') / 1000;
const OPTIONS = { maxGapS: 600, forgetAfterS: 3 * 3600 };

/** One fix a minute for n minutes, moving east by dLon a minute. */
function flight(track: string, lat: number, lon0: number, dLon: number, n = 480): PositionFix[] {
  return Array.from({ length: n }, (_, i) => ({
    track,
    t: T0 + i * 60,
    lat,
    lon: lon0 + i * dLon,
    altFt: 25000,
    label: null,
    icao24: null,
    category: null,
    operator: null,
  }));
}

/** A partition's stream as fetches of 120 messages (two hours), each message one fix. */
function fetches(fixes: PositionFix[]): JsMsg[][] {
  const msgs = fixes.map(
    (f, i) =>
      ({
        info: { streamSequence: i + 1, pending: fixes.length - i - 1 },
        data: new TextEncoder().encode(
          JSON.stringify({
            track: f.track,
            time: new Date(f.t * 1000).toISOString(),
            lat: f.lat,
            lon: f.lon,
            alt_ft: f.altFt,
          }),
        ),
        ack: () => undefined,
      }) as unknown as JsMsg,
  );
  const out: JsMsg[][] = [];
  for (let i = 0; i < msgs.length; i += 120) out.push(msgs.slice(i, i + 120));
  return out;
}

/** A worker owning partitions 0 and 1 of two, and the events it reports. */
function worker(): { source: NatsSource; service: LiveService; events: LiveEvent[] } {
  const service = new LiveService(CATALOG, null, OPTIONS);
  const events: LiveEvent[] = [];
  service.subscribe((e) => events.push(...e));
  return { source: new NatsSource(service, { servers: 'nats://unused', partitions: 2 }), service, events };
}

/** Events by id, without the sequence numbers their order of delivery gave them. */
const byId = (es: LiveEvent[]) =>
  es.map(({ seq: _seq, ...e }) => e).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe('a NATS worker owning a lagging partition', () => {
  it('reports an aircraft of the lagging partition neither lost nor forgotten: the events of one stream in time order', () => {
    // SLOW is inside BOX from its first fix for 200 minutes; FAST flies far from it.
    const slow = flight('SLOW', 37, 131, 0.005);
    const fast = flight('FAST', 20, 100, 0.01);

    const reference = new LiveService(CATALOG, null, OPTIONS);
    const expected: LiveEvent[] = [];
    reference.subscribe((e) => expected.push(...e));
    const inOrder = [...slow, ...fast].sort((a, b) => a.t - b.t);
    for (let i = 0; i < inOrder.length; i += 50)
      reference.submit(
        inOrder.slice(i, i + 50).map((fix) => ({ fix })),
        { source: 'test' },
      );
    reference.end();

    // Partition 1 (SLOW) delivers its first two hours; partition 0 (FAST) then all eight hours
    // before partition 1 is fetched again.
    const { source, service, events } = worker();
    const [slow0, ...slowRest] = fetches(slow);
    source.deliver(1, slow0);
    for (const f of fetches(fast)) source.deliver(0, f);
    expect(service.engine.watermarkS).toBe(slow[119].t);
    for (const f of slowRest) source.deliver(1, f);
    source.deliver(0, []);
    source.deliver(1, []);
    service.end();

    expect(events.filter((e) => e.type === 'lost')).toEqual([]);
    expect(expected.length).toBeGreaterThan(2);
    expect(byId(events)).toEqual(byId(expected));
  });

  it('holds nothing back on a partition that has caught up: its silent aircraft is reported lost', () => {
    // QUIET's partition has one hour of fixes, then nothing; BUSY's goes on for eight hours.
    const quiet = flight('QUIET', 37, 131, 0.005, 60);
    const busy = flight('BUSY', 20, 100, 0.01);
    const { source, service, events } = worker();
    const busyFetches = fetches(busy);
    source.deliver(0, busyFetches[0]);
    // Partition 1 not fetched yet: it could hold anything, the watermark stays where it is.
    expect(service.engine.watermarkS).toBe(Number.NEGATIVE_INFINITY);
    source.deliver(1, fetches(quiet)[0]);
    for (const f of busyFetches.slice(1)) source.deliver(0, f);
    expect(service.engine.watermarkS).toBe(busy[busy.length - 1].t);
    expect(events.filter((e) => e.type === 'lost').map((e) => e.track)).toEqual(['QUIET']);
  });
});

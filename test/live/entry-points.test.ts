/**
 * Every live entry point and output against bad and good input: the HTTP POST and WebSocket
 * routes, SSE and WebSocket events with filters, stdin NDJSON, aircraft.json polling and
 * webhooks. Bad records are named (line, field, what was expected) and the stream goes on.
 */
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../src/live/engine.js';
import { WebhookSink } from '../../src/live/outputs.js';
import { liveRoutes } from '../../src/live/routes.js';
import { type LiveProblem, LiveService } from '../../src/live/service.js';
import { consumeNdjson } from '../../src/live/sources/ndjson-stream.js';
import { pollOnce } from '../../src/live/sources/poll.js';
import { box, boxCatalog, zone } from './helpers.js';

const CATALOG = boxCatalog(
  zone({ id: 'TER', name: 'T', kind: 'territorial', state: 'KOR' }, box(131.5, 36.5, 131.9, 37.5)),
);

/** An aircraft flying east through BOX (and TER) at 37°N, one fix a minute. */
function flight(track: string, startIso = '2019-07-23T00:00:00Z', n = 30): string[] {
  const t0 = Date.parse(startIso);
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      track,
      time: new Date(t0 + i * 60_000).toISOString(),
      lat: 37,
      lon: 129.5 + i * 0.1,
      alt_ft: 25000,
    }),
  );
}

let app: FastifyInstance;
let base: string;
let service: LiveService;

beforeAll(async () => {
  service = new LiveService(CATALOG, null, { reorderWindowS: 0 });
  app = Fastify();
  // As the main server does: the WebSocket plugin at the root, the live routes inside.
  await app.register(websocket);
  await app.register(liveRoutes, { service });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app.close();
});

/** Reads SSE events from the route until `until` says stop. */
function sse(path: string, until: (events: LiveEvent[]) => boolean): Promise<LiveEvent[]> {
  return new Promise((resolve, reject) => {
    const events: LiveEvent[] = [];
    const req = get(`${base}${path}`, (res: IncomingMessage) => {
      expect(res.headers['content-type']).toMatch(/text\/event-stream/);
      let buf = '';
      res.on('data', (d: Buffer) => {
        buf += d.toString();
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)));
        }
        if (until(events)) {
          req.destroy();
          resolve(events);
        }
      });
    });
    req.on('error', (e) => {
      if (!(e as NodeJS.ErrnoException).code?.includes('ECONNRESET')) reject(e);
    });
  });
}

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/live/positions`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-ndjson', ...headers },
  });

describe('HTTP and WebSocket routes', () => {
  it('POST: good lines accepted, bad ones named by line and field, idempotent retries, 400 for nothing usable', async () => {
    const lines = flight('HTTP-1');
    lines.splice(
      3,
      0,
      '{"track":"HTTP-1","time":"yesterday","lat":37,"lon":130}',
      'not json',
      '{"track":"HTTP-1","time":"2019-07-23T00:02:30Z","lat":91,"lon":130}',
    );
    const events = sse('/api/live/events?track=HTTP-1&type=enter,exit', (es) => es.length >= 4);
    await new Promise((r) => setTimeout(r, 50));
    const r = await post(lines.join('\n'), { 'idempotency-key': 'batch-1' });
    expect(r.status).toBe(202);
    const body = await r.json();
    expect(body).toMatchObject({ accepted: 30, rejected: 3, late: 0 });
    expect(body.problems).toEqual([
      expect.objectContaining({
        line: 4,
        field: 'time',
        message: expect.stringMatching(/not an ISO 8601 time/),
      }),
      expect.objectContaining({ line: 5, message: expect.stringMatching(/not valid JSON/) }),
      expect.objectContaining({
        line: 6,
        field: 'lat',
        message: expect.stringMatching(/outside \[-90, 90\]/),
      }),
    ]);
    const got = await events;
    expect(got.map((e) => `${e.type} ${'zone' in e ? e.zone : ''}`)).toEqual([
      'enter BOX',
      'enter TER',
      'exit TER',
      'exit BOX',
    ]);
    expect(got[0]).toMatchObject({ track: 'HTTP-1', kind: 'adiz', certain: true, lat: 37 });
    // A retry with the same key is not applied twice.
    const again = await post(lines.join('\n'), { 'idempotency-key': 'batch-1' });
    expect(await again.json()).toMatchObject({ accepted: 30, replayed: true });
    // Nothing usable: a clear 400; the next good batch still goes through.
    const bad = await post('{"nope":1}\n');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/track id is missing/);
    expect((await post('')).status).toBe(400);
    expect((await post(flight('HTTP-2').join('\n'))).status).toBe(202);
    // Replay from a sequence number, filtered by zone and kind.
    const replay = await sse('/api/live/events?since=0&zone=TER&kind=territorial', (es) => es.length >= 4);
    expect(replay.every((e) => e.type !== 'lost' && e.zone === 'TER')).toBe(true);
    const status = await (await fetch(`${base}/api/live/status`)).json();
    expect(status.aircraft).toBe(2);
    const aircraft = await (await fetch(`${base}/api/live/aircraft`)).json();
    expect(aircraft.aircraft.map((a: { track: string }) => a.track).sort()).toEqual(['HTTP-1', 'HTTP-2']);
  });

  it('WebSocket: positions in, a result per message (bad ones too), events out with filters', async () => {
    const events = await app.injectWS('/api/live/events?track=WS-1&type=enter');
    const got: LiveEvent[] = [];
    events.on('message', (d: Buffer) => got.push(JSON.parse(d.toString())));
    const ws = await app.injectWS('/api/live/positions');
    const answers: unknown[] = [];
    const answered = (n: number) =>
      new Promise<void>((r) => {
        const check = () => (answers.length >= n ? r() : setTimeout(check, 10));
        check();
      });
    ws.on('message', (d: Buffer) => answers.push(JSON.parse(d.toString())));
    ws.send('this is not a fix');
    ws.send(flight('WS-1').join('\n'));
    ws.send('[1,2');
    await answered(3);
    expect(answers[0]).toMatchObject({
      accepted: 0,
      rejected: 1,
      problems: [expect.objectContaining({ message: expect.stringMatching(/not valid JSON/) })],
    });
    expect(answers[1]).toMatchObject({ accepted: 30, rejected: 0 });
    expect(answers[2]).toMatchObject({
      error: { status: 400, message: expect.stringMatching(/not a JSON array/) },
    });
    while (got.length < 2) await new Promise((r) => setTimeout(r, 10));
    expect(got.map((e) => (e.type === 'lost' ? '' : e.zone))).toEqual(['BOX', 'TER']);
    ws.terminate();
    events.terminate();
  });
});

describe('stdin NDJSON', () => {
  it('names bad lines, drops late fixes, ignores duplicates, reorders within the window', async () => {
    const s = new LiveService(CATALOG, null, { reorderWindowS: 120 });
    const problems: LiveProblem[] = [];
    s.onProblem = (p) => problems.push(p);
    const events: LiveEvent[] = [];
    s.subscribe((e) => events.push(...e));
    const lines = flight('STDIN-1');
    // Swap two neighbours (within the window), repeat one (duplicate), add a bad line and a very late one.
    [lines[10], lines[11]] = [lines[11], lines[10]];
    lines.splice(12, 0, lines[12]);
    lines.push('{"track":"STDIN-1","time":"2019-07-23T00:29:00Z","lat":"north","lon":130}');
    lines.push(flight('STDIN-1')[2]);
    const sum = await consumeNdjson(s, Readable.from([`${lines.join('\n')}\n`]), { batchLines: 7 });
    expect(sum).toMatchObject({ accepted: 30, duplicates: 1, late: 1, rejected: 1 });
    expect(problems.map((p) => [p.source, p.line, p.field])).toEqual([
      ['stdin', 32, 'lat'],
      ['stdin', 33, undefined],
    ]);
    expect(problems[1].message).toMatch(/arrived after .* was processed \(reorder window 120 s\); dropped/);
    const visits = events.filter((e) => e.type === 'visit');
    expect(visits.map((v) => (v.type === 'visit' ? v.zone : ''))).toEqual(['TER', 'BOX']);
  });

  it('a silence longer than maxGapS reports the aircraft lost with its open visits; its return revises them', async () => {
    const s = new LiveService(CATALOG, null, { reorderWindowS: 0, maxGapS: 600 });
    const events: LiveEvent[] = [];
    s.subscribe((e) => events.push(...e));
    const a = flight('GAP-1', '2019-07-23T00:00:00Z', 12);
    const other = flight('OTHER', '2019-07-23T00:30:00Z', 2);
    const back = JSON.stringify({
      track: 'GAP-1',
      time: '2019-07-23T00:40:00Z',
      lat: 37,
      lon: 133,
      alt_ft: 25000,
    });
    // Separate batches: the silence is noticed when the other aircraft moves the watermark on.
    for (const batch of [a, other, [back]]) s.submit(LiveService.parseLines(batch), { source: 'test' });
    const lost = events.find((e) => e.type === 'lost');
    expect(lost).toMatchObject({
      track: 'GAP-1',
      time: '2019-07-23T00:11:00.000Z',
      zones: ['BOX'],
      certain: false,
    });
    const boxVisits = events.filter((e) => e.type === 'visit' && e.track === 'GAP-1' && e.zone === 'BOX');
    expect(boxVisits.map((v) => (v.type === 'visit' ? [v.rev, v.exit === null] : null))).toEqual([
      [0, true],
      [1, false],
    ]);
    const exit = events.find((e) => e.type === 'exit' && e.track === 'GAP-1' && e.zone === 'BOX');
    expect(exit).toMatchObject({
      certain: false,
      window: { from: '2019-07-23T00:11:00.000Z', to: '2019-07-23T00:40:00.000Z' },
    });
  });

  it('reports each silent aircraft once, in the order they fell silent, not while its fixes wait, and again after a return', () => {
    const s = new LiveService(CATALOG, null, { reorderWindowS: 60, maxGapS: 600 });
    const events: LiveEvent[] = [];
    s.subscribe((e) => events.push(...e));
    const fix = (track: string, min: number) =>
      JSON.stringify({
        track,
        time: new Date(Date.parse('2019-07-23T00:00:00Z') + min * 60_000).toISOString(),
        lat: 37,
        lon: 129,
        alt_ft: 25000,
      });
    const feed = (...fixes: Array<[string, number]>) =>
      s.submit(LiveService.parseLines(fixes.map(([t, m]) => fix(t, m))), { source: 'test' });
    const lost = () =>
      events.filter((e) => e.type === 'lost').map((e) => `${e.track}@${e.time.slice(11, 16)}`);
    feed(['A', 0], ['B', 0], ['C', 0], ['D', 0], ['E', 0]);
    feed(['C', 2], ['A', 5], ['B', 10], ['D', 9], ['E', 9]);
    feed(['D', 13]);
    feed(['D', 16]);
    // At 00:20 B's last fix is exactly maxGapS old (not more); E's is older, but E's next fix
    // still waits for the reorder window, so E is not silent.
    feed(['D', 20], ['E', 19.5]);
    expect(lost()).toEqual(['C@00:02', 'A@00:05']);
    feed(['D', 21]);
    expect(lost()).toEqual(['C@00:02', 'A@00:05', 'B@00:10']);
    // C returns, then falls silent again.
    feed(['C', 26], ['D', 27]);
    feed(['D', 35]);
    expect(lost()).toEqual(['C@00:02', 'A@00:05', 'B@00:10', 'E@00:19']);
    feed(['D', 37]);
    expect(lost()).toEqual(['C@00:02', 'A@00:05', 'B@00:10', 'E@00:19', 'C@00:26']);
  });
});

describe('aircraft.json polling', () => {
  it('reports a failing or malformed feed and keeps polling; fixes at now - seen_pos; repeats are duplicates', async () => {
    const replies: Array<[number, string]> = [
      [500, 'oops'],
      [200, '{"now": 1563840000, "aircraft": ['],
      [
        200,
        JSON.stringify({
          now: 1563840000,
          aircraft: [
            { hex: 'abc123', flight: 'KAL1 ', lat: 37, lon: 129.5, seen_pos: 1.2, alt_baro: 20000 },
            { hex: 'def456' },
            { lat: 1 },
          ],
        }),
      ],
      [
        200,
        JSON.stringify({
          now: 1563840005,
          aircraft: [{ hex: 'abc123', lat: 37, lon: 129.5, seen_pos: 6.2, alt_baro: 20000 }],
        }),
      ],
      [
        200,
        JSON.stringify({
          now: 1563840065,
          aircraft: [{ hex: 'abc123', lat: 37, lon: 130.5, seen_pos: 0.5, alt_baro: 20000 }],
        }),
      ],
    ];
    const server: Server = createServer((_req, res) => {
      const [code, body] = replies.shift() ?? [404, ''];
      res.writeHead(code, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data/aircraft.json`;
    const s = new LiveService(CATALOG, null, { reorderWindowS: 0 });
    const events: LiveEvent[] = [];
    s.subscribe((e) => events.push(...e));
    const reported: string[] = [];
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await pollOnce(s, url, { onProblem: (m) => reported.push(m) }));
    server.close();
    expect(reported[0]).toMatch(/HTTP 500; will poll again/);
    expect(reported[1]).toMatch(/not valid JSON/);
    expect(results[2]).toMatchObject({ accepted: 1, rejected: 1 });
    expect(results[2]?.problems[0].message).toMatch(/aircraft without hex/);
    expect(results[3]).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(results[4]).toMatchObject({ accepted: 1 });
    expect(events.find((e) => e.type === 'enter')).toMatchObject({
      track: 'abc123',
      zone: 'BOX',
      certain: true,
    });
  });
});

describe('webhooks', () => {
  it('retries with backoff until delivered, once per event, with its id as the Idempotency-Key', async () => {
    const seen: Array<{ key: string; id: string }> = [];
    let failures = 2;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        if (failures-- > 0) {
          res.writeHead(503).end();
          return;
        }
        seen.push({ key: String(req.headers['idempotency-key']), id: JSON.parse(body).id });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const s = new LiveService(CATALOG, null, { reorderWindowS: 0 });
    const messages: string[] = [];
    const hook = new WebhookSink(s, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, {
      baseDelayMs: 5,
      onProblem: (m) => messages.push(m),
    });
    s.submit(LiveService.parseLines(flight('HOOK-1')), { source: 'test' });
    s.end();
    await hook.idle();
    hook.close();
    server.close();
    expect(messages.filter((m) => /retrying/.test(m))).toHaveLength(2);
    expect(seen.length).toBeGreaterThan(4);
    expect(seen.every((x) => x.key === x.id)).toBe(true);
    expect(new Set(seen.map((x) => x.id)).size).toBe(seen.length);
    expect(hook.delivered).toBe(seen.length);
  });
});

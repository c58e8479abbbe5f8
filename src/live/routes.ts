/**
 * The live routes as a fastify plugin, for whichever server registers it:
 *   POST /api/live/positions   NDJSON lines, a JSON fix object or an array of them; answers 202
 *                              once the batch is committed (`Idempotency-Key` makes a retry safe)
 *   GET  /api/live/positions   WebSocket: each message is NDJSON fixes; each answer a JSON result
 *   GET  /api/live/events      Server-Sent Events, or a WebSocket; filters ?zone=&kind=&track=&type=
 *                              (comma-separated); resumes after ?since=<seq> or Last-Event-ID
 *   GET  /api/live/aircraft    every aircraft's last fix and the zones it is in (the live map)
 *   GET  /api/live/status      counts, watermark, last event sequence
 * Bad input never closes a stream: each bad record is named in the answer and the rest go on.
 */
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { LiveEvent } from './engine.js';
import { type EventFilter, follow, matches } from './outputs.js';
import { type LiveRecord, LiveService, type SubmitResult } from './service.js';

export interface LiveRoutesOptions {
  service: LiveService;
  /** Decides whether a request may write positions (e.g. a bearer token check); default: all may. */
  authorize?: (request: FastifyRequest) => boolean;
  /** Largest position body accepted, bytes (default 64 MB). */
  bodyLimit?: number;
}

const list = (v: unknown): string[] | undefined =>
  typeof v === 'string' && v !== ''
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

function filterOf(q: Record<string, unknown>): EventFilter {
  return { zones: list(q.zone), kinds: list(q.kind), tracks: list(q.track), types: list(q.type) };
}

/** A request body → records: a JSON document (object or array) or NDJSON lines. */
export function recordsOfBody(body: unknown): { records: LiveRecord[] } | { error: string } {
  if (body === undefined || body === null)
    return { error: 'empty body: expected NDJSON fixes or a JSON fix or array of fixes' };
  if (!Buffer.isBuffer(body) && typeof body !== 'string') return { records: LiveService.parseJson(body) };
  const text = (Buffer.isBuffer(body) ? body.toString('utf8') : body).replace(/^\uFEFF/, '');
  if (text.trim() === '')
    return { error: 'empty body: expected NDJSON fixes or a JSON fix or array of fixes' };
  if (text.trimStart().startsWith('[')) {
    try {
      return { records: LiveService.parseJson(JSON.parse(text)) };
    } catch (e) {
      return { error: `body starts with '[' but is not a JSON array: ${(e as Error).message}` };
    }
  }
  return { records: LiveService.parseLines(text.split('\n')) };
}

function problemBody(status: number, message: string, extra: Record<string, unknown> = {}) {
  return { error: { status, message, ...extra } };
}

export const liveRoutes: FastifyPluginAsync<LiveRoutesOptions> = async (app, opts) => {
  const { service } = opts;
  const bodyLimit = opts.bodyLimit ?? 64 * 1024 * 1024;
  if (!app.hasDecorator('websocketServer')) await app.register(websocket);
  // Event streams never end on their own: close them when the server closes.
  const streams = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of streams) end();
  });
  // Positions are taken as sent (NDJSON is not JSON); this context only.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

  const mayWrite = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (!opts.authorize || opts.authorize(request)) return true;
    reply
      .code(401)
      .send(problemBody(401, 'this server requires Authorization: Bearer <token> to post positions'));
    return false;
  };

  const submit = (records: LiveRecord[], source: string, key?: string): SubmitResult =>
    service.submit(records, { source, idempotencyKey: key });

  app.post('/api/live/positions', { bodyLimit }, async (request, reply) => {
    if (!mayWrite(request, reply)) return reply;
    const parsed = recordsOfBody(request.body);
    if ('error' in parsed) return reply.code(400).send(problemBody(400, parsed.error));
    const key = request.headers['idempotency-key'];
    const res = submit(
      parsed.records,
      'POST /api/live/positions',
      typeof key === 'string' && key ? key : undefined,
    );
    if (res.accepted + res.duplicates + res.late === 0 && res.rejected > 0) {
      return reply
        .code(400)
        .send(
          problemBody(400, `no usable fix in the body: ${res.problems[0]?.message ?? ''}`, { result: res }),
        );
    }
    return reply.code(202).send(res);
  });

  app.route({
    method: 'GET',
    url: '/api/live/positions',
    handler: async (_request, reply) =>
      reply.code(426).send(problemBody(426, 'open a WebSocket here to send positions, or POST them')),
    wsHandler: (socket, request) => {
      if (opts.authorize && !opts.authorize(request)) {
        socket.close(1008, 'unauthorized');
        return;
      }
      socket.on('message', (data: Buffer) => {
        let answer: unknown;
        try {
          const parsed = recordsOfBody(data.toString('utf8'));
          answer =
            'error' in parsed
              ? problemBody(400, parsed.error)
              : submit(parsed.records, 'WebSocket /api/live/positions');
        } catch (e) {
          answer = problemBody(500, (e as Error).message);
        }
        socket.send(JSON.stringify(answer));
      });
    },
  });

  const sinceOf = (request: FastifyRequest): number => {
    const q = request.query as Record<string, unknown>;
    const h = request.headers['last-event-id'];
    const v = typeof q.since === 'string' ? q.since : typeof h === 'string' ? h : null;
    const n = v === null ? service.lastSeq() : Number(v);
    return Number.isFinite(n) && n >= 0 ? n : service.lastSeq();
  };

  app.route({
    method: 'GET',
    url: '/api/live/events',
    handler: async (request, reply) => {
      const q = request.query as Record<string, unknown>;
      const filter = filterOf(q);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': incursion live events\n\n');
      const send = (events: LiveEvent[]) => {
        let out = '';
        for (const e of events)
          if (matches(e, filter)) out += `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
        if (out) res.write(out);
      };
      const stop = follow(service, sinceOf(request), send);
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      const end = () => {
        clearInterval(ping);
        stop();
        streams.delete(end);
        res.end();
      };
      streams.add(end);
      request.raw.on('close', end);
    },
    wsHandler: (socket, request) => {
      const filter = filterOf(request.query as Record<string, unknown>);
      const stop = follow(service, sinceOf(request), (events) => {
        for (const e of events) if (matches(e, filter)) socket.send(JSON.stringify(e));
      });
      socket.on('close', stop);
    },
  });

  app.get('/api/live/aircraft', async () => ({
    watermark: watermarkIso(service),
    aircraft: service.engine.snapshot(),
  }));

  app.get('/api/live/status', async () => ({
    aircraft: service.engine.size,
    watermark: watermarkIso(service),
    lastSeq: service.lastSeq(),
    reorderWindowS: service.engine.reorderWindowS,
    maxGapS: service.engine.maxGapS,
    durable: service.store !== null,
  }));
};

function watermarkIso(service: LiveService): string | null {
  const w = service.engine.watermarkS;
  return Number.isFinite(w) ? new Date(Math.round(w * 1000)).toISOString() : null;
}

/**
 * The HTTP face: `startServer` serves the API (fastify) over the SQLite store and the built page
 * (web/dist). It holds no domain logic: every answer comes from the library's functions.
 */
import { timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { liveRoutes } from '../live/routes.js';
import { LiveService } from '../live/service.js';
import { LiveStore } from '../live/store.js';
import { SqliteStore } from '../store/sqlite.js';
import { analysisRoutes } from './analyses.js';
import { Catalogs } from './catalogs.js';
import { preloadDemo } from './demo.js';
import { errorBody, handleError } from './errors.js';
import { openApiDocument, type Route } from './openapi.js';
import { REPO_ROOT } from './paths.js';
import { ComputePool } from './pool.js';
import { zoneRoutes } from './zones.js';

export { REPO_ROOT };

export interface ServerOptions {
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** SQLite file; default ./incursion.sqlite. */
  db?: string;
  /** Bearer token required for writes; default process.env.INCURSION_TOKEN. */
  token?: string | null;
  /** Largest upload accepted, bytes; default 200 MB. */
  maxUploadBytes?: number;
  /** Load the demo analyses (samples/) when not already stored. */
  demo?: boolean;
  /** The built page; default web/dist under the repository root. */
  webRoot?: string;
  logger?: boolean;
  /** SQLite file of the live monitor's state and events; default: beside `db`, `-live` added. */
  liveDb?: string | null;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

function version(): string {
  try {
    return JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version as string;
  } catch {
    return '0.0.0';
  }
}

function tokenCheck(token: string) {
  const expected = Buffer.from(`Bearer ${token}`);
  return (request: FastifyRequest): boolean => {
    const got = Buffer.from(request.headers.authorization ?? '');
    return got.length === expected.length && timingSafeEqual(got, expected);
  };
}

export async function buildApp(
  store: SqliteStore,
  options: ServerOptions = {},
): Promise<{ app: FastifyInstance; routes: Route[]; catalogs: Catalogs; pool: ComputePool }> {
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const token = options.token === undefined ? process.env.INCURSION_TOKEN || null : options.token;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: maxUploadBytes,
    // An unknown option is a mistake to report, not something to drop silently.
    ajv: { customOptions: { removeAdditional: false } },
  });
  const catalogs = new Catalogs(store);
  const pool = new ComputePool();
  app.addHook('onClose', async () => pool.close());
  const ver = version();

  app.setErrorHandler(handleError);
  // Uploads are files, whatever their content type says: keep the bytes as sent (a JSON track
  // file must not be parsed into objects and back).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxUploadBytes }, (_req, body, done) =>
    done(null, body),
  );
  await app.register(multipart, {
    limits: { fileSize: maxUploadBytes, files: 50, fields: 50 },
    throwFileSizeLimit: true,
  });

  const authorized = token ? tokenCheck(token) : null;
  const routes: Route[] = [
    {
      method: 'GET',
      url: '/api/health',
      summary: 'Liveness, versions and counts',
      responses: { 200: { description: 'ok', schema: 'Health' } },
      handler: async () => {
        const c = catalogs.builtin();
        return {
          status: 'ok',
          version: ver,
          schemaVersion: store.schemaVersion(),
          analyses: store.listAnalyses().length,
          catalog: { id: c.id, version: c.version, zones: c.zones.length },
          writesRequireToken: token !== null,
        };
      },
    },
    ...analysisRoutes(store, catalogs, pool),
    ...zoneRoutes(store, catalogs, pool),
  ];
  const doc = openApiDocument(
    [
      ...routes,
      {
        method: 'GET',
        url: '/api/openapi.json',
        summary: 'This document',
        responses: { 200: { description: 'OpenAPI 3.1' } },
      },
    ],
    ver,
  );

  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      schema: {
        ...(r.params ? { params: r.params } : {}),
        ...(r.querystring ? { querystring: r.querystring } : {}),
      },
      ...(r.write && authorized
        ? {
            preValidation: async (request) => {
              if (!authorized(request)) {
                const e = new Error(
                  'this server requires Authorization: Bearer <token> for writes',
                ) as Error & {
                  statusCode: number;
                };
                e.statusCode = 401;
                throw e;
              }
            },
          }
        : {}),
      handler: r.handler,
    });
  }
  app.get('/api/openapi.json', async () => doc);

  // Live monitoring: positions in (POST, WebSocket), events out (SSE, WebSocket).
  await app.register(websocket);
  const liveStore = options.liveDb ? new LiveStore(options.liveDb) : null;
  if (liveStore) app.addHook('onClose', async () => liveStore.close());
  const live = new LiveService(catalogs.builtin(), liveStore);
  // Observation time moves on an idle feed too: release held fixes, notice silent aircraft.
  const ticker = setInterval(() => live.tick(), 1000);
  ticker.unref();
  app.addHook('onClose', async () => clearInterval(ticker));
  await app.register(liveRoutes, { service: live, authorize: authorized ?? undefined });

  const webRoot = options.webRoot ?? join(REPO_ROOT, 'web', 'dist');
  if (existsSync(join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', index: 'index.html', wildcard: true });
  } else {
    app.get('/', async (_req, reply) =>
      reply
        .code(503)
        .type('text/html')
        .send(
          `<!doctype html><title>incursion</title><p>The page is not built: run <code>npm run build:web</code>.</p>`,
        ),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(404, `no route ${request.method} ${request.url.split('?')[0]}`));
  });
  return { app, routes, catalogs, pool };
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const store = new SqliteStore(resolve(options.db ?? './incursion.sqlite'));
  let app: FastifyInstance;
  try {
    const dbPath = resolve(options.db ?? './incursion.sqlite');
    const liveDb =
      options.liveDb === undefined ? `${dbPath.replace(/\.sqlite$/, '')}-live.sqlite` : options.liveDb;
    const built = await buildApp(store, { ...options, liveDb });
    app = built.app;
    if (options.demo) {
      await preloadDemo(store, built.catalogs, built.pool, (m: string) =>
        process.stderr.write(`incursion: ${m}\n`),
      );
    }
    await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
  } catch (err) {
    store.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: async () => {
      await app.close();
      store.close();
    },
  };
}

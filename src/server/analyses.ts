/**
 * /api/analyses: run the engine on an uploaded track file and keep what it found.
 * The steps are the library's own (read → catalog → analyze → render); this file only wires them
 * to HTTP and the store.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AnalysisResult } from '../analysis/types.js';
import { toCsv } from '../report/csv.js';
import type { SqliteStore } from '../store/sqlite.js';
import type { TrackFormat } from '../tracks/format.js';
import type { Category, Diagnostic } from '../tracks/track.js';
import type { Catalogs } from './catalogs.js';
import type { AnalyzeOutput } from './compute.js';
import { describeValidation, HttpError } from './errors.js';
import type { Route } from './openapi.js';
import { type ComputePool, WorkerTaskError } from './pool.js';
import { AnalysisOptions, IdParams } from './schemas.js';
import { readUpload, type UploadedFile } from './upload.js';

export interface AnalysisInput {
  name: string;
  track: UploadedFile;
  zones: UploadedFile[];
  options: AnalysisOptionValues;
  demoKey?: string;
}

export interface AnalysisOptionValues {
  name?: string;
  filename?: string;
  format?: TrackFormat;
  category?: Category;
  operator?: string;
  maxGapS?: number;
  approachNm?: number;
  builtin?: boolean;
  zoneFiles?: string;
}

export function newId(): string {
  return randomBytes(6).toString('hex');
}

function summarize(result: AnalysisResult, records: number, problems: number, zoneFiles: string[]) {
  const findings: Record<string, number> = {};
  for (const v of result.visits) findings[v.finding] = (findings[v.finding] ?? 0) + 1;
  const starts = result.tracks.map((t) => t.start).sort();
  const ends = result.tracks.map((t) => t.end).sort();
  return {
    tracks: result.tracks.length,
    fixes: result.tracks.reduce((n, t) => n + t.fixes, 0),
    visits: result.visits.length,
    approaches: result.approaches.length,
    findings,
    start: starts[0] ?? null,
    end: ends[ends.length - 1] ?? null,
    catalog: result.catalog,
    records,
    problems,
    zoneFiles,
  };
}

/** A failure inside the worker as the API gives it: input problems are 400s naming file and line. */
function fromWorker(err: unknown): Error {
  if (err instanceof WorkerTaskError && err.diagnostic) {
    const d = err.diagnostic;
    return new HttpError(400, err.message, {
      file: d.file,
      ...(d.line !== undefined ? { line: d.line } : {}),
      ...(d.field ? { field: d.field } : {}),
    });
  }
  return err as Error;
}

/** Reads, analyses, renders (in the worker) and stores one upload. Bad input is a 4xx. */
export async function runAnalysis(
  input: AnalysisInput,
  store: SqliteStore,
  catalogs: Catalogs,
  pool: ComputePool,
  /** Kept with the options (e.g. which demo this is). */
  tags: Record<string, unknown> = {},
) {
  const o = input.options;
  const own = input.zones.map((z) => ({ file: z, ...catalogs.importUpload(z.name, z.data) }));
  const sharedIds = o.zoneFiles ? o.zoneFiles.split(',') : [];
  const { spec, problems: catalogProblems } = catalogs.combine({
    builtin: o.builtin !== false,
    extra: [...catalogs.uploaded(sharedIds), ...own.map((z) => ({ name: z.file.name, zones: z.zones }))],
  });
  if (!spec.builtin && spec.extra.length === 0) {
    throw new HttpError(400, 'the catalog is empty: keep builtin=true or send zone files', {
      field: 'builtin',
    });
  }
  if (spec.builtin && catalogs.builtin().zones.length === 0 && spec.extra.length === 0) {
    throw new HttpError(503, 'the built-in catalog is empty (data/catalog missing): send zone files');
  }
  const out = await pool
    .run<AnalyzeOutput | { noTrack: true; problems: Diagnostic[] }>({
      kind: 'analyze',
      name: input.track.name,
      data: input.track.data,
      read: {
        ...(o.format ? { format: o.format } : {}),
        ...(o.category ? { category: o.category } : {}),
        ...(o.operator ? { operator: o.operator } : {}),
      },
      options: {
        ...(o.maxGapS !== undefined ? { maxGapS: o.maxGapS } : {}),
        ...(o.approachNm !== undefined ? { approachNm: o.approachNm } : {}),
      },
      catalog: spec,
    })
    .catch((err) => {
      throw fromWorker(err);
    });
  if ('noTrack' in out) {
    const first: Diagnostic | undefined = out.problems[0];
    throw new HttpError(
      400,
      first
        ? `${input.track.name}: no usable track (${first.line !== undefined ? `line ${first.line}: ` : ''}${first.message})`
        : `${input.track.name}: no track found`,
      {
        file: input.track.name,
        ...(first?.line !== undefined ? { line: first.line } : {}),
        ...(first?.field ? { field: first.field } : {}),
        problems: out.problems.slice(0, 100),
      },
    );
  }
  const id = newId();
  const created = new Date().toISOString();
  const { name: _n, filename: _f, ...chosen } = o;
  const options: Record<string, unknown> = { ...chosen, ...tags };
  const summary = summarize(out.result, out.records, out.problems.length, [
    ...sharedIds,
    ...own.map((z) => z.file.name),
  ]);
  store.insertAnalysis({
    id,
    name: input.name,
    created,
    inputName: input.track.name,
    inputBytes: input.track.data.length,
    options,
    summary,
    result: out.result,
    geojsonJson: out.geojsonJson,
    tracksJson: out.tracksJson,
    ...(input.demoKey ? { demoKey: input.demoKey } : {}),
    zoneFiles: own.map((z) => ({
      id: newId(),
      name: z.file.name,
      created,
      data: z.file.data,
      zoneIds: z.zones.map((zone) => zone.id),
    })),
  });
  return {
    id,
    name: input.name,
    created,
    input: { name: input.track.name, bytes: input.track.data.length },
    options,
    summary,
    problems: [...catalogProblems, ...own.flatMap((z) => z.problems), ...out.problems].slice(0, 100),
  };
}

type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };

export function analysisRoutes(store: SqliteStore, catalogs: Catalogs, pool: ComputePool): Route[] {
  const notFound = (id: string) => new HttpError(404, `no analysis '${id}'`, { field: 'id' });
  const json = (id: string, part: 'result' | 'geojson' | 'tracks') => {
    const text = store.getAnalysisJson(id, part);
    if (text === null) throw notFound(id);
    return text;
  };
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

  return [
    {
      method: 'GET',
      url: '/api/analyses',
      summary: 'List stored analyses, newest first',
      responses: { 200: { description: 'the analyses', schema: 'AnalysisList' } },
      handler: async () => ({ analyses: store.listAnalyses() }),
    },
    {
      method: 'POST',
      url: '/api/analyses',
      summary: 'Analyse a track file (any supported format) against the catalog and store the result',
      write: true,
      querystring: AnalysisOptions,
      requestBody: {
        description:
          'The track file as the raw body (name it with ?filename=), or multipart/form-data with a `file` part ' +
          'and optional `zones` parts (zone files in any supported format); options as query or text fields.',
        contentTypes: ['application/octet-stream', 'multipart/form-data'],
        multipartFiles: { file: 'the track file', zones: 'zone files added to the catalog (repeatable)' },
      },
      responses: {
        201: { description: 'stored; the summary and the first input problems', schema: 'AnalysisCreated' },
        400: { description: 'bad input (names the field, or the file and line)', schema: 'Error' },
        401: { description: 'missing or wrong bearer token', schema: 'Error' },
        404: { description: 'an uploaded zone file named in zoneFiles does not exist', schema: 'Error' },
        413: { description: 'the upload exceeds the size limit', schema: 'Error' },
      },
      handler: async (request, reply) => {
        const upload = await readUpload(request, ['file', 'track', 'zones']);
        const query = { ...(request.query as Record<string, unknown>) };
        const merged: Record<string, unknown> = { ...query, ...upload.fields };
        const validate = request.compileValidationSchema(AnalysisOptions) as Validator;
        if (!validate(merged)) {
          const { message, field } = describeValidation(
            (validate.errors ?? []) as never[],
            upload.multipart ? 'option' : 'querystring',
          );
          throw new HttpError(400, message, { field });
        }
        const options = merged as AnalysisOptionValues;
        let track: UploadedFile;
        if (upload.raw) {
          track = { name: options.filename ?? 'upload', data: upload.raw };
        } else {
          const parts = [...(upload.files.get('file') ?? []), ...(upload.files.get('track') ?? [])];
          if (parts.length !== 1) {
            throw new HttpError(
              400,
              `expected exactly one multipart 'file' part (the track file), got ${parts.length}`,
              {
                field: 'file',
              },
            );
          }
          track = parts[0];
        }
        const created = await runAnalysis(
          { name: options.name ?? track.name, track, zones: upload.files.get('zones') ?? [], options },
          store,
          catalogs,
          pool,
        );
        reply.code(201).header('location', `/api/analyses/${created.id}`);
        return created;
      },
    },
    {
      method: 'GET',
      url: '/api/analyses/:id',
      summary: 'The analysis result (the DESIGN.md output contract)',
      params: IdParams,
      responses: {
        200: { description: 'the result', schema: 'AnalysisResult' },
        404: { description: 'unknown id', schema: 'Error' },
      },
      handler: async (request, reply) => reply.type('application/json').send(json(idOf(request), 'result')),
    },
    {
      method: 'GET',
      url: '/api/analyses/:id/summary',
      summary: 'Name, input, options and counts of one analysis',
      params: IdParams,
      responses: {
        200: { description: 'the summary', schema: 'AnalysisSummary' },
        404: { description: 'unknown id', schema: 'Error' },
      },
      handler: async (request) => {
        const s = store.getAnalysisSummary(idOf(request));
        if (!s) throw notFound(idOf(request));
        return s;
      },
    },
    {
      method: 'GET',
      url: '/api/analyses/:id/geojson',
      summary: 'The result as GeoJSON (tracks, crossings, visited zones)',
      params: IdParams,
      responses: {
        200: {
          description: 'a FeatureCollection',
          schema: 'GeoJsonFeatureCollection',
          contentType: 'application/geo+json',
        },
        404: { description: 'unknown id', schema: 'Error' },
      },
      handler: async (request, reply) =>
        reply.type('application/geo+json').send(json(idOf(request), 'geojson')),
    },
    {
      method: 'GET',
      url: '/api/analyses/:id/csv',
      summary: 'The visits as CSV',
      params: IdParams,
      responses: {
        200: { description: 'one row per visit', contentType: 'text/csv' },
        404: { description: 'unknown id', schema: 'Error' },
      },
      handler: async (request, reply) => {
        const id = idOf(request);
        const result = JSON.parse(json(id, 'result')) as AnalysisResult;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="incursion-${id}.csv"`)
          .send(toCsv(result));
      },
    },
    {
      method: 'GET',
      url: '/api/analyses/:id/tracks',
      summary: "The tracks' fixes, for replay",
      params: IdParams,
      responses: {
        200: { description: 'columns per track', schema: 'ReplayTracks' },
        404: { description: 'unknown id', schema: 'Error' },
      },
      handler: async (request, reply) => reply.type('application/json').send(json(idOf(request), 'tracks')),
    },
    {
      method: 'DELETE',
      url: '/api/analyses/:id',
      summary: 'Delete an analysis and the zone files sent with it',
      write: true,
      params: IdParams,
      responses: {
        204: { description: 'deleted' },
        401: { description: 'missing or wrong bearer token', schema: 'Error' },
        404: { description: 'unknown id', schema: 'Error' },
      },
      handler: async (request, reply) => {
        const id = idOf(request);
        const files = store.listZoneFiles(id);
        if (!store.deleteAnalysis(id)) throw notFound(id);
        for (const f of files) catalogs.forget(f.id);
        return reply.code(204).send();
      },
    },
  ];
}

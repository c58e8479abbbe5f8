/**
 * /api/zones: the catalog as GeoJSON, filtered; uploaded zone files (kept across restarts).
 */
import type { FastifyRequest } from 'fastify';
import type { SqliteStore, StoredZoneFile } from '../store/sqlite.js';
import { zonesToFeatureCollection } from '../zones/geojson.js';
import type { Overlap } from '../zones/overlaps.js';
import type { Zone } from '../zones/zone.js';
import { validityBoundS } from '../zones/zone.js';
import { newId } from './analyses.js';
import { type Catalogs, filterZones, type ZoneFilter } from './catalogs.js';
import { type CatalogSpec, catalogOf } from './compute.js';
import { HttpError } from './errors.js';
import type { Route } from './openapi.js';
import type { ComputePool } from './pool.js';
import { IdParams, ZoneQuery, ZoneUploadQuery } from './schemas.js';
import { readUpload } from './upload.js';

interface ZoneQueryValues {
  kind?: string;
  state?: string;
  at?: string;
  analysis?: string;
  file?: string;
}

function filterOf(q: ZoneQueryValues): ZoneFilter {
  const f: ZoneFilter = {};
  if (q.kind) f.kinds = q.kind.split(',');
  if (q.state) f.states = q.state.split(',');
  if (q.at) {
    const atS = validityBoundS(q.at, Number.NaN);
    if (Number.isNaN(atS))
      throw new HttpError(400, `querystring field 'at' is not a date: '${q.at}'`, { field: 'at' });
    f.atS = atS;
  }
  return f;
}

function fileInfo(f: StoredZoneFile) {
  return { id: f.id, name: f.name, created: f.created, zones: f.zoneIds };
}

export function zoneRoutes(store: SqliteStore, catalogs: Catalogs, pool: ComputePool): Route[] {
  /** Intersecting shapes costs seconds: answers are kept per catalog (zone ids and versions). */
  const overlapCache = new Map<string, Promise<Overlap[]>>();
  const overlapsOf = (spec: CatalogSpec, fileIds: string[]): Promise<Overlap[]> => {
    const key = `${spec.id}@${spec.version}|${spec.builtin}|${fileIds.join(',')}|${spec.extra.map((z) => z.id).join(',')}`;
    let answer = overlapCache.get(key);
    if (!answer) {
      answer = pool.run<Overlap[]>({ kind: 'overlaps', catalog: spec });
      answer.catch(() => overlapCache.delete(key));
      overlapCache.set(key, answer);
    }
    return answer;
  };
  /** The catalog a query is about: an analysis's, one uploaded file, or everything. */
  const specFor = (q: ZoneQueryValues): { spec: CatalogSpec; files: string[] } => {
    if (q.analysis) {
      const s = store.getAnalysisSummary(q.analysis);
      if (!s) throw new HttpError(404, `no analysis '${q.analysis}'`, { field: 'analysis' });
      return { spec: catalogs.ofAnalysis(q.analysis, s.options), files: [`analysis:${q.analysis}`] };
    }
    if (q.file) {
      const [f] = catalogs.uploaded([q.file], 'file');
      return { spec: { builtin: false, extra: f.zones, id: f.name, version: 'files' }, files: [q.file] };
    }
    const files = store.listZoneFiles(null);
    return {
      spec: catalogs.combine({
        builtin: true,
        extra: files.map((f) => ({ name: f.name, zones: catalogs.zonesOfFile(f) })),
      }).spec,
      files: files.map((f) => f.id),
    };
  };
  /** The zones a query is about: an analysis's catalog, one uploaded file, or everything. */
  const zonesFor = (q: ZoneQueryValues): Zone[] => {
    if (q.analysis) {
      const s = store.getAnalysisSummary(q.analysis);
      if (!s) throw new HttpError(404, `no analysis '${q.analysis}'`, { field: 'analysis' });
      return catalogOf(catalogs.ofAnalysis(q.analysis, s.options)).zones;
    }
    if (q.file) return catalogs.uploaded([q.file], 'file')[0].zones;
    return catalogs.allZones();
  };
  const query = (request: FastifyRequest) => request.query as ZoneQueryValues;

  return [
    {
      method: 'GET',
      url: '/api/zones',
      summary: 'Zones as GeoJSON: the built-in catalog and uploaded zone files, filtered',
      querystring: ZoneQuery,
      responses: {
        200: {
          description: 'one Feature per zone',
          schema: 'GeoJsonFeatureCollection',
          contentType: 'application/geo+json',
        },
        400: { description: 'bad filter', schema: 'Error' },
        404: { description: 'unknown analysis or zone file', schema: 'Error' },
      },
      handler: async (request, reply) => {
        const q = query(request);
        const zones = filterZones(zonesFor(q), filterOf(q));
        return reply.type('application/geo+json').send(zonesToFeatureCollection(zones));
      },
    },
    {
      method: 'GET',
      url: '/api/zones/overlaps',
      summary:
        'Zones whose areas overlap (pairs, and triples of ADIZs), with the area in km² and when they overlap in time',
      querystring: ZoneQuery,
      responses: {
        200: { description: 'the overlapping pairs', schema: 'Overlaps' },
        400: { description: 'bad filter', schema: 'Error' },
      },
      handler: async (request) => {
        const q = query(request);
        const filter = filterOf(q);
        const { spec, files } = specFor(q);
        const all = await overlapsOf(spec, files);
        // Filters keep an overlap when any of its zones passes (an ADIZ over a territorial sea is
        // of interest to both), and `at` when the overlap itself is in force then.
        const zones = new Map(catalogOf(spec).zones.map((z) => [z.id, z]));
        const pass = new Set(
          filterZones([...zones.values()], { ...filter, atS: undefined }).map((z) => z.id),
        );
        const overlaps = all.filter((o) => {
          if (!o.zones.some((id) => pass.has(id))) return false;
          if (filter.atS === undefined) return true;
          const from = o.from ? Date.parse(o.from) / 1000 : Number.NEGATIVE_INFINITY;
          const to = o.to ? Date.parse(o.to) / 1000 : Number.POSITIVE_INFINITY;
          return filter.atS >= from && filter.atS < to;
        });
        return { overlaps };
      },
    },
    {
      method: 'GET',
      url: '/api/zones/files',
      summary: 'Zone files uploaded on their own',
      responses: { 200: { description: 'the files', schema: 'ZoneFileList' } },
      handler: async () => ({ files: store.listZoneFiles(null).map(fileInfo) }),
    },
    {
      method: 'POST',
      url: '/api/zones',
      summary: 'Upload a zone file (our zone file, OpenAIR, AIXM 5.1, KML, GeoJSON...); kept across restarts',
      write: true,
      querystring: ZoneUploadQuery,
      requestBody: {
        description:
          'The zone file as the raw body (name it with ?name=) or multipart/form-data with one `file` part',
        contentTypes: ['application/octet-stream', 'multipart/form-data'],
        multipartFiles: { file: 'the zone file' },
      },
      responses: {
        201: { description: 'stored; the ids of its zones', schema: 'ZoneFile' },
        400: { description: 'not a zone file (names the file and line)', schema: 'Error' },
        401: { description: 'missing or wrong bearer token', schema: 'Error' },
        413: { description: 'the upload exceeds the size limit', schema: 'Error' },
      },
      handler: async (request, reply) => {
        const upload = await readUpload(request, ['file', 'zones']);
        const q = request.query as { name?: string };
        const files = [...(upload.files.get('file') ?? []), ...(upload.files.get('zones') ?? [])];
        if (upload.raw) files.push({ name: q.name ?? 'zones', data: upload.raw });
        if (files.length !== 1) {
          throw new HttpError(400, `expected exactly one zone file, got ${files.length}`, { field: 'file' });
        }
        const file = files[0];
        const imported = catalogs.importUpload(file.name, file.data);
        const stored = {
          id: newId(),
          name: file.name,
          created: new Date().toISOString(),
          data: file.data,
          zoneIds: imported.zones.map((z) => z.id),
        };
        store.insertZoneFile(stored);
        reply.code(201).header('location', `/api/zones?file=${stored.id}`);
        return { ...fileInfo({ ...stored, analysisId: null }), problems: imported.problems.slice(0, 100) };
      },
    },
    {
      method: 'DELETE',
      url: '/api/zones/files/:id',
      summary: 'Delete an uploaded zone file',
      write: true,
      params: IdParams,
      responses: {
        204: { description: 'deleted' },
        401: { description: 'missing or wrong bearer token', schema: 'Error' },
        404: { description: 'unknown id', schema: 'Error' },
      },
      handler: async (request, reply) => {
        const { id } = request.params as { id: string };
        if (!store.deleteZoneFile(id))
          throw new HttpError(404, `no uploaded zone file '${id}'`, { field: 'id' });
        catalogs.forget(id);
        return reply.code(204).send();
      },
    },
    {
      method: 'GET',
      url: '/api/zones/:id',
      summary: 'One zone as a GeoJSON Feature (built-in first, then uploaded files)',
      params: IdParams,
      querystring: ZoneQuery,
      responses: {
        200: { description: 'the zone', schema: 'GeoJsonFeature', contentType: 'application/geo+json' },
        404: { description: 'unknown zone id', schema: 'Error' },
      },
      handler: async (request, reply) => {
        const { id } = request.params as { id: string };
        const zone = zonesFor(query(request)).find((z) => z.id === id);
        if (!zone) throw new HttpError(404, `no zone '${id}'`, { field: 'id' });
        const fc = zonesToFeatureCollection([zone]) as { features: unknown[] };
        return reply.type('application/geo+json').send(fc.features[0]);
      },
    },
  ];
}

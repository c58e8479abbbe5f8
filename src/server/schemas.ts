/**
 * Every request and output shape of the HTTP API, defined once as JSON Schema. Fastify validates
 * requests with these objects, multipart option fields are checked against the same query schema,
 * and openapi.ts builds /api/openapi.json from them; the tests check responses against them.
 */
import { TRACK_FORMATS } from '../tracks/format.js';

const isoTime = { type: 'string', description: 'ISO 8601 UTC with milliseconds' } as const;
const zoneKind = { type: 'string', enum: ['territorial', 'adiz', 'fir', 'other'] } as const;

export const IdParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
  required: ['id'],
  additionalProperties: false,
} as const;

/** Options of an analysis: query string of POST /api/analyses, or text fields of a multipart body. */
export const AnalysisOptions = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200, description: 'display name (default: file name)' },
    filename: { type: 'string', minLength: 1, maxLength: 300, description: 'file name of a raw-body upload' },
    format: { type: 'string', enum: [...TRACK_FORMATS], description: 'track format (default: detected)' },
    category: { type: 'string', enum: ['state', 'civil', 'unknown'], description: 'category of every track' },
    operator: {
      type: 'string',
      pattern: '^[A-Z]{3}$',
      description: 'operating state of every track (alpha-3)',
    },
    maxGapS: { type: 'number', exclusiveMinimum: 0, description: 'longest interval interpolated (s)' },
    approachNm: { type: 'number', minimum: 0, maximum: 1000, description: 'approach radius (NM)' },
    builtin: { type: 'boolean', description: 'include the built-in catalog (default true)' },
    zoneFiles: {
      type: 'string',
      pattern: '^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$',
      description: 'comma-separated ids of uploaded zone files to add to the catalog',
    },
  },
  additionalProperties: false,
} as const;

export const ZoneUploadQuery = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 300, description: 'file name of a raw-body upload' },
  },
  additionalProperties: false,
} as const;

export const ZoneQuery = {
  type: 'object',
  properties: {
    kind: { type: 'string', pattern: '^(territorial|adiz|fir|other)(,(territorial|adiz|fir|other))*$' },
    state: { type: 'string', pattern: '^[A-Z]{3}(,[A-Z]{3})*$', description: 'declaring state or claimant' },
    at: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+(Z|[+-]\\d{2}:?\\d{2}))?$',
      description: 'only zones valid at this date or date-time',
    },
    analysis: { type: 'string', minLength: 1, description: "use that analysis's catalog" },
    file: { type: 'string', minLength: 1, description: 'only the zones of this uploaded zone file' },
  },
  additionalProperties: false,
} as const;

export const Diagnostic = {
  type: 'object',
  properties: {
    file: { type: 'string' },
    line: { type: 'integer' },
    field: { type: 'string' },
    message: { type: 'string' },
  },
  required: ['file', 'message'],
} as const;

export const ErrorBody = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
    field: { type: 'string', description: 'the request field at fault' },
    file: { type: 'string' },
    line: { type: 'integer', description: 'the line of the uploaded file at fault' },
    problems: { type: 'array', items: Diagnostic },
  },
  required: ['statusCode', 'error', 'message'],
} as const;

const Crossing = {
  type: ['object', 'null'],
  properties: {
    time: isoTime,
    lat: { type: 'number' },
    lon: { type: 'number' },
    certain: { type: 'boolean' },
    cause: { type: 'string', enum: ['lateral', 'floor', 'ceiling', 'validity'] },
    window: { type: 'object', properties: { from: isoTime, to: isoTime }, required: ['from', 'to'] },
  },
  required: ['time', 'lat', 'lon', 'certain'],
} as const;

export const Visit = {
  type: 'object',
  properties: {
    track: { type: 'string' },
    zone: { type: 'string' },
    kind: zoneKind,
    state: { type: 'string' },
    claimants: { type: 'array', items: { type: 'string' } },
    enter: Crossing,
    exit: Crossing,
    durationS: { type: 'number', minimum: 0 },
    maxPenetrationM: { type: 'number', minimum: 0 },
    finding: {
      type: 'string',
      enum: ['territorial-entry', 'adiz-entry', 'adiz-noncompliance', 'own-zone', 'transit'],
    },
  },
  required: [
    'track',
    'zone',
    'kind',
    'state',
    'claimants',
    'enter',
    'exit',
    'durationS',
    'maxPenetrationM',
    'finding',
  ],
} as const;

export const Approach = {
  type: 'object',
  properties: {
    track: { type: 'string' },
    zone: { type: 'string' },
    distanceM: { type: 'number', minimum: 0 },
    time: isoTime,
    lat: { type: 'number' },
    lon: { type: 'number' },
  },
  required: ['track', 'zone', 'distanceM', 'time', 'lat', 'lon'],
} as const;

export const TrackSummary = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    label: { type: ['string', 'null'] },
    category: { type: 'string' },
    operator: { type: ['string', 'null'] },
    fixes: { type: 'integer', minimum: 0 },
    start: isoTime,
    end: isoTime,
    gaps: {
      type: 'array',
      items: {
        type: 'object',
        properties: { from: isoTime, to: isoTime, durationS: { type: 'number' } },
        required: ['from', 'to', 'durationS'],
      },
    },
  },
  required: ['id', 'fixes', 'start', 'end'],
} as const;

/** The DESIGN.md output contract. */
export const AnalysisResult = {
  type: 'object',
  properties: {
    tool: {
      type: 'object',
      properties: { name: { const: 'incursion' }, version: { type: 'string' } },
      required: ['name', 'version'],
    },
    catalog: {
      type: 'object',
      properties: { id: { type: 'string' }, version: { type: 'string' } },
      required: ['id', 'version'],
    },
    tracks: { type: 'array', items: TrackSummary },
    visits: { type: 'array', items: Visit },
    approaches: { type: 'array', items: Approach },
    warnings: { type: 'array', items: { type: 'string' } },
  },
  required: ['tool', 'catalog', 'tracks', 'visits', 'approaches', 'warnings'],
} as const;

export const AnalysisSummary = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    created: isoTime,
    input: {
      type: 'object',
      properties: { name: { type: 'string' }, bytes: { type: 'integer' } },
      required: ['name', 'bytes'],
    },
    options: { type: 'object' },
    summary: {
      type: 'object',
      properties: {
        tracks: { type: 'integer' },
        fixes: { type: 'integer' },
        visits: { type: 'integer' },
        approaches: { type: 'integer' },
        findings: { type: 'object', additionalProperties: { type: 'integer' } },
        start: { type: ['string', 'null'] },
        end: { type: ['string', 'null'] },
        catalog: { type: 'object' },
        records: { type: 'integer', description: 'input records seen' },
        problems: { type: 'integer', description: 'input records rejected or cleaned' },
        zoneFiles: { type: 'array', items: { type: 'string' } },
      },
      required: ['tracks', 'fixes', 'visits', 'approaches', 'findings', 'start', 'end'],
    },
  },
  required: ['id', 'name', 'created', 'input', 'options', 'summary'],
} as const;

export const AnalysisCreated = {
  type: 'object',
  properties: {
    ...AnalysisSummary.properties,
    problems: { type: 'array', items: Diagnostic, description: 'the first input problems (at most 100)' },
  },
  required: [...AnalysisSummary.required, 'problems'],
} as const;

export const AnalysisList = {
  type: 'object',
  properties: { analyses: { type: 'array', items: AnalysisSummary } },
  required: ['analyses'],
} as const;

/** Fixes of each track for the page's replay; columns, times in epoch seconds. */
export const ReplayTracks = {
  type: 'object',
  properties: {
    tracks: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          label: { type: ['string', 'null'] },
          icao24: { type: ['string', 'null'] },
          category: { type: 'string' },
          operator: { type: ['string', 'null'] },
          t: { type: 'array', items: { type: 'number' } },
          lat: { type: 'array', items: { type: 'number' } },
          lon: { type: 'array', items: { type: 'number' } },
          altFt: { type: 'array', items: { type: ['number', 'null'] } },
        },
        required: ['id', 't', 'lat', 'lon', 'altFt'],
      },
    },
  },
  required: ['tracks'],
} as const;

export const ZoneFile = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    created: isoTime,
    zones: { type: 'array', items: { type: 'string' }, description: 'ids of the zones it holds' },
    problems: { type: 'array', items: Diagnostic },
  },
  required: ['id', 'name', 'created', 'zones'],
} as const;

export const ZoneFileList = {
  type: 'object',
  properties: { files: { type: 'array', items: ZoneFile } },
  required: ['files'],
} as const;

export const GeoJsonFeatureCollection = {
  type: 'object',
  properties: {
    type: { const: 'FeatureCollection' },
    features: { type: 'array', items: { type: 'object', properties: { type: { const: 'Feature' } } } },
  },
  required: ['type', 'features'],
} as const;

export const GeoJsonFeature = {
  type: 'object',
  properties: { type: { const: 'Feature' }, geometry: {}, properties: { type: 'object' } },
  required: ['type', 'geometry', 'properties'],
} as const;

export const Overlaps = {
  type: 'object',
  properties: {
    overlaps: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          zones: {
            type: 'array',
            items: { type: 'string' },
            minItems: 2,
            description: 'the overlapping zones',
          },
          areaKm2: { type: 'number', minimum: 0, description: 'area common to all of them (ellipsoidal)' },
          from: {
            type: ['string', 'null'],
            description: 'when all of them are in force together (null = open)',
          },
          to: { type: ['string', 'null'] },
        },
        required: ['zones', 'areaKm2', 'from', 'to'],
      },
    },
  },
  required: ['overlaps'],
} as const;

export const Health = {
  type: 'object',
  properties: {
    status: { const: 'ok' },
    version: { type: 'string' },
    schemaVersion: { type: 'integer' },
    analyses: { type: 'integer' },
    catalog: {
      type: 'object',
      properties: { id: { type: 'string' }, version: { type: 'string' }, zones: { type: 'integer' } },
    },
    writesRequireToken: { type: 'boolean' },
  },
  required: ['status', 'version', 'schemaVersion', 'analyses'],
} as const;

/** Named schemas published under components.schemas of the OpenAPI document. */
export const COMPONENTS = {
  Error: ErrorBody,
  Diagnostic,
  AnalysisResult,
  Visit,
  Approach,
  TrackSummary,
  AnalysisSummary,
  AnalysisCreated,
  AnalysisList,
  ReplayTracks,
  ZoneFile,
  ZoneFileList,
  GeoJsonFeatureCollection,
  GeoJsonFeature,
  Overlaps,
  Health,
} as const;

export type ComponentName = keyof typeof COMPONENTS;

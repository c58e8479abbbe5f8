/**
 * The analysis options, defined once: the CLI builds its flags and help from this list, the
 * server its request schema and OpenAPI document, and both validate through `parseOptions`.
 */
import type { Category } from '../tracks/track.js';

export interface OptionSpec {
  /** Name in requests and in AnalyzeRequest. */
  name: 'maxGapS' | 'approachNm' | 'category' | 'operator' | 'inputFormat' | 'formations';
  /** CLI flag (without the value placeholder). */
  flag: string;
  type: 'number' | 'string' | 'boolean';
  description: string;
  default?: number | string | boolean;
  enum?: string[];
  pattern?: string;
  minimum?: number;
}

export const ANALYZE_OPTIONS: OptionSpec[] = [
  {
    name: 'maxGapS',
    flag: '--max-gap',
    type: 'number',
    default: 600,
    minimum: 0,
    description:
      'longest interval between fixes interpolated as certain, seconds; crossings in longer gaps are uncertain',
  },
  {
    name: 'approachNm',
    flag: '--approach',
    type: 'number',
    default: 50,
    minimum: 0,
    description: 'report the closest approach to zones not entered within this many nautical miles',
  },
  {
    name: 'category',
    flag: '--category',
    type: 'string',
    enum: ['state', 'civil', 'unknown'],
    description: 'set the category of every track read (state aircraft need authorisation to enter)',
  },
  {
    name: 'operator',
    flag: '--operator',
    type: 'string',
    pattern: '^[A-Z]{3}$',
    description: 'set the operating state (ISO 3166-1 alpha-3) of every track read',
  },
  {
    name: 'inputFormat',
    flag: '--input-format',
    type: 'string',
    description: 'force the track format instead of detecting it from the content',
  },
  {
    name: 'formations',
    flag: '--formations',
    type: 'boolean',
    default: false,
    description: 'also find aircraft flying together (formations)',
  },
];

export interface AnalyzeRequest {
  maxGapS: number;
  approachNm: number;
  category?: Category;
  operator?: string;
  inputFormat?: string;
  formations: boolean;
}

/** Validates raw option values (strings from a CLI or a query, or JSON values); names the bad one. */
export function parseOptions(raw: Record<string, unknown>): AnalyzeRequest {
  const out: Record<string, unknown> = {};
  for (const spec of ANALYZE_OPTIONS) {
    let v = raw[spec.name];
    if (v === undefined || v === null || v === '') {
      if (spec.default !== undefined) out[spec.name] = spec.default;
      continue;
    }
    if (spec.type === 'number') {
      const x = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(x) || (spec.minimum !== undefined && x < spec.minimum)) {
        throw new Error(
          `option ${spec.name} (${spec.flag}): expected a number ≥ ${spec.minimum ?? '-∞'}, got ${JSON.stringify(v)}`,
        );
      }
      v = x;
    } else if (spec.type === 'boolean') {
      v = v === true || v === 'true' || v === '1';
    } else {
      v = String(v);
      if (spec.enum && !spec.enum.includes(v as string)) {
        throw new Error(
          `option ${spec.name} (${spec.flag}): expected one of ${spec.enum.join(', ')}, got ${JSON.stringify(v)}`,
        );
      }
      if (spec.pattern && !new RegExp(spec.pattern).test(v as string)) {
        throw new Error(
          `option ${spec.name} (${spec.flag}): expected an ISO 3166-1 alpha-3 code, got ${JSON.stringify(v)}`,
        );
      }
    }
    out[spec.name] = v;
  }
  return out as unknown as AnalyzeRequest;
}

/** The options as a JSON schema (request bodies, query strings, the OpenAPI document). */
export function optionsJsonSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const s of ANALYZE_OPTIONS) {
    const p: Record<string, unknown> = { type: s.type, description: s.description };
    if (s.default !== undefined) p.default = s.default;
    if (s.enum) p.enum = s.enum;
    if (s.pattern) p.pattern = s.pattern;
    if (s.minimum !== undefined) p.minimum = s.minimum;
    properties[s.name] = p;
  }
  return { type: 'object', properties, additionalProperties: false };
}

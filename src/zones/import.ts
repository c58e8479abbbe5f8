/**
 * One entry point for every zone format: detects the format from the content (never from the file
 * extension alone) and hands the text to the matching importer.
 */
import { readFile } from 'node:fs/promises';
import { importAixm } from './aixm.js';
import { importDmsJson, importGenericGeoJson, importTrafficAirspace } from './generic-geojson.js';
import { parseZoneCollection } from './geojson.js';
import { decodeText, type ImportOptions, type ImportResult } from './import-util.js';
import { importKml } from './kml.js';
import { importOpenAir } from './openair.js';

export type { ImportOptions, ImportResult } from './import-util.js';

export type ZoneFormat =
  | 'zone-file'
  | 'openair'
  | 'aixm'
  | 'kml'
  | 'geojson'
  | 'traffic'
  | 'dms-json'
  | 'unknown';

const ZONE_KINDS = new Set(['territorial', 'adiz', 'fir', 'other']);

/** The format of a zone text, judged from its content. `json` is the parsed value when it is JSON. */
export function detectZoneFormat(text: string): { format: ZoneFormat; json?: unknown; jsonError?: string } {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) {
    const probe = head.slice(0, 20000);
    if (/<(\w+:)?kml[\s>]/.test(probe) || /<(\w+:)?Placemark[\s>]/.test(probe)) return { format: 'kml' };
    if (/aixm/i.test(probe) || /<(\w+:)?Airspace[\s>]/.test(head)) return { format: 'aixm' };
    return { format: 'unknown' };
  }
  if (head.startsWith('{') || head.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(head);
    } catch (e) {
      return { format: 'unknown', jsonError: (e as Error).message };
    }
    if (Array.isArray(json)) {
      const first = json[0] as Record<string, unknown> | undefined;
      if (first && typeof first === 'object' && 'latitude' in first && 'longitude' in first)
        return { format: 'dms-json', json };
      return { format: 'unknown', json };
    }
    const o = json as Record<string, unknown>;
    if (o && Array.isArray(o.shapes)) return { format: 'traffic', json };
    if (
      o &&
      (o.type === 'FeatureCollection' ||
        o.type === 'Feature' ||
        o.type === 'Polygon' ||
        o.type === 'MultiPolygon')
    ) {
      const features = o.type === 'FeatureCollection' && Array.isArray(o.features) ? o.features : [];
      const ours = features.some((f) => {
        const p = (f as { properties?: Record<string, unknown> } | null)?.properties;
        return (
          !!p && typeof p.kind === 'string' && ZONE_KINDS.has(p.kind) && ('state' in p || 'claimants' in p)
        );
      });
      return { format: ours ? 'zone-file' : 'geojson', json };
    }
    return { format: 'unknown', json };
  }
  // OpenAIR: the first command line (ignoring comments and blank lines) is an A* or D*/V record.
  for (const line of head.split(/\r\n|\r|\n/, 2000)) {
    const t = line.trim();
    if (t === '' || t.startsWith('*') || t.startsWith('#')) continue;
    return /^(AC|AN|AL|AH|AY|DP|V|DC|DB|DA)\s/i.test(t) || /^AC$/i.test(t)
      ? { format: 'openair' }
      : { format: 'unknown' };
  }
  return { format: 'unknown' };
}

/** Any supported zone text → zones and problems. `name` is the file name (used in problems and sources). */
export function importZoneText(name: string, data: Buffer | string, options?: ImportOptions): ImportResult {
  const text = decodeText(data);
  const { format, json, jsonError } = detectZoneFormat(text);
  switch (format) {
    case 'zone-file':
      return parseZoneCollection(name, json);
    case 'geojson':
      return importGenericGeoJson(name, json, options);
    case 'traffic':
      return importTrafficAirspace(name, json, options);
    case 'dms-json':
      return importDmsJson(name, json, options);
    case 'openair':
      return importOpenAir(name, text, options);
    case 'aixm':
      return importAixm(name, text, options);
    case 'kml':
      return importKml(name, text, options);
    default:
      return {
        zones: [],
        problems: [
          {
            file: name,
            message: jsonError
              ? `not valid JSON: ${jsonError}`
              : 'unrecognised zone format; expected a zone file (GeoJSON), OpenAIR, AIXM 5.1, KML, GeoJSON outlines, traffic airspace JSON or a DMS vertex list',
          },
        ],
      };
  }
}

/** Reads a zone file from disk and imports it. */
export async function importZoneFile(path: string, options?: ImportOptions): Promise<ImportResult> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (e) {
    return { zones: [], problems: [{ file: path, message: `cannot read: ${(e as Error).message}` }] };
  }
  return importZoneText(path, data, options);
}

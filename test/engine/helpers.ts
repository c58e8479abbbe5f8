import type { Category, Track } from '../../src/tracks/track.js';
import { parseZoneCollection } from '../../src/zones/geojson.js';
import type { Catalog, Zone } from '../../src/zones/zone.js';

/** A zone from a compact spec, through the real zone-file parser. */
export function zone(properties: Record<string, unknown>, geometry: Record<string, unknown>): Zone {
  const { zones, problems } = parseZoneCollection('test', {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { kind: 'adiz', state: 'KOR', ...properties }, geometry }],
  });
  if (problems.length) throw new Error(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  return zones[0];
}

/** A box polygon [lon, lat] from its corners, counterclockwise. */
export function box(west: number, south: number, east: number, north: number): Record<string, unknown> {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

export function catalog(...zones: Zone[]): Catalog {
  return { id: 'test', version: '1', zones };
}

/** A track from rows [tS, lat, lon, altFt?]. */
export function track(
  id: string,
  rows: number[][],
  category: Category = 'state',
  operator: string | null = 'RUS',
): Track {
  return {
    id,
    label: id,
    icao24: null,
    category,
    operator,
    t: Float64Array.from(rows.map((r) => r[0])),
    lat: Float64Array.from(rows.map((r) => r[1])),
    lon: Float64Array.from(rows.map((r) => r[2])),
    altFt: Float32Array.from(rows.map((r) => r[3] ?? Number.NaN)),
  };
}

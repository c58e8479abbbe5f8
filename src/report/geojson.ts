/**
 * The analysis as GeoJSON: each track as a LineString (with its times), each entry and exit as a
 * Point, each closest approach as a Point, and the zones the tracks touched as zone-file features.
 */
import type { AnalysisResult } from '../analysis/types.js';
import type { Track } from '../tracks/track.js';
import { zoneToFeature } from '../zones/geojson.js';
import type { Catalog } from '../zones/zone.js';

export function toGeoJson(
  result: AnalysisResult,
  tracks: Track[],
  catalog: Catalog,
): Record<string, unknown> {
  const features: unknown[] = [];
  for (const t of tracks) {
    const coords: number[][] = [];
    const times: string[] = [];
    for (let i = 0; i < t.t.length; i++) {
      coords.push(
        Number.isNaN(t.altFt[i]) ? [t.lon[i], t.lat[i]] : [t.lon[i], t.lat[i], t.altFt[i] * 0.3048],
      );
      times.push(new Date(Math.round(t.t[i] * 1000)).toISOString());
    }
    features.push({
      type: 'Feature',
      properties: {
        role: 'track',
        track: t.id,
        label: t.label,
        category: t.category,
        operator: t.operator,
        times,
      },
      geometry:
        coords.length === 1
          ? { type: 'Point', coordinates: coords[0] }
          : { type: 'LineString', coordinates: coords },
    });
  }
  result.visits.forEach((v, i) => {
    for (const [role, c] of [
      ['enter', v.enter],
      ['exit', v.exit],
    ] as const) {
      if (!c) continue;
      features.push({
        type: 'Feature',
        properties: { role, visit: i, track: v.track, zone: v.zone, kind: v.kind, finding: v.finding, ...c },
        geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
      });
    }
  });
  for (const a of result.approaches) {
    features.push({
      type: 'Feature',
      properties: { role: 'approach', ...a },
      geometry: { type: 'Point', coordinates: [a.lon, a.lat] },
    });
  }
  const touched = new Set([...result.visits.map((v) => v.zone), ...result.approaches.map((a) => a.zone)]);
  for (const z of catalog.zones) {
    if (!touched.has(z.id)) continue;
    const f = zoneToFeature(z) as { properties: Record<string, unknown> };
    f.properties.role = 'zone';
    features.push(f);
  }
  return { type: 'FeatureCollection', features };
}

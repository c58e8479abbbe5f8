/**
 * The offline base map: land and borders from world-atlas (Natural Earth 1:50m, public domain),
 * bundled with the page. No tiles, sprites or glyphs are fetched, so the map works with no
 * network; text on the map is HTML (see labels.ts).
 */
import type { StyleSpecification } from 'maplibre-gl';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries50m from 'world-atlas/countries-50m.json';

const topology = countries50m as unknown as Topology<{
  countries: GeometryCollection;
  land: GeometryCollection;
}>;

export const OCEAN = '#d6e3ee';
export const LAND = '#f4f2ec';

export function baseStyle(): StyleSpecification {
  const land = feature(topology, topology.objects.land);
  const borders = mesh(topology, topology.objects.countries, (a, b) => a !== b);
  const coast = mesh(topology, topology.objects.land);
  return {
    version: 8,
    sources: {
      land: { type: 'geojson', data: land as GeoJSON.FeatureCollection },
      borders: { type: 'geojson', data: borders as GeoJSON.MultiLineString },
      coast: { type: 'geojson', data: coast as GeoJSON.MultiLineString },
    },
    layers: [
      { id: 'ocean', type: 'background', paint: { 'background-color': OCEAN } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': LAND } },
      {
        id: 'coast',
        type: 'line',
        source: 'coast',
        paint: {
          'line-color': '#9fb3c4',
          'line-width': ['interpolate', ['linear'], ['zoom'], 2, 0.4, 8, 1.2],
        },
      },
      {
        id: 'borders',
        type: 'line',
        source: 'borders',
        paint: {
          'line-color': '#9a958a',
          'line-width': ['interpolate', ['linear'], ['zoom'], 2, 0.5, 8, 1.3],
          'line-dasharray': [3, 2],
        },
      },
    ],
  };
}

/** Country names at a representative point, for HTML labels. */
export function countryLabels(): Array<{ name: string; lon: number; lat: number }> {
  const fc = feature(topology, topology.objects.countries) as GeoJSON.FeatureCollection;
  const out: Array<{ name: string; lon: number; lat: number }> = [];
  for (const f of fc.features) {
    const name = (f.properties as { name?: string } | null)?.name;
    if (!name || !f.geometry) continue;
    // The largest polygon's box centre: good enough to place a label (not used for any finding).
    const polys =
      f.geometry.type === 'Polygon'
        ? [f.geometry.coordinates]
        : f.geometry.type === 'MultiPolygon'
          ? f.geometry.coordinates
          : [];
    let best: number[][] | null = null;
    let bestSize = -1;
    for (const p of polys) {
      const ring = p[0];
      let minX = 180;
      let maxX = -180;
      let minY = 90;
      let maxY = -90;
      for (const [x, y] of ring) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
      const size = (maxX - minX) * (maxY - minY);
      if (size > bestSize) {
        bestSize = size;
        best = [
          [minX, minY],
          [maxX, maxY],
        ];
      }
    }
    if (best && bestSize > 0.5) {
      out.push({ name, lon: (best[0][0] + best[1][0]) / 2, lat: (best[0][1] + best[1][1]) / 2 });
    }
  }
  return out;
}

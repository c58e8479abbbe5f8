/** Loaders for the third-party geodata the catalog is cut from (paths relative to the repo). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import * as topojson from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { Pos } from './clip.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/** A polygon as rings of [lon, lat] (outer first). */
export type PolygonCoords = Pos[][];

function polygonsOf(g: Polygon | MultiPolygon): PolygonCoords[] {
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as PolygonCoords[];
}

/** @geo-maps/countries-maritime-10m: OSM country boundaries at sea (ODbL), by ISO alpha-3. */
export function loadMaritime(states: string[]): Map<string, PolygonCoords[]> {
  const path = require.resolve('@geo-maps/countries-maritime-10m/map.geo.json');
  const fc = JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection<
    Polygon | MultiPolygon,
    { A3: string }
  >;
  const out = new Map<string, PolygonCoords[]>();
  for (const f of fc.features) {
    if (states.includes(f.properties.A3)) out.set(f.properties.A3, polygonsOf(f.geometry));
  }
  for (const s of states) if (!out.has(s)) throw new Error(`${path}: no feature with A3 '${s}'`);
  return out;
}

/** world-atlas land-10m (Natural Earth 1:10m land, public domain) as polygons. */
export function loadLand10m(): PolygonCoords[] {
  const path = require.resolve('world-atlas/land-10m.json');
  const topo = JSON.parse(readFileSync(path, 'utf8')) as Topology;
  const fc = topojson.feature(topo, topo.objects.land) as unknown as FeatureCollection<
    Polygon | MultiPolygon
  >;
  return fc.features.flatMap((f) => polygonsOf(f.geometry));
}

/** The land polygons whose outer ring lies entirely inside the box. */
export function landInBox(land: PolygonCoords[], west: number, south: number, east: number, north: number) {
  return land.filter((p) => p[0].every(([lo, la]) => lo >= west && lo <= east && la >= south && la <= north));
}

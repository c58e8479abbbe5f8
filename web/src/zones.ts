/**
 * Zones on the map: territorial airspace filled, ADIZs outlined (with a faint fill so overlaps
 * show darker), FIRs as thin dashed lines, disputed zones hatched; colour by declaring state.
 * Buffer zones (a baseline plus a distance) are drawn approximately for display only: the
 * baseline's areas filled and a band as wide as the distance around its lines and points.
 */
import type { ExpressionSpecification, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { escapeHtml, KIND_NAMES, stateColour, stateName } from './wording.js';

export interface ZoneProps {
  id: string;
  name: string;
  kind: string;
  state: string;
  claimants: string[];
  validFrom: string | null;
  validTo: string | null;
  floorFt: number | null;
  ceilingFt: number | null;
  rules?: { appliesTo?: string; requires?: string[]; note?: string };
  source?: {
    title?: string;
    url?: string | null;
    retrieved?: string | null;
    licence?: string | null;
    note?: string;
  } | null;
  buffer?: { distanceNm: number };
  quality?: { level: string; note?: string };
}

export const ZONE_LAYERS = {
  territorial: ['zones-territorial-fill', 'zones-territorial-line', 'zones-band'],
  disputed: ['zones-disputed-hatch', 'zones-disputed-line'],
  adiz: ['zones-adiz-fill', 'zones-adiz-line'],
  fir: ['zones-fir-line'],
  other: ['zones-other-line'],
} as const;

/** Metres per pixel at zoom 0 on the equator (512 px tiles, as MapLibre uses). */
const M_PER_PX_Z0 = 78271.517;

type Geom = GeoJSON.Geometry;

function parts(g: Geom | null): Geom[] {
  if (!g) return [];
  return g.type === 'GeometryCollection' ? g.geometries.flatMap(parts) : [g];
}

/** Splits zone features into areas (fills) and buffer bands (drawn by width). */
export function prepareZones(fc: GeoJSON.FeatureCollection): {
  areas: GeoJSON.FeatureCollection;
  bands: GeoJSON.FeatureCollection;
  props: Map<string, ZoneProps>;
} {
  const areas: GeoJSON.Feature[] = [];
  const bands: GeoJSON.Feature[] = [];
  const props = new Map<string, ZoneProps>();
  for (const f of fc.features) {
    const p = f.properties as ZoneProps;
    props.set(p.id, p);
    const style = {
      id: p.id,
      kind: p.kind,
      state: p.state,
      colour: stateColour(p.state),
      disputed: (p.claimants?.length ?? 0) > 1,
    };
    if (!p.buffer) {
      areas.push({ type: 'Feature', properties: style, geometry: f.geometry });
      continue;
    }
    const distanceM = p.buffer.distanceNm * 1852;
    for (const g of parts(f.geometry)) {
      if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
        areas.push({ type: 'Feature', properties: style, geometry: g });
        const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
        bands.push(band(style, distanceM, { type: 'MultiLineString', coordinates: rings }));
      } else if (g.type === 'LineString' || g.type === 'MultiLineString') {
        bands.push(band(style, distanceM, g));
      } else if (g.type === 'Point' || g.type === 'MultiPoint') {
        // Islets: the band would be a circle; drawn as an area so it can be filled and lit.
        const points = g.type === 'Point' ? [g.coordinates] : g.coordinates;
        areas.push({
          type: 'Feature',
          properties: style,
          geometry: { type: 'MultiPolygon', coordinates: pointBufferOutlines(points, distanceM) },
        });
      }
    }
  }
  return {
    areas: { type: 'FeatureCollection', features: areas },
    bands: { type: 'FeatureCollection', features: bands },
    props,
  };
}

/** Mean Earth radius (m): the circles below are for drawing only, never for a finding. */
const EARTH_R_M = 6_371_008.8;
const RAD = Math.PI / 180;

function centralAngle(a: number[], b: number[]): number {
  const h =
    Math.sin(((b[1] - a[1]) * RAD) / 2) ** 2 +
    Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(((b[0] - a[0]) * RAD) / 2) ** 2;
  return 2 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The point `angle` (radians of arc) from `p` on bearing `bearingRad`, on a sphere. */
function destination(p: number[], angle: number, bearingRad: number): number[] {
  const lat1 = p[1] * RAD;
  const lat2 = Math.asin(
    Math.sin(lat1) * Math.cos(angle) + Math.cos(lat1) * Math.sin(angle) * Math.cos(bearingRad),
  );
  const dLon = Math.atan2(
    Math.sin(bearingRad) * Math.sin(angle) * Math.cos(lat1),
    Math.cos(angle) - Math.sin(lat1) * Math.sin(lat2),
  );
  return [p[0] + dLon / RAD, lat2 / RAD];
}

/**
 * The outline of every point within distanceM of any of the points: circles, merged where they
 * overlap (islets a few hundred metres apart share one outline). Each merged group is traced as
 * the circle vertices outside the group's other circles, in angle order around the group's centre.
 */
export function pointBufferOutlines(points: number[][], distanceM: number, steps = 128): number[][][][] {
  const r = distanceM / EARTH_R_M;
  const groups: number[][][] = [];
  for (const p of points) {
    const near = groups.filter((g) => g.some((q) => centralAngle(p, q) < 2 * r));
    const merged = [p, ...near.flat()];
    for (const g of near) groups.splice(groups.indexOf(g), 1);
    groups.push(merged);
  }
  return groups.map((g) => {
    const c = [g.reduce((s, q) => s + q[0], 0) / g.length, g.reduce((s, q) => s + q[1], 0) / g.length];
    const kept: Array<{ a: number; v: number[] }> = [];
    for (const p of g) {
      for (let i = 0; i < steps; i++) {
        const v = destination(p, r, (2 * Math.PI * i) / steps);
        if (g.some((q) => q !== p && centralAngle(v, q) < r * (1 - 1e-9))) continue;
        kept.push({ a: Math.atan2(v[1] - c[1], (v[0] - c[0]) * Math.cos(c[1] * RAD)), v });
      }
    }
    kept.sort((x, y) => x.a - y.a);
    const ring = kept.map((k) => k.v);
    ring.push(ring[0]);
    return [ring];
  });
}

function band(style: Record<string, unknown>, distanceM: number, g: Geom): GeoJSON.Feature {
  const lat = firstLat(g);
  // Pixel width at zoom 0 of a band 2 × distance wide at this latitude (Web Mercator scale).
  const px0 = (2 * distanceM) / (M_PER_PX_Z0 * Math.cos((lat * Math.PI) / 180));
  return { type: 'Feature', properties: { ...style, px0 }, geometry: g };
}

function firstLat(g: Geom): number {
  const c = JSON.stringify((g as { coordinates?: unknown }).coordinates ?? []).match(
    /-?\d+(\.\d+)?,(-?\d+(\.\d+)?)/,
  );
  return c ? Number(c[2]) : 0;
}

/** Width (px) growing ×2 per zoom level from its zoom-0 value in the feature. */
const byZoom = (prop: string) =>
  [
    'interpolate',
    ['exponential', 2],
    ['zoom'],
    0,
    ['get', prop],
    16,
    ['*', ['get', prop], 65536],
  ] as unknown as number;

export function addZoneLayers(map: MapLibreMap, before?: string): void {
  map.addSource('zones', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addSource('zone-bands', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addImage('hatch', hatchImage(), { pixelRatio: 2 });
  const isKind = (k: string): ExpressionSpecification => ['==', ['get', 'kind'], k];
  const layers: LayerSpecification[] = [
    {
      id: 'zones-band',
      type: 'line',
      source: 'zone-bands',
      filter: [
        'in',
        ['geometry-type'],
        ['literal', ['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']],
      ],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': ['case', ['get', 'disputed'], '#6d1f6d', ['get', 'colour']],
        'line-opacity': ['case', ['get', 'disputed'], 0.16, 0.2],
        'line-width': byZoom('px0'),
      },
    },
    {
      id: 'zones-territorial-fill',
      type: 'fill',
      source: 'zones',
      filter: ['all', isKind('territorial'), ['!', ['get', 'disputed']]],
      paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.16 },
    },
    {
      id: 'zones-territorial-line',
      type: 'line',
      source: 'zones',
      filter: ['all', isKind('territorial'), ['!', ['get', 'disputed']]],
      paint: { 'line-color': ['get', 'colour'], 'line-width': 0.8, 'line-opacity': 0.7 },
    },
    {
      id: 'zones-disputed-hatch',
      type: 'fill',
      source: 'zones',
      filter: ['get', 'disputed'],
      paint: { 'fill-pattern': 'hatch', 'fill-opacity': 0.9 },
    },
    {
      id: 'zones-disputed-line',
      type: 'line',
      source: 'zones',
      filter: ['get', 'disputed'],
      paint: { 'line-color': '#6d1f6d', 'line-width': 1.4, 'line-dasharray': [2, 1] },
    },
    {
      id: 'zones-adiz-fill',
      type: 'fill',
      source: 'zones',
      filter: isKind('adiz'),
      paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.06 },
    },
    {
      id: 'zones-adiz-line',
      type: 'line',
      source: 'zones',
      filter: isKind('adiz'),
      paint: { 'line-color': ['get', 'colour'], 'line-width': 2, 'line-opacity': 0.9 },
    },
    {
      id: 'zones-fir-line',
      type: 'line',
      source: 'zones',
      filter: isKind('fir'),
      paint: { 'line-color': '#7d8791', 'line-width': 0.9, 'line-dasharray': [4, 3] },
    },
    {
      id: 'zones-other-line',
      type: 'line',
      source: 'zones',
      filter: isKind('other'),
      paint: { 'line-color': ['get', 'colour'], 'line-width': 1, 'line-dasharray': [1, 2] },
    },
  ];
  for (const l of layers) map.addLayer(l, before);
}

/** Zones with an aircraft inside now (live mode): drawn over the zones, under the tracks. */
export const LIT_LAYERS = ['zones-lit-glow', 'zones-lit-band', 'zones-lit-fill', 'zones-lit-line'] as const;

export function addLitLayers(map: MapLibreMap): void {
  const none: ExpressionSpecification = ['in', ['get', 'id'], ['literal', []]];
  const line: ExpressionSpecification = ['case', ['get', 'disputed'], '#6d1f6d', ['get', 'colour']];
  const layers: LayerSpecification[] = [
    {
      id: 'zones-lit-glow',
      type: 'line',
      source: 'zones',
      filter: none,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#ffcc00', 'line-width': 10, 'line-opacity': 0.75, 'line-blur': 2 },
    },
    {
      id: 'zones-lit-band',
      type: 'line',
      source: 'zone-bands',
      filter: none,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': line, 'line-opacity': 0.35, 'line-width': byZoom('px0') },
    },
    {
      id: 'zones-lit-fill',
      type: 'fill',
      source: 'zones',
      filter: none,
      paint: {
        'fill-color': line,
        // Sovereign airspace fills strongly; a declared zone (ADIZ, FIR) only tints.
        'fill-opacity': ['match', ['get', 'kind'], 'territorial', 0.38, 'adiz', 0.07, 0.06],
      },
    },
    {
      id: 'zones-lit-line',
      type: 'line',
      source: 'zones',
      filter: none,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': line,
        'line-width': ['match', ['get', 'kind'], 'territorial', 2.5, 'adiz', 3.5, 2.5],
      },
    },
  ];
  for (const l of layers) map.addLayer(l);
}

/** Lights up these zones (and only these). */
export function setLitZones(map: MapLibreMap, ids: Iterable<string>): void {
  const filter: ExpressionSpecification = ['in', ['get', 'id'], ['literal', [...ids]]];
  for (const l of LIT_LAYERS) if (map.getLayer(l)) map.setFilter(l, filter);
}

/** Diagonal stripes marking disputed sovereignty, drawn here (no sprite to fetch). */
function hatchImage(): ImageData {
  const size = 16;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  ctx.fillStyle = 'rgba(109, 31, 109, 0.10)';
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = 'rgba(109, 31, 109, 0.65)';
  ctx.lineWidth = 2;
  for (const o of [-size, 0, size]) {
    ctx.beginPath();
    ctx.moveTo(o, size);
    ctx.lineTo(o + size, 0);
    ctx.stroke();
  }
  return ctx.getImageData(0, 0, size, size);
}

const fmtFt = (ft: number | null, open: string) =>
  ft === null || ft === undefined ? open : `${ft.toLocaleString('en')} ft`;

/** Popup HTML for one zone: what it is, who declares or claims it, its rules and source. */
export function zonePopupHtml(p: ZoneProps): string {
  const claim =
    p.claimants && p.claimants.length > 1
      ? `<dt>Sovereignty</dt><dd>Disputed: claimed by ${p.claimants.map((c) => escapeHtml(stateName(c))).join(', ')}; administered by ${escapeHtml(stateName(p.state))}</dd>`
      : '';
  const kindNote =
    p.kind === 'adiz'
      ? ' <span class="muted">(declared zone; not sovereign airspace)</span>'
      : p.kind === 'territorial'
        ? ' <span class="muted">(sovereign)</span>'
        : '';
  const rules = p.rules
    ? `${escapeHtml(
        p.rules.appliesTo === 'all'
          ? 'All aircraft crossing it'
          : p.rules.appliesTo === 'inbound'
            ? "Aircraft bound for the state's airspace"
            : 'No identification rule',
      )}${p.rules.requires?.length ? `: ${escapeHtml(p.rules.requires.join(', '))}` : ''}${p.rules.note ? `<br><span class="muted">${escapeHtml(p.rules.note)}</span>` : ''}`
    : '—';
  const src = p.source;
  const source = src
    ? `${src.url ? `<a href="${escapeHtml(src.url)}" target="_blank" rel="noopener">${escapeHtml(src.title || src.url)}</a>` : escapeHtml(src.title)}${src.retrieved ? ` <span class="muted">(retrieved ${escapeHtml(src.retrieved)})</span>` : ''}${src.licence ? ` <span class="muted">${escapeHtml(src.licence)}</span>` : ''}`
    : '<span class="muted">no source given</span>';
  const validity =
    p.validFrom || p.validTo
      ? `${escapeHtml(p.validFrom ?? '…')} → ${escapeHtml(p.validTo ?? 'in force')}`
      : 'no limit given';
  return `<div class="zone-pop"><h3>${escapeHtml(p.name)}</h3>
<dl>
<dt>Kind</dt><dd>${escapeHtml(KIND_NAMES[p.kind] ?? p.kind)}${kindNote}</dd>
<dt>${p.kind === 'territorial' ? 'Administered by' : 'Declared by'}</dt><dd>${escapeHtml(stateName(p.state))}</dd>
${claim}
<dt>Id</dt><dd>${escapeHtml(p.id)}</dd>
<dt>Valid</dt><dd>${validity}</dd>
<dt>Vertical</dt><dd>${fmtFt(p.floorFt, 'surface')} – ${fmtFt(p.ceilingFt, 'unlimited')}</dd>
${p.buffer ? `<dt>Extent</dt><dd>${escapeHtml(p.buffer.distanceNm)} NM from the baseline (drawn approximately)</dd>` : ''}
<dt>Rules</dt><dd>${rules}</dd>
${p.quality ? `<dt>Quality</dt><dd>${escapeHtml(p.quality.level)}${p.quality.note ? ` — ${escapeHtml(p.quality.note)}` : ''}</dd>` : ''}
<dt>Source</dt><dd>${source}</dd>
</dl></div>`;
}

/**
 * Tracks on the map: one colour per aircraft, data gaps dashed (not interpolated, as in the
 * analysis), entry and exit markers, the selected visit's segment highlighted, and the aircraft's
 * positions during replay.
 *
 * Positions between fixes are interpolated linearly in longitude and latitude: this is drawing,
 * not a finding (the findings come from the server, computed on geodesics).
 */

import type { LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import * as maplibregl from 'maplibre-gl';
import type { AnalysisResult, ReplayTrack, Visit } from './api.js';
import { aircraftColour, escapeHtml } from './wording.js';

/** Same default as the analysis (DESIGN.md): longer gaps are not interpolated. */
export const MAX_GAP_S = 600;

const empty = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] });

/** Longitudes made continuous across the antimeridian so lines do not wrap the globe. */
function unwrap(lon: number[]): number[] {
  const out = new Array<number>(lon.length);
  for (let i = 0; i < lon.length; i++) {
    if (i === 0) out[i] = lon[i];
    else {
      let d = lon[i] - lon[i - 1];
      d -= 360 * Math.round(d / 360);
      out[i] = out[i - 1] + d;
    }
  }
  return out;
}

export class TrackSet {
  readonly colour = new Map<string, string>();
  readonly label = new Map<string, string>();
  readonly startS: number;
  readonly endS: number;
  private readonly byId = new Map<string, ReplayTrack & { ulon: number[] }>();

  constructor(
    readonly tracks: ReplayTrack[],
    readonly maxGapS = MAX_GAP_S,
  ) {
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    tracks.forEach((t, i) => {
      this.colour.set(t.id, aircraftColour(i));
      this.label.set(t.id, t.label?.trim() || t.icao24 || t.id);
      this.byId.set(t.id, { ...t, ulon: unwrap(t.lon) });
      if (t.t.length) {
        start = Math.min(start, t.t[0]);
        end = Math.max(end, t.t[t.t.length - 1]);
      }
    });
    this.startS = Number.isFinite(start) ? start : 0;
    this.endS = Number.isFinite(end) ? end : 0;
  }

  get(id: string) {
    return this.byId.get(id);
  }

  /** Solid pieces where fixes are close in time, dashed pieces over gaps. */
  lines(): GeoJSON.FeatureCollection {
    const features: GeoJSON.Feature[] = [];
    for (const t of this.byId.values()) {
      const props = { track: t.id, colour: this.colour.get(t.id) };
      let piece: number[][] = [];
      const flush = () => {
        if (piece.length > 1)
          features.push({
            type: 'Feature',
            properties: { ...props, gap: false },
            geometry: { type: 'LineString', coordinates: piece },
          });
        piece = [];
      };
      for (let i = 0; i < t.t.length; i++) {
        if (i > 0 && t.t[i] - t.t[i - 1] > this.maxGapS) {
          flush();
          features.push({
            type: 'Feature',
            properties: { ...props, gap: true },
            geometry: {
              type: 'LineString',
              coordinates: [
                [t.ulon[i - 1], t.lat[i - 1]],
                [t.ulon[i], t.lat[i]],
              ],
            },
          });
        }
        piece.push([t.ulon[i], t.lat[i]]);
      }
      flush();
    }
    return { type: 'FeatureCollection', features };
  }

  /** Entry and exit points of every visit. */
  crossings(result: AnalysisResult): GeoJSON.FeatureCollection {
    const features: GeoJSON.Feature[] = [];
    result.visits.forEach((v, i) => {
      for (const [role, c] of [
        ['enter', v.enter],
        ['exit', v.exit],
      ] as const) {
        if (!c) continue;
        features.push({
          type: 'Feature',
          properties: {
            role,
            visit: i,
            zone: v.zone,
            kind: v.kind,
            certain: c.certain,
            colour: this.colour.get(v.track) ?? '#333',
          },
          geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
        });
      }
    });
    return { type: 'FeatureCollection', features };
  }

  approaches(result: AnalysisResult): GeoJSON.FeatureCollection {
    return {
      type: 'FeatureCollection',
      features: result.approaches.map((a, i) => ({
        type: 'Feature',
        properties: { approach: i, zone: a.zone, colour: this.colour.get(a.track) ?? '#333' },
        geometry: { type: 'Point', coordinates: [a.lon, a.lat] },
      })),
    };
  }

  /** The part of a visit's track inside the zone: entry point, fixes in between, exit point. */
  visitSegment(v: Visit): number[][] {
    const t = this.byId.get(v.track);
    if (!t || t.t.length === 0) return [];
    const t0 = v.enter ? Date.parse(v.enter.time) / 1000 : t.t[0];
    const t1 = v.exit ? Date.parse(v.exit.time) / 1000 : t.t[t.t.length - 1];
    const coords: number[][] = [];
    if (v.enter) coords.push([v.enter.lon, v.enter.lat]);
    for (let i = 0; i < t.t.length; i++) if (t.t[i] > t0 && t.t[i] < t1) coords.push([t.ulon[i], t.lat[i]]);
    if (v.exit) coords.push([v.exit.lon, v.exit.lat]);
    // Keep the crossing points on the same side of the antimeridian as the fixes.
    for (let i = 1; i < coords.length; i++) {
      const d = coords[i][0] - coords[i - 1][0];
      coords[i][0] -= 360 * Math.round(d / 360);
    }
    return coords;
  }

  /** Each aircraft's interpolated position at tS; `gap` when inside a gap (shown as uncertain). */
  positions(tS: number): Array<{ id: string; lon: number; lat: number; altFt: number | null; gap: boolean }> {
    const out: Array<{ id: string; lon: number; lat: number; altFt: number | null; gap: boolean }> = [];
    for (const t of this.byId.values()) {
      const n = t.t.length;
      if (n === 0 || tS < t.t[0] || tS > t.t[n - 1]) continue;
      let lo = 0;
      let hi = n - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (t.t[mid] <= tS) lo = mid;
        else hi = mid;
      }
      const span = t.t[hi] - t.t[lo];
      const f = span > 0 ? (tS - t.t[lo]) / span : 0;
      const a0 = t.altFt[lo];
      const a1 = t.altFt[hi];
      out.push({
        id: t.id,
        lon: t.ulon[lo] + f * (t.ulon[hi] - t.ulon[lo]),
        lat: t.lat[lo] + f * (t.lat[hi] - t.lat[lo]),
        altFt: a0 !== null && a1 !== null ? a0 + f * (a1 - a0) : (a0 ?? a1),
        gap: span > this.maxGapS,
      });
    }
    return out;
  }

  bounds(): maplibregl.LngLatBounds | null {
    const b = new maplibregl.LngLatBounds();
    let any = false;
    for (const t of this.byId.values()) {
      for (let i = 0; i < t.t.length; i++) {
        b.extend([t.ulon[i], t.lat[i]]);
        any = true;
      }
    }
    return any ? b : null;
  }
}

export const TRACK_LAYERS = ['tracks-casing', 'tracks-line', 'tracks-gap'];
export const MARKER_LAYERS = ['crossings-enter', 'crossings-exit', 'approaches'];

export function addTrackLayers(map: MapLibreMap): void {
  for (const id of ['tracks', 'highlight', 'crossings', 'approaches-src', 'aircraft']) {
    map.addSource(id, { type: 'geojson', data: empty() });
  }
  const layers: LayerSpecification[] = [
    {
      id: 'highlight',
      type: 'line',
      source: 'highlight',
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': '#ffcc00', 'line-width': 11, 'line-opacity': 0.9 },
    },
    {
      id: 'tracks-casing',
      type: 'line',
      source: 'tracks',
      filter: ['!', ['get', 'gap']],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': 4.5, 'line-opacity': 0.85 },
    },
    {
      id: 'tracks-line',
      type: 'line',
      source: 'tracks',
      filter: ['!', ['get', 'gap']],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': ['get', 'colour'], 'line-width': 2.2 },
    },
    {
      id: 'tracks-gap',
      type: 'line',
      source: 'tracks',
      filter: ['get', 'gap'],
      paint: {
        'line-color': ['get', 'colour'],
        'line-width': 1.6,
        'line-dasharray': [1, 2.5],
        'line-opacity': 0.8,
      },
    },
    {
      id: 'approaches',
      type: 'circle',
      source: 'approaches-src',
      paint: {
        'circle-radius': 3.5,
        'circle-color': '#ffffff',
        'circle-stroke-color': '#55606b',
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: 'crossings-exit',
      type: 'circle',
      source: 'crossings',
      filter: ['==', ['get', 'role'], 'exit'],
      paint: {
        'circle-radius': 5,
        'circle-color': '#ffffff',
        'circle-stroke-color': ['case', ['get', 'certain'], ['get', 'colour'], '#a35b00'],
        'circle-stroke-width': 2.5,
      },
    },
    {
      id: 'crossings-enter',
      type: 'circle',
      source: 'crossings',
      filter: ['==', ['get', 'role'], 'enter'],
      paint: {
        'circle-radius': 5,
        'circle-color': ['case', ['get', 'certain'], ['get', 'colour'], '#a35b00'],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'aircraft',
      type: 'circle',
      source: 'aircraft',
      paint: {
        'circle-radius': 7,
        'circle-color': ['case', ['get', 'gap'], '#ffffff', ['get', 'colour']],
        'circle-stroke-color': ['case', ['get', 'gap'], ['get', 'colour'], '#ffffff'],
        'circle-stroke-width': 2.5,
      },
    },
  ];
  for (const l of layers) map.addLayer(l);
}

/** Names and colours of aircraft (a replayed TrackSet, or the live aircraft). */
export interface AircraftNames {
  label: Map<string, string>;
  colour: Map<string, string>;
}

export interface AircraftPosition {
  id: string;
  lon: number;
  lat: number;
  altFt: number | null;
  /** No data here (inside a gap, or silent for too long): shown as uncertain. */
  gap: boolean;
}

/** HTML labels (callsigns) that follow the aircraft: no map glyphs needed. */
export class AircraftLabels {
  private readonly markers = new Map<string, maplibregl.Marker>();

  constructor(private readonly map: MapLibreMap) {}

  update(set: AircraftNames, positions: AircraftPosition[], max = 60): void {
    const seen = new Set<string>();
    for (const p of positions.slice(0, max)) {
      seen.add(p.id);
      let m = this.markers.get(p.id);
      if (!m) {
        const el = document.createElement('div');
        el.className = 'ac-label';
        el.textContent = set.label.get(p.id) ?? p.id;
        el.style.borderLeft = `3px solid ${set.colour.get(p.id)}`;
        m = new maplibregl.Marker({ element: el, anchor: 'left', offset: [11, 0] })
          .setLngLat([p.lon, p.lat])
          .addTo(this.map);
        this.markers.set(p.id, m);
      }
      m.setLngLat([p.lon, p.lat]);
      const alt = p.altFt !== null ? ` · ${Math.round(p.altFt / 100) * 100} ft` : '';
      const text = `${set.label.get(p.id) ?? p.id}${alt}${p.gap ? ' · no data' : ''}`;
      const el = m.getElement();
      if (el.textContent !== text) el.textContent = text;
    }
    for (const [id, m] of this.markers) {
      if (!seen.has(id)) {
        m.remove();
        this.markers.delete(id);
      }
    }
  }

  clear(): void {
    for (const m of this.markers.values()) m.remove();
    this.markers.clear();
  }
}

export function crossingPopupHtml(v: Visit, role: 'enter' | 'exit', label: string): string {
  const c = role === 'enter' ? v.enter : v.exit;
  if (!c) return '';
  return `<div class="zone-pop"><h3>${escapeHtml(label)} ${role === 'enter' ? 'entered' : 'left'} ${escapeHtml(v.zone)}</h3>
<dl><dt>Time</dt><dd>${escapeHtml(c.time)}</dd>
<dt>Position</dt><dd>${c.lat.toFixed(5)}, ${c.lon.toFixed(5)}</dd>
<dt>Certain</dt><dd>${c.certain ? 'yes' : `no: inside a data gap${c.window ? ` (${escapeHtml(c.window.from)} – ${escapeHtml(c.window.to)})` : ''}`}</dd></dl></div>`;
}

/**
 * The report's map figure: an offline SVG with land (Natural Earth via world-atlas), the zones of
 * the catalog in view, every track, and the position-uncertainty band of tracks from published
 * reports (the union of their uncertainty discs, drawn as one translucent shape, not a line).
 *
 * Drawing only: an equirectangular projection scaled by cos(central latitude). Lines are
 * densified along geodesics (src/geo) so long edges bow as they should; nothing drawn here is a
 * finding, and the projection never feeds back into one.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { Formation } from '../analysis/formations.js';
import { direct, GeodesicSegment, NM_M } from '../geo/geodesic.js';
import type { Track } from '../tracks/track.js';
import type { Zone } from '../zones/zone.js';
import { escapeXml, trackColors, zoneColor } from './svg-style.js';

export interface MapOptions {
  widthPx?: number;
  /** Land resolution: '50m' (default) or '10m' for small areas. */
  land?: '50m' | '10m';
  formations?: Formation[];
}

interface View {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
  w: number;
  h: number;
  k: number;
}

const require = createRequire(import.meta.url);
const landCache = new Map<string, GeoJSON.MultiPolygon[]>();

function land(res: '50m' | '10m'): GeoJSON.MultiPolygon[] {
  let polys = landCache.get(res);
  if (!polys) {
    const topo = JSON.parse(
      readFileSync(require.resolve(`world-atlas/land-${res}.json`), 'utf8'),
    ) as Topology;
    const fc = feature(topo, topo.objects.land) as unknown as GeoJSON.FeatureCollection | GeoJSON.Feature;
    const feats = 'features' in fc ? fc.features : [fc];
    polys = feats.map((f) =>
      f.geometry.type === 'Polygon'
        ? { type: 'MultiPolygon', coordinates: [f.geometry.coordinates] }
        : (f.geometry as GeoJSON.MultiPolygon),
    );
    landCache.set(res, polys);
  }
  return polys;
}

/** The extent of the tracks and their uncertainty, padded, with a sensible aspect. */
function viewOf(tracks: Track[], widthPx: number): View {
  let minLat = 90;
  let maxLat = -90;
  let minLon = 180;
  let maxLon = -180;
  for (const t of tracks) {
    for (let i = 0; i < t.t.length; i++) {
      const padDeg = (t.uncertaintyM?.[i] ?? 0) / 111_000;
      minLat = Math.min(minLat, t.lat[i] - padDeg);
      maxLat = Math.max(maxLat, t.lat[i] + padDeg);
      minLon = Math.min(minLon, t.lon[i] - padDeg);
      maxLon = Math.max(maxLon, t.lon[i] + padDeg);
    }
  }
  const padLat = Math.max(0.3, (maxLat - minLat) * 0.08);
  const padLon = Math.max(0.3, (maxLon - minLon) * 0.08);
  minLat -= padLat;
  maxLat += padLat;
  minLon -= padLon;
  maxLon += padLon;
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  let wDeg = (maxLon - minLon) * k;
  let hDeg = maxLat - minLat;
  // Keep the figure between 3:4 (portrait) and 4:3 (landscape) for print.
  if (hDeg > wDeg * 1.3) {
    const extra = (hDeg / 1.3 - wDeg) / k / 2;
    minLon -= extra;
    maxLon += extra;
    wDeg = (maxLon - minLon) * k;
  } else if (wDeg > hDeg * 1.4) {
    const extra = (wDeg / 1.4 - hDeg) / 2;
    minLat -= extra;
    maxLat += extra;
    hDeg = maxLat - minLat;
  }
  return { minLat, maxLat, minLon, maxLon, w: widthPx, h: Math.round((widthPx * hDeg) / wDeg), k };
}

function px(v: View, lat: number, lon: number): [number, number] {
  return [((lon - v.minLon) / (v.maxLon - v.minLon)) * v.w, ((v.maxLat - lat) / (v.maxLat - v.minLat)) * v.h];
}

function pathOf(v: View, pts: Array<[number, number]>, close: boolean): string {
  let d = '';
  let last: [number, number] | null = null;
  for (const [lat, lon] of pts) {
    // Far outside the frame only the side matters (the frame clips): clamping keeps land
    // polygons that run round the globe from filling the file with huge coordinates.
    const [x0, y0] = px(v, lat, lon);
    const x = Math.min(v.w + 60, Math.max(-60, x0));
    const y = Math.min(v.h + 60, Math.max(-60, y0));
    if (last && Math.abs(x - last[0]) < 0.4 && Math.abs(y - last[1]) < 0.4) continue;
    d += `${d ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    last = [x, y];
  }
  return d && close ? `${d}Z` : d;
}

/** Points along the geodesic from a to b, every ~stepM. */
function densify(
  lat1: number,
  lon1: number,
  lat2: number,
  lon2: number,
  stepM: number,
): Array<[number, number]> {
  const seg = new GeodesicSegment(lat1, lon1, lat2, lon2);
  const n = Math.max(1, Math.ceil(seg.lengthM / stepM));
  const out: Array<[number, number]> = [];
  for (let i = 0; i <= n; i++) {
    const p = seg.at(i / n);
    out.push([p.lat, lon1 + wrap(p.lon - lon1)]);
  }
  return out;
}

const wrap = (d: number) => ((((d + 180) % 360) + 360) % 360) - 180;

function inView(v: View, lat: Float64Array | number[], lon: Float64Array | number[]): boolean {
  let a = 90;
  let b = -90;
  let c = 180;
  let d = -180;
  for (let i = 0; i < lat.length; i++) {
    a = Math.min(a, lat[i]);
    b = Math.max(b, lat[i]);
    c = Math.min(c, lon[i]);
    d = Math.max(d, lon[i]);
  }
  return !(b < v.minLat || a > v.maxLat || d < v.minLon || c > v.maxLon);
}

function circle(lat: number, lon: number, rM: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let az = 0; az < 360; az += 10) {
    const p = direct(lat, lon, az, rM);
    out.push([p.lat, lon + wrap(p.lon - lon)]);
  }
  return out;
}

function zoneShapes(v: View, z: Zone, stepM: number): string[] {
  const g = z.geometry;
  const out: string[] = [];
  if (g.type === 'polygon') {
    for (const poly of g.polygons) {
      for (const ring of poly) {
        if (!inView(v, ring.lat, ring.lon)) continue;
        const pts: Array<[number, number]> = [];
        const n = ring.lat.length;
        for (let i = 0; i < n; i++) {
          const j = (i + 1) % n;
          const seg =
            ring.edges[i] === 0
              ? densify(ring.lat[i], ring.lon[i], ring.lat[j], ring.lon[j], stepM)
              : [
                  [ring.lat[i], ring.lon[i]] as [number, number],
                  [ring.lat[j], ring.lon[i] + wrap(ring.lon[j] - ring.lon[i])] as [number, number],
                ];
          pts.push(...seg.slice(0, -1));
        }
        out.push(pathOf(v, pts, true));
      }
    }
  } else {
    const rM = g.distanceNm * NM_M;
    const b = g.baseline;
    const centres: Array<[number, number]> = [...b.points];
    for (const l of b.lines) for (let i = 0; i < l.lat.length; i++) centres.push([l.lat[i], l.lon[i]]);
    for (const p of b.polygons)
      for (const r of p) for (let i = 0; i < r.lat.length; i++) centres.push([r.lat[i], r.lon[i]]);
    for (const [lat, lon] of centres) {
      if (lat < v.minLat - 1 || lat > v.maxLat + 1 || lon < v.minLon - 1 || lon > v.maxLon + 1) continue;
      out.push(pathOf(v, circle(lat, lon, rM), true));
    }
  }
  return out.filter((d) => d.length > 0);
}

/** The union of a report-track's uncertainty discs: discs at waypoints and ribbons between them. */
function uncertaintyBand(v: View, t: Track): string[] {
  const u = t.uncertaintyM;
  if (!u) return [];
  const out: string[] = [];
  for (let i = 0; i < t.t.length; i++)
    if (u[i] > 0) out.push(pathOf(v, circle(t.lat[i], t.lon[i], u[i]), true));
  for (let i = 0; i < t.t.length - 1; i++) {
    const seg = new GeodesicSegment(t.lat[i], t.lon[i], t.lat[i + 1], t.lon[i + 1]);
    const n = Math.max(2, Math.ceil(seg.lengthM / 20_000));
    const left: Array<[number, number]> = [];
    const right: Array<[number, number]> = [];
    for (let k = 0; k <= n; k++) {
      const f = k / n;
      const p = seg.at(f);
      const r = u[i] + (u[i + 1] - u[i]) * f;
      const a = direct(p.lat, p.lon, p.azi - 90, r);
      const b = direct(p.lat, p.lon, p.azi + 90, r);
      left.push([a.lat, t.lon[i] + wrap(a.lon - t.lon[i])]);
      right.push([b.lat, t.lon[i] + wrap(b.lon - t.lon[i])]);
    }
    out.push(pathOf(v, [...left, ...right.reverse()], true));
  }
  return out;
}

function trackLine(v: View, t: Track): string {
  const pts: Array<[number, number]> = [];
  // Dense ADS-B tracks: fixes are close enough to draw straight; sparse ones follow geodesics.
  for (let i = 0; i < t.t.length - 1; i++) {
    const seg = densify(t.lat[i], t.lon[i], t.lat[i + 1], t.lon[i + 1], 20_000);
    pts.push(...seg.slice(0, -1));
  }
  pts.push([t.lat[t.t.length - 1], t.lon[t.t.length - 1]]);
  return pathOf(v, pts, false);
}

function niceStep(span: number): number {
  for (const s of [0.5, 1, 2, 5, 10, 20]) if (span / s <= 8) return s;
  return 30;
}

export function renderMapSvg(tracks: Track[], zones: Zone[], options: MapOptions = {}): string {
  const v = viewOf(tracks, options.widthPx ?? 900);
  const res = options.land ?? (v.maxLon - v.minLon < 4 ? '10m' : '50m');
  const stepM = Math.max(2000, ((v.maxLat - v.minLat) * 111_000) / 200);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${v.w} ${v.h}" width="${v.w}" height="${v.h}" role="img" aria-labelledby="map-title" class="map">`,
    '<title id="map-title">Map of the tracks and the airspace zones</title>',
    `<defs><clipPath id="frame"><rect x="0" y="0" width="${v.w}" height="${v.h}"/></clipPath>`,
    '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#c0392b" stroke-width="1.2" stroke-opacity="0.5"/></pattern></defs>',
    `<rect x="0" y="0" width="${v.w}" height="${v.h}" fill="#eef4f8"/>`,
    '<g clip-path="url(#frame)">',
  );
  // Land.
  const landPaths: string[] = [];
  for (const mp of land(res)) {
    for (const poly of mp.coordinates) {
      const outer = poly[0];
      const lats = outer.map((c) => c[1]);
      const lons = outer.map((c) => c[0]);
      if (!inView(v, lats, lons)) continue;
      for (const ring of poly)
        landPaths.push(
          pathOf(
            v,
            ring.map((c) => [c[1], c[0]] as [number, number]),
            true,
          ),
        );
    }
  }
  parts.push(
    `<path d="${landPaths.join('')}" fill="#f4f1e8" stroke="#9a9280" stroke-width="0.6" fill-rule="evenodd"/>`,
  );
  // Graticule.
  const step = niceStep(Math.max(v.maxLat - v.minLat, v.maxLon - v.minLon));
  const grat: string[] = [];
  for (let lat = Math.ceil(v.minLat / step) * step; lat <= v.maxLat; lat += step) {
    const [, y] = px(v, lat, v.minLon);
    grat.push(
      `<line x1="0" y1="${y.toFixed(1)}" x2="${v.w}" y2="${y.toFixed(1)}"/><text x="4" y="${(y - 3).toFixed(1)}">${lat}°${lat >= 0 ? 'N' : 'S'}</text>`,
    );
  }
  for (let lon = Math.ceil(v.minLon / step) * step; lon <= v.maxLon; lon += step) {
    const [x] = px(v, v.minLat, lon);
    grat.push(
      `<line x1="${x.toFixed(1)}" y1="0" x2="${x.toFixed(1)}" y2="${v.h}"/><text x="${(x + 3).toFixed(1)}" y="${v.h - 4}">${lon}°${lon >= 0 ? 'E' : 'W'}</text>`,
    );
  }
  parts.push(
    `<g class="graticule" stroke="#b8c7d3" stroke-width="0.4" font-size="9" fill="#6b7c8a">${grat.join('')}</g>`,
  );
  // Zones: territorial filled, ADIZ/FIR outlined.
  const labels: string[] = [];
  const sorted = [...zones].sort(
    (a, b) => (a.kind === 'territorial' ? 1 : 0) - (b.kind === 'territorial' ? 1 : 0),
  );
  for (const z of sorted) {
    const shapes = zoneShapes(v, z, stepM);
    if (!shapes.length) continue;
    const c = zoneColor(z);
    if (z.kind === 'territorial') {
      parts.push(
        `<g class="zone territorial" data-zone="${escapeXml(z.id)}"><path d="${shapes.join('')}" fill="${c}" fill-opacity="${z.claimants.length > 1 ? 0.55 : 0.16}" stroke="${c}" stroke-opacity="0.5" stroke-width="0.5"/></g>`,
      );
    } else {
      parts.push(
        `<path class="zone ${escapeXml(z.kind)}" data-zone="${escapeXml(z.id)}" d="${shapes.join('')}" fill="${c}" fill-opacity="0.05" stroke="${c}" stroke-width="1.3" stroke-dasharray="${z.kind === 'adiz' ? '7 4' : '2 3'}"/>`,
      );
      const anchor = labelAnchor(v, z);
      if (anchor)
        labels.push(
          `<text x="${anchor[0].toFixed(1)}" y="${anchor[1].toFixed(1)}" fill="${c}">${escapeXml(z.id)}</text>`,
        );
    }
  }
  // Uncertainty bands, then tracks on top.
  const colours = trackColors(tracks);
  const trackColor = (i: number, _t: Track) => colours[i];
  tracks.forEach((t, i) => {
    const band = uncertaintyBand(v, t);
    if (band.length) {
      parts.push(
        `<g class="uncertainty" data-track="${escapeXml(t.id)}" opacity="0.18"><path d="${band.join('')}" fill="${trackColor(i, t)}" stroke="none" fill-rule="nonzero"/></g>`,
      );
    }
  });
  tracks.forEach((t, i) => {
    const c = trackColor(i, t);
    parts.push(
      `<path class="track" data-track="${escapeXml(t.id)}" d="${trackLine(v, t)}" fill="none" stroke="${c}" stroke-width="${t.uncertaintyM ? 1.6 : 1.3}" stroke-linejoin="round"${t.uncertaintyM ? ' stroke-dasharray="5 3"' : ''}/>`,
    );
    if (t.uncertaintyM) {
      for (let k = 0; k < t.t.length; k++) {
        const [x, y] = px(v, t.lat[k], t.lon[k]);
        parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="1.8" fill="${c}"/>`);
      }
    }
    const [sx, sy] = px(v, t.lat[0], t.lon[0]);
    parts.push(
      `<circle cx="${sx.toFixed(1)}" cy="${sy.toFixed(1)}" r="3.5" fill="#fff" stroke="${c}" stroke-width="1.5"/>`,
    );
  });
  parts.push(`<g class="zone-labels" font-size="11" font-weight="600">${labels.join('')}</g>`);
  parts.push('</g>');
  parts.push(scaleBar(v), northArrow(v));
  parts.push(
    `<text x="${v.w - 6}" y="${v.h - 6}" font-size="9" fill="#555" text-anchor="end">Land: Natural Earth ${res} (public domain) via world-atlas. Drawing projection: equirectangular; findings are ellipsoidal.</text>`,
  );
  parts.push('</svg>');
  return parts.join('\n');
}

/** A point inside the view near a zone's boundary, for its label. */
function labelAnchor(v: View, z: Zone): [number, number] | null {
  if (z.geometry.type !== 'polygon') return null;
  const ring = z.geometry.polygons[0]?.[0];
  if (!ring) return null;
  let best: [number, number] | null = null;
  let bestScore = -Infinity;
  for (let i = 0; i < ring.lat.length; i++) {
    const [x, y] = px(v, ring.lat[i], ring.lon[i]);
    if (x < 30 || y < 20 || x > v.w - 90 || y > v.h - 30) continue;
    const score = -Math.abs(x - v.w / 2) - Math.abs(y - v.h / 2);
    if (score > bestScore) {
      bestScore = score;
      best = [x + 4, y - 4];
    }
  }
  return best;
}

function scaleBar(v: View): string {
  const kmPerPx = ((v.maxLon - v.minLon) * 111.32 * v.k) / v.w;
  let nmLen = 50;
  for (const s of [10, 20, 50, 100, 200]) if ((s * 1.852) / kmPerPx < v.w / 5) nmLen = s;
  const wPx = (nmLen * 1.852) / kmPerPx;
  const y = v.h - 24;
  return `<g class="scale" font-size="10" fill="#333"><rect x="10" y="${y - 12}" width="${(wPx + 20).toFixed(0)}" height="26" fill="#fff" fill-opacity="0.8"/><line x1="20" y1="${y}" x2="${(20 + wPx).toFixed(1)}" y2="${y}" stroke="#333" stroke-width="2"/><text x="20" y="${y - 3}">0</text><text x="${(20 + wPx).toFixed(1)}" y="${y - 3}" text-anchor="end">${nmLen} NM (${Math.round(nmLen * 1.852)} km)</text></g>`;
}

function northArrow(v: View): string {
  const x = v.w - 24;
  return `<g class="north" font-size="11" fill="#333"><path d="M${x},14 l6,16 l-6,-5 l-6,5 z" fill="#333"/><text x="${x}" y="44" text-anchor="middle">N</text></g>`;
}

/**
 * Where zones overlap, and by how much. The shapes are intersected in the longitude/latitude plane
 * after every edge is cut into pieces of at most 2 km (geodesic or rhumb alike, so a piece's path
 * differs from a straight lon/lat segment by centimetres), and each result's area is then
 * computed on the ellipsoid. Buffers are polygonised for this only (circles of 64 sides round
 * each baseline vertex, joined by the strips along each edge), never for a finding; their areas
 * are good to about 0.1 %.
 */
import polygonClipping, {
  type MultiPolygon,
  type Polygon as PcPolygon,
  type Ring as PcRing,
} from 'polygon-clipping';
import { rhumbPieces, ringAreaM2 } from '../geo/area.js';
import { direct, GeodesicSegment, lonDiff, NM_M } from '../geo/geodesic.js';
import { EDGE_RHUMB, type Polygon, type Ring, validityBoundS, type Zone } from './zone.js';

const PIECE_M = 2000;

export interface Overlap {
  zones: string[];
  areaKm2: number;
  /** When all of them were in force together (ISO, null = open). */
  from: string | null;
  to: string | null;
}

/** The zone's area as planar multipolygon coordinates [lon, lat] (lon unwrapped near its box). */
export function zoneShape(zone: Zone, byId: Map<string, Zone>, depth = 0): MultiPolygon {
  const g = zone.geometry;
  let shape: MultiPolygon;
  if (g.type === 'polygon') {
    shape = g.polygons.map((p) => p.map(densify));
  } else {
    const d = g.distanceNm * NM_M;
    const parts: MultiPolygon[] = [];
    for (const [la, lo] of g.baseline.points) parts.push([[circle(la, lo, d)]]);
    const edgesOf = (lat: Float64Array, lon: Float64Array, closed: boolean) => {
      const n = lat.length;
      for (let i = 0; i < n; i++) parts.push([[circle(lat[i], lon[i], d)]]);
      for (let i = 0; i + (closed ? 0 : 1) < n; i++) {
        const k = (i + 1) % n;
        parts.push([[strip(lat[i], lon[i], lat[k], lon[k], d)]]);
      }
    };
    for (const l of g.baseline.lines) edgesOf(l.lat, l.lon, false);
    for (const p of g.baseline.polygons) {
      for (const r of p) edgesOf(r.lat, r.lon, true);
      parts.push([p.map(densify)]);
    }
    shape = parts.length ? polygonClipping.union(parts[0], ...parts.slice(1)) : [];
  }
  if (depth < 3) {
    for (const id of zone.excludes ?? []) {
      const e = byId.get(id);
      if (e && shape.length) shape = polygonClipping.difference(shape, zoneShape(e, byId, depth + 1));
    }
  }
  return shape;
}

function densify(ring: Ring): PcRing {
  const out: PcRing = [];
  const n = ring.lat.length;
  let x = ring.lon[0];
  for (let j = 0; j < n; j++) {
    const k = (j + 1) % n;
    out.push([x, ring.lat[j]]);
    const pieces: Array<[number, number]> = [];
    if (ring.edges[j] === EDGE_RHUMB) pieces.push(...rhumbPieces(ring, j, PIECE_M));
    else {
      const seg = new GeodesicSegment(ring.lat[j], ring.lon[j], ring.lat[k], ring.lon[k]);
      const m = Math.ceil(seg.lengthM / PIECE_M);
      for (let i = 1; i < m; i++) {
        const p = seg.at(i / m);
        pieces.push([p.lat, p.lon]);
      }
    }
    let prev = ring.lon[j];
    for (const [la, lo] of pieces) {
      x += lonDiff(prev, lo);
      prev = lo;
      out.push([x, la]);
    }
    x += lonDiff(prev, ring.lon[k]);
  }
  out.push(out[0]);
  return out;
}

function circle(lat: number, lon: number, d: number): PcRing {
  const out: PcRing = [];
  for (let i = 0; i < 64; i++) {
    const p = direct(lat, lon, (i * 360) / 64, d);
    out.push([lon + lonDiff(lon, p.lon), p.lat]);
  }
  out.push(out[0]);
  return out;
}

function strip(lat1: number, lon1: number, lat2: number, lon2: number, d: number): PcRing {
  const seg = new GeodesicSegment(lat1, lon1, lat2, lon2);
  const a1 = seg.azi1;
  const a2 = seg.at(1).azi;
  const pts = [
    direct(lat1, lon1, a1 - 90, d),
    direct(lat2, lon2, a2 - 90, d),
    direct(lat2, lon2, a2 + 90, d),
    direct(lat1, lon1, a1 + 90, d),
  ];
  const out: PcRing = pts.map((p) => [lon1 + lonDiff(lon1, p.lon), p.lat]);
  out.push(out[0]);
  return out;
}

/** Area of a planar multipolygon on the ellipsoid, km². */
export function shapeAreaKm2(shape: MultiPolygon): number {
  let m2 = 0;
  for (const poly of shape) {
    poly.forEach((r, i) => {
      if (r.length < 4) return;
      m2 += (i === 0 ? 1 : -1) * ringAreaM2(toRing(r));
    });
  }
  return m2 / 1e6;
}

function toRing(r: PcRing): Ring {
  const n = r.length - 1;
  const ring: Ring = { lat: new Float64Array(n), lon: new Float64Array(n), edges: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    ring.lat[i] = r[i][1];
    ring.lon[i] = ((((r[i][0] + 180) % 360) + 360) % 360) - 180;
  }
  return ring;
}

function period(zs: Zone[]): { from: number; to: number } {
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.POSITIVE_INFINITY;
  for (const z of zs) {
    from = Math.max(from, validityBoundS(z.validFrom, Number.NEGATIVE_INFINITY));
    to = Math.min(to, validityBoundS(z.validTo, Number.POSITIVE_INFINITY));
  }
  return { from, to };
}

const iso = (s: number) => (Number.isFinite(s) ? new Date(s * 1000).toISOString() : null);

/**
 * Every pair of zones (in force at a common time) whose areas overlap, and every triple of ADIZs
 * that do, with the overlap's area in km².
 */
export function overlaps(zones: Zone[]): Overlap[] {
  const byId = new Map(zones.map((z) => [z.id, z]));
  const shapes = new Map<string, MultiPolygon>();
  const shapeOf = (z: Zone) => {
    let s = shapes.get(z.id);
    if (!s) {
      s = zoneShape(z, byId);
      shapes.set(z.id, s);
    }
    return s;
  };
  const boxes = new Map(zones.map((z) => [z.id, boxOf(shapeOf(z))]));
  const out: Overlap[] = [];
  const pairs = new Map<string, MultiPolygon>();
  for (let i = 0; i < zones.length; i++) {
    for (let j = i + 1; j < zones.length; j++) {
      const a = zones[i];
      const b = zones[j];
      const p = period([a, b]);
      if (p.from >= p.to) continue;
      if (!boxesMeet(boxes.get(a.id)!, boxes.get(b.id)!)) continue;
      const inter = polygonClipping.intersection(shapeOf(a), shapeOf(b));
      const area = shapeAreaKm2(inter);
      if (area < 0.01) continue;
      pairs.set(`${a.id}|${b.id}`, inter);
      out.push({
        zones: [a.id, b.id],
        areaKm2: Math.round(area * 10) / 10,
        from: iso(p.from),
        to: iso(p.to),
      });
    }
  }
  const adiz = zones.filter((z) => z.kind === 'adiz');
  for (let i = 0; i < adiz.length; i++) {
    for (let j = i + 1; j < adiz.length; j++) {
      const ab = pairs.get(`${adiz[i].id}|${adiz[j].id}`) ?? pairs.get(`${adiz[j].id}|${adiz[i].id}`);
      if (!ab) continue;
      for (let k = j + 1; k < adiz.length; k++) {
        const c = adiz[k];
        const p = period([adiz[i], adiz[j], c]);
        if (p.from >= p.to) continue;
        const inter = polygonClipping.intersection(ab, shapeOf(c));
        const area = shapeAreaKm2(inter);
        if (area < 0.01) continue;
        out.push({
          zones: [adiz[i].id, adiz[j].id, c.id],
          areaKm2: Math.round(area * 10) / 10,
          from: iso(p.from),
          to: iso(p.to),
        });
      }
    }
  }
  return out;
}

type Box = [number, number, number, number];

function boxOf(shape: MultiPolygon): Box {
  let b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of shape as PcPolygon[]) {
    for (const [x, y] of p[0])
      b = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
  }
  return b;
}

function boxesMeet(a: Box, b: Box): boolean {
  if (a[1] > b[3] || b[1] > a[3]) return false;
  for (const s of [0, 360, -360]) if (a[0] <= b[2] + s && a[2] >= b[0] + s) return true;
  return false;
}

export type { Polygon };

/**
 * Ellipsoidal areas (Karney's PolygonArea on WGS84). Geodesic edges are exact (error ≈ 0.1 m² per
 * vertex); a rhumb edge is followed by geodesic pieces of at most 1 km, where the area between a
 * piece and the rhumb line is below 15 m² per km of edge at mid latitudes.
 */
import geodesicLib from 'geographiclib-geodesic';
import { EDGE_RHUMB, type Polygon, type Ring } from '../zones/zone.js';
import { WGS84, lonDiff } from './geodesic.js';
import { isometricLat, latFromIsometric } from './rhumb.js';

const { PolygonArea } = geodesicLib;
const RHUMB_PIECE_M = 1000;

/** Area enclosed by the ring in m² (always positive: the smaller of the two sides' areas). */
export function ringAreaM2(ring: Ring): number {
  const poly = new PolygonArea.PolygonArea(WGS84, false);
  const n = ring.lat.length;
  for (let j = 0; j < n; j++) {
    poly.AddPoint(ring.lat[j], ring.lon[j]);
    if (ring.edges[j] === EDGE_RHUMB) {
      for (const [la, lo] of rhumbPieces(ring, j)) poly.AddPoint(la, lo);
    }
  }
  const r = poly.Compute(false, false);
  return Math.abs(r.area as number);
}

/** Area of a polygon with holes, m². */
export function polygonAreaM2(polygon: Polygon | Ring): number {
  if (!Array.isArray(polygon)) return ringAreaM2(polygon);
  let area = 0;
  polygon.forEach((ring, i) => {
    area += (i === 0 ? 1 : -1) * ringAreaM2(ring);
  });
  return area;
}

/** Interior points of rhumb edge j, no further than RHUMB_PIECE_M apart. */
export function rhumbPieces(ring: Ring, j: number, pieceM = RHUMB_PIECE_M): Array<[number, number]> {
  const n = ring.lat.length;
  const k = j + 1 === n ? 0 : j + 1;
  const lat1 = ring.lat[j];
  const lon1 = ring.lon[j];
  const dLon = lonDiff(lon1, ring.lon[k]);
  const psi1 = isometricLat(lat1);
  const psi2 = isometricLat(ring.lat[k]);
  const approxLenM = 111_320 * Math.hypot(ring.lat[k] - lat1, dLon * Math.cos(((lat1 + ring.lat[k]) / 2) * (Math.PI / 180)));
  const pieces = Math.ceil(approxLenM / pieceM);
  const out: Array<[number, number]> = [];
  for (let i = 1; i < pieces; i++) {
    const u = i / pieces;
    let lon = lon1 + u * dLon;
    if (lon >= 180) lon -= 360;
    else if (lon < -180) lon += 360;
    out.push([latFromIsometric(psi1 + u * (psi2 - psi1)), lon]);
  }
  return out;
}

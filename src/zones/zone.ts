/**
 * The Zone type: one airspace volume with its sovereignty, rules, validity and source.
 * Defined once here and used by every reader, importer, analysis and face.
 */

export type ZoneKind = 'territorial' | 'adiz' | 'fir' | 'other';

/** How consecutive vertices of a ring are joined. */
export type EdgeKind = 'geodesic' | 'rhumb';
export const EDGE_GEODESIC = 0;
export const EDGE_RHUMB = 1;

/**
 * A closed ring. Vertex i is (lat[i], lon[i]) in degrees WGS84; the ring is implicitly closed
 * (the last vertex is NOT a repeat of the first). edges[i] is the edge from vertex i to vertex
 * i+1 (mod n): EDGE_GEODESIC or EDGE_RHUMB.
 */
export interface Ring {
  lat: Float64Array;
  lon: Float64Array;
  edges: Uint8Array;
}

/** A polygon: outer ring first, then holes. */
export type Polygon = Ring[];

export interface PolygonGeometry {
  type: 'polygon';
  /** One or more polygons (a multipolygon); a point is inside when inside any of them. */
  polygons: Polygon[];
}

/** The baseline of a buffer zone: any mix of points, geodesic polylines and polygons. */
export interface Baseline {
  /** Isolated points, as [lat, lon]. */
  points: Array<[number, number]>;
  /** Open polylines; every edge is a geodesic. */
  lines: Array<{ lat: Float64Array; lon: Float64Array }>;
  /** Areas (land); a point inside one is at distance 0. */
  polygons: Polygon[];
}

/** Every point within distanceNm of the baseline: the exact definition of a territorial sea. */
export interface BufferGeometry {
  type: 'buffer';
  distanceNm: number;
  baseline: Baseline;
}

export type ZoneGeometry = PolygonGeometry | BufferGeometry;

export type AppliesTo = 'all' | 'inbound' | 'none';

/** What a zone's declaring state asks of aircraft in it. */
export interface ZoneRules {
  appliesTo: AppliesTo;
  /** e.g. 'flight-plan', 'radio', 'transponder', 'position-report', 'prior-notice'. */
  requires: string[];
  note?: string;
}

export interface ZoneSource {
  title: string;
  url: string | null;
  retrieved: string | null;
  licence: string | null;
  note?: string;
}

export interface Zone {
  id: string;
  name: string;
  kind: ZoneKind;
  /** ISO 3166-1 alpha-3 of the declaring or administering state. */
  state: string;
  /** Alpha-3 list; one entry unless the sovereignty is disputed. */
  claimants: string[];
  /** ISO 8601 date or date-time; null = open. */
  validFrom: string | null;
  validTo: string | null;
  /** Vertical limits in feet; null = surface / unlimited. */
  floorFt: number | null;
  ceilingFt: number | null;
  geometry: ZoneGeometry;
  rules: ZoneRules;
  source: ZoneSource | null;
  /**
   * Ids of zones whose area is removed from this one (a disputed feature's own zone cut out of a
   * national zone, so a point is attributed once). Exact: no polygon clipping is involved.
   */
  excludes?: string[];
  /** 'published' | 'approximate' | 'derived' and what that means for this zone. */
  quality?: { level: string; note?: string };
  /** Anything else the zone file carried (class, type, frequency...). */
  extra?: Record<string, unknown>;
}

export interface Catalog {
  id: string;
  version: string;
  zones: Zone[];
}

/** ISO 8601 (date or date-time; a bare date is midnight UTC) → epoch seconds; null → ±Infinity. */
export function validityBoundS(iso: string | null, open: number): number {
  if (iso === null) return open;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(ms) ? Number.NaN : ms / 1000;
}

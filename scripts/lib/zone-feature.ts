/** The zone-file Feature shape (DESIGN.md) the build scripts write. */

export interface ZoneSourceJson {
  title: string;
  url: string | null;
  retrieved: string | null;
  licence: string | null;
  note?: string;
}

export interface ZoneProps {
  id: string;
  name: string;
  names?: Record<string, string>;
  kind: 'territorial' | 'adiz' | 'fir' | 'other';
  state: string;
  claimants: string[];
  validFrom: string | null;
  validTo: string | null;
  floorFt: number | null;
  ceilingFt: number | null;
  rules: { appliesTo: 'all' | 'inbound' | 'none'; requires: string[]; note?: string };
  source: ZoneSourceJson;
  quality: { level: 'published' | 'approximate' | 'derived'; note: string };
  edges?: string | string[][] | string[][][];
  buffer?: { distanceNm: number };
  excludes?: string[];
}

export interface ZoneFeature {
  type: 'Feature';
  properties: ZoneProps;
  geometry: { type: string; coordinates: unknown };
}

/** Stable key order so re-running a script gives a byte-identical file. */
export function featureCollection(features: ZoneFeature[]): string {
  const lines = features.map((f) => JSON.stringify(f));
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}

/** The date the third-party inputs were taken (the catalog version). */
export const RETRIEVED = '2026-11-29';

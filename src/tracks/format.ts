/** Names of the track formats and the options every reader takes. */
import type { Category } from './track.js';

export const TRACK_FORMATS = [
  'csv',
  'geojson',
  'opensky',
  'readsb-trace',
  'readsb-aircraft',
  'adsbx',
  'fr24-json',
  'fr24-csv',
  'fr24-granular',
  'traffic-json',
  'kml',
  'gpx',
  'ndjson',
  'report-track',
] as const;

export type TrackFormat = (typeof TRACK_FORMATS)[number];

export function isTrackFormat(s: string): s is TrackFormat {
  return (TRACK_FORMATS as readonly string[]).includes(s);
}

export interface ReadOptions {
  /** Force a format (a TrackFormat name, checked when reading) instead of detecting it from the content. */
  format?: TrackFormat | (string & {});
  /** Category of every track read, overriding what the data says (the user's word is final). */
  category?: Category;
  /** Operator (alpha-3) of every track read, overriding what the data says. */
  operator?: string;
}

/**
 * KML and GPX through @tmcw/togeojson: gx:Track (when/coord), LineString with TimeSpan (or a
 * one-vertex TimeStamp), Point placemarks with TimeStamp; GPX trk/rte with time and ele, wpt with
 * time. The GeoJSON that results goes through the GeoJSON reader (heights in metres).
 */

import { lazyRequire } from '../../util/lazy-require.js';
import type { ReadOptions } from '../format.js';
import { InputError, type ReadResult } from '../track.js';
import { readGeoJson } from './geojson.js';

const togeojson = lazyRequire<typeof import('@tmcw/togeojson')>('@tmcw/togeojson');
const xmldom = lazyRequire<typeof import('@xmldom/xmldom')>('@xmldom/xmldom');

function parseXml(file: string, text: string): Document {
  let error: string | null = null;
  const parser = new (xmldom().DOMParser)({
    onError: (level: string, msg: string) => {
      if (level !== 'warning' && error === null) error = msg;
    },
  });
  let doc: unknown;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (e) {
    error ??= (e as Error).message;
  }
  if (error !== null || !doc)
    throw new InputError({
      file,
      message: `not well-formed XML: ${String(error).split('\n')[0].slice(0, 200)}`,
    });
  return doc as Document;
}

export function readKml(file: string, text: string, options: ReadOptions = {}): ReadResult {
  const doc = parseXml(file, text);
  return readGeoJson(file, togeojson().kml(doc), options);
}

export function readGpx(file: string, text: string, options: ReadOptions = {}): ReadResult {
  const doc = parseXml(file, text);
  return readGeoJson(file, togeojson().gpx(doc), options);
}

/**
 * Format detection from the first bytes of (decompressed) content, never from the file name.
 * Only the head is needed, so a streamed file is detected before it is read.
 */
import type { TrackFormat } from './format.js';

/** How much of the head detection looks at. */
export const DETECT_HEAD_CHARS = 64 * 1024;

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).replace(/\r$/, '');
}

/** The first line as an object when it is one complete JSON object, else null. */
function firstLineObject(head: string): Record<string, unknown> | null {
  const nl = head.indexOf('\n');
  if (nl < 0 && head.length >= DETECT_HEAD_CHARS) return null; // a long document, not one line
  try {
    const o = JSON.parse(nl < 0 ? head : head.slice(0, nl));
    return typeof o === 'object' && o !== null && !Array.isArray(o) ? o : null;
  } catch {
    return null;
  }
}

const DOCUMENT_KEYS = ['type', 'result', 'trace', 'aircraft', 'ac', 'states', 'features'];

function detectJson(head: string): TrackFormat | null {
  if (head.startsWith('{')) {
    // NDJSON: a complete object on the first line that is not itself a document of another format.
    const o = firstLineObject(head);
    if (o && ('df' in o || !DOCUMENT_KEYS.some((k) => k in o)) && typeof o.timestamp !== 'object')
      return 'ndjson';
  }
  if (/"type"\s*:\s*"(FeatureCollection|Feature|LineString|MultiLineString|Point)"/.test(head))
    return 'geojson';
  if (/"result"\s*:\s*\{/.test(head) && /"response"|"request"/.test(head)) return 'fr24-json';
  if (/"trace"\s*:\s*\[/.test(head)) return 'readsb-trace';
  if (/"ac"\s*:\s*\[/.test(head)) return 'adsbx';
  if (/"aircraft"\s*:\s*\[/.test(head)) return 'readsb-aircraft';
  if (/"states"\s*:\s*(\[|null)/.test(head)) return 'opensky';
  // An array of fix objects with the CSV field names is NDJSON's JSON form; traffic's records say latitude.
  if (head.startsWith('[') && /"lat"\s*:/.test(head) && /"(track|time)"\s*:/.test(head)) return 'ndjson';
  if (head.startsWith('[') && /"(timestamp|latitude)"\s*:/.test(head)) return 'traffic-json';
  if (head.startsWith('{') && /"timestamp"\s*:\s*\{/.test(head)) return 'traffic-json';
  return null;
}

function detectCsv(head: string): TrackFormat | null {
  const h = firstLine(head)
    .replace(/^\uFEFF/, '')
    .toLowerCase();
  const cols = h.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, ''));
  const has = (c: string) => cols.includes(c);
  if (has('network_time') || has('no_position')) return 'fr24-granular';
  if (has('timestamp') && has('utc') && has('position')) return 'fr24-csv';
  if (has('icao24') && (has('lastposupdate') || has('baroaltitude') || has('geoaltitude'))) return 'opensky';
  if (has('hex') && (has('alt_baro') || (has('year') && has('second')))) return 'adsbx';
  const time = has('time') || has('timestamp');
  const lat = has('lat') || has('latitude');
  const lon = has('lon') || has('lng') || has('longitude');
  if (time && lat && lon) return 'csv';
  return null;
}

/** The format of a content head, or null when it is none we read. */
export function detectFormat(head: string): TrackFormat | null {
  const s = head.replace(/^\uFEFF/, '').trimStart();
  if (s.startsWith('<')) {
    const x = s.slice(0, 4096);
    if (/<kml[\s>]/.test(x)) return 'kml';
    if (/<gpx[\s>]/.test(x)) return 'gpx';
    return null;
  }
  if (s.startsWith('{') || s.startsWith('[')) return detectJson(s);
  return detectCsv(s);
}

/**
 * Fuzzing every reader with fast-check: random bytes and mutated real inputs must give either a
 * well-formed ReadResult or an InputError (nothing else thrown, no hang). Inputs are kept small.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTrackBuffer, TRACK_FORMATS, type TrackFormat } from '../../src/tracks/read.js';
import { InputError, type ReadResult } from '../../src/tracks/track.js';
import { REAL } from './realdata.js';

const text = (file: string) => {
  const b = readFileSync(file);
  return (b[0] === 0x1f ? gunzipSync(b) : b).toString('utf8');
};
const firstLines = (file: string, n: number) => text(file).split('\n').slice(0, n).join('\n');
const json = (file: string) => JSON.parse(text(file));

function samples(): Record<TrackFormat, string> {
  const fr24 = json(REAL.spar19);
  fr24.result.response.data.flight.track = fr24.result.response.data.flight.track.slice(0, 20);
  const trace = json(REAL.trace);
  trace.trace = trace.trace.slice(0, 20);
  const spoof = json(REAL.spoofing);
  const cols: Record<string, Record<string, unknown>> = {};
  for (const [k, col] of Object.entries(spoof as Record<string, Record<string, unknown>>)) {
    cols[k] = Object.fromEntries(Object.entries(col).slice(0, 20));
  }
  return {
    csv: 'id,time,lat,lon,alt_ft,category\nA,2019-07-23T00:09:00Z,37.4,131.7,29000,state\nA,1563840600,37.38,131.75,29000,\n"B,1",1563840540,37,131,,civil\n',
    geojson: JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'A', times: [0, 60, 120] },
          geometry: {
            type: 'LineString',
            coordinates: [
              [1, 1, 100],
              [1.1, 1, 100],
              [1.2, 1, 100],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { id: 'P', time: 5 },
          geometry: { type: 'Point', coordinates: [2, 2] },
        },
      ],
    }),
    opensky:
      'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact\n' +
      '1563840540,71c123,37.4,131.7,200,90,0,KAL123  ,False,False,False,1234,9000,9100,1563840539.5,1563840540\n' +
      '1563840541,71c123,37.41,131.71,200,90,0,KAL123  ,False,False,False,1234,9000,9100,1563840540.5,1563840541\n',
    'readsb-trace': JSON.stringify(trace),
    'readsb-aircraft': JSON.stringify({
      now: 1563840600,
      aircraft: [
        { hex: 'ae1234', flight: 'X ', lat: 1, lon: 2, seen_pos: 1, alt_baro: 'ground', dbFlags: 1 },
      ],
    }),
    adsbx: firstLines(REAL.flightSpotter, 20),
    'fr24-json': JSON.stringify(fr24),
    'fr24-csv': firstLines(REAL.jl516Csv, 20),
    'fr24-granular': firstLines(REAL.granular, 20),
    'traffic-json': JSON.stringify(cols),
    kml: '<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"><Placemark><name>A</name><gx:Track><when>2019-07-23T00:09:00Z</when><when>2019-07-23T00:10:00Z</when><gx:coord>131.7 37.4 100</gx:coord><gx:coord>131.75 37.38 100</gx:coord></gx:Track></Placemark></kml>',
    gpx: '<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>T</name><trkseg><trkpt lat="1" lon="2"><ele>3</ele><time>2019-07-23T00:09:00Z</time></trkpt><trkpt lat="1.01" lon="2"><time>2019-07-23T00:10:00Z</time></trkpt></trkseg></trk></gpx>',
    ndjson: firstLines(REAL.tutorial, 20),
    'report-track': readFileSync(
      resolve(__dirname, '..', '..', 'samples', '2019-07-23-report-track.yaml'),
      'utf8',
    ),
  };
}

/** Either a well-formed result or an InputError; anything else fails the property. */
function check(name: string, data: Buffer | string, format?: TrackFormat): void {
  let r: ReadResult;
  try {
    r = readTrackBuffer(name, data, { format });
  } catch (e) {
    if (e instanceof InputError) {
      expect(e.message.startsWith(name)).toBe(true);
      return;
    }
    throw e;
  }
  expect(r.tracks.length).toBeGreaterThan(0);
  for (const p of r.problems) expect(p.file).toBe(name);
  for (const t of r.tracks) {
    expect(t.t.length).toBeGreaterThan(0);
    for (let i = 0; i < t.t.length; i++) {
      expect(Number.isFinite(t.t[i])).toBe(true);
      if (i > 0) expect(t.t[i]).toBeGreaterThan(t.t[i - 1]);
      expect(Math.abs(t.lat[i]) <= 90 && Math.abs(t.lon[i]) <= 180).toBe(true);
    }
  }
}

const mutation = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  len: fc.integer({ min: 0, max: 12 }),
  insert: fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom(
      '"',
      ',',
      '\n',
      '{',
      '}',
      '[',
      ']',
      '-',
      '.',
      'NaN',
      '1e308',
      '999',
      '"ground"',
      'null',
      '<',
      '>',
    ),
  ),
});

function mutate(s: string, ops: { at: number; len: number; insert: string }[]): string {
  let out = s;
  for (const op of ops) {
    const i = Math.floor(op.at * out.length);
    out = out.slice(0, i) + op.insert + out.slice(i + op.len);
  }
  return out;
}

describe('fuzz', () => {
  const base = samples();

  it('every sample reads cleanly before mutation', () => {
    for (const f of TRACK_FORMATS) check(`sample.${f}`, base[f], f);
  });

  it.each(TRACK_FORMATS.map((f) => [f]))('%s: random bytes → result or InputError', (format) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, forced) => {
        check('random.bin', Buffer.from(bytes), forced ? format : undefined);
      }),
      { numRuns: 60 },
    );
  });

  it.each(TRACK_FORMATS.map((f) => [f]))('%s: mutated real input → result or InputError', (format) => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.boolean(), (ops, forced) => {
        check(`mutated.${format}`, mutate(base[format], ops), forced ? format : undefined);
      }),
      { numRuns: 150 },
    );
  });
});

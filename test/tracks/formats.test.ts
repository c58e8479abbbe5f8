/** Readers of the formats without a real sample here, on small inputs written after their specs. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { FT_M } from '../../src/geo/geodesic.js';
import { detectFormat, parseFixLine, readTrackBuffer, readTrackFile } from '../../src/tracks/read.js';
import { iso } from './realdata.js';

const T0 = Date.parse('2019-07-23T00:09:00Z') / 1000;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'incursion-tracks-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('generic CSV', () => {
  it('groups rows by the id column, parses ISO and epoch times, feet, and optional columns', () => {
    const csv = [
      'Track,Time,Lat,Lon,Alt_ft,Category,Operator,Label,Uncertainty_m',
      'A50-1,2019-07-23T00:09:00Z,37.4,131.7,29000,state,rus,A-50,500',
      `B,${T0},37.0,131.0,,,,,`,
      'A50-1,2019-07-23T00:10:00.5+00:00,37.38,131.75,29100,,,,250',
      `B,${T0 + 60},37.05,131.1,31000,,,,`,
    ].join('\r\n');
    const r = readTrackBuffer('p.csv', csv);
    expect(detectFormat(csv)).toBe('csv');
    expect(r.records).toBe(4);
    expect(r.problems).toEqual([]);
    const [a, b] = r.tracks;
    expect(a).toMatchObject({ id: 'A50-1', label: 'A-50', category: 'state', operator: 'RUS' });
    expect(Array.from(a.t)).toEqual([T0, T0 + 60.5]);
    expect(Array.from(a.altFt)).toEqual([29000, 29100]);
    expect(Array.from(a.uncertaintyM!)).toEqual([500, 250]);
    expect(b).toMatchObject({ id: 'B', category: 'unknown', operator: null });
    expect(Number.isNaN(b.altFt[0])).toBe(true);
  });

  it('prefers track over id over icao24 over callsign over flight for the id', () => {
    const r = readTrackBuffer('p.csv', 'flight,callsign,icao24,time,latitude,longitude\nF,C,abc123,0,1,2\n');
    expect(r.tracks[0].id).toBe('abc123');
    expect(r.tracks[0].label).toBe('C');
    const r2 = readTrackBuffer('p.csv', 'flight,callsign,timestamp,lat,lng\nF,C,0,1,2\n');
    expect(r2.tracks[0].id).toBe('C');
  });

  it('reads RFC 4180 quoted fields (delimiters, escaped quotes and line breaks inside quotes)', () => {
    const csv = 'id,time,lat,lon,label\n"A,1",0,1,2,"say ""hi""\nthere"\n"A,1",60,1.1,2,x\n';
    const r = readTrackBuffer('q.csv', csv);
    expect(r.problems).toEqual([]);
    expect(r.tracks[0].id).toBe('A,1');
    expect(r.tracks[0].label).toBe('say "hi"\nthere');
    expect(r.tracks[0].t.length).toBe(2);
  });

  it('reads semicolon-separated files with a BOM, and a file without an id column as one track', () => {
    const r = readTrackBuffer('dir/flight.csv', '\uFEFFtime;lat;lon\n0;1;2\n60;1.1;2\n');
    expect(r.tracks).toHaveLength(1);
    expect(r.tracks[0].id).toBe('flight');
  });

  it('applies the category and operator options over the data', () => {
    const r = readTrackBuffer('p.csv', 'id,time,lat,lon,category\nX,0,1,2,civil\n', {
      category: 'state',
      operator: 'CHN',
    });
    expect(r.tracks[0]).toMatchObject({ category: 'state', operator: 'CHN' });
  });

  it('reads gzip transparently, from a buffer and from a file', async () => {
    const csv = 'id,time,lat,lon\nX,0,1,2\nX,60,1.1,2\n';
    const gz = gzipSync(csv);
    expect(readTrackBuffer('x.csv.gz', gz).tracks[0].t.length).toBe(2);
    const dir = tmp;
    const file = path.join(dir, 'no-extension-hint.bin');
    writeFileSync(file, gz);
    const r = await readTrackFile(file);
    expect(r.tracks[0].t.length).toBe(2);
  });

  it('reports unreadable files as InputError: missing, corrupt gzip', async () => {
    await expect(readTrackFile('/nonexistent/x.csv')).rejects.toThrow(
      '/nonexistent/x.csv: cannot open: ENOENT',
    );
    const dir = tmp;
    const file = path.join(dir, 'broken.gz');
    writeFileSync(
      file,
      Buffer.concat([gzipSync('id,time,lat,lon\n').subarray(0, 12), Buffer.from('garbage')]),
    );
    await expect(readTrackFile(file)).rejects.toThrow(/broken\.gz: cannot read: /);
  });

  it('honours a forced format and rejects unknown format names', () => {
    expect(() => readTrackBuffer('x', 'id,time,lat,lon\nX,0,1,2\n', { format: 'gpx' })).toThrow(
      /not well-formed XML|no records/,
    );
    expect(() => readTrackBuffer('x', 'id,time,lat,lon\nX,0,1,2\n', { format: 'shapefile' })).toThrow(
      /unknown format 'shapefile'/,
    );
  });
});

describe('NDJSON', () => {
  it('parses one fix per line with the CSV field names (parseFixLine is exported for live mode)', () => {
    const line = '{"track":"A50-1","time":"2019-07-23T00:09:00Z","lat":37.4,"lon":131.7,"alt_ft":29000}';
    const p = parseFixLine(line);
    expect(p).toEqual({
      ok: true,
      fix: {
        track: 'A50-1',
        t: T0,
        lat: 37.4,
        lon: 131.7,
        altFt: 29000,
        label: null,
        icao24: null,
        category: null,
        operator: null,
      },
    });
    expect(parseFixLine('{"track":"A","time":"x","lat":1,"lon":2}')).toMatchObject({
      ok: false,
      field: 'time',
    });
    expect(parseFixLine('{"track":"A","time":0,"lat":1,"lon":200}')).toMatchObject({
      ok: false,
      field: 'lon',
    });
    expect(parseFixLine('{oops')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not valid JSON/),
    });
    const r = readTrackBuffer(
      'f.ndjson',
      `${line}\n${line.replace('00:09', '00:10').replace('37.4', '37.5')}\n`,
    );
    expect(detectFormat(line)).toBe('ndjson');
    expect(r.tracks[0].t.length).toBe(2);
    const array = `[${line},\n${line.replace('00:09', '00:11')}]`;
    expect(detectFormat(array)).toBe('ndjson');
    expect(readTrackBuffer('f.json', array).tracks[0].t.length).toBe(2);
  });
});

describe('GeoJSON', () => {
  it('reads LineStrings with per-vertex times; the 3rd coordinate is metres (RFC 7946)', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {
            id: 'A50-1',
            category: 'state',
            operator: 'RUS',
            times: ['2019-07-23T00:09:00Z', T0 + 60],
          },
          geometry: {
            type: 'LineString',
            coordinates: [
              [131.7, 37.4, 3048],
              [131.75, 37.38, 3048],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { callsign: 'TU95', times: [T0, T0 + 60], altitudes_ft: [30000, 30100] },
          geometry: {
            type: 'LineString',
            coordinates: [
              [131, 37, 1],
              [131.1, 37, 1],
            ],
          },
        },
      ],
    };
    const r = readTrackBuffer('g.geojson', JSON.stringify(fc));
    expect(r.problems).toEqual([]);
    const [a, b] = r.tracks;
    expect(a).toMatchObject({ id: 'A50-1', category: 'state', operator: 'RUS' });
    expect(a.altFt[0]).toBeCloseTo(3048 / FT_M, 3);
    expect(Array.from(a.t)).toEqual([T0, T0 + 60]);
    expect(Array.from(b.altFt)).toEqual([30000, 30100]);
  });

  it('groups Point features with properties.time by id, and reads MultiLineStrings', () => {
    const pts = [0, 1, 2].map((k) => ({
      type: 'Feature',
      properties: { track: 'P', time: iso(T0 + 60 * k), alt_ft: 1000 },
      geometry: { type: 'Point', coordinates: [130 + k * 0.01, 35] },
    }));
    const multi = {
      type: 'Feature',
      properties: { id: 'M', times: [[T0, T0 + 10], [T0 + 20]] },
      geometry: {
        type: 'MultiLineString',
        coordinates: [
          [
            [1, 1],
            [1.01, 1],
          ],
          [[1.02, 1]],
        ],
      },
    };
    const r = readTrackBuffer(
      'g.json',
      JSON.stringify({ type: 'FeatureCollection', features: [...pts, multi] }),
    );
    expect(r.tracks.map((t) => [t.id, t.t.length])).toEqual([
      ['P', 3],
      ['M', 3],
    ]);
  });
});

describe('OpenSky', () => {
  const header =
    'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact';
  it('uses lastposupdate as the fix time, merges repeated vectors, converts metres to feet', () => {
    const rows = [
      '1563840540,71c123,37.4,131.7,200,90,0,KAL123  ,False,False,False,1234,9000,9100,1563840539.5,1563840540',
      '1563840541,71c123,37.4,131.7,200,90,0,KAL123  ,False,False,False,1234,9000,9100,1563840539.5,1563840541',
      '1563840542,71c123,37.401,131.702,200,90,0,KAL123  ,False,False,False,1234,,9100,1563840541.9,1563840542',
      '1563840543,71c123,,,200,90,0,KAL123  ,False,False,False,1234,,,,1563840543',
    ];
    const csv = `${header}\n${rows.join('\n')}\n`;
    expect(detectFormat(csv)).toBe('opensky');
    const r = readTrackBuffer('states.csv', csv);
    const [t] = r.tracks;
    expect(t).toMatchObject({ id: 'KAL123', icao24: '71c123' });
    expect(Array.from(t.t)).toEqual([1563840539.5, 1563840541.9]);
    expect(t.altFt[0]).toBeCloseTo(9000 / FT_M, 3);
    expect(t.altFt[1]).toBeCloseTo(9100 / FT_M, 3); // geometric when barometric is missing
    expect(r.problems.map((p) => p.message)).toEqual([
      'state vector without a position',
      '1 state vector(s) repeated an earlier position (same lastposupdate) and were merged',
    ]);
    expect(r.problems[0]).toMatchObject({ line: 5, field: 'lat' });
  });

  it('reads the REST /states/all JSON (lon before lat)', () => {
    const doc = {
      time: 1563840600,
      states: [
        [
          '71c123',
          'KAL123  ',
          'Republic of Korea',
          1563840599,
          1563840600,
          131.7,
          37.4,
          9000,
          false,
          200,
          90,
          0,
          null,
          9100,
          '1234',
          false,
          0,
        ],
        [
          '71c124',
          '',
          'Republic of Korea',
          null,
          1563840600,
          null,
          null,
          null,
          true,
          0,
          0,
          0,
          null,
          null,
          null,
          false,
          0,
        ],
      ],
    };
    const r = readTrackBuffer('states.json', JSON.stringify(doc));
    expect(r.tracks).toHaveLength(1);
    expect(r.tracks[0]).toMatchObject({ id: 'KAL123' });
    expect(r.tracks[0].lat[0]).toBe(37.4);
    expect(r.tracks[0].lon[0]).toBe(131.7);
    expect(r.problems[0].message).toBe('record 2: state vector without a position');
  });
});

describe('readsb aircraft.json and ADS-B Exchange v2', () => {
  const aircraft = [
    { hex: 'ae1234', flight: 'RCH123  ', alt_baro: 30000, lat: 37.4, lon: 131.7, seen_pos: 2.5, dbFlags: 1 },
    { hex: '71c123', flight: 'KAL1 ', alt_baro: 'ground', lat: 37.5, lon: 126.4, seen_pos: 0.1 },
    { hex: '780abc', alt_baro: 12000 },
  ];
  it('aircraft.json: fix time is now - seen_pos; dbFlags & 1 → state; "ground" → unknown altitude', () => {
    const r = readTrackBuffer('aircraft.json', JSON.stringify({ now: 1563840600, messages: 1, aircraft }));
    expect(detectFormat(JSON.stringify({ now: 1, aircraft: [] }))).toBe('readsb-aircraft');
    expect(r.records).toBe(3);
    const [a, b] = r.tracks;
    expect(a).toMatchObject({ id: 'RCH123', icao24: 'ae1234', category: 'state' });
    expect(a.t[0]).toBe(1563840597.5);
    expect(b.category).toBe('unknown');
    expect(Number.isNaN(b.altFt[0])).toBe(true);
  });

  it('ADS-B Exchange v2: ac[] with now in milliseconds', () => {
    const json = JSON.stringify({ ac: aircraft, msg: 'No error', now: 1563840600000, total: 3 });
    expect(detectFormat(json)).toBe('adsbx');
    const r = readTrackBuffer('adsbx.json', json);
    expect(r.tracks[0].t[0]).toBe(1563840597.5);
  });
});

describe('KML and GPX', () => {
  it('reads gx:Track, a LineString with a TimeSpan, and timed Points (heights in metres)', () => {
    const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"><Document>
<Placemark><name>A50-1</name><gx:Track><when>2019-07-23T00:09:00Z</when><when>2019-07-23T00:10:00Z</when>
<gx:coord>131.7 37.4 3048</gx:coord><gx:coord>131.75 37.38 3048</gx:coord></gx:Track></Placemark>
<Placemark><name>route</name><TimeSpan><begin>2019-07-23T00:00:00Z</begin><end>2019-07-23T00:02:00Z</end></TimeSpan>
<LineString><coordinates>130,37,0 130.1,37,0 130.3,37,0</coordinates></LineString></Placemark>
</Document></kml>`;
    expect(detectFormat(kml)).toBe('kml');
    const r = readTrackBuffer('t.kml', kml);
    const [a, b] = r.tracks;
    expect(a.id).toBe('A50-1');
    expect(Array.from(a.t)).toEqual([T0, T0 + 60]);
    expect(a.altFt[0]).toBeCloseTo(10000, 0);
    // TimeSpan spread by geodesic distance: the middle vertex is a third of the way.
    expect(b.id).toBe('route');
    expect(b.t[1] - b.t[0]).toBeCloseTo(40, 3);
  });

  it('reads GPX trk points with time and ele', () => {
    const gpx = `<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>T1</name><trkseg>
<trkpt lat="37.4" lon="131.7"><ele>3048</ele><time>2019-07-23T00:09:00Z</time></trkpt>
<trkpt lat="37.38" lon="131.75"><ele>3048</ele><time>2019-07-23T00:10:00Z</time></trkpt></trkseg></trk></gpx>`;
    expect(detectFormat(gpx)).toBe('gpx');
    const r = readTrackBuffer('t.gpx', gpx);
    expect(r.tracks[0]).toMatchObject({ id: 'T1' });
    expect(Array.from(r.tracks[0].lat)).toEqual([37.4, 37.38]);
  });
});

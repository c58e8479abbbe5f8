/**
 * Bad input for every reader: malformed records, missing columns, NaN and out-of-range
 * coordinates, times going backwards, empty files. Good records survive; every bad one is named
 * by file, line (or record/point) and field.
 */
import { describe, expect, it } from 'vitest';
import { readTrackBuffer, TRACK_FORMATS } from '../../src/tracks/read.js';
import { type Diagnostic, InputError } from '../../src/tracks/track.js';

/** [line number or "record N"/"point N" prefix, field, message pattern] */
type Expect = [number | string, string | undefined, RegExp];

interface Case {
  format: string;
  text: string;
  fixes: number;
  problems: Expect[];
}

const T = (m: number) => `2019-07-23T00:${String(m).padStart(2, '0')}:00Z`;
const S = (m: number) => 1563840000 + 60 * m;

const cases: Case[] = [
  {
    format: 'csv',
    text: [
      'id,time,lat,lon,alt_ft',
      `A,${T(0)},35,130,1000`,
      'A,garbage,35,130.1,1000',
      `A,${T(2)},95,130.2,1000`,
      `A,${T(3)},35,abc,1000`,
      `A,${T(4)}`,
      `A,${T(5)},35,190,1000`,
      `A,${T(6)},35,130.6,1000`,
      `A,${T(1)},35,130.1,1000`,
    ].join('\n'),
    fixes: 3,
    problems: [
      [3, 'time', /time "garbage" is not an ISO 8601 time or epoch seconds/],
      [4, 'lat', /latitude 95 is outside \[-90, 90\]/],
      [5, 'lon', /longitude "abc" is not a number/],
      [6, 'lat', /row has 2 field\(s\)/],
      [7, 'lon', /longitude 190 is outside \[-180, 180\] \(longitudes are not normalised\)/],
      [9, 'time', /earlier than the fix before them.*sorted by time/],
    ],
  },
  {
    format: 'ndjson',
    text: [
      `{"track":"A","time":"${T(0)}","lat":35,"lon":130}`,
      '{"track":"A","time":"x","lat":35,"lon":130.1}',
      '{"track":"A", oops',
      `{"track":"A","time":"${T(2)}","lat":null,"lon":130.2}`,
      `{"track":"A","time":"${T(3)}","lat":35,"lon":-181}`,
      `{"time":"${T(3)}","lat":35,"lon":130}`,
      `{"track":"A","time":"${T(5)}","lat":35,"lon":130.5}`,
      `{"track":"A","time":"${T(1)}","lat":35,"lon":130.1}`,
    ].join('\n'),
    fixes: 3,
    problems: [
      [2, 'time', /time "x" is not/],
      [3, undefined, /not valid JSON/],
      [4, 'lat', /latitude is missing/],
      [5, 'lon', /longitude -181 is outside/],
      [6, 'track', /track id is missing/],
      [8, 'time', /sorted by time/],
    ],
  },
  {
    format: 'geojson',
    text: JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'A', times: [T(0), 'bad', T(2), T(3), T(4), T(1)] },
          geometry: {
            type: 'LineString',
            coordinates: [
              [130, 35],
              [130.1, 35],
              [130.2, 'x'],
              [230, 35],
              [130.4, 35],
              [130.1, 35],
            ],
          },
        },
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [] } },
        { type: 'Feature', properties: { id: 'B' }, geometry: { type: 'LineString', coordinates: [[1, 1]] } },
      ],
    }),
    fixes: 3,
    problems: [
      ['point 2', 'features[0].properties.times[1]', /time "bad" is not/],
      ['point 3', 'features[0].geometry.coordinates[2][1]', /latitude "x" is not a number/],
      ['point 4', 'features[0].geometry.coordinates[3][0]', /longitude 230 is outside/],
      ['point 7', 'features[1].geometry.type', /"Polygon" is not a track/],
      ['point 8', 'features[2].properties.times', /has no time/],
      ['point 6', 'time', /sorted by time/],
    ],
  },
  {
    format: 'opensky',
    text: [
      'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact',
      `${S(0)},abc123,35,130,1,1,1,X,False,False,False,,1000,,${S(0)},${S(0)}`,
      `${S(1)},abc123,95,130.1,1,1,1,X,False,False,False,,1000,,${S(1)},${S(1)}`,
      `${S(2)},abc123,35,130.2,1,1,1,X,False,False,False,,1000,,,`,
      `nope,abc123,35,130.3,1,1,1,X,False,False,False,,1000,,,`,
      `${S(4)},abc123`,
      `${S(5)},,35,130,1,1,1,X,False,False,False,,1000,,,`,
    ].join('\n'),
    fixes: 2,
    problems: [
      [3, 'lat', /latitude 95 is outside/],
      [5, 'time', /time "nope" is not/],
      [6, 'lon', /row has 2 field/],
      [7, 'icao24', /icao24 is empty/],
    ],
  },
  {
    format: 'readsb-trace',
    text: JSON.stringify({
      icao: 'abc123',
      timestamp: S(0),
      trace: [
        [0, 35, 130, 1000, 0, 0, 0, 0, { flight: 'X1' }],
        [60, 'n', 130.1, 'ground'],
        'row',
        [120, 35, 181, 1000],
        [180, 35, 130.3, null],
        [30, 35, 130.05, 1000],
      ],
    }),
    fixes: 3,
    problems: [
      ['record 2', 'trace[1]', /latitude "n" is not a number/],
      ['record 3', 'trace', /not an array/],
      ['record 4', 'trace[2]', /longitude 181 is outside/],
      ['record 6', 'time', /sorted by time/],
    ],
  },
  {
    format: 'readsb-aircraft',
    text: JSON.stringify({
      now: S(5),
      aircraft: [
        { hex: 'a1', lat: 35, lon: 130, seen_pos: 1 },
        { hex: 'a2', lat: -91, lon: 130, seen_pos: 1 },
        { lat: 35, lon: 130 },
        { hex: 'a3', lat: 35, lon: 'east', seen_pos: 1 },
      ],
    }),
    fixes: 1,
    problems: [
      ['record 2', 'lat', /latitude -91 is outside/],
      ['record 3', 'hex', /without hex/],
      ['record 4', 'lon', /longitude "east" is not a number/],
    ],
  },
  {
    format: 'adsbx',
    text: [
      'year,month,date,hour,minute,second,hex,flight,t,alt_baro,lat,lon,track',
      '2025,04,01,00,00,00,899046,CAL1  ,B738,1000,25,121,1',
      '2025,13,01,00,01,00,899046,CAL1  ,B738,1000,25,121.01,1',
      '2025,04,01,00,02,00,899046,CAL1  ,B738,ground,,121.02,1',
      '2025,04,01,00,03,00,899046,CAL1',
      '2025,04,01,00,04,00,899046,CAL1  ,B738,ground,25,121.04,1',
      '2025,04,01,00,00,30,899046,CAL1  ,B738,1000,25,121.005,1',
    ].join('\n'),
    fixes: 3,
    problems: [
      [3, 'second', /time "2025 13 01 00 01 00" is not/],
      [4, 'lat', /latitude is missing/],
      [5, 'lon', /row has 8 field/],
      [7, 'time', /sorted by time/],
    ],
  },
  {
    format: 'fr24-json',
    text: JSON.stringify({
      result: {
        response: {
          data: {
            flight: {
              identification: { callsign: 'X1' },
              track: [
                { latitude: 35, longitude: 130, altitude: { feet: 1000 }, timestamp: S(0) },
                { latitude: 35, longitude: 130.1, altitude: { feet: 1000 } },
                { latitude: 135, longitude: 130.2, altitude: { feet: 1000 }, timestamp: S(2) },
                { latitude: 35, longitude: 130.3, altitude: { feet: 1000 }, timestamp: S(3) },
              ],
            },
          },
        },
      },
    }),
    fixes: 2,
    problems: [
      ['record 2', 'timestamp', /time is missing/],
      ['record 3', 'latitude', /latitude 135 is outside/],
    ],
  },
  {
    format: 'fr24-csv',
    text: [
      'Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction',
      `${S(0)},${T(0)},X1,"35,130",1000,400,90`,
      `${S(1)},${T(1)},X1,"35 130",1000,400,90`,
      `${S(2)},${T(2)},X1,"35,1300",1000,400,90`,
      `${S(3)},${T(3)},X1,"35,130.3",1000,400,90`,
    ].join('\n'),
    fixes: 2,
    problems: [
      [3, 'position', /position "35 130" is not "lat,lon"/],
      [4, 'position', /longitude 1300 is outside/],
    ],
  },
  {
    format: 'fr24-granular',
    text: [
      'network_time,receiver_time,hex,callsign,latitude,longitude,no_position,altitude,squawk,speed,track,vspeed,on_ground,flags,position_class,,,',
      '2024-01-02 07:41:03Z.515,x,0x8467d8,JAL516,41.57648,141.66208,P,26650,416,401,192,1728,A,4,ADS-B,P:8,MACH:756,',
      '2024-01-02 07:41:04Z.884,x,0x8467d8,,0,0,N,26675,0,401,192,1728,N,2,ADS-B,P:8,',
      '2024-01-02 25:41:05Z.000,x,0x8467d8,JAL516,41.57,141.66,P,26650,416,401,192,1728,A,4,ADS-B',
      '2024-01-02 07:41:06Z.000,x,0x8467d8,JAL516,41.57,141.66',
      '2024-01-02 07:41:07Z.000,x,0x8467d8,JAL516,41.5701,141.6601,P,26650',
      '2024-01-02 07:41:08Z.000,x,0x8467d8,JAL516,41.5702,141.6602,N,26650',
    ].join('\n'),
    fixes: 3,
    problems: [
      [3, 'latitude', /no position/],
      [4, 'network_time', /time "2024-01-02 25:41:05Z.000" is not/],
      [7, 'no_position', /stale position/],
    ],
  },
  {
    format: 'traffic-json',
    text: JSON.stringify([
      {
        timestamp: S(0) * 1000,
        icao24: 'abc123',
        callsign: 'X1',
        latitude: 35,
        longitude: 130,
        altitude: 1000,
      },
      {
        timestamp: 'yesterday',
        icao24: 'abc123',
        callsign: 'X1',
        latitude: 35,
        longitude: 130.1,
        altitude: 1000,
      },
      {
        timestamp: S(2) * 1000,
        icao24: 'abc123',
        callsign: 'X1',
        latitude: null,
        longitude: null,
        altitude: 1000,
      },
      7,
      {
        timestamp: S(4) * 1000,
        icao24: 'abc123',
        callsign: 'X1',
        latitude: 35,
        longitude: 'NaN',
        altitude: 1000,
      },
      {
        timestamp: S(3) * 1000,
        icao24: 'abc123',
        callsign: 'X1',
        latitude: 35,
        longitude: 130.3,
        altitude: 1000,
      },
      {
        timestamp: S(1) * 1000,
        icao24: 'abc123',
        callsign: 'X1',
        latitude: 35,
        longitude: 130.1,
        altitude: 1000,
      },
    ]),
    fixes: 3,
    problems: [
      ['record 2', 'timestamp', /time "yesterday" is not/],
      ['record 3', 'latitude', /record without a position/],
      ['record 4', undefined, /not an object/],
      ['record 5', 'longitude', /longitude "NaN" is not a number/],
      ['record 7', 'time', /sorted by time/],
    ],
  },
  {
    format: 'kml',
    text: `<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"><Document>
<Placemark><name>A</name><gx:Track><when>${T(0)}</when><when>not a time</when><when>${T(2)}</when>
<gx:coord>130 35 0</gx:coord><gx:coord>130.1 35 0</gx:coord><gx:coord>130.2 35 0</gx:coord></gx:Track></Placemark>
<Placemark><name>B</name><LineString><coordinates>1,1 1.1,1</coordinates></LineString></Placemark>
</Document></kml>`,
    fixes: 2,
    problems: [
      ['point 2', 'features[0].properties.times[1]', /time "not a time" is not/],
      ['point 4', 'features[1].properties.times', /vertex 0 has no time/],
      ['point 5', 'features[1].properties.times', /vertex 1 has no time/],
    ],
  },
  {
    format: 'gpx',
    text: `<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>T</name><trkseg>
<trkpt lat="35" lon="130"><time>${T(0)}</time></trkpt>
<trkpt lat="35" lon="130.1"><time>soon</time></trkpt>
<trkpt lat="35" lon="130.2"><time>${T(2)}</time></trkpt></trkseg></trk></gpx>`,
    fixes: 2,
    problems: [['point 2', 'features[0].properties.times[1]', /time "soon" is not/]],
  },
];

cases.push({
  format: 'report-track',
  text: `track,time,lat,lon,from,bearing,distance,uncertainty,operator,category
A50,2019-07-23T00:00:00Z,37.5,132.0,,,,1 NM,RUS,state
A50,2019-07-23T00:10:00Z,,,Nowhere Island,N,10 NM,1 NM,RUS,state
A50,2019-07-23T00:20:00Z,,,Ulleungdo,E,20 NM,1 NM,RUS,state
`,
  fixes: 2,
  problems: [[3, 'line 3.from', /no feature 'Nowhere Island' in the gazetteer/]],
});

function matches(d: Diagnostic, [where, field, re]: Expect): boolean {
  const placed =
    typeof where === 'number' ? d.line === where : d.line === undefined && d.message.startsWith(`${where}: `);
  return placed && d.field === field && re.test(d.message);
}

describe('bad input, per reader', () => {
  it('covers every format', () => {
    expect(new Set(cases.map((c) => c.format))).toEqual(new Set(TRACK_FORMATS));
  });

  it.each(cases.map((c) => [c.format, c]))('%s: good records kept, each bad one named', (_f, c) => {
    const name = `bad.${c.format}`;
    for (const format of [c.format, undefined]) {
      const r = readTrackBuffer(name, c.text, { format });
      expect(r.tracks.reduce((a, t) => a + t.t.length, 0)).toBe(c.fixes);
      for (const p of r.problems) expect(p.file).toBe(name);
      for (const e of c.problems) {
        const found = r.problems.some((d) => matches(d, e));
        if (!found) throw new Error(`no problem ${String(e)} among ${JSON.stringify(r.problems, null, 1)}`);
      }
      expect(r.problems).toHaveLength(c.problems.length);
    }
  });

  it.each(TRACK_FORMATS.map((f) => [f]))('%s: an empty file is an InputError naming the file', (format) => {
    expect(() => readTrackBuffer('empty.dat', '', { format })).toThrow(InputError);
    expect(() => readTrackBuffer('empty.dat', '', { format })).toThrow(/^empty\.dat/);
  });

  it('an empty or unrecognised file without a forced format', () => {
    expect(() => readTrackBuffer('e.csv', '')).toThrow('e.csv: empty file');
    expect(() => readTrackBuffer('e.csv', Buffer.from([0x1f, 0x8b, 1, 2]))).toThrow(
      /e\.csv: corrupt gzip data/,
    );
    expect(() => readTrackBuffer('w.txt', 'hello,world\n1,2\n')).toThrow(
      /w\.txt, line 1: unrecognised track format/,
    );
  });

  it.each([
    [
      'csv',
      'id,time,lat\nA,0,1\n',
      /line 1, field 'lon': missing column 'lon' \(expected one of lon, lng, longitude/,
    ],
    ['opensky', 'time,icao24,lat,velocity\n', /field 'lon': missing column 'lon'/],
    ['adsbx', 'hex,lat,lon,alt_baro\nabc,1,2,3\n', /field 'year': missing time columns/],
    ['fr24-csv', 'Timestamp,UTC,Callsign,Altitude\n', /field 'position': missing column 'position'/],
    ['fr24-granular', 'network_time,hex,latitude\n', /field 'longitude': missing column 'longitude'/],
  ])('%s: a missing column is an InputError naming it', (format, text, re) => {
    expect(() => readTrackBuffer('m.csv', text, { format })).toThrow(re);
  });

  it('a file where no record is usable is an InputError that says why', () => {
    expect(() => readTrackBuffer('n.csv', 'id,time,lat,lon\nA,x,1,2\nA,y,1,2\n')).toThrow(
      /n\.csv: none of 2 record\(s\) gave a usable fix \(2 problem\(s\); first: line 2, time "x"/,
    );
  });

  it('invalid JSON names the line', () => {
    expect(() =>
      readTrackBuffer('j.json', '[\n{"timestamp": 1,\n "latitude": }\n]', { format: 'traffic-json' }),
    ).toThrow(/j\.json, line 3: not valid JSON/);
  });
});

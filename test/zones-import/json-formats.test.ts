import { describe, expect, it } from 'vitest';
import {
  importDmsJson,
  importGenericGeoJson,
  importTrafficAirspace,
} from '../../src/zones/generic-geojson.js';
import { zonesToFeatureCollection } from '../../src/zones/geojson.js';
import { importZoneFile, importZoneText } from '../../src/zones/import.js';
import { outerRing, realBytes, realPath, zoneViolation } from './helpers.js';

const json = (...p: string[]) => JSON.parse(realBytes(...p).toString('utf8'));

describe('generic GeoJSON', () => {
  it('reads the EUROCONTROL-derived FIR/UIR file with FL limits (999 = unlimited)', () => {
    const r = importGenericGeoJson(
      'flightmap_europe_fir_uir_ec_only.json',
      json('jaluebbe-FlightMapEuropeSimple', 'flightmap_europe_fir_uir_ec_only.json'),
    );
    expect(r.problems).toEqual([]);
    expect(r.zones.length).toBe(78);
    const ehaa = r.zones.find((z) => z.id === 'EHAAFIR');
    expect(ehaa).toMatchObject({
      name: 'AMSTERDAM FIR',
      kind: 'fir',
      floorFt: null,
      ceilingFt: null,
      state: 'UNK',
    });
    const lfbb = r.zones.find((z) => z.id === 'LFBBFIR');
    expect(lfbb).toMatchObject({ kind: 'fir', floorFt: null, ceilingFt: 19500 });
    const eburuir = r.zones.find((z) => z.id === 'EBURUIR');
    expect(eburuir).toMatchObject({ kind: 'fir', floorFt: 19500, ceilingFt: null });
    for (const z of r.zones) expect(zoneViolation(z), z.id).toBeNull();
  });

  it('reads VATSpy boundaries as FIRs with unique ids although ids repeat', () => {
    const r = importGenericGeoJson(
      'Boundaries.geojson',
      json('vatsimnetwork-vatspy-data-project', 'Boundaries.geojson'),
    );
    expect(r.zones.length).toBe(1102);
    expect(new Set(r.zones.map((z) => z.id)).size).toBe(1102);
    expect(r.zones.filter((z) => z.id.startsWith('ZBAA')).length).toBeGreaterThanOrEqual(2);
    const rkrr = r.zones.find((z) => z.id === 'RKRR');
    expect(rkrr?.kind).toBe('fir');
    for (const z of r.zones) expect(zoneViolation(z), z.id).toBeNull();
  });

  it('names feature and field of bad features and reads the rest', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: 'A' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { name: 'B' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 'x'],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { name: 'C', MAX_FLIGHT: 'high' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        },
        { type: 'Feature', properties: { name: 'P' }, geometry: { type: 'Point', coordinates: [0, 0] } },
      ],
    };
    const r = importGenericGeoJson('g.json', fc);
    expect(r.zones.map((z) => z.name)).toEqual(['A']);
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        file: 'g.json',
        field: 'features[1].geometry',
        message: expect.stringMatching(/position 1 is not \[lon, lat\]/),
      }),
    );
    expect(r.problems).toContainEqual(
      expect.objectContaining({ field: 'features[2].properties.MAX_FLIGHT' }),
    );
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        message: expect.stringMatching(/1 feature\(s\) with Point geometry skipped/),
      }),
    );
  });
});

describe('traffic airspace JSON', () => {
  it('makes one zone per stacked layer of LFBOTMA (FL0–65, 65–115, 115–145)', () => {
    const r = importTrafficAirspace('LFBOTMA.json', json('xoolive-traffic', 'airspaces', 'LFBOTMA.json'));
    expect(r.problems).toEqual([]);
    expect(r.zones.map((z) => [z.id, z.floorFt, z.ceilingFt])).toEqual([
      ['SIV-TOULOUSE-1', null, 6500],
      ['SIV-TOULOUSE-2', 6500, 11500],
      ['SIV-TOULOUSE-3', 11500, 14500],
    ]);
    expect(r.zones.map((z) => outerRing(z).lat.length)).toEqual([49, 45, 48]); // 50/46/49 positions, closed
    expect(r.zones[0].extra).toMatchObject({ type: 'AUA', lowerFL: 0, upperFL: 65 });
  });

  it('reports a bad layer by index and field', () => {
    const r = importTrafficAirspace('t.json', {
      name: 'X',
      shapes: [
        { lower: 'a', upper: 10, polygon: null },
        {
          lower: 0,
          upper: 10,
          polygon: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
              ],
            ],
          },
        },
      ],
    });
    expect(r.zones.length).toBe(1);
    expect(r.problems[0]).toMatchObject({ file: 't.json', field: 'shapes[0].lower' });
  });
});

describe('DMS vertex lists (Flight-Spotter)', () => {
  it('reads the Taiwan ADIZ vertices as published', () => {
    const r = importDmsJson('Taiwan_ADIZ.json', json('LunaticGhoulPiano-Flight-Spotter', 'Taiwan_ADIZ.json'));
    expect(r.problems).toEqual([]);
    const z = r.zones[0];
    expect(z).toMatchObject({ id: 'TAIWAN-ADIZ', kind: 'adiz', state: 'TWN', claimants: ['TWN'] });
    const ring = outerRing(z);
    const lonLat = [...ring.lat].map((lat, i) => [ring.lon[i], lat]);
    expect(lonLat).toEqual([
      [117.5, 21],
      [121.5, 21],
      [123, 22.5],
      [123, 29],
      [117.5, 29],
    ]);
  });

  it('reads the 49 decimal-second vertices of the Taiwan outline', () => {
    const r = importDmsJson(
      'Taiwan_manual_edges.json',
      json('LunaticGhoulPiano-Flight-Spotter', 'Taiwan_manual_edges.json'),
    );
    const ring = outerRing(r.zones[0]);
    expect(ring.lat.length).toBe(49);
    expect(ring.lat[0]).toBeCloseTo(25 + 17 / 60 + 58.7 / 3600, 12);
    expect(ring.lon[0]).toBeCloseTo(121 + 32 / 60 + 13.1 / 3600, 12);
  });

  it('names the vertex and field that is not a coordinate', () => {
    const r = importDmsJson('x.json', [
      { latitude: '21°00\'00"N', longitude: '117°30\'00"E' },
      { latitude: '21°00\'00"Q', longitude: '121°30\'00"E' },
      { latitude: '22°30\'00"N', longitude: '123°00\'00"E' },
      { latitude: '29°00\'00"N', longitude: '123°00\'00"E' },
    ]);
    expect(r.problems[0]).toMatchObject({ file: 'x.json', field: '[1].latitude' });
    expect(outerRing(r.zones[0]).lat.length).toBe(3);
  });
});

describe('format detection (importZoneFile)', () => {
  it.each([
    [['glide-rs-openair-rs', 'Germany_Border.txt'], 11, 'openair'],
    [['aixm-Donlon_2025', 'Donlon_Airspace.xml'], 68, 'aixm'],
    [['jaluebbe-FlightMapEuropeSimple', 'flightmap_europe_fir_uir_ec_only.json'], 78, 'geojson'],
    [['xoolive-traffic', 'airspaces', 'LFBOTMA.json'], 3, 'traffic'],
    [['LunaticGhoulPiano-Flight-Spotter', 'Taiwan_ADIZ.json'], 1, 'dms-json'],
  ])('%j → %i zones (%s)', async (parts, count, format) => {
    const r = await importZoneFile(realPath(...parts));
    expect(r.zones.length).toBe(count);
    expect(r.zones[0].extra?.format).toBe(format);
  });

  it('detects our zone file: imported zones written as a zone file read back unchanged', async () => {
    for (const parts of [
      ['aixm-Donlon_2025', 'Donlon_Airspace.xml'],
      ['xoolive-traffic', 'airspaces', 'LFBOTMA.json'],
    ]) {
      const r = await importZoneFile(realPath(...parts));
      const back = importZoneText('back.geojson', JSON.stringify(zonesToFeatureCollection(r.zones)));
      expect(back.problems).toEqual([]);
      expect(back.zones.map((z) => [z.id, z.kind, z.floorFt, z.ceilingFt, z.geometry.type])).toEqual(
        r.zones.map((z) => [z.id, z.kind, z.floorFt, z.ceilingFt, z.geometry.type]),
      );
    }
  });

  it('reports unreadable, unknown and broken JSON inputs', async () => {
    const missing = await importZoneFile(realPath('no-such-file.txt'));
    expect(missing.problems[0].message).toMatch(/cannot read/);
    expect(importZoneText('a.bin', Buffer.from([0, 1, 2, 3])).problems[0].message).toMatch(
      /unrecognised zone format/,
    );
    expect(importZoneText('a.json', '{"type": ').problems[0].message).toMatch(/not valid JSON/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseZoneFile, zonesToFeatureCollection } from '../../src/zones/geojson.js';

const good = {
  type: 'Feature',
  properties: {
    id: 'OK',
    kind: 'adiz',
    state: 'KOR',
    claimants: ['KOR'],
    validFrom: '2013-12-15T05:00:00Z',
    validTo: null,
    floorFt: null,
    ceilingFt: null,
    rules: { appliesTo: 'all', requires: ['flight-plan'] },
    source: { title: 'a source', url: 'https://example.org', retrieved: '2026-11-29', licence: 'CC0' },
    edges: ['geodesic', 'rhumb', 'geodesic', 'geodesic'],
  },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [124, 30],
        [125, 30],
        [125, 31],
        [124, 31],
        [124, 30],
      ],
    ],
  },
};

function withProps(p: Record<string, unknown>, geometry: unknown = good.geometry) {
  return { ...good, properties: { ...good.properties, ...p }, geometry };
}

describe('zone file', () => {
  it('reads a valid zone with per-edge rules and round-trips through export', () => {
    const text = JSON.stringify({ type: 'FeatureCollection', features: [good] });
    const { zones, problems } = parseZoneFile('z.geojson', text);
    expect(problems).toEqual([]);
    expect(zones[0].geometry.type).toBe('polygon');
    const again = parseZoneFile('again', JSON.stringify(zonesToFeatureCollection(zones)));
    expect(again.problems).toEqual([]);
    expect(again.zones[0]).toEqual(zones[0]);
  });

  it('names the feature and field of every bad zone and keeps the good ones', () => {
    const features = [
      good,
      withProps({ id: 'BADKIND', kind: 'sovereign' }),
      withProps({ id: 'BADSTATE', state: 'Korea' }),
      withProps({ id: 'BADTIME', validFrom: 'yesterday' }),
      withProps({ id: 'BADEDGES', edges: ['geodesic'] }),
      withProps(
        { id: 'BADLAT' },
        {
          type: 'Polygon',
          coordinates: [
            [
              [124, 30],
              [125, 95],
              [125, 31],
              [124, 30],
            ],
          ],
        },
      ),
      withProps({ id: 'OK', kind: 'adiz' }),
      withProps({ id: 'BADBUF', buffer: { distanceNm: -1 } }),
      withProps({ id: 'LIMITS', floorFt: 5000, ceilingFt: 1000 }),
    ];
    const { zones, problems } = parseZoneFile(
      'bad.geojson',
      JSON.stringify({ type: 'FeatureCollection', features }),
    );
    expect(zones.map((z) => z.id)).toEqual(['OK']);
    const fields = problems.map((p) => p.field);
    expect(fields).toEqual([
      'features[1] (BADKIND).properties.kind',
      'features[2] (BADSTATE).properties.state',
      'features[3] (BADTIME).properties.validFrom',
      'features[4] (BADEDGES).properties.edges',
      'features[5] (BADLAT).geometry.coordinates[0][1]',
      'features[6] (OK).properties.id',
      'features[7] (BADBUF).properties.buffer.distanceNm',
      'features[8] (LIMITS).properties.ceilingFt',
    ]);
    for (const p of problems) {
      expect(p.file).toBe('bad.geojson');
      expect(p.message).toMatch(/expected|duplicate/);
    }
  });

  it('rejects what is not a FeatureCollection, saying what was expected', () => {
    expect(parseZoneFile('x', '{').problems[0].message).toMatch(/not valid JSON/);
    expect(parseZoneFile('x', '{"type":"Feature"}').problems[0].message).toMatch(/FeatureCollection/);
  });
});

import { describe, expect, it } from 'vitest';
import { distanceM, inverse, NM_M } from '../../src/geo/geodesic.js';
import { importAixm } from '../../src/zones/aixm.js';
import { EDGE_GEODESIC, EDGE_RHUMB, type Zone } from '../../src/zones/zone.js';
import { contributor, message, SQUARE, surface, volume } from './aixm-fixture.js';
import { outerRing, realBytes, zoneViolation } from './helpers.js';

const donlon = () =>
  importAixm('Donlon_Airspace.xml', realBytes('aixm-Donlon_2025', 'Donlon_Airspace.xml').toString('utf8'));
const byId = (zones: Zone[], id: string): Zone => {
  const z = zones.find((q) => q.id === id);
  if (!z) throw new Error(`no zone ${id}`);
  return z;
};

describe('AIXM 5.1 Donlon sample', () => {
  const r = donlon();

  it('yields the 60 airspaces, exactly one ADIZ, without problems', () => {
    expect(r.problems).toEqual([]);
    const airspaces = new Set(r.zones.map((z) => z.extra?.uuid));
    expect(airspaces.size).toBe(60);
    expect(new Set(r.zones.map((z) => z.extra?.airspace ?? z.id)).size).toBe(60);
    const adiz = r.zones.filter((z) => z.kind === 'adiz');
    expect(adiz.map((z) => z.id)).toEqual(['EAZ1-ADIZ']);
    expect(adiz[0].name).toBe('AMSWELL ADIZ SOUTH');
    expect(adiz[0].rules.appliesTo).toBe('all');
    for (const z of r.zones) expect(zoneViolation(z), z.id).toBeNull();
    expect(new Set(r.zones.map((z) => z.id)).size).toBe(r.zones.length);
  });

  it('reads validity, type, limits with their units', () => {
    const fir = byId(r.zones, 'EAAD-FIR');
    expect(fir).toMatchObject({
      kind: 'fir',
      name: 'AMSWELL FIR',
      validFrom: '2025-11-01T00:00:00Z',
      validTo: null,
      floorFt: null,
      ceilingFt: null,
    });
    const uir = byId(r.zones, 'KAAD-UIR');
    expect(uir).toMatchObject({ kind: 'fir', floorFt: 18000, ceilingFt: null }); // FL180 – UNL
    // UIR = horizontal projection of KAAD FIR with its own limits: same outline.
    const fr = outerRing(byId(r.zones, 'KAAD-FIR'));
    expect([...outerRing(uir).lat]).toEqual([...fr.lat]);
    const bravo = byId(r.zones, 'EAR1-R');
    expect(bravo.ceilingFt).toBeCloseTo(1525 / 0.3048, 9); // 1525 M SFC
    expect(bravo.extra?.ceilingRef).toBe('AGL');
    expect(byId(r.zones, 'EADD-TMA')).toMatchObject({ floorFt: 3000, ceilingFt: 24500 });
  });

  it('makes CircleByCenterPoint a buffer with the radius in metres (15 NM = 27 780 m)', () => {
    const g = byId(r.zones, 'EAP2-P').geometry;
    if (g.type !== 'buffer') throw new Error('expected buffer');
    expect(g.distanceNm * NM_M).toBeCloseTo(27780, 9);
    expect(g.baseline.points).toEqual([[52.36666667, -22.1]]);
  });

  it('densifies ArcByCenterPoint on the 25 NM geodesic circle between its published end points', () => {
    const ring = outerRing(byId(r.zones, 'EAR1-R'));
    const c = [55.2333333333333, -36.166666666666664];
    // Published: centre, then the arc start (bearing 270), the arc, its end (bearing 137), back to the centre.
    expect([ring.lat[0], ring.lon[0]]).toEqual([55.23333333, -36.16666667]);
    expect([ring.lat[1], ring.lon[1]]).toEqual([55.23116373, -36.89437338]);
    const n = ring.lat.length;
    expect([ring.lat[n - 1], ring.lon[n - 1]]).toEqual([54.92816351, -35.67411607]);
    for (let i = 2; i < n - 1; i++)
      expect(Math.abs(distanceM(c[0], c[1], ring.lat[i], ring.lon[i]) - 25 * NM_M)).toBeLessThan(1e-6);
    // Increasing angles: clockwise from west through north to 137°.
    const north = inverse(c[0], c[1], ring.lat[Math.floor(n / 3)], ring.lon[Math.floor(n / 3)]).azi1;
    expect(north).toBeGreaterThan(-90);
    expect(north).toBeLessThan(137);
    expect([...ring.edges].every((e) => e === EDGE_GEODESIC)).toBe(true);
  });

  it('makes LineStringSegment edges rhumb lines and GeodesicString edges geodesics', () => {
    const ring = outerRing(byId(r.zones, 'EAX1-PROTECT'));
    // 53.68111111 -29.17833333 → 53.68111111 -25.09222222 along the parallel, then geodesics.
    expect([ring.lat[0], ring.lon[0], ring.lat[1], ring.lon[1]]).toEqual([
      53.68111111, -29.17833333, 53.68111111, -25.09222222,
    ]);
    expect([...ring.edges]).toEqual([EDGE_RHUMB, EDGE_GEODESIC, EDGE_GEODESIC, EDGE_GEODESIC]);
  });

  it('unions contributor airspaces and splits components with different limits', () => {
    const eclipta = byId(r.zones, 'EAD21-D');
    if (eclipta.geometry.type !== 'polygon') throw new Error('polygon expected');
    expect(eclipta.geometry.polygons.length).toBe(3);
    const cta = r.zones.filter((z) => z.extra?.airspace === 'EADD-CTA');
    expect(cta.map((z) => [z.id, z.floorFt, z.ceilingFt])).toEqual([
      ['EADD-CTA.1', 3000, 46000],
      ['EADD-CTA.2', 5000, 46000],
    ]);
  });

  it('models an airway as a buffer of half its width around the centreline', () => {
    const a4 = byId(r.zones, 'EAA4-AWY');
    if (a4.geometry.type !== 'buffer') throw new Error('buffer expected');
    expect(a4.geometry.distanceNm * NM_M).toBeCloseTo(9000, 6); // width 18 KM
    expect(a4.geometry.baseline.lines[0].lat.length).toBe(4);
    expect(a4.quality?.level).toBe('derived');
  });
});

describe('AIXM bad input and edge cases', () => {
  it('names an airspace whose contributor cannot be resolved and still reads the others', () => {
    const xml = message([
      { uuid: 'a1', designator: 'GOOD1', components: [volume({ body: SQUARE })] },
      { uuid: 'a2', designator: 'ORPHAN', components: [volume({ body: contributor('missing-uuid') })] },
    ]);
    const r = importAixm('t.xml', xml);
    expect(r.zones.map((z) => z.id)).toEqual(['GOOD1-D']);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: 't.xml', field: 'contributorAirspace' });
    expect(r.problems[0].message).toMatch(/ORPHAN/);
  });

  it('reports bad positions, units and segment types with the designator', () => {
    const xml = message([
      {
        uuid: 'b1',
        designator: 'ODD',
        components: [
          volume({
            body: surface('<gml:GeodesicString><gml:posList>10 20 10</gml:posList></gml:GeodesicString>'),
          }),
        ],
      },
      {
        uuid: 'b2',
        designator: 'UOM',
        components: [volume({ upper: '<aixm:upperLimit uom="XX">10</aixm:upperLimit>', body: SQUARE })],
      },
      { uuid: 'b3', designator: 'SPLINE', components: [volume({ body: surface('<gml:CubicSpline/>') })] },
      { uuid: 'b4', designator: 'OK', components: [volume({ body: SQUARE })] },
    ]);
    const r = importAixm('t.xml', xml);
    expect(r.zones.map((z) => z.id)).toEqual(['OK-D']);
    const msgs = r.problems.map((p) => p.message);
    expect(msgs[0]).toMatch(/ODD.*posList/);
    expect(msgs[1]).toMatch(/UOM.*uom 'XX'; expected FL, FT or M/);
    expect(msgs[2]).toMatch(/SPLINE.*CubicSpline is not supported/);
  });

  it('turns SUBTR of another airspace into excludes; reports INTERS', () => {
    const xml = message([
      { uuid: 'c1', designator: 'HOLE', components: [volume({ body: SQUARE })] },
      {
        uuid: 'c2',
        designator: 'BIG',
        components: [
          volume({
            body: surface(
              '<gml:GeodesicString><gml:posList>9 19 9 22 12 22 12 19 9 19</gml:posList></gml:GeodesicString>',
            ),
          }),
          volume({ op: 'SUBTR', seq: 2, body: contributor('c1') }),
          volume({ op: 'INTERS', seq: 3, body: SQUARE }),
        ],
      },
    ]);
    const r = importAixm('t.xml', xml);
    expect(byId(r.zones, 'BIG-D').excludes).toEqual(['HOLE-D']);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].message).toMatch(/BIG: INTERS .* not supported/);
  });

  it('reports XML that is not well formed with its line, and unapplied delta time slices', () => {
    const broken = importAixm('b.xml', '<a>\n<b>\n</a>');
    expect(broken.problems[0]).toMatchObject({ file: 'b.xml', line: expect.any(Number) });
    expect(broken.zones).toEqual([]);
    const delta = importAixm(
      'd.xml',
      message([
        {
          uuid: 'e1',
          designator: 'TEMP',
          interpretation: 'TEMPDELTA',
          components: [volume({ body: SQUARE })],
        },
      ]),
    );
    expect(delta.zones).toEqual([]);
    expect(delta.problems[0].message).toMatch(/TEMP .*TEMPDELTA time slice not applied/);
  });

  it('takes validity from validTime and ends it at the feature lifetime end; versions get dated ids', () => {
    const r = importAixm(
      't.xml',
      message([
        {
          uuid: 'g1',
          designator: 'OLD',
          begin: '2013-12-15T00:00:00Z',
          lifetimeEnd: '2020-01-01T00:00:00Z',
          components: [volume({ body: SQUARE })],
        },
        {
          uuid: 'g1',
          designator: 'OLD',
          begin: '2021-01-01T00:00:00Z',
          components: [volume({ body: SQUARE })],
        },
      ]),
    );
    expect(r.zones.map((z) => [z.id, z.validFrom, z.validTo])).toEqual([
      ['OLD-D@2013-12-15', '2013-12-15T00:00:00Z', '2020-01-01T00:00:00Z'],
      ['OLD-D@2021-01-01', '2021-01-01T00:00:00Z', null],
    ]);
    expect(
      importAixm(
        't.xml',
        message([
          { uuid: 'h', designator: 'BADTIME', begin: 'soon', components: [volume({ body: SQUARE })] },
        ]),
      ).problems[0].message,
    ).toMatch(/BADTIME.*beginPosition 'soon' is not an ISO 8601 time/);
  });

  it('reads radius units km and m, and lon-lat order under CRS84', () => {
    const circle = (r: string) =>
      `<aixm:horizontalProjection><aixm:Surface gml:id="s"><gml:patches><gml:PolygonPatch><gml:exterior><gml:Ring><gml:curveMember><aixm:Curve gml:id="k"><gml:segments>
      <gml:CircleByCenterPoint numArc="1"><gml:pos>40 10</gml:pos>${r}</gml:CircleByCenterPoint></gml:segments></aixm:Curve></gml:curveMember></gml:Ring></gml:exterior></gml:PolygonPatch></gml:patches></aixm:Surface></aixm:horizontalProjection>`;
    const crs84 = `<aixm:horizontalProjection><aixm:Surface srsName="urn:ogc:def:crs:OGC:1.3:CRS84" gml:id="s"><gml:patches><gml:PolygonPatch><gml:exterior><gml:LinearRing><gml:posList>20 10 21 10 21 11 20 10</gml:posList></gml:LinearRing></gml:exterior></gml:PolygonPatch></gml:patches></aixm:Surface></aixm:horizontalProjection>`;
    const r = importAixm(
      't.xml',
      message([
        {
          uuid: 'f1',
          designator: 'KM',
          components: [volume({ body: circle('<gml:radius uom="km">10</gml:radius>') })],
        },
        {
          uuid: 'f2',
          designator: 'M',
          components: [volume({ body: circle('<gml:radius uom="m">500</gml:radius>') })],
        },
        { uuid: 'f3', designator: 'LONLAT', components: [volume({ body: crs84 })] },
      ]),
    );
    expect(r.problems).toEqual([]);
    const km = byId(r.zones, 'KM-D').geometry;
    const m = byId(r.zones, 'M-D').geometry;
    expect(km.type === 'buffer' && km.distanceNm * NM_M).toBeCloseTo(10000, 9);
    expect(m.type === 'buffer' && m.distanceNm * NM_M).toBeCloseTo(500, 9);
    expect(m.type === 'buffer' && m.baseline.points[0]).toEqual([40, 10]);
    const ring = outerRing(byId(r.zones, 'LONLAT-D'));
    expect([ring.lat[0], ring.lon[0]]).toEqual([10, 20]);
  });
});

import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { distanceM } from '../../src/geo/geodesic.js';
import { box, catalog, track, zone } from './helpers.js';

const T0 = Date.parse('2019-07-23T00:00:00Z') / 1000;

describe('visits', () => {
  it('reports a track that starts inside with enter null and one that ends inside with exit null', () => {
    const z = zone({ id: 'Z' }, box(130, 36, 132, 38));
    const r = analyze(
      [
        track('A', [
          [T0, 37, 131],
          [T0 + 300, 37, 133],
        ]),
        track('B', [
          [T0, 37, 129],
          [T0 + 300, 37, 131],
        ]),
      ],
      catalog(z),
    );
    const a = r.visits.find((v) => v.track === 'A')!;
    const b = r.visits.find((v) => v.track === 'B')!;
    expect(a.enter).toBeNull();
    expect(a.exit?.certain).toBe(true);
    expect(b.exit).toBeNull();
    expect(b.enter?.certain).toBe(true);
    // The east edge is the meridian 132°E: the exit lies on it.
    expect(Math.abs(a.exit!.lon - 132)).toBeLessThan(1e-6);
  });

  it('finds a corner clipped between two fixes, with no fix inside', () => {
    const z = zone({ id: 'Z' }, box(130, 36, 132, 38));
    const r = analyze(
      [
        track('C', [
          [T0, 37.2, 129.5],
          [T0 + 600, 38.5, 130.8],
        ]),
      ],
      catalog(z),
    );
    expect(r.visits).toHaveLength(1);
    const v = r.visits[0];
    expect(v.enter!.lon).toBeCloseTo(130, 6);
    expect(v.exit!.lat).toBeGreaterThan(37.99);
    expect(v.durationS).toBeGreaterThan(0);
    expect(v.maxPenetrationM).toBeGreaterThan(0);
  });

  it('marks a crossing inside a gap uncertain, with the gap as its window', () => {
    const z = zone({ id: 'Z' }, box(130, 36, 132, 38));
    const r = analyze(
      [
        track('G', [
          [T0, 37, 129],
          [T0 + 3600, 37, 131],
        ]),
      ],
      catalog(z),
      { maxGapS: 600 },
    );
    const v = r.visits[0];
    expect(v.enter?.certain).toBe(false);
    expect(v.enter?.window).toEqual({ from: '2019-07-23T00:00:00.000Z', to: '2019-07-23T01:00:00.000Z' });
    expect(r.tracks[0].gaps).toHaveLength(1);
  });

  it('opens a visit when the zone comes into force, not before', () => {
    const from = '2013-12-15T05:00:00Z';
    const tFrom = Date.parse(from) / 1000;
    const z = zone({ id: 'NEW', validFrom: from }, box(124, 30, 127, 33));
    const r = analyze(
      [
        track('V', [
          [tFrom - 100, 31, 125],
          [tFrom + 100, 31.01, 125],
        ]),
      ],
      catalog(z),
    );
    expect(r.visits).toHaveLength(1);
    expect(r.visits[0].enter?.cause).toBe('validity');
    expect(r.visits[0].enter?.time).toBe('2013-12-15T05:00:00.000Z');
  });

  it('crosses a floor at the interpolated altitude', () => {
    const z = zone({ id: 'TMA', kind: 'other', floorFt: 6500, ceilingFt: 14500 }, box(0, 43, 2, 44));
    const r = analyze(
      [
        track('CLIMB', [
          [T0, 43.5, 1, 2500],
          [T0 + 100, 43.5, 1.01, 12500],
          [T0 + 200, 43.5, 1.02, 16500],
        ]),
      ],
      catalog(z),
    );
    expect(r.visits).toHaveLength(1);
    const v = r.visits[0];
    expect(v.enter?.cause).toBe('floor');
    expect(v.enter?.time).toBe(new Date((T0 + 40) * 1000).toISOString());
    expect(v.exit?.cause).toBe('ceiling');
    expect(v.exit?.time).toBe(new Date((T0 + 150) * 1000).toISOString());
  });

  it('names the limit reached exactly at a fix: validity from and to a fix time, a floor and a ceiling at a fix altitude', () => {
    const from = T0 + 100;
    const to = T0 + 300;
    const timed = zone(
      {
        id: 'TIMED',
        validFrom: new Date(from * 1000).toISOString(),
        validTo: new Date(to * 1000).toISOString(),
      },
      box(130, 36, 132, 38),
    );
    const layer = zone(
      { id: 'LAYER', kind: 'other', floorFt: 6500, ceilingFt: 14500 },
      box(130, 36, 132, 38),
    );
    // Inside both laterally all along; fixes at the validity's ends and at the floor and the
    // ceiling (climbing through both).
    const r = analyze(
      [
        track('EXACT', [
          [T0, 37, 131, 2500],
          [from, 37, 131.01, 6500],
          [T0 + 200, 37, 131.02, 10500],
          [to, 37, 131.03, 14500],
          [T0 + 400, 37, 131.04, 18500],
        ]),
      ],
      catalog(timed, layer),
    );
    const causes = r.visits.map((v) => `${v.zone} ${v.enter?.cause} ${v.exit?.cause}`).sort();
    expect(causes).toEqual(['LAYER floor ceiling', 'TIMED validity validity']);
    for (const v of r.visits) {
      expect(v.enter?.time).toBe(new Date(from * 1000).toISOString());
      expect(v.exit?.time).toBe(new Date(to * 1000).toISOString());
    }
  });

  it('cuts an excluded zone out of another, so a point is attributed once', () => {
    const dokdo = zone(
      {
        id: 'LIANCOURT-TS',
        kind: 'territorial',
        state: 'KOR',
        claimants: ['KOR', 'JPN'],
        buffer: { distanceNm: 12 },
      },
      { type: 'Point', coordinates: [131.8694, 37.2417] },
    );
    const big = zone(
      { id: 'KOR-TS', kind: 'territorial', excludes: ['LIANCOURT-TS'] },
      box(131, 36.5, 132.5, 37.6),
    );
    const r = analyze(
      [
        track('A50', [
          [T0, 37.55, 131.87],
          [T0 + 600, 36.7, 131.87],
        ]),
      ],
      catalog(big, dokdo),
    );
    const inLiancourt = r.visits.filter((v) => v.zone === 'LIANCOURT-TS');
    const inKor = r.visits.filter((v) => v.zone === 'KOR-TS');
    expect(inLiancourt).toHaveLength(1);
    expect(inLiancourt[0].claimants).toEqual(['KOR', 'JPN']);
    // KOR-TS is left on entering the disputed zone and re-entered on leaving it.
    expect(inKor).toHaveLength(2);
    expect(inKor[0].exit!.time).toBe(inLiancourt[0].enter!.time);
    expect(inKor[1].enter!.time).toBe(inLiancourt[0].exit!.time);
    // The buffer's crossings are 12 NM from the islet.
    for (const c of [inLiancourt[0].enter!, inLiancourt[0].exit!]) {
      expect(Math.abs(distanceM(c.lat, c.lon, 37.2417, 131.8694) - 12 * 1852)).toBeLessThan(0.01);
    }
  });

  it('reports the closest approach to a zone not entered, between fixes', () => {
    const z = zone({ id: 'Z' }, box(130, 36, 132, 38));
    const r = analyze(
      [
        track('P', [
          [T0, 38.3, 129],
          [T0 + 1200, 38.3, 133],
        ]),
      ],
      catalog(z),
    );
    expect(r.visits).toHaveLength(0);
    expect(r.approaches).toHaveLength(1);
    const a = r.approaches[0];
    // The track's geodesic bulges north of 38.3°N between the fixes, so the closest point to the
    // box's north edge (a geodesic from 130°E to 132°E at 38°N) is near the ends of that edge.
    expect(a.distanceM).toBeGreaterThan(30_000);
    expect(a.distanceM).toBeLessThan(40_000);
  });

  it('gives no approach beyond the approach distance', () => {
    const z = zone({ id: 'Z' }, box(130, 36, 132, 38));
    const r = analyze(
      [
        track('FAR', [
          [T0, 40, 129],
          [T0 + 600, 40, 133],
        ]),
      ],
      catalog(z),
      { approachNm: 50 },
    );
    expect(r.approaches).toHaveLength(0);
  });
});

describe('findings', () => {
  const ts = zone({ id: 'KOR-TS', kind: 'territorial', state: 'KOR' }, box(126, 34, 129, 38));
  const kadiz = zone(
    { id: 'KOR-ADIZ', kind: 'adiz', state: 'KOR', rules: { appliesTo: 'all', requires: ['flight-plan'] } },
    box(124, 32, 131, 39),
  );
  const jadiz = zone(
    {
      id: 'JPN-ADIZ',
      kind: 'adiz',
      state: 'JPN',
      rules: { appliesTo: 'inbound', requires: ['flight-plan'] },
    },
    box(124, 30, 131, 33),
  );
  const cat = catalog(ts, kadiz, jadiz);
  const through = (operator: string | null, category: 'state' | 'civil' | 'unknown') =>
    analyze(
      [
        track(
          'X',
          [
            [T0, 31, 127],
            [T0 + 1800, 36, 127.5],
          ],
          category,
          operator,
        ),
      ],
      cat,
    ).visits;
  const finding = (visits: ReturnType<typeof through>, z: string) =>
    visits.find((v) => v.zone === z)?.finding;

  it('a foreign state aircraft entering territorial airspace is a territorial-entry', () => {
    expect(finding(through('RUS', 'state'), 'KOR-TS')).toBe('territorial-entry');
  });
  it('a civil aircraft is in transit', () => {
    expect(finding(through('CHN', 'civil'), 'KOR-TS')).toBe('transit');
  });
  it('the state’s own aircraft is in its own zone', () => {
    const v = through('KOR', 'state');
    expect(finding(v, 'KOR-TS')).toBe('own-zone');
    expect(finding(v, 'KOR-ADIZ')).toBe('own-zone');
  });
  it('an ADIZ whose rules apply to all aircraft gives adiz-entry; inbound-only rules give transit unless bound for the state', () => {
    const v = through('RUS', 'state');
    expect(finding(v, 'KOR-ADIZ')).toBe('adiz-entry');
    expect(finding(v, 'JPN-ADIZ')).toBe('transit');
  });
  it('adiz-noncompliance only where the track’s data shows a requirement unmet', () => {
    const t = track(
      'N',
      [
        [T0, 31, 127],
        [T0 + 1800, 36, 127.5],
      ],
      'state',
      'CHN',
    );
    t.declared = { flightPlan: false };
    const v = analyze([t], cat).visits;
    expect(finding(v, 'KOR-ADIZ')).toBe('adiz-noncompliance');
  });
});

import { describe, expect, it } from 'vitest';
import { distanceM, GeodesicSegment, inverse, NM_M } from '../../src/geo/geodesic.js';
import { decodeText } from '../../src/zones/import-util.js';
import { importOpenAir, parseOpenAirLimit } from '../../src/zones/openair.js';
import { EDGE_GEODESIC } from '../../src/zones/zone.js';
import { outerRing, realBytes, zoneViolation } from './helpers.js';

const read = (f: string) => importOpenAir(f, decodeText(realBytes('glide-rs-openair-rs', f)));

describe('OpenAIR real files (openair-rs snapshot counts)', () => {
  it.each([
    ['Switzerland.txt', 334],
    ['Germany.txt', 677],
    ['Germany_Border.txt', 11],
    ['France.txt', 1646],
  ])('%s yields %i airspaces, all well formed', (file, count) => {
    const r = read(file);
    expect(r.zones.length).toBe(count);
    for (const z of r.zones) expect(zoneViolation(z), z.id).toBeNull();
    expect(new Set(r.zones.map((z) => z.id)).size).toBe(count);
  });

  it('reads ALPNACH CTR, the first Swiss airspace, exactly', () => {
    const z = read('Switzerland.txt').zones[0];
    expect(z.name).toBe('ALPNACH CTR 128.475');
    expect(z.extra?.class).toBe('D');
    expect(z.floorFt).toBeNull(); // GND
    expect(z.ceilingFt).toBe(12959);
    expect(z.kind).toBe('other');
    expect(z.state).toBe('CHE'); // from the file name
    expect(z.claimants).toEqual(['CHE']);
    expect(z.rules.appliesTo).toBe('none');
    expect(z.source).toEqual({ title: 'Switzerland.txt', url: null, retrieved: null, licence: null });
    expect(z.extra?.edgeRule).toMatch(/geodesic/);
    // 35 published DP points, the last repeating the first: 34 distinct vertices, closed implicitly.
    const ring = outerRing(z);
    expect(ring.lat.length).toBe(34);
    expect(ring.lat[0]).toBeCloseTo(46 + 58 / 60 + 29 / 3600, 12);
    expect(ring.lon[0]).toBeCloseTo(8 + 15 / 60 + 29 / 3600, 12);
    expect(ring.lat[33]).toBeCloseTo(47 + 0 / 60 + 37 / 3600, 12); // 47:00:37 N 008:18:33 E
    expect(ring.lon[33]).toBeCloseTo(8 + 18 / 60 + 33 / 3600, 12);
    expect([...ring.edges].every((e) => e === EDGE_GEODESIC)).toBe(true);
  });

  it('makes a DC circle a buffer zone whose radius is exact in metres', () => {
    const z = read('Switzerland.txt').zones.find((q) => q.name === 'AMBRI FF 118.525');
    expect(z?.name).toBe('AMBRI FF 118.525');
    const g = z?.geometry;
    if (g?.type !== 'buffer') throw new Error('expected a buffer');
    expect(g.distanceNm).toBe(2.7);
    expect(g.distanceNm * NM_M).toBeCloseTo(5000.4, 6);
    expect(g.baseline.points).toEqual([[46 + 30 / 60 + 46 / 3600, 8 + 41 / 60 + 21 / 3600]]);
  });

  it('keeps AGL limits as numbers with extra.ceilingRef', () => {
    const z = read('Switzerland.txt').zones.find((q) => q.name === 'SCHUTZ Alp Mora');
    expect(z?.ceilingFt).toBe(984);
    expect(z?.extra?.ceilingRef).toBe('AGL');
  });

  it('decodes ISO-8859-1 (Germany.txt) and UTF-8 with BOM (Switzerland.txt)', () => {
    const de = decodeText(realBytes('glide-rs-openair-rs', 'Germany.txt'));
    expect(de).toContain('ED-R\u00b4s');
    expect(de).not.toContain('\ufffd');
    const ch = decodeText(realBytes('glide-rs-openair-rs', 'Switzerland.txt'));
    expect(ch.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('densifies DB arcs on the geodesic circle with chords within 0.5 m of it', () => {
    // Germany.txt line 209-210: V X=52:24:38 N 013:07:46 E, DB 52:22:40 N 013:08:15 E, 52:24:33 N 013:11:02 E
    const z = read('Germany.txt').zones.find((q) => q.name === 'ED-R4 Wannsee H24');
    const ring = outerRing(z!);
    const c = [52 + 24 / 60 + 38 / 3600, 13 + 7 / 60 + 46 / 3600];
    const r0 = distanceM(c[0], c[1], 52 + 22 / 60 + 40 / 3600, 13 + 8 / 60 + 15 / 3600);
    const onArc: number[] = [];
    for (let i = 0; i < ring.lat.length; i++) {
      if (Math.abs(distanceM(c[0], c[1], ring.lat[i], ring.lon[i]) - r0) < 1e-6) onArc.push(i);
    }
    expect(onArc.length).toBeGreaterThan(10);
    for (let k = 0; k + 1 < onArc.length; k++) {
      const i = onArc[k];
      if (onArc[k + 1] !== i + 1) continue;
      const mid = new GeodesicSegment(ring.lat[i], ring.lon[i], ring.lat[i + 1], ring.lon[i + 1]).at(0.5);
      const sag = r0 - distanceM(c[0], c[1], mid.lat, mid.lon);
      expect(sag).toBeGreaterThanOrEqual(0);
      expect(sag).toBeLessThanOrEqual(0.5);
    }
  });
});

describe('OpenAIR limits', () => {
  it.each([
    ['GND', 'floor', null, null],
    ['SFC', 'floor', null, null],
    ['FL65', 'ceiling', 6500, 'STD'],
    ['FL 95', 'ceiling', 9500, 'STD'],
    ['12959 ft', 'ceiling', 12959, 'MSL'],
    ['5500ft MSL', 'ceiling', 5500, 'MSL'],
    ['4500ft AMSL', 'ceiling', 4500, 'MSL'],
    ['2500ft AGL', 'ceiling', 2500, 'AGL'],
    ['1000 ft GND', 'ceiling', 1000, 'AGL'],
    ['300m', 'ceiling', 300 / 0.3048, 'MSL'],
    ['600 m AGL', 'floor', 600 / 0.3048, 'AGL'],
    ['UNL', 'ceiling', null, null],
    ['UNLTD', 'ceiling', null, null],
  ])('%s as %s', (text, which, ft, ref) => {
    const l = parseOpenAirLimit(text, which as 'floor' | 'ceiling');
    if (typeof l === 'string') throw new Error(l);
    if (ft === null) expect(l.ft).toBeNull();
    else expect(l.ft).toBeCloseTo(ft as number, 9);
    expect(l.ref).toBe(ref);
  });

  it('rejects what is not a limit', () => {
    expect(parseOpenAirLimit('high', 'ceiling')).toMatch(/expected GND/);
    expect(parseOpenAirLimit('UNL', 'floor')).toMatch(/not a floor/);
  });
});

describe('OpenAIR bad input', () => {
  const good = [
    'AC R',
    'AN GOOD',
    'AL GND',
    'AH FL100',
    'DP 46:00:00 N 008:00:00 E',
    'DP 46:10:00 N 008:00:00 E',
    'DP 46:10:00 N 008:10:00 E',
  ];

  it('names file, line and field, skips the bad record and reads the rest', () => {
    const text = [
      ...good,
      '',
      'AC Q',
      'AN BROKEN',
      'AL GND',
      'AH 3000 ft',
      'DP 46:00:00 N 008:00:00 E',
      'DP 46:99:00 N 008:00:00 E',
      'DP 46:10:00 N 008:10:00 E',
      '',
      ...good.map((l) => l.replace('GOOD', 'AFTER')),
    ].join('\r\n');
    const r = importOpenAir('bad.txt', text);
    expect(r.zones.map((z) => z.name)).toEqual(['GOOD', 'AFTER']);
    const p = r.problems.find((q) => q.line === 14);
    expect(p).toMatchObject({ file: 'bad.txt', line: 14, field: 'DP' });
    expect(p?.message).toMatch(/expected one coordinate/);
    expect(r.problems.some((q) => q.message.includes("'BROKEN' skipped"))).toBe(true);
  });

  it('reports an arc without a centre, a bad limit and commands outside a record', () => {
    const text = [
      'DP 46:00:00 N 008:00:00 E',
      'AC R',
      'AN ARC',
      'AL GND',
      'AH lots',
      'DB 46:00:00 N 008:00:00 E, 46:10:00 N 008:00:00 E',
      ...good,
    ].join('\n');
    const r = importOpenAir('x.txt', text);
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        line: 1,
        field: 'DP',
        message: expect.stringMatching(/outside an airspace record/),
      }),
    );
    expect(r.problems).toContainEqual(expect.objectContaining({ line: 5, field: 'AH' }));
    expect(r.problems).toContainEqual(
      expect.objectContaining({ line: 6, field: 'DB', message: expect.stringMatching(/V X=/) }),
    );
    expect(r.zones.map((z) => z.name)).toEqual(['GOOD']);
  });

  it('reports a file with no AC record', () => {
    const r = importOpenAir('empty.txt', '* nothing here\n');
    expect(r.zones).toEqual([]);
    expect(r.problems[0].message).toMatch(/no OpenAIR airspace/);
  });

  it('honours options.state, else UNK when the name gives none; AY ADIZ/FIR set the kind', () => {
    const text = [
      'AC A',
      'AY ADIZ',
      'AN X',
      'AL GND',
      'AH UNL',
      'V X=46:00:00 N 008:00:00 E',
      'DC 10',
      'AC A',
      'AY FIR',
      'AN Y',
      'AL GND',
      'AH UNL',
      'DP 1:00:00 N 1:00:00 E',
      'DP 2:00:00 N 1:00:00 E',
      'DP 2:00:00 N 2:00:00 E',
    ].join('\n');
    const unk = importOpenAir('zones.txt', text);
    expect(unk.zones.map((z) => [z.kind, z.state])).toEqual([
      ['adiz', 'UNK'],
      ['fir', 'UNK'],
    ]);
    expect(unk.zones[0].rules.appliesTo).toBe('all');
    expect(importOpenAir('zones.txt', text, { state: 'JPN' }).zones[0].claimants).toEqual(['JPN']);
  });

  it('turns DA arcs counter-clockwise when V D=- says so', () => {
    const text = [
      'AC R',
      'AN SECTOR',
      'AL GND',
      'AH FL50',
      'V X=46:00:00 N 008:00:00 E',
      'V D=-',
      'DP 46:00:00 N 008:00:00 E',
      'DA 10, 90, 0',
    ].join('\n');
    const r = importOpenAir('x.txt', text);
    const ring = outerRing(r.zones[0]);
    // Counter-clockwise from east (090) to north (000): the quarter in the north-east.
    const n = ring.lat.length;
    expect(n).toBeGreaterThan(10);
    for (let i = 1; i < n; i++) {
      const { s12, azi1 } = inverse(46, 8, ring.lat[i], ring.lon[i]);
      expect(s12).toBeCloseTo(10 * NM_M, 6);
      expect(azi1).toBeGreaterThanOrEqual(-1e-9);
      expect(azi1).toBeLessThanOrEqual(90 + 1e-9);
    }
    // Listed from east to north: azimuths decrease along the ring.
    expect(inverse(46, 8, ring.lat[1], ring.lon[1]).azi1).toBeCloseTo(90, 9);
    expect(inverse(46, 8, ring.lat[n - 1], ring.lon[n - 1]).azi1).toBeCloseTo(0, 9);
  });
});

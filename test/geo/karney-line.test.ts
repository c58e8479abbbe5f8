import geodesicLib from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { inverseArcInto } from '../../src/geo/karney-inverse.js';
import { KarneyLine } from '../../src/geo/karney-line.js';
import { equatorialCut, nearlyAntipodal, rng, shortPairs, uniformGlobe } from './karney-cases.js';

const { Geodesic } = geodesicLib;
const WGS84 = Geodesic.WGS84;
const CAPS = Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.AZIMUTH | Geodesic.DISTANCE_IN;
const MASK = Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.AZIMUTH;

/** The library's internal inverse, which InverseLine calls with outmask ARC (not in its types). */
type InverseIntResult = { vals: { a12?: number }; salp1: number; calp1: number };
const inverseInt = (
  WGS84 as unknown as {
    InverseInt(lat1: number, lon1: number, lat2: number, lon2: number, outmask: number): InverseIntResult;
  }
).InverseInt.bind(WGS84);

const out = new Float64Array(3);
const arc = new Float64Array(3);

interface Tally {
  lines: number;
  positions: number;
  bad: string[];
}

/**
 * Builds the library's line and the port's on every row of `cases` (lat1, lon1, lat2, lon2
 * flattened), compares s13 and azi1, the inverse solution behind them, and positions at 15
 * distances along each line (ends, fractions, beyond both ends, signed zero, fixed distances and a
 * random one). Returns the counts and the first few mismatches, each with both results.
 */
function compare(cases: number[], next: () => number): Tally {
  const tally: Tally = { lines: 0, positions: 0, bad: [] };
  const fail = (msg: string) => {
    if (tally.bad.length < 5) tally.bad.push(msg);
  };
  for (let i = 0; i < cases.length; i += 4) {
    const lat1 = cases[i];
    const lon1 = cases[i + 1];
    const lat2 = cases[i + 2];
    const lon2 = cases[i + 3];
    const where = `(${lat1}, ${lon1}, ${lat2}, ${lon2})`;

    const r = inverseInt(lat1, lon1, lat2, lon2, Geodesic.ARC);
    inverseArcInto(lat1, lon1, lat2, lon2, arc);
    if (!Object.is(arc[0], r.salp1) || !Object.is(arc[1], r.calp1) || !Object.is(arc[2], r.vals.a12)) {
      fail(`inverseArcInto${where}: port [${[...arc]}] library [${r.salp1}, ${r.calp1}, ${r.vals.a12}]`);
    }

    const lib = WGS84.InverseLine(lat1, lon1, lat2, lon2, CAPS);
    const port = new KarneyLine(lat1, lon1, lat2, lon2);
    tally.lines++;
    if (!Object.is(port.s13, lib.s13) || !Object.is(port.azi1, lib.azi1)) {
      fail(`line${where}: port s13 ${port.s13} azi1 ${port.azi1}, library s13 ${lib.s13} azi1 ${lib.azi1}`);
    }

    const s13 = lib.s13 as number;
    const distances = [
      0,
      -0,
      s13,
      0.1 * s13,
      0.25 * s13,
      s13 / 3,
      0.5 * s13,
      0.75 * s13,
      0.9 * s13,
      1.5 * s13,
      -0.3 * s13,
      (4 * next() - 2) * s13,
      1000 * (2 * next() - 1),
      1e7,
      2e7 + 3e7 * next(),
    ];
    for (const s12 of distances) {
      const p = lib.Position(s12, MASK);
      port.positionInto(s12, out);
      tally.positions++;
      if (!Object.is(out[0], p.lat2) || !Object.is(out[1], p.lon2) || !Object.is(out[2], p.azi2)) {
        fail(`Position${where}(${s12}): port [${[...out]}] library [${p.lat2}, ${p.lon2}, ${p.azi2}]`);
      }
    }
    // The engine also asks for the latitude alone; the library computes it the same way.
    const mid = lib.Position(0.5 * s13, Geodesic.LATITUDE);
    port.positionInto(0.5 * s13, out);
    if (!Object.is(out[0], mid.lat2)) fail(`Position${where}(s13 / 2, LATITUDE): ${out[0]} vs ${mid.lat2}`);
  }
  return tally;
}

function special(n: number, next: () => number): number[] {
  const c: number[] = [];
  const lats = [0, -0, 90, -90, 1e-12, -1e-12, 45, -30, 60, 89.999999, -89.999999, 20.001];
  const lons = [0, -0, 180, -180, 90, -90, 179.5, 360, -540, 720.25, 1e-12, -1e-12, 179.99999999];
  for (const lat1 of lats) {
    for (const lat2 of lats) {
      for (const lon2 of lons) {
        c.push(lat1, 0, lat2, lon2);
        c.push(lat1, lon2, lat2, 0);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const lat1 = 180 * next() - 90;
    const lat2 = 180 * next() - 90;
    const lon1 = 360 * next() - 180;
    const kind = i % 10;
    if (kind === 0)
      c.push(0, lon1, 0, 360 * next() - 180); // both on the equator
    else if (kind === 1)
      c.push(lat1, lon1, lat2, lon1); // same meridian
    else if (kind === 2)
      c.push(lat1, lon1, lat2, lon1 + 180); // opposite meridians, over a pole
    else if (kind === 3)
      c.push(next() < 0.5 ? 90 : -90, lon1, lat2, 360 * next() - 180); // from a pole
    else if (kind === 4)
      c.push(lat1, lon1, lat1, lon1); // identical points
    else if (kind === 5)
      c.push(lat1, lon1, next() < 0.5 ? 90 : -90, 360 * next() - 180); // to a pole
    else if (kind === 6)
      c.push(lat1, 1080 * next() - 540, lat2, 2160 * next() - 1080); // beyond ±180
    else if (kind === 7)
      c.push(lat1, lon1, -lat1 + 1e-7 * (next() - 0.5), lon1 + 180 - 1e-7 * next()); // near a pole's cut
    else if (kind === 8)
      c.push(0, lon1, 0, lon1 + 179 + next()); // nearly antipodal on the equator
    else c.push(89.9 + 0.1 * next(), lon1, 89.9 + 0.1 * next(), 360 * next() - 180); // close to a pole
  }
  return c;
}

// InverseLine rows of node_modules/geographiclib-geodesic/test/geodesictest.js (GeodSolve61, 65, 69),
// GeodTest rows and GeodSolve inverse cases, and NaN and out-of-range input.
const FIXED: number[][] = [
  [45, 0, 80, -0.000000000000000003],
  [30, -0.000000000000000001, -31, 180],
  [-5, -0.000000000000002, -10, 180],
  [35.60777, -139.44815, -11.17491, -69.95921],
  [-87.85331, 85.66836, 66.48646, 16.09921],
  [-25.72959, -144.90758, -57.70581, -269.17879],
  [40.6, -73.8, 49.01666667, 2.55],
  [88.202499451857, 0, -88.202499451857, 179.98102203299285],
  [89.333123580033, 0, -89.333123580033, 179.99295812360148],
  [48.522876735459, 0, -48.522876735458986, 179.59972045622308],
  [0, 539, 0, 181],
  [0, 0, 0, 179.5],
  [0, 0, 0, 180],
  [0, 0, 1, 180],
  [5, 0.00000000000001, 10, 180],
  [54.1589, 15.3872, 54.1591, 15.3877],
  [20.001, 0, 20.001, 0],
  [90, 0, 90, 180],
  [45, 0, -45, 179.572719],
  [+0, 0, -0, 0],
  [-0, 0, +0, 0],
  [-0, 0, -0, -180],
  [Number.NaN, 0, 0, 90],
  [0, Number.NaN, 0, 90],
  [0, 0, 1, Number.NaN],
  [91, 0, 0, 0],
  [0, Number.POSITIVE_INFINITY, 0, 0],
];

describe('KarneyLine (allocation-free port of GeographicLib InverseLine and Position)', () => {
  it('matches the library to the bit on its own test rows, NaN and out-of-range input', () => {
    const t = compare(FIXED.flat(), rng(10));
    expect(t.bad).toEqual([]);
    expect(t.lines).toBe(FIXED.length);
  });

  it('matches the library to the bit on random pairs over the globe', () => {
    const t = compare(uniformGlobe(20_000, rng(11)), rng(21));
    expect(t.bad).toEqual([]);
    expect(t.positions).toBe(20_000 * 15);
  });

  it('matches the library to the bit on short pairs (1e-9 to 5 degrees apart)', () => {
    expect(compare(shortPairs(20_000, rng(12)), rng(22)).bad).toEqual([]);
  });

  it('matches the library to the bit on nearly antipodal pairs', () => {
    expect(compare(nearlyAntipodal(10_000, rng(13)), rng(23)).bad).toEqual([]);
  });

  it('matches the library to the bit where the inverse falls back to bisection', () => {
    expect(compare(equatorialCut(2_000, rng(14)), rng(24)).bad).toEqual([]);
  });

  it('matches the library to the bit on the equator, meridians, poles, signed zeros and wrapped longitudes', () => {
    expect(compare(special(16_000, rng(15)), rng(25)).bad).toEqual([]);
  });
});

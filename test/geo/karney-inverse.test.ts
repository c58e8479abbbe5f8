import geodesicLib from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { inverseInto } from '../../src/geo/karney-inverse.js';
import { equatorialCut, nearlyAntipodal, rng, shortPairs, uniformGlobe } from './karney-cases.js';

const { Geodesic } = geodesicLib;
const WGS84 = Geodesic.WGS84;
const MASK = Geodesic.DISTANCE | Geodesic.AZIMUTH;

const out = new Float64Array(3);

/**
 * Compares the port with the library on every row of `cases` (lat1, lon1, lat2, lon2 flattened) and
 * returns the mismatches, at most a few, each with both results.
 */
function mismatches(cases: number[]): string[] {
  const bad: string[] = [];
  for (let i = 0; i < cases.length; i += 4) {
    const lat1 = cases[i];
    const lon1 = cases[i + 1];
    const lat2 = cases[i + 2];
    const lon2 = cases[i + 3];
    const r = WGS84.Inverse(lat1, lon1, lat2, lon2, MASK);
    inverseInto(lat1, lon1, lat2, lon2, out);
    if (!Object.is(out[0], r.s12) || !Object.is(out[1], r.azi1) || !Object.is(out[2], r.azi2)) {
      bad.push(
        `Inverse(${lat1}, ${lon1}, ${lat2}, ${lon2}): port [${out[0]}, ${out[1]}, ${out[2]}]` +
          ` library [${r.s12}, ${r.azi1}, ${r.azi2}]`,
      );
      if (bad.length >= 5) break;
    }
  }
  return bad;
}

function special(next: () => number): number[] {
  const c: number[] = [];
  const lats = [0, -0, 90, -90, 1e-12, -1e-12, 45, -45, 30, -30, 60, 89.999999, -89.999999, 0.5, 20.001];
  const lons = [0, -0, 180, -180, 90, -90, 179.5, 360, -360, 540, -540, 720.25, 1e-12, -1e-12, 179.99999999];
  // Every combination of special latitudes against special longitudes (point 1 at longitude 0 or
  // one of the specials).
  for (const lat1 of lats) {
    for (const lat2 of lats) {
      for (const lon2 of lons) {
        c.push(lat1, 0, lat2, lon2);
        c.push(lat1, -0, lat2, lon2);
        c.push(lat1, lon2, lat2, 0);
        c.push(lat1, lon2, lat2, lon2);
      }
    }
  }
  for (let i = 0; i < 20000; i++) {
    const lat1 = 180 * next() - 90;
    const lat2 = 180 * next() - 90;
    const lon1 = 360 * next() - 180;
    const kind = i % 10;
    if (kind === 0)
      c.push(0, lon1, 0, 360 * next() - 180); // both on the equator
    else if (kind === 1)
      c.push(lat1, lon1, lat2, lon1); // same meridian
    else if (kind === 2)
      c.push(lat1, lon1, lat2, lon1 + 180); // opposite meridians
    else if (kind === 3)
      c.push(next() < 0.5 ? 90 : -90, lon1, lat2, 360 * next() - 180); // a pole
    else if (kind === 4)
      c.push(lat1, lon1, lat1, lon1); // identical points
    else if (kind === 5)
      c.push(lat1, lon1, lat1 + 1e-12, lon1 + 1e-12 * (next() - 0.5)); // tiny steps
    else if (kind === 6)
      c.push(lat1, 1080 * next() - 540, lat2, 2160 * next() - 1080); // beyond ±180
    else if (kind === 7) c.push(lat1, next() < 0.5 ? 180 : -180, lat2, next() < 0.5 ? 180 : -180);
    else if (kind === 8)
      c.push(0, lon1, 0, lon1 + 179 + next()); // nearly antipodal on the equator
    else c.push(lat1, lon1, 1e-12 * (next() - 0.5), lon1 + 179.5 + 0.5 * next()); // near-equatorial
  }
  return c;
}

// Plain WGS84 Inverse calls from node_modules/geographiclib-geodesic/test/geodesictest.js and
// signtest.js (the rows of the GeodTest table, with lon2 as passed there, and the GeodSolve cases).
// Literals with more digits than a double holds are written as the doubles they parse to.
const GEODTEST: number[][] = [
  [35.60777, -139.44815, -11.17491, -69.95921],
  [55.52454, 106.05087, 77.03196, 197.18234],
  [-21.97856, 142.59065, 41.84138, 98.56635],
  [-66.99028, 112.2363, -12.70631, 285.90344],
  [-17.42761, 173.34268, -15.84784, 5.93557],
  [32.84994, 48.28919, -56.28556, 202.29132],
  [6.96833, 52.74123, -7.39675, 206.17291],
  [-50.56724, -16.30485, -33.56571, -94.97412],
  [-58.93002, -8.90775, -8.91104, 133.13503],
  [-68.82867, -74.28391, -50.63005, -8.36685],
  [-10.62672, -32.0898, 5.883, -134.31681],
  [-21.76221, 166.90563, 48.72884, 213.97627],
  [-19.79938, -174.47484, -11.99349, -154.35109],
  [-11.95887, -116.94513, 4.57352, 7.16501],
  [-87.85331, 85.66836, 66.48646, 16.09921],
  [1.74708, 128.32011, -11.16617, 11.87109],
  [-25.72959, -144.90758, -57.70581, -269.17879],
  [-41.22777, 122.32875, -7.57291, 130.37946],
  [11.01307, 138.25278, 6.62726, 247.05981],
  [-29.47124, 95.14681, -27.46601, -69.15955],
];
const GEODSOLVE: number[][] = [
  [40.6, -73.8, 49.01666667, 2.55],
  [36.493349428792, 0, 36.49334942879201, 0.0000008],
  [88.202499451857, 0, -88.202499451857, 179.98102203299285],
  [89.262080389218, 0, -89.262080389218, 179.99220798277537],
  [89.333123580033, 0, -89.333123580033, 179.99295812360148],
  [56.320923501171, 0, -56.320923501171, 179.6647476717729],
  [52.784459512564, 0, -52.78445951256399, 179.6344074649438],
  [48.522876735459, 0, -48.522876735458986, 179.59972045622308],
  [0, 0, 1, Number.NaN],
  [0, 539, 0, 181],
  [0, 0, 0, 179],
  [0, 0, 0, 179.5],
  [0, 0, 0, 180],
  [0, 0, 1, 180],
  [Number.NaN, 0, 0, 90],
  [Number.NaN, 0, 90, 9],
  [5, 0.00000000000001, 10, 180],
  [54.1589, 15.3872, 54.1591, 15.3877],
  [-(41 + 19 / 60), 174 + 49 / 60, 40 + 58 / 60, -(5 + 30 / 60)],
  [27.2, 0, -27.1, 179.5],
  [0, 0, 0, 90],
  [0, 0, 1e-6, 1e-6],
  [20.001, 0, 20.001, 0],
  [90, 0, 90, 180],
  [37.757540000000006, -122.47018, 37.75754, -122.470177],
  [0, 0, Number.NaN, 90],
  [0, 0, 60.0832522871723, 89.8492185074635],
  [45, 0, -45, 179.572719],
  [30, 0, 30, 180],
  [2, 1, 3, 3],
  // signtest.js: coincident points and antipodes on the equator with signed zeros.
  [+0, 0, -0, 0],
  [-0, 0, +0, 0],
  [+0, 0, +0, 179.5],
  [-0, 0, -0, 179.5],
  [+0, 0, +0, +180],
  [-0, 0, -0, +180],
  [+0, 0, +0, -180],
  [-0, 0, -0, -180],
];

describe('inverseInto (allocation-free port of GeographicLib Inverse)', () => {
  it('matches the library to the bit on its own test cases', () => {
    expect(mismatches([...GEODTEST, ...GEODSOLVE].flat())).toEqual([]);
    // check_geod_inverse normalises lon2 first.
    expect(
      mismatches(GEODTEST.flatMap(([a, b, c, d]) => [a, b, c, geodesicLib.Math.AngNormalize(d)])),
    ).toEqual([]);
  });

  it('matches the library to the bit on random pairs over the globe', () => {
    expect(mismatches(uniformGlobe(100_000, rng(1)))).toEqual([]);
  });

  it('matches the library to the bit on short pairs (1e-9 to 5 degrees apart)', () => {
    expect(mismatches(shortPairs(150_000, rng(2)))).toEqual([]);
  });

  it('matches the library to the bit on nearly antipodal pairs', () => {
    expect(mismatches(nearlyAntipodal(60_000, rng(3)))).toEqual([]);
  });

  it('matches the library to the bit where it falls back to bisection', () => {
    expect(mismatches(equatorialCut(4_000, rng(5)))).toEqual([]);
  });

  it('matches the library to the bit on the equator, meridians, poles, signed zeros and wrapped longitudes', () => {
    expect(mismatches(special(rng(4)))).toEqual([]);
  });

  it('gives NaN where the library does', () => {
    const nan = Number.NaN;
    const cases = [
      [nan, 0, 0, 90],
      [0, nan, 0, 90],
      [0, 0, nan, 90],
      [0, 0, 1, nan],
      [nan, nan, nan, nan],
      [91, 0, 0, 0],
      [0, 0, -90.5, 0],
      [0, Number.POSITIVE_INFINITY, 0, 0],
      [0, 0, 0, Number.NEGATIVE_INFINITY],
      [Number.POSITIVE_INFINITY, 0, 0, 0],
    ];
    expect(mismatches(cases.flat())).toEqual([]);
    for (const [lat1, lon1, lat2, lon2] of cases.slice(0, 5)) {
      inverseInto(lat1, lon1, lat2, lon2, out);
      expect([...out].every(Number.isNaN)).toBe(true);
    }
  });
});

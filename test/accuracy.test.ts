/**
 * The accuracy contract (DESIGN.md), checked against an independent reference: GeographicLib's
 * Python package and command-line tools (GeodSolve, RhumbSolve, Planimeter), through the fixtures
 * that scripts/reference/make-fixtures.py writes, and live through GeodSolve/RhumbSolve when they
 * are installed. Tolerances: crossing position 1 m, crossing time 0.01 s, approach distance 1 m,
 * area 0.1 m² + 1e-9 relative.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { analyze, compileCatalog } from '../src/analysis/analyze.js';
import { stepTrack, ZoneIndex } from '../src/analysis/incremental.js';
import type { AnalysisResult, Crossing, Visit } from '../src/analysis/types.js';
import { polygonAreaM2 } from '../src/geo/area.js';
import { meridianArcM } from '../src/geo/rhumb.js';
import { EDGE_GEODESIC, EDGE_RHUMB } from '../src/zones/zone.js';
import {
  catalogOf,
  distM,
  type EdgeName,
  type LatLon,
  loadFixture,
  rhumbAzimuth,
  type TrackSpec,
  timeS,
  trackOf,
  type ZoneSpec,
  zoneOf,
} from './fixtures/reference/reference.js';

const POSITION_TOL_M = 1;
const TIME_TOL_S = 0.01;
const DISTANCE_TOL_M = 1;
/** Long fixture segments exceed the default 600 s gap; they are flown, not gaps. */
const OPTIONS = { maxGapS: 1e9 };

interface RefCrossing {
  kind: 'enter' | 'exit';
  lat: number;
  lon: number;
  alongM: number;
  time: number;
}

interface CrossingCase {
  name: string;
  family: string;
  track: TrackSpec;
  zone: ZoneSpec;
  crossedEdge?: { from: LatLon; to: LatLon; kind: EdgeName };
  crossings: RefCrossing[];
}

interface ApproachCase {
  name: string;
  track: TrackSpec;
  zone: ZoneSpec;
  approach: { distanceM: number; lat: number; lon: number; time: number; positionWellDefined: boolean };
}

interface PenetrationCase {
  name: string;
  track: TrackSpec;
  zone: ZoneSpec;
  penetration: { maxM: number; at: 'fix' | 'segment'; index: number; fixes: number; firstInside: boolean };
}

interface AreaCase {
  name: string;
  ring: { lat: number[]; lon: number[] };
  edges: EdgeName;
  signedAreaM2: number;
}

const geodesicCases = loadFixture<{ cases: CrossingCase[] }>('crossings-geodesic.json').cases;
const rhumbCases = loadFixture<{ cases: CrossingCase[] }>('crossings-rhumb.json').cases;
const bufferCases = loadFixture<{ cases: CrossingCase[] }>('crossings-buffer.json').cases;
const approachCases = loadFixture<{ cases: ApproachCase[] }>('approaches.json').cases;
const penetrationCases = loadFixture<{ cases: PenetrationCase[] }>('penetrations.json').cases;
const areas = loadFixture<{ earthAreaM2: number; cases: AreaCase[] }>('areas.json');
const parallel = loadFixture<{
  track: TrackSpec;
  geodesicEdgeMidLat: number;
  geodesic: { zone: ZoneSpec; crossings: RefCrossing[] };
  rhumb: { zone: ZoneSpec; crossings: RefCrossing[]; approachM: number };
}>('parallel-42n.json');
const rhumbSamples = loadFixture<{
  cases: Array<{ lat1: number; lon1: number; lat2: number; lon2: number; inverseAzi12: number }>;
}>('rhumb-samples.json').cases;

function runCase(track: TrackSpec, zone: ZoneSpec): AnalysisResult {
  return analyze([trackOf('T', track)], catalogOf([zoneOf('Z', zone)]), OPTIONS);
}

/** The visits the reference crossings imply, in order: [enter | null, exit | null]. */
function expectedVisits(crossings: RefCrossing[]): Array<[RefCrossing | null, RefCrossing | null]> {
  const out: Array<[RefCrossing | null, RefCrossing | null]> = [];
  let open: RefCrossing | null | undefined;
  crossings.forEach((c, i) => {
    if (c.kind === 'enter') open = c;
    else {
      out.push([i === 0 ? null : (open ?? null), c]);
      open = undefined;
    }
  });
  if (open !== undefined) out.push([open, null]);
  return out;
}

function checkCrossing(label: string, got: Crossing | null, want: RefCrossing | null): void {
  if (want === null) {
    expect(got, `${label}: the reference has no crossing here`).toBeNull();
    return;
  }
  expect(
    got,
    `${label}: missing; reference ${want.kind} at (${want.lat}, ${want.lon}) t=${want.time}`,
  ).not.toBeNull();
  if (!got) return;
  const offM = distM(got.lat, got.lon, want.lat, want.lon);
  expect(
    offM,
    `${label}: engine (${got.lat}, ${got.lon}) is ${offM.toFixed(3)} m from reference (${want.lat}, ${want.lon})`,
  ).toBeLessThanOrEqual(POSITION_TOL_M);
  const dtS = timeS(got.time) - want.time;
  expect(
    Math.abs(dtS),
    `${label}: engine time ${got.time} is ${dtS.toFixed(4)} s off the reference ${new Date(want.time * 1000).toISOString()} (${want.time})`,
  ).toBeLessThanOrEqual(TIME_TOL_S);
  expect(got.certain, `${label}: a crossing between two fixes is certain`).toBe(true);
}

function checkVisits(name: string, visits: Visit[], crossings: RefCrossing[]): void {
  const want = expectedVisits(crossings);
  const summary = visits.map((v) => `[${v.enter?.time ?? 'start'} → ${v.exit?.time ?? 'end'}]`).join(' ');
  expect(visits.length, `${name}: visits ${summary}, reference has ${want.length}`).toBe(want.length);
  want.forEach(([enter, exit], i) => {
    if (!visits[i]) return;
    checkCrossing(`${name} visit ${i} enter`, visits[i].enter, enter);
    checkCrossing(`${name} visit ${i} exit`, visits[i].exit, exit);
  });
}

describe('crossing of a geodesic track with a geodesic edge (GeographicLib reference)', () => {
  it.each(geodesicCases)('$name', (c) => {
    const res = runCase(c.track, c.zone);
    checkVisits(c.name, res.visits, c.crossings);
  });
});

describe('crossing of a geodesic track with a rhumb edge (RhumbSolve reference)', () => {
  it.each(rhumbCases)('$name', (c) => {
    const res = runCase(c.track, c.zone);
    checkVisits(c.name, res.visits, c.crossings);
  });
});

describe('crossing of a geodesic track with a buffer circle around a point', () => {
  it.each(bufferCases)('$name', (c) => {
    const res = runCase(c.track, c.zone);
    checkVisits(c.name, res.visits, c.crossings);
  });
});

describe('the planar-vs-geodesic case: a track along 42.15°N under an edge along 42°N', () => {
  it('the reference itself: the geodesic edge bulges north of the track', () => {
    expect(parallel.geodesicEdgeMidLat).toBeGreaterThan(42.2);
    expect(parallel.geodesic.crossings.map((c) => c.kind)).toEqual(['enter', 'exit']);
  });

  it('with a geodesic edge the track is inside for most of its length, entering and exiting where GeographicLib says', () => {
    const res = runCase(parallel.track, parallel.geodesic.zone);
    checkVisits('parallel-42N geodesic', res.visits, parallel.geodesic.crossings);
    const [enter, exit] = parallel.geodesic.crossings;
    const fraction = (exit.time - enter.time) / (parallel.track.t.at(-1)! - parallel.track.t[0]);
    expect(fraction).toBeGreaterThan(0.6);
  });

  it('with a rhumb edge (along the parallel) it never enters, and passes at the meridian arc 42°–42.15°', () => {
    const res = runCase(parallel.track, parallel.rhumb.zone);
    expect(res.visits).toEqual([]);
    expect(res.approaches.length, 'one approach to the zone').toBe(1);
    const got = res.approaches[0].distanceM;
    expect(
      Math.abs(got - parallel.rhumb.approachM),
      `approach ${got} m vs ${parallel.rhumb.approachM} m`,
    ).toBeLessThanOrEqual(DISTANCE_TOL_M);
  });
});

describe('closest approach to a zone not entered (GeographicLib reference, dense minimisation)', () => {
  it.each(approachCases)('$name', (c) => {
    const res = runCase(c.track, c.zone);
    expect(res.visits, `${c.name}: the track does not enter`).toEqual([]);
    expect(res.approaches.length, `${c.name}: one approach`).toBe(1);
    const a = res.approaches[0];
    expect(
      Math.abs(a.distanceM - c.approach.distanceM),
      `${c.name}: engine ${a.distanceM} m, reference ${c.approach.distanceM} m`,
    ).toBeLessThanOrEqual(DISTANCE_TOL_M);
    if (c.approach.positionWellDefined) {
      // Where the distance is flat at its minimum the place of the minimum is ill-conditioned:
      // a 0.05 m rounding of the distance moves it by tens of metres. 200 m is a sanity bound.
      const offM = distM(a.lat, a.lon, c.approach.lat, c.approach.lon);
      expect(
        offM,
        `${c.name}: closest point (${a.lat}, ${a.lon}) vs (${c.approach.lat}, ${c.approach.lon})`,
      ).toBeLessThan(200);
    }
  });
});

describe('deepest penetration of a visit (GeographicLib reference, dense maximisation)', () => {
  // The engine reports depths to 0.1 m (searched to 5 mm): half a decimetre of rounding and the
  // search's few millimetres.
  const DEPTH_TOL_M = 0.06;
  it.each(penetrationCases)('$name', (c) => {
    const res = runCase(c.track, c.zone);
    expect(res.visits.length, `${c.name}: one visit`).toBe(1);
    const v = res.visits[0];
    expect(v.enter === null, `${c.name}: first fix inside`).toBe(c.penetration.firstInside);
    const where = `${c.penetration.at} ${c.penetration.index} of ${c.penetration.fixes} fixes`;
    expect(
      Math.abs(v.maxPenetrationM - c.penetration.maxM),
      `${c.name}: engine ${v.maxPenetrationM} m, reference ${c.penetration.maxM} m (at ${where})`,
    ).toBeLessThanOrEqual(DEPTH_TOL_M);
    // The live stepper folds the same visit piecewise as the fixes come: the same depth.
    const zones = new ZoneIndex(compileCatalog(catalogOf([zoneOf('Z', c.zone)])));
    const live = stepTrack(trackOf('T', c.track), zones, OPTIONS.maxGapS);
    expect(live.map((x) => x.maxPenetrationM)).toEqual([v.maxPenetrationM]);
  });
});

describe('polygon areas (Planimeter reference)', () => {
  it.each(areas.cases)('$name', (c) => {
    const n = c.ring.lat.length;
    const ring = {
      lat: Float64Array.from(c.ring.lat),
      lon: Float64Array.from(c.ring.lon),
      edges: new Uint8Array(n).fill(c.edges === 'rhumb' ? EDGE_RHUMB : EDGE_GEODESIC),
    };
    // polygonAreaM2 reports the smaller of the two regions a ring bounds.
    const abs = Math.abs(c.signedAreaM2);
    const want = Math.min(abs, areas.earthAreaM2 - abs);
    const got = polygonAreaM2(ring);
    const tol = 0.1 + 1e-9 * want;
    expect(
      Math.abs(got - want),
      `${c.name}: engine ${got} m², Planimeter ${want} m² (tolerance ${tol})`,
    ).toBeLessThanOrEqual(tol);
  });
});

describe("the tests' own rhumb helper agrees with RhumbSolve", () => {
  it('rhumb azimuths from Mercator coordinates match RhumbSolve -i to 1e-9°', () => {
    for (const s of rhumbSamples) {
      const azi = rhumbAzimuth([s.lat1, s.lon1], [s.lat2, s.lon2]);
      let d = azi - s.inverseAzi12;
      d -= 360 * Math.round(d / 360);
      expect(Math.abs(d), `${JSON.stringify(s)}: ${azi}`).toBeLessThan(1e-9);
    }
  });
});

// ------------------------------------------------------------------------------------------------
// Live re-derivation with the GeographicLib command-line tools (CI installs geographiclib-tools).

const HAVE_TOOLS =
  spawnSync('GeodSolve', ['--version']).status === 0 && spawnSync('RhumbSolve', ['--version']).status === 0;
if (!HAVE_TOOLS) {
  console.warn(
    'accuracy.test: GeodSolve/RhumbSolve not found (apt-get install geographiclib-tools); live spot-checks skipped',
  );
}

function tool(cmd: string, args: string[], lines: string[]): number[][] {
  const r = spawnSync(cmd, args, { input: `${lines.join('\n')}\n`, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const rows = r.stdout
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  if (rows.length !== lines.length) throw new Error(`${cmd}: ${lines.length} lines in, ${rows.length} out`);
  return rows;
}

const num = (x: number) => x.toFixed(15);

/**
 * The crossing of the track's geodesic with the edge, found with the CLI tools only: points along
 * the track from `GeodSolve -L`, side of each point from the azimuth at the edge's start
 * (`GeodSolve -i` or `RhumbSolve -i`), 64-way section search down to 0.1 mm.
 */
function liveCrossing(
  track: TrackSpec,
  a: LatLon,
  b: LatLon,
  kind: EdgeName,
): { lat: number; lon: number; alongM: number } {
  const [[azi1, , lengthM]] = tool(
    'GeodSolve',
    ['-i', '-p', '9'],
    [[track.lat[0], track.lon[0], track.lat[1], track.lon[1]].map(num).join(' ')],
  );
  const along = (ss: number[]) =>
    tool(
      'GeodSolve',
      ['-p', '9', '-L', num(track.lat[0]), num(track.lon[0]), num(azi1)],
      ss.map((s) => s.toFixed(6)),
    );
  const sides = (pts: number[][]) => {
    const lines = [a, ...pts.map((p) => [p[0], p[1]])].map((p) =>
      [a[0], a[1], p[0], p[1]].map(num).join(' '),
    );
    lines[0] = [a[0], a[1], b[0], b[1]].map(num).join(' ');
    const rows =
      kind === 'geodesic'
        ? tool('GeodSolve', ['-i', '-p', '9'], lines).map((r) => [r[0], r[2]])
        : tool('RhumbSolve', ['-i', '-p', '9'], lines).map((r) => [r[0], r[1]]);
    const aziAB = rows[0][0];
    return rows.slice(1).map(([azi, s]) => s * Math.sin(((azi - aziAB) * Math.PI) / 180));
  };
  let lo = 0;
  let hi = lengthM;
  while (hi - lo > 1e-4) {
    const ss = Array.from({ length: 65 }, (_, k) => lo + ((hi - lo) * k) / 64);
    const f = sides(along(ss));
    const k = f.findIndex((v, i) => i < 64 && v > 0 !== f[i + 1] > 0);
    if (k < 0) throw new Error('no sign change along the track');
    lo = ss[k];
    hi = ss[k + 1];
  }
  const [[lat, lon]] = along([(lo + hi) / 2]);
  return { lat, lon, alongM: (lo + hi) / 2 };
}

describe.skipIf(!HAVE_TOOLS)('live spot-checks with GeodSolve / RhumbSolve', () => {
  const pick = (cases: CrossingCase[], families: string[]) =>
    families.map((f) => cases.find((c) => c.family === f)).filter((c): c is CrossingCase => c !== undefined);
  const live = [
    ...pick(geodesicCases, ['high', 'antimeridian', 'parallel']),
    ...pick(rhumbCases, ['high', 'antimeridian']),
  ];
  it.each(live)('$name: re-derived crossing agrees with the fixture and the engine', (c) => {
    const edge = c.crossedEdge;
    if (!edge) throw new Error(`${c.name}: fixture has no crossedEdge`);
    const got = liveCrossing(c.track, edge.from, edge.to, edge.kind);
    const ref = c.crossings[0];
    const offFixtureM = distM(got.lat, got.lon, ref.lat, ref.lon);
    expect(offFixtureM, `${c.name}: CLI vs Python reference`).toBeLessThan(0.01);
    const visit = runCase(c.track, c.zone).visits[0];
    const engine = ref.kind === 'enter' ? visit?.enter : visit?.exit;
    expect(engine, `${c.name}: engine reports the ${ref.kind}`).toBeTruthy();
    if (!engine) return;
    const offM = distM(engine.lat, engine.lon, got.lat, got.lon);
    expect(
      offM,
      `${c.name}: engine (${engine.lat}, ${engine.lon}) vs GeodSolve (${got.lat}, ${got.lon})`,
    ).toBeLessThanOrEqual(POSITION_TOL_M);
  });
});

describe.skipIf(!HAVE_TOOLS)('meridian arc series (bounds to rhumb edges along parallels)', () => {
  it('agrees with GeodSolve along a meridian to a micrometre, pole to pole', () => {
    const lats = Array.from({ length: 37 }, (_, i) => -89.9 + (179.8 * i) / 36);
    const rows = tool(
      'GeodSolve',
      ['-i', '-p', '9'],
      lats.map((lat) => `0 17 ${num(lat)} 17`),
    );
    lats.forEach((lat, i) => {
      const ref = Math.sign(lat) * rows[i][2];
      expect(Math.abs(meridianArcM(lat) - ref), `latitude ${lat}`).toBeLessThan(1e-6);
    });
  });
});

/**
 * The fast paths give exactly what the exact paths give: grid membership against the exact
 * point-in-zone test, grid clearances against exact membership of points within them, the byte
 * CSV reader against the generic reader, worker threads against one thread, and (below) the whole
 * analysis with and without the grid on random tracks and on real data.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { analyzeParallel, chunkRuns } from '../src/analysis/batch.js';
import { fastPathStats } from '../src/analysis/fastpath.js';
import { parseOptions } from '../src/analysis/options.js';
import { direct, distanceM, GeodesicSegment, inverse } from '../src/geo/geodesic.js';
import { RingGeom } from '../src/geo/ring.js';
import { analyzeFiles } from '../src/pipeline.js';
import { readTrackFile } from '../src/tracks/read.js';
import type { Track } from '../src/tracks/track.js';
import { builtinCatalog } from '../src/zones/catalog.js';
import { CompiledCatalog } from '../src/zones/compiled.js';
import { BOUNDARY, CatalogGrid, INSIDE, segmentLengthUpperM, ZoneGrid } from '../src/zones/grid.js';
import { cachedCatalogGrid, pruneGridCache } from '../src/zones/grid-cache.js';
import { importZoneFile } from '../src/zones/import.js';
import {
  distanceBounds,
  edgesDistanceM,
  edgeUpperBound,
  nearEdges,
  nearestEdge,
  pieceEdgeBounds,
  ringDistanceM,
} from '../src/zones/nearest.js';
import type { Catalog, Zone } from '../src/zones/zone.js';
import { polygonZone } from './fixtures/reference/reference.js';
import { realdata } from './realdata.js';

const real = realdata;

const swissZones = async (): Promise<Catalog> => {
  const r = await importZoneFile(real('glide-rs-openair-rs', 'Switzerland.txt'));
  return { id: 'Switzerland.txt', version: 'file', zones: r.zones };
};

/** Builtin zones small enough to grid in a test: the ADIZs, Korea's sea and the disputed buffers. */
function someBuiltin(): Catalog {
  const b = builtinCatalog();
  const keep = new Set([
    'KOR-ADIZ',
    'CHN-ECS-ADIZ',
    'JPN-ADIZ',
    'TWN-ADIZ',
    'KOR-TS',
    'TWN-TS',
    'LIANCOURT-TS',
    'SENKAKU-TS',
  ]);
  return { id: 'builtin-part', version: b.version, zones: b.zones.filter((z) => keep.has(z.id)) };
}

/** Points scattered around a zone's vertices (where the boundary is) and across its box. */
/** A small seeded generator (uniform in [0, 1)), so every test sees the same points. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pointsNear(zone: Zone, count: number, seed: number): Array<[number, number]> {
  const rnd = lcg(seed);
  const verts: Array<[number, number]> = [];
  const g = zone.geometry;
  if (g.type === 'polygon')
    for (const p of g.polygons)
      for (const r of p) for (let i = 0; i < r.lat.length; i++) verts.push([r.lat[i], r.lon[i]]);
  else {
    for (const p of g.baseline.points) verts.push(p);
    for (const l of g.baseline.lines) for (let i = 0; i < l.lat.length; i++) verts.push([l.lat[i], l.lon[i]]);
    for (const p of g.baseline.polygons)
      for (const r of p) for (let i = 0; i < r.lat.length; i++) verts.push([r.lat[i], r.lon[i]]);
  }
  if (verts.length === 0) return [];
  const out: Array<[number, number]> = [];
  for (let k = 0; k < count; k++) {
    const [la, lo] = verts[Math.floor(rnd() * verts.length)];
    const scale = k % 3 === 0 ? 0.001 : k % 3 === 1 ? 0.05 : 0.5;
    out.push([la + (rnd() - 0.5) * scale * 2, lo + (rnd() - 0.5) * scale * 2]);
  }
  return out;
}

describe('zone grid', () => {
  it('classifies like the exact test and its clearances hold (Swiss OpenAIR, built-in zones)', async () => {
    for (const cat of [await swissZones(), someBuiltin()]) {
      const cc = new CompiledCatalog(cat);
      let checked = 0;
      let uniform = 0;
      cc.zones.forEach((z, k) => {
        const g = ZoneGrid.build(z);
        expect(g, z.zone.id).not.toBeNull();
        if (!g) return;
        for (const [lat, lon] of pointsNear(z.zone, cat.zones.length > 50 ? 40 : 400, 7 + k)) {
          // A few lookups first: a boundary leaf hit repeatedly is split (lazy refinement).
          for (let r = 0; r < 40; r++) g.leafAt(lat, lon);
          const leaf = g.leafAt(lat, lon);
          const s = g.stateOf(leaf);
          const exact = z.geometryContains(lat, lon);
          checked++;
          if (s === BOUNDARY) continue;
          uniform++;
          expect(s === INSIDE, `${z.zone.id} at ${lat},${lon}`).toBe(exact);
          // Any point closer than the clearance is on the same side: the clearance (the leaf's,
          // and the point's distance to the leaf's edge) is at most the exact boundary distance.
          const c = g.clearanceOf(leaf, lat, lon);
          expect(c, `${z.zone.id} at ${lat},${lon}`).toBeLessThanOrEqual(z.boundaryDistanceM(lat, lon));
          if (c > 0) {
            const q = direct(lat, lon, (lat * 7919 + lon * 104729) % 360, c * 0.999);
            expect(z.geometryContains(q.lat, q.lon), `${z.zone.id} ${c} m from ${lat},${lon}`).toBe(exact);
          }
        }
      });
      expect(uniform).toBeGreaterThan(checked / 3);
    }
  });

  it('gives every fix the exact set of zones in bulk (catalog grid)', async () => {
    const cat = someBuiltin();
    const cc = new CompiledCatalog(cat);
    const grid = new CatalogGrid(cc.zones);
    const pts = cat.zones.flatMap((z, k) => pointsNear(z, 150, 100 + k));
    const lat = Float64Array.from(pts.map((p) => p[0]));
    const lon = Float64Array.from(pts.map((p) => p[1]));
    const sets = new Uint32Array(pts.length);
    grid.classify(lat, lon, sets);
    for (let i = 0; i < pts.length; i++) {
      const exact = cc.zones.flatMap((z, k) => (z.geometryContains(lat[i], lon[i]) ? [k] : []));
      expect([...grid.sets[sets[i]]], `${lat[i]},${lon[i]}`).toEqual(exact);
      // A point's clearance bounds its distance to every zone the grid is certain of there.
      const c = grid.cellAt(lat[i], lon[i]);
      if (c < 0) continue;
      const clearM = grid.clearanceAt(c, lat[i], lon[i]);
      cc.zones.forEach((z, k) => {
        if (grid.comboState[grid.cells[c] * cc.zones.length + k] === BOUNDARY) return;
        expect(clearM, `${z.zone.id} at ${lat[i]},${lon[i]}`).toBeLessThanOrEqual(
          z.boundaryDistanceM(lat[i], lon[i]),
        );
      });
    }
  });

  it('caches grids on disk, and keeps the cache bounded by dropping the least recently used', () => {
    const dir = mkdtempSync(join(tmpdir(), 'incursion-gridcache-'));
    const before = process.env.INCURSION_GRID_CACHE;
    process.env.INCURSION_GRID_CACHE = dir;
    try {
      const cc = new CompiledCatalog(someBuiltin());
      const built = cachedCatalogGrid(cc.zones);
      const files = readdirSync(dir).filter((f) => f.endsWith('.grid'));
      expect(files).toHaveLength(1);
      const file = join(dir, files[0]);
      utimesSync(file, new Date(0), new Date(0));
      // Read back: the same answers, and marked as just used.
      const read = cachedCatalogGrid(cc.zones);
      expect(read.cells).toEqual(built.cells);
      expect(statSync(file).mtimeMs).toBeGreaterThan(Date.now() - 60_000);

      const sizes = { 'a.grid': 100, 'b.grid': 100, 'c.grid': 100, 'notes.txt': 1000 };
      let t = 1_000_000;
      for (const [name, size] of Object.entries(sizes)) {
        writeFileSync(join(dir, name), Buffer.alloc(size));
        utimesSync(join(dir, name), new Date(t), new Date(t));
        t += 1000;
      }
      const total = statSync(file).size + 300;
      // Over by 150 bytes: the oldest small grid goes first, then the next (the real grid is the
      // newest: used just now).
      pruneGridCache(dir, total - 150, join(dir, 'c.grid'));
      expect(['a.grid', 'b.grid', 'c.grid'].map((f) => existsSync(join(dir, f)))).toEqual([
        false,
        false,
        true,
      ]);
      expect(existsSync(file)).toBe(true);
      // Never the grid being kept, and never other files.
      pruneGridCache(dir, 0, join(dir, 'c.grid'));
      expect(existsSync(join(dir, 'c.grid'))).toBe(true);
      expect(existsSync(file)).toBe(false);
      expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
    } finally {
      if (before === undefined) delete process.env.INCURSION_GRID_CACHE;
      else process.env.INCURSION_GRID_CACHE = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bounds a segment length from above', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0, max: 300_000, noNaN: true }),
        (lat, lon, azi, d) => {
          const q = direct(lat, lon, azi, d);
          expect(segmentLengthUpperM(lat, lon, q.lat, q.lon)).toBeGreaterThanOrEqual(d);
        },
      ),
    );
  });
});

describe('nearest edge distance', () => {
  // The angular bounds (an edge's arc plane and its measured deviation, caps over chunks of
  // edges) only decide which edges are evaluated: against every edge, the minimum is the same.
  const bruteForce = (ring: RingGeom, lat: number, lon: number) => {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 0; j < ring.n; j++) best = Math.min(best, ring.edgeDistanceM(j, lat, lon));
    return best;
  };
  const parallelRing = new RingGeom({
    lat: Float64Array.from([30, 30, 40, 40]),
    lon: Float64Array.from([120, 135, 135, 120]),
    edges: Uint8Array.from([1, 0, 1, 0]),
  });
  const rhumbRing = new RingGeom({
    // Long rhumb edges along parallels at 60–70°N (far off their great-circle arcs), geodesic
    // meridian edges, across the antimeridian.
    lat: Float64Array.from([60, 60, 70, 70]),
    lon: Float64Array.from([170, -150, -150, 170]),
    edges: Uint8Array.from([1, 0, 1, 0]),
  });
  // Geodesic edges far south and around the pole, where the ellipsoid's radius is least and
  // changes fastest (the bounds scale angles by it).
  const southRing = new RingGeom({
    lat: Float64Array.from([-78, -70, -64, -72, -80]),
    lon: Float64Array.from([10, 5, 40, 75, 50]),
    edges: new Uint8Array(5),
  });
  const polarRing = new RingGeom({
    lat: Float64Array.from([84, 86, 83, 88]),
    lon: Float64Array.from([170, -100, -20, 60]),
    edges: new Uint8Array(4),
  });
  const rings = (): Array<[string, RingGeom]> => {
    const out: Array<[string, RingGeom]> = [
      ['rhumb parallels', rhumbRing],
      ['far south', southRing],
      ['around the pole', polarRing],
    ];
    for (const id of ['JPN-ADIZ', 'KOR-ADIZ', 'KOR-TS']) {
      const z = builtinCatalog().zones.find((x) => x.id === id) as Zone;
      if (z.geometry.type === 'polygon') out.push([id, new RingGeom(z.geometry.polygons[0][0])]);
    }
    return out;
  };

  it('takes the minimum over every edge, near and far from the ring', () => {
    for (const [name, ring] of rings()) {
      const rnd = lcg(11);
      for (let k = 0; k < 40; k++) {
        const j = Math.floor(rnd() * ring.n);
        const spread = [0.01, 0.3, 3, 20][k % 4];
        const lat = Math.max(-89, Math.min(89, ring.lat[j] + (rnd() - 0.5) * spread));
        const lon = ring.lon[j] + (rnd() - 0.5) * spread;
        expect(ringDistanceM(ring, lat, lon), `${name} at ${lat}, ${lon}`).toBe(bruteForce(ring, lat, lon));
      }
    }
  });

  it('gives a vertex nearest to the lower of its two edges, whatever order they are walked in', () => {
    // A ring of many short edges: the point beyond vertex v is as far from edge v - 1 as from
    // edge v (both end there); ring v's edges are numbered from its first vertex.
    const n = 40;
    const lat = Float64Array.from({ length: n }, (_, i) => 35 + 0.2 * Math.sin((2 * Math.PI * i) / n));
    const lon = Float64Array.from({ length: n }, (_, i) => 130 + 0.25 * Math.cos((2 * Math.PI * i) / n));
    const ring = new RingGeom({ lat, lon, edges: new Uint8Array(n) });
    let ties = 0;
    for (const v of [1, 7, 20, 33]) {
      // Outward from the centre through vertex v, 5 km beyond it.
      const q = direct(lat[v], lon[v], inverse(35, 130, lat[v], lon[v]).azi2, 5_000);
      const e = nearestEdge([ring], q.lat, q.lon);
      expect(e.d).toBe(bruteForce(ring, q.lat, q.lon));
      if (ring.edgeDistanceM(v - 1, q.lat, q.lon) !== ring.edgeDistanceM(v, q.lat, q.lon)) continue;
      ties++;
      expect(e.j).toBe(v - 1);
    }
    expect(ties).toBeGreaterThanOrEqual(3);
  });

  it('measures an edge along a parallel as the densely sampled parallel does', () => {
    // Reference: the parallel sampled every 0.0005° of longitude, GeographicLib to each sample.
    const rnd = lcg(3);
    for (let k = 0; k < 30; k++) {
      const lat = 25 + rnd() * 20;
      const lon = 118 + rnd() * 20;
      let ref = Number.POSITIVE_INFINITY;
      let refLon = 0;
      for (let x = 120; x <= 135; x += 0.0005) {
        const d = distanceM(lat, lon, 30, x);
        if (d < ref) {
          ref = d;
          refLon = x;
        }
      }
      // Refine between the neighbouring samples (the distance is smooth there).
      for (let x = refLon - 0.0005; x <= refLon + 0.0005; x += 0.000005)
        if (x >= 120 && x <= 135) ref = Math.min(ref, distanceM(lat, lon, 30, x));
      expect(Math.abs(parallelRing.edgeDistanceM(0, lat, lon) - ref)).toBeLessThan(0.01);
    }
  });

  it('bounds the distance from a piece of track to an edge from below', () => {
    for (const [name, ring] of rings()) {
      const rnd = lcg(17);
      for (let k = 0; k < 15; k++) {
        const j = Math.floor(rnd() * ring.n);
        const p = direct(ring.lat[j], ring.lon[j], rnd() * 360, rnd() * 60_000);
        const q = direct(p.lat, p.lon, rnd() * 360, 2_000 + rnd() * 40_000);
        const seg = new GeodesicSegment(p.lat, p.lon, q.lat, q.lon);
        const inner = [0.25, 0.5, 0.75].map((t): [number, number] => {
          const x = seg.at(t);
          return [x.lat, x.lon];
        });
        const edges = Array.from({ length: Math.min(ring.n, 40) }, (_, i) => (j + i) % ring.n);
        const lb = pieceEdgeBounds(ring, edges, p.lat, p.lon, q.lat, q.lon, inner);
        edges.forEach((e, i) => {
          // Reference: the edge's distance to 200 points along the piece (an upper bound of the least).
          let least = Number.POSITIVE_INFINITY;
          for (let t = 0; t <= 200; t++) {
            const x = seg.at(t / 200);
            least = Math.min(least, ring.edgeDistanceM(e, x.lat, x.lon));
          }
          expect(lb[i], `${name} edge ${e}`).toBeLessThanOrEqual(least + 1e-6);
        });
      }
    }
  });

  it('bounds the distance to a ring, and to the edge of its upper bound elsewhere, with no geodesic', () => {
    for (const [name, ring] of rings()) {
      const rnd = lcg(23);
      for (let k = 0; k < 20; k++) {
        const j = Math.floor(rnd() * ring.n);
        const p = direct(ring.lat[j], ring.lon[j], rnd() * 360, [1_000, 30_000, 400_000][k % 3] * rnd());
        const b = distanceBounds([ring], p.lat, p.lon);
        const d = bruteForce(ring, p.lat, p.lon);
        expect(b.lb, `${name} lb`).toBeLessThanOrEqual(d);
        expect(b.ub, `${name} ub`).toBeGreaterThanOrEqual(d);
        // Within a few hundredths of a percent (the ellipsoid's radius near the point), plus the
        // deviation of a long geodesic edge from its arc; rhumb edges along parallels are bounded
        // through their meridian arcs, to a millimetre.
        expect(b.ub - b.lb, `${name} gap`).toBeLessThan(0.005 * d + 2_000);
        if (name === 'KOR-TS') expect(b.ub - b.lb, `${name} gap`).toBeLessThan(0.0005 * d + 20);
        // The same edge bounded from points around: never below its exact distance there.
        for (let i = 0; i < 5; i++) {
          const q = direct(p.lat, p.lon, rnd() * 360, rnd() * 20_000);
          const ub = edgeUpperBound(ring, b.j, q.lat, q.lon);
          expect(ub, `${name} edge ${b.j}`).toBeGreaterThanOrEqual(ring.edgeDistanceM(b.j, q.lat, q.lon));
        }
      }
    }
  });

  it('keeps every edge that can be nearest for points within the slack', () => {
    for (const [name, ring] of rings()) {
      const rnd = lcg(5);
      for (let k = 0; k < 12; k++) {
        const j = Math.floor(rnd() * ring.n);
        const c = direct(ring.lat[j], ring.lon[j], rnd() * 360, rnd() * 100_000);
        const slack = [100, 5_000, 50_000][k % 3];
        const limit = ringDistanceM(ring, c.lat, c.lon);
        const near = nearEdges(ring, c.lat, c.lon, slack, limit);
        for (let i = 0; i < 5; i++) {
          const p = direct(c.lat, c.lon, rnd() * 360, rnd() * slack);
          expect(edgesDistanceM(ring, near, p.lat, p.lon), name).toBe(bruteForce(ring, p.lat, p.lon));
        }
      }
    }
  });
});

describe('worker threads', () => {
  it('deals the tracks out in contiguous runs that shrink towards the end', () => {
    const sizes = Array.from({ length: 400 }, (_, i) => 100 + ((i * 7919) % 900));
    const tracks = sizes.map((n) => ({ t: new Float64Array(n) }) as Track);
    const total = sizes.reduce((a, b) => a + b, 0);
    const runs = chunkRuns(tracks, 2);
    expect(runs[0][0]).toBe(0);
    expect(runs.at(-1)?.[1]).toBe(tracks.length);
    for (let k = 1; k < runs.length; k++) expect(runs[k][0]).toBe(runs[k - 1][1]);
    const fixes = runs.map(([a, b]) => sizes.slice(a, b).reduce((x, y) => x + y, 0));
    // The first run takes about a quarter, the last ones about the floor (a 64th), give or take a track.
    expect(fixes[0] / total).toBeGreaterThan(0.24);
    expect(fixes[0] / total).toBeLessThan(0.26);
    expect(fixes.at(-2) as number).toBeLessThan(total / 64 + 1000);
    for (let k = 1; k < runs.length; k++) expect(fixes[k]).toBeLessThan(fixes[k - 1] + 1000);
    expect(runs.length).toBeLessThan(24);
    // One track bigger than any goal still makes a run of its own.
    expect(chunkRuns([{ t: new Float64Array(10) } as Track], 2)).toEqual([[0, 1]]);
  });

  it('analyzeParallel gives exactly what analyze gives (Taiwan ADS-B sample, built-in catalog)', async () => {
    const r = await readTrackFile(
      real('LunaticGhoulPiano-Flight-Spotter', 'filtered_by_Taiwan_manual_edges.csv'),
    );
    const tracks = r.tracks.slice(0, 12);
    const cat = someBuiltin();
    const one = analyze(tracks, cat);
    const progress: Array<[number, number]> = [];
    const two = await analyzeParallel(tracks, cat, { onProgress: (d, t) => progress.push([d, t]) }, 2);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(one.visits.length).toBeGreaterThan(0);
    // Progress counts tracks up to all of them; idle pooled workers hold no handle that would
    // keep a finished program (the CLI) alive until the pool's idle timer stops them.
    expect(progress.at(-1)).toEqual([tracks.length, tracks.length]);
    expect(progress.map((p) => p[0])).toEqual([...progress.map((p) => p[0])].sort((a, b) => a - b));
    expect(process.getActiveResourcesInfo().filter((r) => r === 'MessagePort' || r === 'Worker')).toEqual([]);
  });

  it('the pipeline (incursion analyze) on worker threads gives what it gives on one', async () => {
    const file = real('LunaticGhoulPiano-Flight-Spotter', 'filtered_by_Taiwan_manual_edges.csv');
    const req = parseOptions({});
    const one = await analyzeFiles([file], ['builtin'], req, { parallelMinFixes: Number.POSITIVE_INFINITY });
    const two = await analyzeFiles([file], ['builtin'], req, { parallelMinFixes: 0 });
    expect(JSON.stringify(two.result)).toBe(JSON.stringify(one.result));
    expect(one.result.visits.length).toBeGreaterThan(0);
  });
});

describe('runs of segments the grid settles', () => {
  it('are skipped only where nothing changes: validity starting and ending, a ceiling climbed through, inside', () => {
    const square = (id: string, d: number): Zone =>
      polygonZone(id, {
        lat: [30 + d, 30 + d, 32 - d, 32 - d],
        lon: [130 + d, 132 - d, 132 - d, 130 + d],
        edges: ['geodesic', 'geodesic', 'geodesic', 'geodesic'],
      });
    const t0 = 1.7e9;
    const iso = (t: number) => new Date(t * 1000).toISOString();
    const timed = { ...square('TIMED', 0), validFrom: iso(t0 + 1005), validTo: iso(t0 + 1505) };
    const capped = { ...square('CAPPED', 0.2), ceilingFt: 20_020 };
    const cat: Catalog = { id: 'runs', version: 'test', zones: [timed, capped] };
    // 400 fixes 500 m apart eastwards from well inside both, climbing through the ceiling: long
    // runs of segments far from every edge, with the visits' starts and ends inside them (between
    // fixes).
    const n = 400;
    const lat = new Float64Array(n);
    const lon = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = direct(31, 130.6, 90, 500 * i);
      lat[i] = p.lat;
      lon[i] = p.lon;
    }
    const track: Track = {
      id: 'R',
      label: null,
      icao24: null,
      category: 'state',
      operator: null,
      t: Float64Array.from({ length: n }, (_, i) => t0 + 10 * i),
      lat,
      lon,
      altFt: Float32Array.from({ length: n }, (_, i) => 10_000 + 50 * i),
    };
    const fast = analyze([track], cat, { fastPath: true } as never);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(analyze([track], cat, { fastPath: false } as never)));
    const causes = fast.visits.map((v) => `${v.zone} ${v.enter?.cause ?? '-'} ${v.exit?.cause ?? '-'}`);
    expect(causes).toEqual(['CAPPED - ceiling', 'TIMED validity validity']);
  });
});

describe('analysis with and without the grid', () => {
  const fastOf = (tracks: Track[], cat: Catalog, fastPath: boolean) =>
    JSON.stringify(analyze(tracks, cat, { fastPath } as never));

  it.each([
    ['built-in zones (ADIZs, territorial seas, disputed buffers)', () => Promise.resolve(someBuiltin()), 25],
    [
      'Swiss OpenAIR airspaces (vertical limits, circles)',
      async () => {
        const s = await swissZones();
        // The airspaces around Zürich and Bern: small enough for the exact path in a test.
        const near = s.zones.filter((z) => {
          const p = pointsNear(z, 1, 1)[0];
          return p && p[0] > 46.8 && p[0] < 47.6 && p[1] > 7.2 && p[1] < 8.9;
        });
        return { ...s, zones: near.slice(0, 40) };
      },
      10,
    ],
  ] as const)(
    'gives identical visits, approaches and warnings on random tracks near zone boundaries: %s',
    async (_name, load, runs) => {
      const cat = await load();
      const zones = cat.zones;
      expect(zones.length).toBeGreaterThan(3);
      const fix = fc.record({
        zone: fc.nat({ max: zones.length - 1 }),
        vertex: fc.nat(),
        dLat: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        dLon: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        heading: fc.double({ min: 0, max: 360, noNaN: true }),
        stepM: fc.double({ min: 200, max: 20_000, noNaN: true }),
        n: fc.integer({ min: 2, max: 40 }),
        turn: fc.double({ min: -20, max: 20, noNaN: true }),
        alt: fc.oneof(fc.constant(Number.NaN), fc.double({ min: 0, max: 20_000, noNaN: true })),
        climb: fc.double({ min: -1_500, max: 1_500, noNaN: true }),
        gapAt: fc.integer({ min: -1, max: 40 }),
        state: fc.boolean(),
      });
      fc.assert(
        fc.property(fc.array(fix, { minLength: 1, maxLength: 3 }), (specs) => {
          const tracks: Track[] = specs.map((sp, k) => {
            const [la0, lo0] = pointsNear(zones[sp.zone], 1 + (sp.vertex % 5), sp.vertex)[
              sp.vertex % 5 === 0 ? 0 : (sp.vertex % 5) - 1
            ] ?? [35, 128];
            const n = sp.n;
            const t = new Float64Array(n);
            const lat = new Float64Array(n);
            const lon = new Float64Array(n);
            const altFt = new Float32Array(n);
            let p = { lat: la0 + sp.dLat, lon: lo0 + sp.dLon };
            let h = sp.heading;
            for (let i = 0; i < n; i++) {
              t[i] = 1.7e9 + i * 30 + (i > sp.gapAt && sp.gapAt >= 0 ? 3_600 : 0);
              lat[i] = p.lat;
              lon[i] = p.lon;
              altFt[i] = Number.isNaN(sp.alt) ? Number.NaN : Math.max(0, sp.alt + i * sp.climb);
              const q = direct(p.lat, p.lon, h, sp.stepM);
              p = { lat: q.lat, lon: q.lon };
              h += sp.turn;
            }
            return {
              id: `R${k}`,
              label: null,
              icao24: null,
              category: sp.state ? 'state' : 'civil',
              operator: sp.state ? 'RUS' : null,
              t,
              lat,
              lon,
              altFt,
            };
          });
          expect(fastOf(tracks, cat, true)).toBe(fastOf(tracks, cat, false));
        }),
        { numRuns: runs, seed: 4 },
      );
      // Both sides of the fast path were exercised: segments decided by the grid and left to it.
      expect(fastPathStats.inside).toBeGreaterThan(0);
      expect(fastPathStats.outside).toBeGreaterThan(0);
      expect(fastPathStats.exact).toBeGreaterThan(0);
    },
  );

  it('gives identical results on real tracks (Taiwan ADS-B × built-in zones, Swiss traffic × Swiss OpenAIR)', async () => {
    const tw = await readTrackFile(
      real('LunaticGhoulPiano-Flight-Spotter', 'filtered_by_Taiwan_manual_edges.csv'),
    );
    const part = someBuiltin();
    const a = fastOf(tw.tracks.slice(0, 16), part, true);
    expect(a).toBe(fastOf(tw.tracks.slice(0, 16), part, false));
    expect(JSON.parse(a).visits.length).toBeGreaterThan(0);
    const ch = await readTrackFile(real('xoolive-traffic', 'collections', 'switzerland.json.gz'));
    const swiss = await swissZones();
    // Tracks that enter Swiss airspaces, few enough for the exact path to run in the test.
    const tracks = ch.tracks.filter((t) => t.t.length > 20).slice(0, 3);
    const b = fastOf(tracks, swiss, true);
    expect(b).toBe(fastOf(tracks, swiss, false));
  });
});

/**
 * The ring cache (src/zones/ring-cache.ts) gives back, bit for bit, what compiling the rings
 * computes, and never answers a changed catalog, changed code or a damaged file from the disk.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RingGeom } from '../../src/geo/ring.js';
import { builtinCatalog } from '../../src/zones/catalog.js';
import { CompiledCatalog } from '../../src/zones/compiled.js';
import { MIN_EDGES, ringsKey } from '../../src/zones/ring-cache.js';
import { type Catalog, EDGE_RHUMB, type Ring, type Zone } from '../../src/zones/zone.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'incursion-ringcache-'));
  dirs.push(d);
  return d;
}

/** Compiles with INCURSION_GRID_CACHE set to `cache` ('off': no cache). */
function compile(catalog: Catalog, cache: string): RingGeom[] {
  const before = process.env.INCURSION_GRID_CACHE;
  process.env.INCURSION_GRID_CACHE = cache;
  try {
    return new CompiledCatalog(catalog).zones.flatMap((z) => z.ringGeoms());
  } finally {
    if (before === undefined) delete process.env.INCURSION_GRID_CACHE;
    else process.env.INCURSION_GRID_CACHE = before;
  }
}

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Every derived array, flag and index byte of two compilations equal (NaN and -0 included). */
function expectSameRings(got: RingGeom[], want: RingGeom[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((r, i) => {
    const a = r.snapshot();
    const b = want[i].snapshot();
    // Every array of the snapshot, so that one added to it is compared too.
    const arrays = Object.keys(a).filter((k) => ArrayBuffer.isView(a[k as keyof typeof a]));
    expect(arrays.length).toBeGreaterThanOrEqual(10);
    for (const k of arrays as Array<keyof typeof a>) {
      const x = a[k] as ArrayBufferView;
      const y = b[k] as ArrayBufferView;
      expect(bytes(x).equals(bytes(y)), `ring ${i} ${k}`).toBe(true);
    }
    expect([a.wraps, a.split], `ring ${i} flags`).toEqual([b.wraps, b.split]);
    expect(Object.is(r.winding, want[i].winding)).toBe(true);
    for (const k of ['minLat', 'maxLat', 'minLon', 'maxLon'] as const)
      expect(Object.is(r.bbox[k], want[i].bbox[k]), `ring ${i} bbox ${k}`).toBe(true);
    // The restored index answers as the computed one.
    const bb = want[i].bbox;
    const q: [number, number, number, number] = [
      bb.minLat,
      (bb.minLat + bb.maxLat) / 2,
      bb.minLon,
      bb.maxLon,
    ];
    expect(r.candidates(...q)).toEqual(want[i].candidates(...q));
  });
}

/** The built-in catalog plus what it lacks: a buffer round a polyline, a ring over the antimeridian. */
function catalog(): Catalog {
  const b = builtinCatalog();
  const line: Zone = {
    ...b.zones[0],
    id: 'TEST-LINE-BUFFER',
    geometry: {
      type: 'buffer',
      distanceNm: 12,
      baseline: {
        points: [],
        lines: [{ lat: Float64Array.of(30, 30.5, 31.2, 31), lon: Float64Array.of(125, 125.4, 125.1, 126) }],
        polygons: [],
      },
    },
  };
  const across: Zone = {
    ...b.zones[0],
    id: 'TEST-ANTIMERIDIAN',
    geometry: {
      type: 'polygon',
      polygons: [
        [
          {
            lat: Float64Array.of(60, 60, 61, 61.5),
            lon: Float64Array.of(179.5, -179.2, -179.6, 179.8),
            edges: Uint8Array.of(0, 1, 0, 0),
          },
        ],
      ],
    },
  };
  return { ...b, zones: [...b.zones, line, across] };
}

function ringFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rings'))
    .map((f) => join(dir, f));
}

/** A copy of the catalog whose first ring of zone `id` is changed by `edit`. */
function edited(cat: Catalog, id: string, edit: (r: Ring) => void): Catalog {
  return {
    ...cat,
    zones: cat.zones.map((z) => {
      if (z.id !== id || z.geometry.type !== 'polygon') return z;
      const polygons = z.geometry.polygons.map((p) =>
        p.map((r) => ({ lat: r.lat.slice(), lon: r.lon.slice(), edges: r.edges.slice() })),
      );
      edit(polygons[0][0]);
      return { ...z, geometry: { type: 'polygon', polygons } };
    }),
  };
}

describe('ring cache', () => {
  const cat = catalog();
  const fresh = compile(cat, 'off');

  it('gives back every compiled ring bit for bit', () => {
    const dir = tempDir();
    // Computed and stored...
    expectSameRings(compile(cat, dir), fresh);
    const files = ringFiles(dir);
    expect(files).toHaveLength(1);
    // ...then read: the arrays are views of the file's buffer.
    const read = compile(cat, dir);
    expect(read[0].lenM.buffer.byteLength).toBe(statSync(files[0]).size);
    expectSameRings(read, fresh);
    expect(read.some((r) => r.snapshot().split) && read.some((r) => r.kind.includes(EDGE_RHUMB))).toBe(true);
  });

  it('never answers a changed catalog or changed code from the cache', () => {
    const dir = tempDir();
    compile(cat, dir);
    // A vertex moved by a millionth of a degree, an edge made a rhumb line: new keys, rings as
    // computed for the changed catalog (not the stored ones).
    const moved = edited(cat, 'KOR-TS', (r) => {
      r.lat[5] += 1e-6;
    });
    const rhumb = edited(cat, 'JPN-TS', (r) => {
      r.edges[3] = EDGE_RHUMB;
    });
    for (const changed of [moved, rhumb]) {
      expect(ringsKey(changed.zones)).not.toBe(ringsKey(cat.zones));
      const want = compile(changed, 'off');
      expectSameRings(compile(changed, dir), want);
      expectSameRings(compile(changed, dir), want);
    }
    expect(ringFiles(dir)).toHaveLength(3);
    // The key covers the code that computes the rings.
    expect(ringsKey(cat.zones, 'a')).not.toBe(ringsKey(cat.zones, 'b'));
    expect(ringsKey(cat.zones)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('computes the rings when the file is damaged, and stores them again', () => {
    const dir = tempDir();
    compile(cat, dir);
    const [file] = ringFiles(dir);
    const whole = readFileSync(file);
    for (const damaged of [whole.subarray(0, whole.length >> 1), Buffer.from('not a ring file at all')]) {
      writeFileSync(file, damaged);
      expectSameRings(compile(cat, dir), fresh);
      expect(readFileSync(file).equals(whole)).toBe(true);
    }
  });

  it('is not used with INCURSION_GRID_CACHE=off, nor for small catalogs', () => {
    // Off: computed (arrays of their own, not views of a file), and no directory named 'off'.
    expect(fresh.every((r) => r.lenM.buffer.byteLength === r.lenM.byteLength)).toBe(true);
    expect(existsSync(join(process.cwd(), 'off'))).toBe(false);
    const dir = tempDir();
    const small = { ...cat, zones: cat.zones.filter((z) => z.id === 'KOR-ADIZ') };
    const edges = compile(small, dir).reduce((n, r) => n + r.n, 0);
    expect(edges).toBeLessThan(MIN_EDGES);
    expect(ringFiles(dir)).toHaveLength(0);
  });
});

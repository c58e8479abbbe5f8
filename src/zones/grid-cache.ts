/**
 * Catalog grids kept on disk between runs: building the grid of the built-in catalog takes a few
 * seconds, reading it back a few milliseconds. A grid is stored under a SHA-256 of everything it
 * depends on (every zone's geometry, in catalog order, and the grid format version), so a changed
 * zone can never be answered by a stale grid. Any problem reading the cache means: build it.
 *
 * Location: $INCURSION_GRID_CACHE, else <os tmpdir>/incursion-grids; INCURSION_GRID_CACHE=off
 * disables it. Its grids are kept under CACHE_MAX_BYTES, the least recently used removed first.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { CompiledZone } from './compiled.js';
import {
  type BlobRef,
  cacheDir,
  codeDigest,
  hashGeometry,
  packFile,
  pruneCache,
  readFileAligned,
  touch,
  unpackFile,
  writeFileAtomic,
} from './disk-cache.js';
import { CatalogGrid, type CatalogGridSnapshot, type ComboIds, type ZoneGridSnapshot } from './grid.js';

/** Bump when the grid's construction or layout changes. */
const FORMAT = 'incursion-grid-1';

/**
 * The code a grid's content depends on: a change to any of these modules (membership tests, ring
 * geometry, the boundary distances behind the clearances, the grid itself) or to the libraries
 * must not be answered from a grid built by the old code.
 */
const CODE = [
  './grid',
  './compiled',
  './nearest',
  './zone',
  '../geo/ring',
  '../geo/rhumb',
  '../geo/geodesic',
  '../geo/roots',
];
const PACKAGES = ['geographiclib-geodesic', 'flatbush'];

/** SHA-256 of what the grid of these zones depends on (null: cannot tell, do not cache). */
export function gridKey(zones: CompiledZone[]): string | null {
  const code = codeDigest(CODE, PACKAGES);
  if (!code) return null;
  const h = createHash('sha256');
  h.update(FORMAT);
  h.update(code);
  for (const z of zones) hashGeometry(h, z.zone.geometry);
  return h.digest('hex');
}

function encode(s: CatalogGridSnapshot): Buffer {
  return packFile((ref) => ({
    zones: s.zones.map((z) =>
      z
        ? {
            domain: z.domain,
            rootDeg: z.rootDeg,
            nx: z.nx,
            ny: z.ny,
            state: ref(z.state),
            child: ref(z.child),
            clear: ref(z.clear),
          }
        : null,
    ),
    box: ref(s.box),
    cells: ref(s.cells),
    clear: ref(s.clear),
    comboInside: s.comboInside.map((c) => Array.from(c)),
    comboBoundary: s.comboBoundary.map((c) => Array.from(c)),
  }));
}

function decode(buf: Buffer): CatalogGridSnapshot {
  const { header, get } = unpackFile(buf);
  type Z = {
    domain: ZoneGridSnapshot['domain'];
    rootDeg: number;
    nx: number;
    ny: number;
    state: BlobRef;
    child: BlobRef;
    clear: BlobRef;
  };
  const h = header as {
    zones: Array<Z | null>;
    box: BlobRef;
    cells: BlobRef;
    clear: BlobRef;
    comboInside: number[][];
    comboBoundary: number[][];
  };
  const zones: Array<ZoneGridSnapshot | null> = h.zones.map((z) =>
    z
      ? {
          domain: z.domain,
          rootDeg: z.rootDeg,
          nx: z.nx,
          ny: z.ny,
          state: get(z.state) as Uint8Array,
          child: get(z.child) as Int32Array,
          clear: get(z.clear) as Float32Array,
        }
      : null,
  );
  return {
    zones,
    box: get(h.box) as Float64Array,
    cells: get(h.cells) as ComboIds,
    clear: get(h.clear) as Float32Array,
    comboInside: h.comboInside.map((c) => Uint16Array.from(c)),
    comboBoundary: h.comboBoundary.map((c) => Uint16Array.from(c)),
  };
}

/**
 * Bytes of grids the cache keeps: every change of a catalog or of the engine's geometry code makes
 * a new grid (tens of megabytes for the built-in catalog), and the old ones are never read again.
 */
const CACHE_MAX_BYTES = 1 << 30;

/** The catalog grid of these zones: from the disk cache when it holds one for them, else built and stored. */
export function cachedCatalogGrid(zones: CompiledZone[]): CatalogGrid {
  const dir = cacheDir();
  if (!dir) return new CatalogGrid(zones);
  const key = gridKey(zones);
  if (!key) return new CatalogGrid(zones);
  const file = join(dir, `${key}.grid`);
  try {
    const grid = new CatalogGrid(zones, undefined, decode(readFileAligned(file)));
    touch(file);
    return grid;
  } catch {
    // Absent, unreadable or from another version: build it.
  }
  const grid = new CatalogGrid(zones);
  try {
    writeFileAtomic(file, encode(grid.snapshot()), dir);
    pruneGridCache(dir, CACHE_MAX_BYTES, file);
  } catch {
    // A cache that cannot be written only costs time.
  }
  return grid;
}

/**
 * Removes the least recently used grids of the cache directory until they take at most maxBytes,
 * never `keep` (the grid just written). A grid another process still reads stays readable to it.
 */
export function pruneGridCache(dir: string, maxBytes: number, keep: string): void {
  pruneCache(dir, '.grid', maxBytes, keep);
}

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
  cacheDir,
  codeDigest,
  hashGeometry,
  pruneCache,
  readFileAligned,
  touch,
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

type Blob = Uint8Array | Uint16Array | Int32Array | Float32Array | Uint32Array | Float64Array;
const KINDS = {
  u8: Uint8Array,
  u16: Uint16Array,
  i32: Int32Array,
  f32: Float32Array,
  u32: Uint32Array,
  f64: Float64Array,
} as const;
type Kind = keyof typeof KINDS;

function kindOf(a: Blob): Kind {
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Uint32Array) return 'u32';
  return 'f64';
}

function encode(s: CatalogGridSnapshot): Buffer {
  const blobs: Blob[] = [];
  const ref = (a: Blob) => {
    blobs.push(a);
    return { blob: blobs.length - 1, kind: kindOf(a), n: a.length };
  };
  const header = {
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
    offsets: [] as number[],
  };
  let offset = 0;
  for (const b of blobs) {
    header.offsets.push(offset);
    offset += Math.ceil(b.byteLength / 8) * 8;
  }
  const head = Buffer.from(JSON.stringify(header));
  const headLen = Math.ceil((head.length + 4) / 8) * 8;
  const out = Buffer.alloc(headLen + offset);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  blobs.forEach((b, i) => {
    Buffer.from(b.buffer, b.byteOffset, b.byteLength).copy(out, headLen + header.offsets[i]);
  });
  return out;
}

interface Ref {
  blob: number;
  kind: Kind;
  n: number;
}

function decode(buf: Buffer): CatalogGridSnapshot {
  const len = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + len).toString('utf8'));
  const headLen = Math.ceil((len + 4) / 8) * 8;
  const get = (r: Ref) => {
    const T = KINDS[r.kind];
    const start = headLen + header.offsets[r.blob];
    const bytes = buf.subarray(start, start + r.n * T.BYTES_PER_ELEMENT);
    if (bytes.length !== r.n * T.BYTES_PER_ELEMENT) throw new Error('truncated grid cache');
    // A view of the file's own buffer (readFileAligned) where aligned, else a copy.
    const at = bytes.byteOffset;
    if (at % T.BYTES_PER_ELEMENT === 0) return new T(bytes.buffer as ArrayBuffer, at, r.n);
    const out = new T(r.n);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  };
  type Z = {
    domain: ZoneGridSnapshot['domain'];
    rootDeg: number;
    nx: number;
    ny: number;
    state: Ref;
    child: Ref;
    clear: Ref;
  };
  const zones: Array<ZoneGridSnapshot | null> = header.zones.map((z: Z | null) =>
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
    box: get(header.box) as Float64Array,
    cells: get(header.cells) as ComboIds,
    clear: get(header.clear) as Float32Array,
    comboInside: header.comboInside.map((c: number[]) => Uint16Array.from(c)),
    comboBoundary: header.comboBoundary.map((c: number[]) => Uint16Array.from(c)),
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

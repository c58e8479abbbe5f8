/**
 * The compiled rings of a catalog kept on disk between runs: compiling the built-in catalog solves
 * a geodesic inverse problem (and a bulge search) per edge and builds an edge index per ring, about
 * 150 ms; reading back what that derived takes a few milliseconds. The rings of a catalog are
 * stored in one file, in the order CompiledZone builds them, under a SHA-256 of everything they
 * depend on: every zone's geometry in catalog order, the source of the modules that derive them,
 * the geodesic and index libraries, the JavaScript engine and the file format. A changed zone or
 * changed code is never answered from a stale file, and any problem reading one means: compute.
 *
 * Same directory as the grid cache (disk-cache.ts; INCURSION_GRID_CACHE=off disables both).
 * Catalogs under MIN_EDGES edges are not cached: computing them is cheaper than reading a file.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { RingGeom, type RingGeomSnapshot } from '../geo/ring.js';
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
import type { Ring, Zone } from './zone.js';

/** Bump when the file layout changes. */
const FORMAT = 'incursion-rings-2';
const EXT = '.rings';

/** The modules a compiled ring's arrays come from (and this file's layout). */
const CODE = [
  '../geo/ring',
  '../geo/rhumb',
  '../geo/geodesic',
  '../geo/roots',
  './zone',
  './compiled',
  './ring-cache',
  './disk-cache',
];
/** The libraries they come from: the geodesics, and the edge index whose bytes are stored. */
const PACKAGES = ['geographiclib-geodesic', 'flatbush'];

/** Catalogs with fewer edges than this are compiled without the cache. */
export const MIN_EDGES = 4096;

/** Bytes of ring files the cache keeps (the built-in catalog's takes about 4 MB). */
const CACHE_MAX_BYTES = 256 << 20;

/** Edges of every ring the zones' compilation builds. */
function edgeCount(zones: readonly Zone[]): number {
  let n = 0;
  for (const z of zones) {
    const g = z.geometry;
    const polygons = g.type === 'polygon' ? g.polygons : g.baseline.polygons;
    for (const p of polygons) for (const r of p) n += r.lat.length;
    if (g.type === 'buffer') for (const l of g.baseline.lines) n += 2 * l.lat.length - 2;
  }
  return n;
}

/**
 * SHA-256 of what the compiled rings of these zones depend on (null: cannot tell, do not cache).
 * `code`: the digest of the code that compiles them (the current source unless given).
 */
export function ringsKey(zones: readonly Zone[], code = codeDigest(CODE, PACKAGES)): string | null {
  if (!code) return null;
  const h = createHash('sha256');
  h.update(FORMAT);
  h.update(code);
  h.update(`|${process.versions.v8}|${process.arch}`);
  for (const z of zones) hashGeometry(h, z.geometry);
  return h.digest('hex');
}

/** Builds the RingGeoms of a catalog's compilation, in order, then finish(). */
export interface RingFactory {
  make(ring: Ring): RingGeom;
  finish(): void;
}

const uncached: RingFactory = { make: (ring) => new RingGeom(ring), finish: () => {} };

/**
 * The RingGeoms of compiling these zones, asked for in the order CompiledZone builds them: from
 * the cache when it holds this catalog's, else computed, and stored by finish().
 */
export function ringFactory(zones: readonly Zone[]): RingFactory {
  const dir = cacheDir();
  if (!dir || edgeCount(zones) < MIN_EDGES) return uncached;
  const key = ringsKey(zones);
  if (!key) return uncached;
  const file = join(dir, `${key}${EXT}`);
  let saved: RingGeomSnapshot[] | null = null;
  try {
    saved = decode(readFileAligned(file));
    touch(file);
  } catch {
    // Absent, unreadable or from another version: compute.
  }
  if (saved) {
    const snaps = saved;
    let i = 0;
    return {
      make: (ring) => {
        const s = snaps[i++];
        if (s) {
          try {
            return new RingGeom(ring, s);
          } catch {
            // Does not fit this ring (cannot happen under the key): compute it.
          }
        }
        return new RingGeom(ring);
      },
      finish: () => {},
    };
  }
  const made: RingGeom[] = [];
  return {
    make: (ring) => {
      const r = new RingGeom(ring);
      made.push(r);
      return r;
    },
    finish: () => {
      try {
        writeFileAtomic(file, encode(made.map((r) => r.snapshot())), dir);
        pruneCache(dir, EXT, CACHE_MAX_BYTES, file);
      } catch {
        // A cache that cannot be written only costs time.
      }
    },
  };
}

/**
 * The file (disk-cache.ts packFile): per ring, its two flags and its arrays in ARRAYS order, each
 * of the type the ring's snapshot has.
 */
const ARRAYS = [
  ['psi', Float64Array],
  ['dLon', Float64Array],
  ['azi', Float64Array],
  ['aziEnd', Float64Array],
  ['lenM', Float64Array],
  ['minLat', Float64Array],
  ['maxLat', Float64Array],
  ['numbers', Float64Array],
  ['boxEdge', Uint32Array],
  ['index', Uint8Array],
] as const;

interface Header {
  format: string;
  rings: Array<{ wraps: boolean; split: boolean; arrays: BlobRef[] }>;
}

function encode(snaps: RingGeomSnapshot[]): Buffer {
  return packFile(
    (ref): Header => ({
      format: FORMAT,
      rings: snaps.map((s) => ({
        wraps: s.wraps,
        split: s.split,
        arrays: ARRAYS.map(([name]) => ref(s[name])),
      })),
    }),
  );
}

/** The snapshots a file holds, as views of its buffer. */
function decode(buf: Buffer): RingGeomSnapshot[] {
  const { header, get } = unpackFile(buf);
  const h = header as unknown as Header;
  if (h.format !== FORMAT) throw new Error('another format');
  return h.rings.map((r) => {
    const out: Record<string, unknown> = { wraps: r.wraps === true, split: r.split === true };
    ARRAYS.forEach(([name, T], k) => {
      const a = get(r.arrays[k]);
      if (!(a instanceof T)) throw new Error(`${name}: not a ${T.name}`);
      out[name] = a;
    });
    return out as unknown as RingGeomSnapshot;
  });
}

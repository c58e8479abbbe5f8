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
  cacheDir,
  codeDigest,
  hashGeometry,
  pruneCache,
  readFileAligned,
  touch,
  writeFileAtomic,
} from './disk-cache.js';
import type { Ring, Zone } from './zone.js';

/** Bump when the file layout changes. */
const FORMAT = 'incursion-rings-1';
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
 * File layout: u32 length of a JSON header, the header, then the arrays, each at an offset (from
 * the end of the header, itself padded to 8 bytes) that is a multiple of 8. Per ring the header
 * holds its two flags and the offsets and lengths of its arrays in ARRAYS order.
 */
const ARRAYS = [
  'psi',
  'dLon',
  'azi',
  'aziEnd',
  'lenM',
  'minLat',
  'maxLat',
  'numbers',
  'boxEdge',
  'index',
] as const;
type ArrayName = (typeof ARRAYS)[number];

interface Header {
  format: string;
  rings: Array<{ wraps: boolean; split: boolean; at: number[]; len: number[] }>;
}

function encode(snaps: RingGeomSnapshot[]): Buffer {
  const header: Header = { format: FORMAT, rings: [] };
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const s of snaps) {
    const at: number[] = [];
    const len: number[] = [];
    for (const name of ARRAYS) {
      const a = s[name];
      at.push(offset);
      len.push(a.length);
      blobs.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      offset += Math.ceil(a.byteLength / 8) * 8;
    }
    header.rings.push({ wraps: s.wraps, split: s.split, at, len });
  }
  const head = Buffer.from(JSON.stringify(header));
  const headLen = Math.ceil((head.length + 4) / 8) * 8;
  const out = Buffer.alloc(headLen + offset);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  let i = 0;
  for (const h of header.rings) for (const at of h.at) out.set(blobs[i++], headLen + at);
  return out;
}

const TYPES: Record<ArrayName, Float64ArrayConstructor | Uint32ArrayConstructor | Uint8ArrayConstructor> = {
  psi: Float64Array,
  dLon: Float64Array,
  azi: Float64Array,
  aziEnd: Float64Array,
  lenM: Float64Array,
  minLat: Float64Array,
  maxLat: Float64Array,
  numbers: Float64Array,
  boxEdge: Uint32Array,
  index: Uint8Array,
};

/** The snapshots a file holds, as views of its buffer (which must start 8-byte aligned). */
function decode(buf: Buffer): RingGeomSnapshot[] {
  if (buf.byteOffset % 8 !== 0) throw new Error('unaligned');
  const headBytes = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + headBytes).toString('utf8')) as Header;
  if (header.format !== FORMAT) throw new Error('another format');
  const base = buf.byteOffset + Math.ceil((headBytes + 4) / 8) * 8;
  const end = buf.byteOffset + buf.length;
  return header.rings.map((h) => {
    const out: Record<string, unknown> = { wraps: h.wraps === true, split: h.split === true };
    ARRAYS.forEach((name, k) => {
      const T = TYPES[name];
      const start = base + h.at[k];
      if (!(h.at[k] >= 0 && h.at[k] % 8 === 0 && start + h.len[k] * T.BYTES_PER_ELEMENT <= end))
        throw new Error('truncated');
      out[name] = new T(buf.buffer as ArrayBuffer, start, h.len[k]);
    });
    return out as unknown as RingGeomSnapshot;
  });
}

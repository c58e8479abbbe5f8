/**
 * What the on-disk caches of derived zone data share (grid-cache.ts: catalog grids; ring-cache.ts:
 * the per-edge arrays of compiled rings): where they live, the SHA-256 key of what their content
 * depends on (the zones' geometry and the code that derives it), reading a file into memory
 * its typed arrays can view without a copy, writing it atomically, and keeping the directory
 * bounded.
 *
 * Location: $INCURSION_GRID_CACHE, else <os tmpdir>/incursion-grids; INCURSION_GRID_CACHE=off
 * disables every cache.
 */
import { createHash, type Hash, randomUUID } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ring, ZoneGeometry } from './zone.js';

/** The cache directory, or null when caching is off. */
export function cacheDir(): string | null {
  const env = process.env.INCURSION_GRID_CACHE;
  if (env === 'off') return null;
  return env || join(tmpdir(), 'incursion-grids');
}

const digests = new Map<string, string | null>();

/**
 * SHA-256 of the source of these modules (paths relative to this one, without extension) and of
 * the entry files of these packages: a change to any of them must not be answered from data the
 * old code derived. Null when one cannot be read (then nothing is cached).
 */
export function codeDigest(modules: readonly string[], packages: readonly string[] = []): string | null {
  const id = `${modules.join(',')}|${packages.join(',')}`;
  const known = digests.get(id);
  if (known !== undefined) return known;
  let digest: string | null;
  try {
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const h = createHash('sha256');
    for (const m of modules) h.update(readFileSync(fileURLToPath(new URL(`${m}${ext}`, import.meta.url))));
    if (packages.length) {
      const require = createRequire(import.meta.url);
      for (const p of packages) {
        h.update(`|${p}|`);
        h.update(readFileSync(require.resolve(p)));
      }
    }
    digest = h.digest('hex');
  } catch {
    digest = null;
  }
  digests.set(id, digest);
  return digest;
}

/** Feeds a zone's geometry (every coordinate and edge kind, in order) to a hash. */
export function hashGeometry(h: Hash, g: ZoneGeometry): void {
  const bytes = (a: ArrayBufferView) => h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  const ring = (r: Ring) => {
    h.update(`r${r.lat.length}`);
    bytes(r.lat);
    bytes(r.lon);
    bytes(r.edges);
  };
  h.update(`|z${g.type}`);
  if (g.type === 'polygon') {
    for (const p of g.polygons) {
      h.update('p');
      for (const r of p) ring(r);
    }
  } else {
    h.update(`b${g.distanceNm}:${JSON.stringify(g.baseline.points)}`);
    for (const l of g.baseline.lines) {
      h.update('l');
      bytes(l.lat);
      bytes(l.lon);
    }
    for (const p of g.baseline.polygons) {
      h.update('p');
      for (const r of p) ring(r);
    }
  }
}

/**
 * A whole file in a buffer of its own (byte offset 0), so typed arrays at 8-byte aligned offsets
 * in it can view it in place.
 */
export function readFileAligned(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const out = Buffer.from(new ArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const n = readSync(fd, out, at, size - at, at);
      if (n === 0) throw new Error(`${file}: shorter than its size`);
      at += n;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** Writes a cache file whole or not at all (readers never see part of it). */
export function writeFileAtomic(file: string, data: Uint8Array, dir: string): void {
  mkdirSync(dir, { recursive: true });
  // Unique per process and thread: worker threads share a pid.
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // Never written.
    }
    throw e;
  }
}

/** Marks a cache file as just used (its modification time orders what pruning removes first). */
export function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Read-only cache: pruning then goes by when files were written.
  }
}

/**
 * Removes the least recently used files ending in `ext` from the cache directory until they take
 * at most maxBytes, never `keep` (the file just written). A file another process still reads
 * stays readable to it.
 */
export function pruneCache(dir: string, ext: string, maxBytes: number, keep: string): void {
  const files: Array<{ path: string; size: number; usedMs: number }> = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(ext)) continue;
    const path = join(dir, name);
    try {
      const st = statSync(path);
      files.push({ path, size: st.size, usedMs: st.mtimeMs });
    } catch {
      // Removed meanwhile by another process.
    }
  }
  let total = files.reduce((sum, f) => sum + f.size, 0);
  files.sort((a, b) => a.usedMs - b.usedMs);
  for (const f of files) {
    if (total <= maxBytes) break;
    if (f.path === keep) continue;
    try {
      unlinkSync(f.path);
      total -= f.size;
    } catch {
      // Removed meanwhile by another process.
    }
  }
}

/** The typed arrays a cache file holds. */
export type Blob = Uint8Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

const KINDS = {
  u8: Uint8Array,
  u16: Uint16Array,
  i32: Int32Array,
  u32: Uint32Array,
  f32: Float32Array,
  f64: Float64Array,
} as const;
type Kind = keyof typeof KINDS;

/** How a cache file's header names one of its arrays. */
export interface BlobRef {
  blob: number;
  kind: Kind;
  n: number;
}

function kindOf(a: Blob): Kind {
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Float32Array) return 'f32';
  return 'f64';
}

/**
 * A cache file: u32 length of a JSON header, the header, then the arrays, each at an offset (from
 * the end of the header, itself padded to 8 bytes) that is a multiple of 8. `describe` builds the
 * header, naming each array by the reference `ref` gives it.
 */
export function packFile(describe: (ref: (a: Blob) => BlobRef) => object): Buffer {
  const blobs: Blob[] = [];
  const described = describe((a) => {
    blobs.push(a);
    return { blob: blobs.length - 1, kind: kindOf(a), n: a.length };
  });
  const offsets: number[] = [];
  let offset = 0;
  for (const b of blobs) {
    offsets.push(offset);
    offset += Math.ceil(b.byteLength / 8) * 8;
  }
  const head = Buffer.from(JSON.stringify({ ...described, offsets }));
  const headLen = Math.ceil((head.length + 4) / 8) * 8;
  const out = Buffer.alloc(headLen + offset);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  blobs.forEach((b, i) => {
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), headLen + offsets[i]);
  });
  return out;
}

/**
 * A packFile file's header, and its arrays by reference: views of the buffer where aligned (as
 * readFileAligned reads them), else copies. Throws on a truncated file or a bad reference.
 */
export function unpackFile(buf: Buffer): { header: Record<string, unknown>; get: (r: BlobRef) => Blob } {
  const len = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + len).toString('utf8'));
  const headLen = Math.ceil((len + 4) / 8) * 8;
  const get = (r: BlobRef): Blob => {
    const T = KINDS[r.kind];
    const at = header.offsets?.[r.blob];
    if (!T || !(at >= 0) || !(r.n >= 0)) throw new Error('bad array reference');
    const start = headLen + at;
    const bytes = buf.subarray(start, start + r.n * T.BYTES_PER_ELEMENT);
    if (bytes.length !== r.n * T.BYTES_PER_ELEMENT) throw new Error('truncated cache file');
    if (bytes.byteOffset % T.BYTES_PER_ELEMENT === 0)
      return new T(bytes.buffer as ArrayBuffer, bytes.byteOffset, r.n);
    const out = new T(r.n);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  };
  return { header, get };
}

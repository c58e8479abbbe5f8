/**
 * Clipping of lon/lat rings to a box or a half-plane (Sutherland–Hodgman). Only ever used where
 * the cut runs through land or through one's own sea, far from any boundary an analysis relies
 * on; cut edges are densified so a geodesic edge cannot bulge away from the cut line.
 */
export type Pos = [number, number]; // [lon, lat]

export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Clip a closed ring (first = last) to a half-plane `inside(p)`, cutting edges at `cut(a, b)`. */
function clipPlane(ring: Pos[], inside: (p: Pos) => boolean, cut: (a: Pos, b: Pos) => Pos): Pos[] {
  const out: Pos[] = [];
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    const ia = inside(a);
    const ib = inside(b);
    if (ia) out.push(a);
    if (ia !== ib) out.push(cut(a, b));
  }
  if (out.length) out.push(out[0]);
  return out;
}

function lerp(a: Pos, b: Pos, f: number): Pos {
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
}

/** The ring clipped to the box, or null when nothing is left. */
export function clipRingToBox(ring: Pos[], box: Box): Pos[] | null {
  let r = ring;
  const planes: Array<[(p: Pos) => boolean, (a: Pos, b: Pos) => Pos]> = [
    [(p) => p[0] >= box.west, (a, b) => lerp(a, b, (box.west - a[0]) / (b[0] - a[0]))],
    [(p) => p[0] <= box.east, (a, b) => lerp(a, b, (box.east - a[0]) / (b[0] - a[0]))],
    [(p) => p[1] >= box.south, (a, b) => lerp(a, b, (box.south - a[1]) / (b[1] - a[1]))],
    [(p) => p[1] <= box.north, (a, b) => lerp(a, b, (box.north - a[1]) / (b[1] - a[1]))],
  ];
  for (const [inside, cut] of planes) {
    r = clipPlane(r, inside, cut);
    if (r.length < 4) return null;
  }
  return r;
}

/**
 * The ring clipped to the side of the line through p0 with direction d (lon, lat components)
 * where cross(d, p - p0) has the sign of `keepLeft ? +1 : -1`.
 */
export function clipRingToHalfPlane(ring: Pos[], p0: Pos, d: Pos, keepLeft: boolean): Pos[] | null {
  const side = (p: Pos) => d[0] * (p[1] - p0[1]) - d[1] * (p[0] - p0[0]);
  const inside = (p: Pos) => (keepLeft ? side(p) >= 0 : side(p) <= 0);
  const cut = (a: Pos, b: Pos) => lerp(a, b, side(a) / (side(a) - side(b)));
  const r = clipPlane(ring, inside, cut);
  return r.length >= 4 ? r : null;
}

/**
 * Insert vertices so that no edge lying on the cut (both ends on it) is longer than maxDeg:
 * along a parallel a long geodesic edge would bow poleward, off the cut.
 */
export function densifyOn(ring: Pos[], onCut: (p: Pos) => boolean, maxDeg: number): Pos[] {
  const out: Pos[] = [ring[0]];
  for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1];
    const b = ring[i];
    if (onCut(a) && onCut(b)) {
      const steps = Math.ceil(Math.max(Math.abs(b[0] - a[0]), Math.abs(b[1] - a[1])) / maxDeg);
      for (let k = 1; k < steps; k++) out.push(lerp(a, b, k / steps));
    }
    out.push(b);
  }
  return out;
}

/** Drop consecutive duplicate vertices (clipping leaves some). */
export function dedupe(ring: Pos[]): Pos[] {
  const out: Pos[] = [];
  for (const p of ring) {
    const q = out[out.length - 1];
    if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p);
  }
  return out;
}

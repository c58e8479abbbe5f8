/**
 * A port of GeographicLib's JavaScript geodesic inverse (geographiclib-geodesic 2.2.0,
 * src/Geodesic.js and src/Math.js; MIT licence, Copyright (c) Charles Karney 2011-2022,
 * https://geographiclib.sourceforge.io/), specialised to the WGS84 ellipsoid and to the outputs
 * s12, azi1 and azi2 (inverseInto) and salp1, calp1 and a12 (inverseArcInto: what InverseLine takes
 * from it), and rewritten so that a call creates no objects.
 *
 * Why: the hot paths solve millions of inverse problems, and the library's per-call objects (result
 * and intermediate `vals` objects, coefficient arrays, `{s, c}` from sincosd, `{d, e}` from AngDiff,
 * `{s, t}` from sum) made most of the analysis's garbage. Results must stay bit-identical to
 * `Geodesic.WGS84.Inverse(..., DISTANCE | AZIMUTH)` and to `InverseInt(..., ARC)`, so every
 * floating-point operation keeps the library's formula, order and parenthesisation; only the
 * plumbing changes. Helpers hand back their several results through module-level Float64Arrays
 * (typed-array slots hold raw doubles, whereas a module-level `let` holding a double may be boxed on
 * every write), and the library's structure (InverseInt, InverseStart, Lambda12, Lengths, astroid)
 * is kept so the two can be read side by side. Branches that WGS84 (f > 0) or these outmasks can
 * never take (prolate ellipsoids, LONG_UNROLL, GEODESICSCALE, AREA, and the output m12) are left
 * out.
 *
 * The geodesic line's port (karney-line.ts) shares this module's helpers, constants and series
 * through `karneyShared` at the end.
 */

// ---------------------------------------------------------------------------------------------
// Math.js

const DIGITS = 53;
const EPSILON = 0.5 ** (DIGITS - 1);
const DEGREE = Math.PI / 180;

function sq(x: number): number {
  return x * x;
}

// The library's own hypot, not Math.hypot: they round differently (GeodSolve92).
function hypot(x: number, y: number): number {
  return Math.sqrt(x * x + y * y);
}

function copysign(x: number, y: number): number {
  return Math.abs(x) * (y < 0 || (y === 0 && 1 / y < 0) ? -1 : 1);
}

function polyval(N: number, p: Float64Array, s: number, x: number): number {
  let y = N < 0 ? 0 : p[s++];
  while (--N >= 0) y = y * x + p[s++];
  return y;
}

function angRound(x: number): number {
  const z = 1 / 16;
  let y = Math.abs(x);
  y = y < z ? z - (z - y) : y;
  return copysign(y, x);
}

function remainder(x: number, y: number): number {
  x %= y;
  return x < -y / 2 ? x + y : x < y / 2 ? x : x - y;
}

function latFix(x: number): number {
  return Math.abs(x) > 90 ? Number.NaN : x;
}

function angNormalize(x: number): number {
  const y = remainder(x, 360);
  return Math.abs(y) === 180 ? copysign(180, x) : y;
}

/** [s, t] of the error-free sum, [d, e] of AngDiff, [sin, cos] of sincosd/sincosde. */
const sumOut = new Float64Array(2);
const diffOut = new Float64Array(2);
const scOut = new Float64Array(2);

function sum(u: number, v: number): void {
  const s = u + v;
  let up = s - v;
  let vpp = s - up;
  up -= u;
  vpp -= v;
  // 0 - (...) rather than -(...): a zero error must come out as +0, not -0.
  sumOut[0] = s;
  sumOut[1] = s ? 0 - (up + vpp) : s;
}

function angDiff(x: number, y: number): void {
  sum(remainder(-x, 360), remainder(y, 360));
  sum(remainder(sumOut[0], 360), sumOut[1]);
  let d = sumOut[0];
  const e = sumOut[1];
  if (d === 0 || Math.abs(d) === 180) d = copysign(d, e === 0 ? y - x : -e);
  diffOut[0] = d;
  diffOut[1] = e;
}

// sincosd and sincosde each carry the whole reduction, as in the library: a shared helper taking
// doubles would cost an allocation per argument wherever V8 declined to inline it.
function sincosd(x: number): void {
  let d = x % 360;
  const q = Math.round(d / 90);
  d -= 90 * q;
  const r = d * DEGREE;
  let s = Math.sin(r);
  let c = Math.cos(r);
  // Exact values at ±45° and ±30° keep results symmetric (GeodSolve99).
  if (Math.abs(d) === 45) {
    c = Math.sqrt(0.5);
    s = copysign(c, r);
  } else if (Math.abs(d) === 30) {
    c = Math.sqrt(0.75);
    s = copysign(0.5, r);
  }
  let sinx: number;
  let cosx: number;
  switch (q & 3) {
    case 0:
      sinx = s;
      cosx = c;
      break;
    case 1:
      sinx = c;
      cosx = -s;
      break;
    case 2:
      sinx = -s;
      cosx = -c;
      break;
    default:
      sinx = -c;
      cosx = s;
      break;
  }
  cosx += 0;
  if (sinx === 0) sinx = copysign(sinx, x);
  scOut[0] = sinx;
  scOut[1] = cosx;
}

function sincosde(x: number, t: number): void {
  let d = x % 360;
  const q = Math.round(d / 90);
  d = angRound(d - 90 * q + t);
  const r = d * DEGREE;
  let s = Math.sin(r);
  let c = Math.cos(r);
  // Exact values at ±45° and ±30° keep results symmetric (GeodSolve99).
  if (Math.abs(d) === 45) {
    c = Math.sqrt(0.5);
    s = copysign(c, r);
  } else if (Math.abs(d) === 30) {
    c = Math.sqrt(0.75);
    s = copysign(0.5, r);
  }
  let sinx: number;
  let cosx: number;
  switch (q & 3) {
    case 0:
      sinx = s;
      cosx = c;
      break;
    case 1:
      sinx = c;
      cosx = -s;
      break;
    case 2:
      sinx = -s;
      cosx = -c;
      break;
    default:
      sinx = -c;
      cosx = s;
      break;
  }
  cosx += 0;
  if (sinx === 0) sinx = copysign(sinx, x + t);
  scOut[0] = sinx;
  scOut[1] = cosx;
}

function atan2d(y: number, x: number): number {
  let q = 0;
  if (Math.abs(y) > Math.abs(x)) {
    const t = x;
    x = y;
    y = t;
    q = 2;
  }
  if (copysign(1, x) < 0) {
    x = -x;
    ++q;
  }
  let ang = Math.atan2(y, x) / DEGREE;
  switch (q) {
    case 1:
      ang = copysign(180, y) - ang;
      break;
    case 2:
      ang = 90 - ang;
      break;
    case 3:
      ang = -90 + ang;
      break;
    default:
      break;
  }
  return ang;
}

// ---------------------------------------------------------------------------------------------
// Geodesic.js: constants, computed by the library's own code path so they match to the bit.

const A = 6378137;
const F = 1 / 298.257223563;
const F1 = 1 - F;
const E2 = F * (2 - F);
const EP2 = E2 / sq(F1);
const N = F / (2 - F);
const B = A * F1;

const ORDER = 6;
const nA1 = ORDER;
const nA2 = ORDER;
const nA3 = ORDER;
const nA3x = nA3;
const nC1 = ORDER;
const nC1p = ORDER;
const nC2 = ORDER;
const nC3 = ORDER;
const nC3x = (nC3 * (nC3 - 1)) / 2;
const maxit1 = 20;
const maxit2 = maxit1 + DIGITS + 10;
const tol0 = EPSILON;
const tol1 = 200 * tol0;
const tol2 = Math.sqrt(tol0);
const tolb = tol0;
const xthresh = 1000 * tol2;
const tiny = Math.sqrt(Number.MIN_VALUE / Number.EPSILON);
const ETOL2 = (0.1 * tol2) / Math.sqrt((Math.max(0.001, Math.abs(F)) * Math.min(1, 1 - F / 2)) / 2);

// Coefficient tables laid out as in the library, one row per polynomial.
// biome-ignore format: rows as in the library
const A1m1fCoeff = Float64Array.of(
  +1, 4, 64, 0, 256,
);
// biome-ignore format: rows as in the library
const C1fCoeff = Float64Array.of(
  -1, 6, -16, 32,
  -9, 64, -128, 2048,
  +9, -16, 768,
  +3, -5, 512,
  -7, 1280,
  -7, 2048,
);
// biome-ignore format: rows as in the library
const C1pfCoeff = Float64Array.of(
  +205, -432, 768, 1536,
  +4005, -4736, 3840, 12288,
  -225, 116, 384,
  -7173, 2695, 7680,
  +3467, 7680,
  +38081, 61440,
);
// biome-ignore format: rows as in the library
const A2m1fCoeff = Float64Array.of(
  -11, -28, -192, 0, 256,
);
// biome-ignore format: rows as in the library
const C2fCoeff = Float64Array.of(
  +1, 2, 16, 32,
  +35, 64, 384, 2048,
  +15, 80, 768,
  +7, 35, 512,
  +63, 1280,
  +77, 2048,
);
// biome-ignore format: rows as in the library
const A3Coeff = Float64Array.of(
  -3, 128,
  -2, -3, 64,
  -1, -3, -1, 16,
  +3, -1, -2, 8,
  +1, -1, 2,
  +1, 1,
);
// biome-ignore format: rows as in the library
const C3Coeff = Float64Array.of(
  +3, 128,
  +2, 5, 128,
  -1, 3, 3, 64,
  -1, 0, 1, 8,
  -1, 1, 4,
  +5, 256,
  +1, 3, 128,
  -3, -2, 3, 64,
  +1, -3, 2, 32,
  +7, 512,
  -10, 9, 384,
  +5, -9, 5, 192,
  +7, 512,
  -14, 7, 512,
  +21, 2560,
);

const A3x = new Float64Array(nA3x);
const C3x = new Float64Array(nC3x);
{
  let o = 0;
  let k = 0;
  for (let j = nA3 - 1; j >= 0; --j) {
    const p = Math.min(nA3 - j - 1, j);
    A3x[k++] = polyval(p, A3Coeff, o, N) / A3Coeff[o + p + 1];
    o += p + 2;
  }
  o = 0;
  k = 0;
  for (let l = 1; l < nC3; ++l) {
    for (let j = nC3 - 1; j >= l; --j) {
      const p = Math.min(nC3 - j - 1, j);
      C3x[k++] = polyval(p, C3Coeff, o, N) / C3Coeff[o + p + 1];
      o += p + 2;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Geodesic.js: the inverse problem.
//
// V8 passes and returns doubles between functions it has not inlined as heap-allocated numbers, so
// the large functions below (too big to inline) take no double arguments and return nothing: they
// share their inputs and results through the scratch arrays that follow, each slot named.

// Coefficients of the series (index 0 of C1a and C2a unused, as in the library). Every element a
// series reads is written earlier in the same call, so nothing carries over between calls.
const C1a = new Float64Array(nC1 + 1);
const C2a = new Float64Array(nC2 + 1);
const C3a = new Float64Array(nC3);

/** The problem in canonical form, set by inverseInt; SALP1 and CALP1 are Newton's current alp1. */
const pb = new Float64Array(11);
const P_SBET1 = 0;
const P_CBET1 = 1;
const P_DN1 = 2;
const P_SBET2 = 3;
const P_CBET2 = 4;
const P_DN2 = 5;
const P_LAM12 = 6;
const P_SLAM12 = 7;
const P_CLAM12 = 8;
const P_SALP1 = 9;
const P_CALP1 = 10;

/** The geodesic on the auxiliary sphere that lengths() measures: set by lambda12 or the meridian case. */
const sg = new Float64Array(6);
const G_SIG12 = 0;
const G_SSIG1 = 1;
const G_CSIG1 = 2;
const G_SSIG2 = 3;
const G_CSIG2 = 4;
const G_EPS = 5;

function A1m1f(eps: number): number {
  const p = Math.floor(nA1 / 2);
  const t = polyval(p, A1m1fCoeff, 0, sq(eps)) / A1m1fCoeff[p + 1];
  return (t + eps) / (1 - eps);
}

function C1f(eps: number, c: Float64Array): void {
  const eps2 = sq(eps);
  // The library starts d at eps and multiplies after each term; starting at 1 and multiplying
  // first gives the same powers (1 * eps is exact) and keeps d a double in V8, where a loop
  // variable seeded straight from a parameter is boxed on every iteration.
  let d = 1;
  let o = 0;
  for (let l = 1; l <= nC1; ++l) {
    d *= eps;
    const p = Math.floor((nC1 - l) / 2);
    c[l] = (d * polyval(p, C1fCoeff, o, eps2)) / C1fCoeff[o + p + 1];
    o += p + 2;
  }
}

function C1pf(eps: number, c: Float64Array): void {
  const eps2 = sq(eps);
  // d seeded at 1 for the reason given in C1f.
  let d = 1;
  let o = 0;
  for (let l = 1; l <= nC1p; ++l) {
    d *= eps;
    const p = Math.floor((nC1p - l) / 2);
    c[l] = (d * polyval(p, C1pfCoeff, o, eps2)) / C1pfCoeff[o + p + 1];
    o += p + 2;
  }
}

function A2m1f(eps: number): number {
  const p = Math.floor(nA2 / 2);
  const t = polyval(p, A2m1fCoeff, 0, sq(eps)) / A2m1fCoeff[p + 1];
  return (t - eps) / (1 + eps);
}

function C2f(eps: number, c: Float64Array): void {
  const eps2 = sq(eps);
  // The library starts d at eps and multiplies after each term; starting at 1 and multiplying
  // first gives the same powers (1 * eps is exact) and keeps d a double in V8, where a loop
  // variable seeded straight from a parameter is boxed on every iteration.
  let d = 1;
  let o = 0;
  for (let l = 1; l <= nC2; ++l) {
    d *= eps;
    const p = Math.floor((nC2 - l) / 2);
    c[l] = (d * polyval(p, C2fCoeff, o, eps2)) / C2fCoeff[o + p + 1];
    o += p + 2;
  }
}

function A3f(eps: number): number {
  return polyval(nA3x - 1, A3x, 0, eps);
}

function C3f(eps: number, c: Float64Array): void {
  let mult = 1;
  let o = 0;
  for (let l = 1; l < nC3; ++l) {
    const p = nC3 - l - 1;
    mult *= eps;
    c[l] = mult * polyval(p, C3x, o, eps);
    o += p + 1;
  }
}

/**
 * The library's SinCosSeries with sinp = true (the only form either port uses); `k` stands for
 * c.length, which the library takes from its plain arrays.
 */
function sinSeries(sinx: number, cosx: number, c: Float64Array, k: number): number {
  let n = k - 1;
  const ar = 2 * (cosx - sinx) * (cosx + sinx);
  let y0 = n & 1 ? c[--k] : 0;
  let y1 = 0;
  n = Math.floor(n / 2);
  while (n--) {
    y1 = ar * y0 - y1 + c[--k];
    y0 = ar * y1 - y0 + c[--k];
  }
  return 2 * sinx * cosx * y0;
}

function astroid(x: number, y: number): number {
  let k: number;
  const p = sq(x);
  const q = sq(y);
  const r = (p + q - 1) / 6;
  if (!(q === 0 && r <= 0)) {
    const S = (p * q) / 4;
    const r2 = sq(r);
    const r3 = r * r2;
    const disc = S * (S + 2 * r3);
    let u = r;
    if (disc >= 0) {
      let T3 = S + r3;
      T3 += T3 < 0 ? -Math.sqrt(disc) : Math.sqrt(disc);
      const T = Math.cbrt(T3);
      u += T + (T !== 0 ? r2 / T : 0);
    } else {
      const ang = Math.atan2(Math.sqrt(-disc), -(S + r3));
      u += 2 * r * Math.cos(ang / 3);
    }
    const v = Math.sqrt(sq(u) + q);
    const uv = u < 0 ? q / (v - u) : u + v;
    const w = (uv - q) / (2 * v);
    k = uv / (Math.sqrt(uv + sq(w)) + w);
  } else {
    k = 0;
  }
  return k;
}

// Lengths(): the outmask reduced to the shapes the inverse asks for. Results in lenOut.
const LEN_DISTANCE = 1;
const LEN_REDUCED = 2;
const LEN_BOTH = 3;
const lenOut = new Float64Array(2);
const LEN_S12B = 0;
const LEN_M12B = 1;

/** Lengths of the geodesic in `sg`: s12b (if LEN_DISTANCE) and m12b (if LEN_REDUCED), over _b. */
function lengths(mask: number): void {
  const eps = sg[G_EPS];
  const sig12 = sg[G_SIG12];
  const ssig1 = sg[G_SSIG1];
  const csig1 = sg[G_CSIG1];
  const ssig2 = sg[G_SSIG2];
  const csig2 = sg[G_CSIG2];
  let m0x = 0;
  let J12 = 0;
  let A2 = 0;
  let A1 = A1m1f(eps);
  C1f(eps, C1a);
  if (mask & LEN_REDUCED) {
    A2 = A2m1f(eps);
    C2f(eps, C2a);
    m0x = A1 - A2;
    A2 = 1 + A2;
  }
  A1 = 1 + A1;
  if (mask & LEN_DISTANCE) {
    const B1 = sinSeries(ssig2, csig2, C1a, nC1 + 1) - sinSeries(ssig1, csig1, C1a, nC1 + 1);
    lenOut[LEN_S12B] = A1 * (sig12 + B1);
    if (mask & LEN_REDUCED) {
      const B2 = sinSeries(ssig2, csig2, C2a, nC2 + 1) - sinSeries(ssig1, csig1, C2a, nC2 + 1);
      J12 = m0x * sig12 + (A1 * B1 - A2 * B2);
    }
  } else {
    for (let l = 1; l <= nC2; ++l) C2a[l] = A1 * C1a[l] - A2 * C2a[l];
    J12 = m0x * sig12 + (sinSeries(ssig2, csig2, C2a, nC2 + 1) - sinSeries(ssig1, csig1, C2a, nC2 + 1));
  }
  if (mask & LEN_REDUCED) {
    // The parentheses are the library's: they make coincident points cancel exactly.
    lenOut[LEN_M12B] = pb[P_DN2] * (csig1 * ssig2) - pb[P_DN1] * (ssig1 * csig2) - csig1 * csig2 * J12;
  }
}

// InverseStart(): results in startOut (salp2, calp2 and dnm only when sig12 >= 0).
const startOut = new Float64Array(6);
const S_SIG12 = 0;
const S_SALP1 = 1;
const S_CALP1 = 2;
const S_SALP2 = 3;
const S_CALP2 = 4;
const S_DNM = 5;

function inverseStart(): void {
  const sbet1 = pb[P_SBET1];
  const cbet1 = pb[P_CBET1];
  const sbet2 = pb[P_SBET2];
  const cbet2 = pb[P_CBET2];
  const lam12 = pb[P_LAM12];
  const slam12 = pb[P_SLAM12];
  const clam12 = pb[P_CLAM12];
  const sbet12 = sbet2 * cbet1 - cbet2 * sbet1;
  const cbet12 = cbet2 * cbet1 + sbet2 * sbet1;
  let sig12 = -1;
  let salp1: number;
  let calp1: number;
  let somg12: number;
  let comg12: number;
  let dnm = 0;
  let sbet12a = sbet2 * cbet1;
  sbet12a += cbet2 * sbet1;

  const shortline = cbet12 >= 0 && sbet12 < 0.5 && cbet2 * lam12 < 0.5;
  if (shortline) {
    let sbetm2 = sq(sbet1 + sbet2);
    sbetm2 /= sbetm2 + sq(cbet1 + cbet2);
    dnm = Math.sqrt(1 + EP2 * sbetm2);
    const omg12 = lam12 / (F1 * dnm);
    somg12 = Math.sin(omg12);
    comg12 = Math.cos(omg12);
  } else {
    somg12 = slam12;
    comg12 = clam12;
  }

  salp1 = cbet2 * somg12;
  calp1 =
    comg12 >= 0
      ? sbet12 + (cbet2 * sbet1 * sq(somg12)) / (1 + comg12)
      : sbet12a - (cbet2 * sbet1 * sq(somg12)) / (1 - comg12);

  const ssig12 = hypot(salp1, calp1);
  const csig12 = sbet1 * sbet2 + cbet1 * cbet2 * comg12;
  if (shortline && ssig12 < ETOL2) {
    let salp2 = cbet1 * somg12;
    let calp2 = sbet12 - cbet1 * sbet2 * (comg12 >= 0 ? sq(somg12) / (1 + comg12) : 1 - comg12);
    const t = hypot(salp2, calp2);
    salp2 /= t;
    calp2 /= t;
    startOut[S_SALP2] = salp2;
    startOut[S_CALP2] = calp2;
    sig12 = Math.atan2(ssig12, csig12);
  } else if (Math.abs(N) > 0.1 || csig12 >= 0 || ssig12 >= 6 * Math.abs(N) * Math.PI * sq(cbet1)) {
    // Zeroth-order spherical approximation is good enough.
  } else {
    // Near antipodal: the library's f >= 0 branch (the f < 0 one never applies to WGS84).
    const lam12x = Math.atan2(-slam12, -clam12);
    const k2 = sq(sbet1) * EP2;
    const eps = k2 / (2 * (1 + Math.sqrt(1 + k2)) + k2);
    const lamscale = F * cbet1 * A3f(eps) * Math.PI;
    const betscale = lamscale * cbet1;
    const x = lam12x / lamscale;
    const y = sbet12a / betscale;

    if (y > -tol1 && x > -1 - xthresh) {
      salp1 = Math.min(1, -x);
      calp1 = -Math.sqrt(1 - sq(salp1));
    } else {
      const k = astroid(x, y);
      const omg12a = lamscale * ((-x * k) / (1 + k));
      somg12 = Math.sin(omg12a);
      comg12 = -Math.cos(omg12a);
      salp1 = cbet2 * somg12;
      calp1 = sbet12a - (cbet2 * sbet1 * sq(somg12)) / (1 - comg12);
    }
  }
  // Written this way round so that a NaN takes the first branch, as in the library.
  if (!(salp1 <= 0)) {
    const t = hypot(salp1, calp1);
    salp1 /= t;
    calp1 /= t;
  } else {
    salp1 = 1;
    calp1 = 0;
  }
  startOut[S_SIG12] = sig12;
  startOut[S_SALP1] = salp1;
  startOut[S_CALP1] = calp1;
  startOut[S_DNM] = dnm;
}

// Lambda12(): lam12 for the alp1 in pb, its derivative if diffp; the geodesic itself goes to sg.
const lamOut = new Float64Array(4);
const L_LAM12 = 0;
const L_SALP2 = 1;
const L_CALP2 = 2;
const L_DLAM12 = 3;

function lambda12(diffp: boolean): void {
  const sbet1 = pb[P_SBET1];
  const cbet1 = pb[P_CBET1];
  const sbet2 = pb[P_SBET2];
  const cbet2 = pb[P_CBET2];
  const slam120 = pb[P_SLAM12];
  const clam120 = pb[P_CLAM12];
  const salp1 = pb[P_SALP1];
  let calp1 = pb[P_CALP1];
  // Breaks the degeneracy of the equatorial line; local to this evaluation, as in the library.
  if (sbet1 === 0 && calp1 === 0) calp1 = -tiny;

  const salp0 = salp1 * cbet1;
  const calp0 = hypot(calp1, salp1 * sbet1);

  let ssig1 = sbet1;
  const somg1 = salp0 * sbet1;
  const comg1 = calp1 * cbet1;
  let csig1 = comg1;
  let t = hypot(ssig1, csig1);
  ssig1 /= t;
  csig1 /= t;

  const salp2 = cbet2 !== cbet1 ? salp0 / cbet2 : salp1;
  const calp2 =
    cbet2 !== cbet1 || Math.abs(sbet2) !== -sbet1
      ? Math.sqrt(
          sq(calp1 * cbet1) +
            (cbet1 < -sbet1 ? (cbet2 - cbet1) * (cbet1 + cbet2) : (sbet1 - sbet2) * (sbet1 + sbet2)),
        ) / cbet2
      : Math.abs(calp1);
  let ssig2 = sbet2;
  const somg2 = salp0 * sbet2;
  const comg2 = calp2 * cbet2;
  let csig2 = comg2;
  t = hypot(ssig2, csig2);
  ssig2 /= t;
  csig2 /= t;

  const sig12 = Math.atan2(Math.max(0, csig1 * ssig2 - ssig1 * csig2), csig1 * csig2 + ssig1 * ssig2);

  const somg12 = Math.max(0, comg1 * somg2 - somg1 * comg2);
  const comg12 = comg1 * comg2 + somg1 * somg2;
  const eta = Math.atan2(somg12 * clam120 - comg12 * slam120, comg12 * clam120 + somg12 * slam120);
  const k2 = sq(calp0) * EP2;
  const eps = k2 / (2 * (1 + Math.sqrt(1 + k2)) + k2);
  C3f(eps, C3a);
  const B312 = sinSeries(ssig2, csig2, C3a, nC3) - sinSeries(ssig1, csig1, C3a, nC3);
  const domg12 = -F * A3f(eps) * salp0 * (sig12 + B312);
  sg[G_SIG12] = sig12;
  sg[G_SSIG1] = ssig1;
  sg[G_CSIG1] = csig1;
  sg[G_SSIG2] = ssig2;
  sg[G_CSIG2] = csig2;
  sg[G_EPS] = eps;
  lamOut[L_LAM12] = eta + domg12;
  lamOut[L_SALP2] = salp2;
  lamOut[L_CALP2] = calp2;
  if (diffp) {
    if (calp2 === 0) {
      lamOut[L_DLAM12] = (-2 * F1 * pb[P_DN1]) / sbet1;
    } else {
      lengths(LEN_REDUCED);
      lamOut[L_DLAM12] = lenOut[LEN_M12B] * (F1 / (calp2 * cbet2));
    }
  }
}

// InverseInt(): the end points in, the solution out (salp1, calp1, salp2, calp2 after the final
// swap and sign fix-ups, as the library returns them).
const io = new Float64Array(10);
const I_LAT1 = 0;
const I_LON1 = 1;
const I_LAT2 = 2;
const I_LON2 = 3;
const R_S12 = 4;
const R_A12 = 5;
const R_SALP1 = 6;
const R_CALP1 = 7;
const R_SALP2 = 8;
const R_CALP2 = 9;

/**
 * The library's InverseInt for the points in io. Its outmask changes none of salp1, calp1, salp2,
 * calp2 or a12 (it only chooses what the final Lengths computes, and the AREA and GEODESICSCALE
 * extras), so one solver serves both entry points; `distance` false skips that final Lengths, as the
 * library does for outmask ARC (R_S12 is then not the distance on the Newton path).
 */
function inverseInt(distance: boolean): void {
  let lat1 = latFix(io[I_LAT1]);
  let lat2 = latFix(io[I_LAT2]);
  const lon1 = io[I_LON1];
  const lon2 = io[I_LON2];
  // Really close to the equator counts as on it.
  lat1 = angRound(lat1);
  lat2 = angRound(lat2);
  angDiff(lon1, lon2);
  let lon12 = diffOut[0];
  let lon12s = diffOut[1];
  let lonsign = copysign(1, lon12);
  lon12 *= lonsign;
  lon12s *= lonsign;
  const lam12 = lon12 * DEGREE;
  sincosde(lon12, lon12s);
  const slam12 = scOut[0];
  const clam12 = scOut[1];
  lon12s = 180 - lon12 - lon12s;

  // Canonical form (0 <= lon12 <= 180, -90 <= lat1 <= 0, lat1 <= lat2 <= -lat1); a NaN latitude
  // ends up as lat1.
  const swapp = Math.abs(lat1) < Math.abs(lat2) || Number.isNaN(lat2) ? -1 : 1;
  if (swapp < 0) {
    lonsign *= -1;
    const t = lat1;
    lat1 = lat2;
    lat2 = t;
  }
  const latsign = copysign(1, -lat1);
  lat1 *= latsign;
  lat2 *= latsign;

  sincosd(lat1);
  let sbet1 = F1 * scOut[0];
  let cbet1 = scOut[1];
  let t = hypot(sbet1, cbet1);
  sbet1 /= t;
  cbet1 /= t;
  cbet1 = Math.max(tiny, cbet1);

  sincosd(lat2);
  let sbet2 = F1 * scOut[0];
  let cbet2 = scOut[1];
  t = hypot(sbet2, cbet2);
  sbet2 /= t;
  cbet2 /= t;
  cbet2 = Math.max(tiny, cbet2);

  // Force bet2 = ±bet1 exactly when they are numerically so (Lambda12 relies on it).
  if (cbet1 < -sbet1) {
    if (cbet2 === cbet1) sbet2 = copysign(sbet1, sbet2);
  } else {
    if (Math.abs(sbet2) === -sbet1) cbet2 = cbet1;
  }

  const dn1 = Math.sqrt(1 + EP2 * sq(sbet1));
  const dn2 = Math.sqrt(1 + EP2 * sq(sbet2));
  pb[P_SBET1] = sbet1;
  pb[P_CBET1] = cbet1;
  pb[P_DN1] = dn1;
  pb[P_SBET2] = sbet2;
  pb[P_CBET2] = cbet2;
  pb[P_DN2] = dn2;
  pb[P_LAM12] = lam12;
  pb[P_SLAM12] = slam12;
  pb[P_CLAM12] = clam12;

  let s12x = 0;
  let a12 = Number.NaN;
  let salp1 = 0;
  let calp1 = 0;
  let salp2 = 0;
  let calp2 = 0;

  let meridian = lat1 === -90 || slam12 === 0;
  if (meridian) {
    calp1 = clam12;
    salp1 = slam12;
    calp2 = 1;
    salp2 = 0;

    const ssig1 = sbet1;
    const csig1 = calp1 * cbet1;
    const ssig2 = sbet2;
    const csig2 = calp2 * cbet2;

    let sig12 = Math.atan2(Math.max(0, csig1 * ssig2 - ssig1 * csig2), csig1 * csig2 + ssig1 * ssig2);
    sg[G_SIG12] = sig12;
    sg[G_SSIG1] = ssig1;
    sg[G_CSIG1] = csig1;
    sg[G_SSIG2] = ssig2;
    sg[G_CSIG2] = csig2;
    sg[G_EPS] = N;
    lengths(LEN_BOTH);
    s12x = lenOut[LEN_S12B];
    let m12x = lenOut[LEN_M12B];
    // Zero-length geodesics might give m12 < 0, hence the check on sig12 (20.001 0 20.001 0).
    if (sig12 < tol2 || m12x >= 0) {
      if (sig12 < 3 * tiny || (sig12 < tol0 && (s12x < 0 || m12x < 0))) {
        sig12 = 0;
        m12x = 0;
        s12x = 0;
      }
      s12x *= B;
      a12 = sig12 / DEGREE;
    } else {
      meridian = false;
    }
  }

  if (!meridian && sbet1 === 0 && lon12s >= F * 180) {
    // Along the equator.
    calp1 = 0;
    calp2 = 0;
    salp1 = 1;
    salp2 = 1;
    s12x = A * lam12;
    a12 = lon12 / F1;
  } else if (!meridian) {
    inverseStart();
    const sig12 = startOut[S_SIG12];
    salp1 = startOut[S_SALP1];
    calp1 = startOut[S_CALP1];

    if (sig12 >= 0) {
      // Short line, solved by InverseStart.
      salp2 = startOut[S_SALP2];
      calp2 = startOut[S_CALP2];
      s12x = sig12 * B * startOut[S_DNM];
      a12 = sig12 / DEGREE;
    } else {
      // Newton's method on lambda12(alp1) - lam12, falling back to bisection of the bracket.
      let numit = 0;
      // Unary plus types the module constant as a number for V8, so these stay unboxed in the loop.
      let salp1a = +tiny;
      let calp1a = 1;
      let salp1b = +tiny;
      let calp1b = -1;
      for (let tripn = false, tripb = false; ; ++numit) {
        pb[P_SALP1] = salp1;
        pb[P_CALP1] = calp1;
        lambda12(numit < maxit1);
        const v = lamOut[L_LAM12];
        salp2 = lamOut[L_SALP2];
        calp2 = lamOut[L_CALP2];
        // Only read when numit < maxit1, i.e. when lambda12 has just written it.
        const dv = lamOut[L_DLAM12];

        // Reversed test so that NaNs escape.
        if (tripb || !(Math.abs(v) >= (tripn ? 8 : 1) * tol0) || numit === maxit2) break;
        if (v > 0 && (numit < maxit1 || calp1 / salp1 > calp1b / salp1b)) {
          salp1b = salp1;
          calp1b = calp1;
        } else if (v < 0 && (numit < maxit1 || calp1 / salp1 < calp1a / salp1a)) {
          salp1a = salp1;
          calp1a = calp1;
        }
        if (numit < maxit1 && dv > 0) {
          const dalp1 = -v / dv;
          if (Math.abs(dalp1) < Math.PI) {
            const sdalp1 = Math.sin(dalp1);
            const cdalp1 = Math.cos(dalp1);
            const nsalp1 = salp1 * cdalp1 + calp1 * sdalp1;
            if (nsalp1 > 0) {
              calp1 = calp1 * cdalp1 - salp1 * sdalp1;
              salp1 = nsalp1;
              t = hypot(salp1, calp1);
              salp1 /= t;
              calp1 /= t;
              // Where convergence is not quadratic, test against epsilon rather than sqrt(epsilon).
              tripn = Math.abs(v) <= 16 * tol0;
              continue;
            }
          }
        }
        salp1 = (salp1a + salp1b) / 2;
        calp1 = (calp1a + calp1b) / 2;
        t = hypot(salp1, calp1);
        salp1 /= t;
        calp1 /= t;
        tripn = false;
        tripb =
          Math.abs(salp1a - salp1) + (calp1a - calp1) < tolb ||
          Math.abs(salp1 - salp1b) + (calp1 - calp1b) < tolb;
      }
      // sg still holds the geodesic of the last lambda12 evaluation, as the library's locals do.
      if (distance) {
        lengths(LEN_DISTANCE);
        s12x = lenOut[LEN_S12B] * B;
      }
      a12 = sg[G_SIG12] / DEGREE;
    }
  }

  // 0 + converts -0 to +0.
  io[R_S12] = 0 + s12x;
  io[R_A12] = a12;

  if (swapp < 0) {
    let u = salp1;
    salp1 = salp2;
    salp2 = u;
    u = calp1;
    calp1 = calp2;
    calp2 = u;
  }
  salp1 *= swapp * lonsign;
  calp1 *= swapp * latsign;
  salp2 *= swapp * lonsign;
  calp2 *= swapp * latsign;

  io[R_SALP1] = salp1;
  io[R_CALP1] = calp1;
  io[R_SALP2] = salp2;
  io[R_CALP2] = calp2;
}

/**
 * What the geodesic line's port (karney-line.ts) shares, as one object for it to destructure into
 * module-level consts. Why not `export` each one: V8 reads an exported binding through a module
 * cell, inside this module too, and exporting them made the inverse about 10 % slower (Node 20,
 * native ESM); destructured, they are plain consts on both sides.
 */
export const karneyShared = {
  DEGREE,
  F,
  F1,
  EP2,
  B,
  tiny,
  nC1,
  nC1p,
  nC3,
  scOut,
  sq,
  hypot,
  angRound,
  latFix,
  angNormalize,
  sincosd,
  atan2d,
  A1m1f,
  C1f,
  C1pf,
  A3f,
  C3f,
  sinSeries,
};

/** Geodesic inverse on WGS84: writes s12 (m), azi1 and azi2 (degrees) into out[0], out[1], out[2]. */
export function inverseInto(lat1: number, lon1: number, lat2: number, lon2: number, out: Float64Array): void {
  io[I_LAT1] = lat1;
  io[I_LON1] = lon1;
  io[I_LAT2] = lat2;
  io[I_LON2] = lon2;
  inverseInt(true);
  out[0] = io[R_S12];
  out[1] = atan2d(io[R_SALP1], io[R_CALP1]);
  out[2] = atan2d(io[R_SALP2], io[R_CALP2]);
}

/**
 * What `Geodesic.WGS84.InverseLine` takes from the inverse solution, bit for bit (its
 * `InverseInt(..., ARC)`): writes salp1 and calp1 (sine and cosine of the azimuth at point 1, as the
 * library leaves them, not always of exactly unit length) and a12 (the arc length on the auxiliary
 * sphere, degrees) into out[0], out[1], out[2].
 */
export function inverseArcInto(
  lat1: number,
  lon1: number,
  lat2: number,
  lon2: number,
  out: Float64Array,
): void {
  io[I_LAT1] = lat1;
  io[I_LON1] = lon1;
  io[I_LAT2] = lat2;
  io[I_LON2] = lon2;
  inverseInt(false);
  out[0] = io[R_SALP1];
  out[1] = io[R_CALP1];
  out[2] = io[R_A12];
}

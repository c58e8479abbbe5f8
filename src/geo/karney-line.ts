/**
 * A port of GeographicLib's JavaScript geodesic line (geographiclib-geodesic 2.2.0,
 * src/GeodesicLine.js, and InverseLine from src/Geodesic.js; MIT licence, Copyright (c) Charles
 * Karney 2011-2022, https://geographiclib.sourceforge.io/), specialised to the WGS84 ellipsoid and to
 * the line that `Geodesic.WGS84.InverseLine(lat1, lon1, lat2, lon2, LATITUDE | LONGITUDE | AZIMUTH |
 * DISTANCE_IN)` builds, and rewritten so that a position along it creates no objects.
 *
 * Why: positions along segments and edges are computed millions of times, and the library's
 * per-call objects (GenPosition's result object, and through InverseLine the inverse problem's own)
 * made much of the analysis's garbage. Results must stay bit-identical to the library's line, so
 * every floating-point operation keeps the library's formula, order and parenthesisation, and the
 * inverse solution comes from the port of the same code path (inverseArcInto). Only what these caps
 * and the outmask LATITUDE | LONGITUDE | AZIMUTH use is kept: the C2 and C4 series, reduced length,
 * geodesic scale, area, arc-mode positions, LONG_UNROLL and the Newton correction for |f| > 0.01
 * are left out.
 */
import { inverseArcInto, karneyShared } from './karney-inverse.js';

// Destructured into consts rather than imported one by one: see karneyShared.
const {
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
} = karneyShared;

/** [salp1, calp1, a12] of the inverse solution, read as soon as it is written. */
const arc = new Float64Array(3);
/** C1 coefficients: a position needs only C1p and C3, so a line keeps no copy of these. */
const C1a = new Float64Array(nC1 + 1);

// A line's state, named as in the library, in two Float64Arrays. Why not fields: V8 hands a double
// field to optimised code as a possibly boxed value, and where one met a computed double (the swap
// in atan2d) the computed one was boxed, an allocation per position; typed-array slots load as raw
// doubles. Why two arrays of at most 8 (with C1pa and C3a, four): V8 keeps typed arrays of up to 64
// bytes on the heap, and a larger one cost about 0.6 µs more to create, half the cost of a line.
/** Distance to arc length: sig1, tau1, B11 and _b * (1 + _A1m1). */
const S_SSIG1 = 0;
const S_CSIG1 = 1;
const S_STAU1 = 2;
const S_CTAU1 = 3;
const S_B11 = 4;
const S_TAU_SCALE = 5;
/** Azimuth and longitude: alp0, omg1, A3c, B31 and lon1 normalised. */
const W_SALP0 = 0;
const W_CALP0 = 1;
const W_SOMG1 = 2;
const W_COMG1 = 3;
const W_A3C = 4;
const W_B31 = 5;
const W_LON1 = 6;

/**
 * The geodesic through two points, as `Geodesic.WGS84.InverseLine(lat1, lon1, lat2, lon2, LATITUDE
 * | LONGITUDE | AZIMUTH | DISTANCE_IN)` gives it: s13, azi1 and positionInto match the library's
 * line.s13, line.azi1 and line.Position(s12, LATITUDE | LONGITUDE | AZIMUTH) bit for bit.
 */
export class KarneyLine {
  /** Distance from point 1 to point 2 along the geodesic, metres (the library's s13). */
  readonly s13: number;
  /** Azimuth at point 1, degrees. */
  readonly azi1: number;

  private readonly sig = new Float64Array(6);
  private readonly omg = new Float64Array(7);
  /** The library's _C1pa and _C3a (index 0 unused, as there). */
  private readonly C1pa = new Float64Array(nC1p + 1);
  private readonly C3a = new Float64Array(nC3);

  constructor(lat1: number, lon1: number, lat2: number, lon2: number) {
    // InverseLine: the inverse solution with outmask ARC, then the line from point 1 at azimuth
    // alp1 (its sine and cosine passed as they are), then SetArc(a12).
    inverseArcInto(lat1, lon1, lat2, lon2, arc);
    const salp1 = arc[0];
    const calp1 = arc[1];
    const a13 = arc[2];
    this.azi1 = atan2d(salp1, calp1);

    sincosd(angRound(latFix(lat1)));
    let sbet1 = F1 * scOut[0];
    let cbet1 = scOut[1];
    let t = hypot(sbet1, cbet1);
    sbet1 /= t;
    cbet1 /= t;
    cbet1 = Math.max(tiny, cbet1);

    const salp0 = salp1 * cbet1;
    const calp0 = hypot(calp1, salp1 * sbet1);
    let ssig1 = sbet1;
    const somg1 = salp0 * sbet1;
    let csig1 = sbet1 !== 0 || calp1 !== 0 ? cbet1 * calp1 : 1;
    const comg1 = csig1;
    t = hypot(ssig1, csig1);
    ssig1 /= t;
    csig1 /= t;

    const k2 = sq(calp0) * EP2;
    const eps = k2 / (2 * (1 + Math.sqrt(1 + k2)) + k2);

    const A1m1 = A1m1f(eps);
    C1f(eps, C1a);
    const B11 = sinSeries(ssig1, csig1, C1a, nC1 + 1);
    const s = Math.sin(B11);
    const c = Math.cos(B11);
    C1pf(eps, this.C1pa);
    C3f(eps, this.C3a);

    const sig = this.sig;
    sig[S_SSIG1] = ssig1;
    sig[S_CSIG1] = csig1;
    sig[S_STAU1] = ssig1 * c + csig1 * s;
    sig[S_CTAU1] = csig1 * c - ssig1 * s;
    sig[S_B11] = B11;
    sig[S_TAU_SCALE] = B * (1 + A1m1);
    const omg = this.omg;
    omg[W_SALP0] = salp0;
    omg[W_CALP0] = calp0;
    omg[W_SOMG1] = somg1;
    omg[W_COMG1] = comg1;
    // The library's order: (-f * salp0) * A3.
    omg[W_A3C] = -F * salp0 * A3f(eps);
    omg[W_B31] = sinSeries(ssig1, csig1, this.C3a, nC3);
    // GenPosition normalises lon1 on every call; it is the same every time.
    omg[W_LON1] = angNormalize(lon1);

    // SetArc(a13): GenPosition(true, a13, DISTANCE), of which only s12 is kept.
    const sig12 = a13 * DEGREE;
    sincosd(a13);
    const ssig12 = scOut[0];
    const csig12 = scOut[1];
    const ssig2 = ssig1 * csig12 + csig1 * ssig12;
    const csig2 = csig1 * csig12 - ssig1 * ssig12;
    const B12 = sinSeries(ssig2, csig2, C1a, nC1 + 1);
    const AB1 = (1 + A1m1) * (B12 - B11);
    // 0 + as in the library's SetArc (it turns a -0 into +0).
    this.s13 = 0 + B * ((1 + A1m1) * sig12 + AB1);
  }

  /**
   * The point s12 metres along the line from point 1 (any s12, negative or past point 2): writes
   * lat2, lon2 (in [-180, 180], as the library gives it without LONG_UNROLL) and azi2 (degrees) into
   * out[0], out[1], out[2], as line.Position(s12, LATITUDE | LONGITUDE | AZIMUTH) gives them.
   */
  positionInto(s12: number, out: Float64Array): void {
    const sig = this.sig;
    const omg = this.omg;
    const ssig1 = sig[S_SSIG1];
    const csig1 = sig[S_CSIG1];
    const stau1 = sig[S_STAU1];
    const ctau1 = sig[S_CTAU1];
    const salp0 = omg[W_SALP0];
    const calp0 = omg[W_CALP0];

    // The two sums of the library's SinCosSeries are written out here rather than called through
    // sinSeries: with them as calls, V8's budget for inlining ran out before the copysign inside
    // atan2d, which then boxed its argument on every position.
    const tau12 = s12 / sig[S_TAU_SCALE];
    const s = Math.sin(tau12);
    const c = Math.cos(tau12);
    const stau2 = stau1 * c + ctau1 * s;
    const ctau2 = ctau1 * c - stau1 * s;
    const C1pa = this.C1pa;
    let k = nC1p + 1;
    let n = k - 1;
    let ar = 2 * (ctau2 - stau2) * (ctau2 + stau2);
    let y0 = n & 1 ? C1pa[--k] : 0;
    let y1 = 0;
    n = Math.floor(n / 2);
    while (n--) {
      y1 = ar * y0 - y1 + C1pa[--k];
      y0 = ar * y1 - y0 + C1pa[--k];
    }
    const B12 = -(2 * stau2 * ctau2 * y0);
    const sig12 = tau12 - (B12 - sig[S_B11]);
    const ssig12 = Math.sin(sig12);
    const csig12 = Math.cos(sig12);

    const ssig2 = ssig1 * csig12 + csig1 * ssig12;
    let csig2 = csig1 * csig12 - ssig1 * ssig12;
    const sbet2 = calp0 * ssig2;
    let cbet2 = hypot(salp0, calp0 * csig2);
    if (cbet2 === 0) {
      // salp0 = 0 and csig2 = 0 (at a pole on a meridian): the library's way out of the degeneracy.
      cbet2 = tiny;
      csig2 = tiny;
    }

    const somg2 = salp0 * ssig2;
    const comg2 = csig2;
    const somg1 = omg[W_SOMG1];
    const comg1 = omg[W_COMG1];
    const omg12 = Math.atan2(somg2 * comg1 - comg2 * somg1, comg2 * comg1 + somg2 * somg1);
    const C3a = this.C3a;
    k = nC3;
    n = k - 1;
    ar = 2 * (csig2 - ssig2) * (csig2 + ssig2);
    y0 = n & 1 ? C3a[--k] : 0;
    y1 = 0;
    n = Math.floor(n / 2);
    while (n--) {
      y1 = ar * y0 - y1 + C3a[--k];
      y0 = ar * y1 - y0 + C3a[--k];
    }
    const B32 = 2 * ssig2 * csig2 * y0;
    const lam12 = omg12 + omg[W_A3C] * (sig12 + (B32 - omg[W_B31]));
    const lon12 = lam12 / DEGREE;

    out[0] = atan2d(sbet2, F1 * cbet2);
    out[1] = angNormalize(omg[W_LON1] + angNormalize(lon12));
    out[2] = atan2d(salp0, calp0 * csig2);
  }
}

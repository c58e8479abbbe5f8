#!/usr/bin/python3
"""Independent reference cases for the accuracy tests of the incursion engine.

Everything here comes from GeographicLib, not from the project's code:
  - the Python package `geographiclib` (Debian python3-geographiclib) for geodesics;
  - the command-line tools of Debian `geographiclib-tools` 2.1.2: RhumbSolve (rhumb lines, by
    subprocess with batched stdin lines) and Planimeter (areas).

Each crossing is constructed on the edge by design (a point C placed on the edge with Direct,
the track drawn through C) and then found AGAIN from the stored endpoints by bisection on the
signed side of the track point relative to the edge, iterated to < 0.1 mm along the track. The
script fails if the two disagree by more than 1 mm, so a fixture is never a single derivation.

Deterministic (seeded RNG, no clock): re-run with
    /usr/bin/python3 scripts/reference/make-fixtures.py
Writes test/fixtures/reference/*.json.
"""

import json
import math
import os
import random
import subprocess
import sys

from geographiclib.geodesic import Geodesic

G = Geodesic.WGS84
NM_M = 1852.0
T0_S = 1563840000.0  # 2019-07-23T00:00:00Z
SPEED_MPS = 250.0
BISECT_TOL_M = 1e-4
SELF_CHECK_M = 1e-3

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, '..', '..', 'test', 'fixtures', 'reference'))
FULL = Geodesic.STANDARD | Geodesic.LONG_UNROLL


def norm_lon(lon):
    x = math.fmod(lon + 180.0, 360.0)
    if x < 0:
        x += 360.0
    return x - 180.0


def direct(lat, lon, azi, s):
    r = G.Direct(lat, lon, azi, s)
    return r['lat2'], norm_lon(r['lon2']), r['azi2']


def inverse(lat1, lon1, lat2, lon2):
    r = G.Inverse(lat1, lon1, lat2, lon2)
    return r['s12'], r['azi1'], r['azi2']


def dist(lat1, lon1, lat2, lon2):
    return G.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)['s12']


class GeodLine:
    """The geodesic from point 1 to point 2, by distance from point 1."""

    def __init__(self, lat1, lon1, lat2, lon2):
        self.line = G.InverseLine(lat1, lon1, lat2, lon2)
        self.length = self.line.s13
        self.p1 = (lat1, lon1)
        self.p2 = (lat2, lon2)

    def at(self, s):
        if s <= 0:
            return self.p1
        if s >= self.length:
            return self.p2
        r = self.line.Position(s)
        return r['lat2'], norm_lon(r['lon2'])


def fmt(x):
    return repr(float(x))


def run_tool(args, lines):
    """Run a GeographicLib tool on batched input lines; return output lines split into floats."""
    out = subprocess.run(args, input='\n'.join(lines) + '\n', capture_output=True, text=True, check=True)
    rows = [list(map(float, l.split())) for l in out.stdout.strip().split('\n')]
    if len(rows) != len(lines):
        raise RuntimeError(f'{args[0]}: {len(lines)} lines in, {len(rows)} out')
    return rows


def rhumb_inverse(pairs):
    """[(lat1, lon1, lat2, lon2)] -> [(azi12, s12)] from RhumbSolve -i."""
    rows = run_tool(['RhumbSolve', '-i', '-p', '10'], [' '.join(map(fmt, p)) for p in pairs])
    return [(r[0], r[1]) for r in rows]


def rhumb_direct(items):
    """[(lat1, lon1, azi12, s12)] -> [(lat2, lon2)] from RhumbSolve."""
    rows = run_tool(['RhumbSolve', '-p', '10'], [' '.join(map(fmt, p)) for p in items])
    return [(r[0], norm_lon(r[1])) for r in rows]


def sin_deg(d):
    return math.sin(math.radians(d))


# ---------------------------------------------------------------------------------------------
# Side functions. Positive on one side of the edge's line, negative on the other, zero on it.


def geod_side(edge, p):
    """Signed side of p relative to the geodesic through edge (A, B): sin of the azimuth turn at A
    from B to p, scaled by the distance so that it is about the perpendicular offset in metres."""
    (alat, alon), (blat, blon) = edge
    _, azi_ab, _ = inverse(alat, alon, blat, blon)
    s_ap, azi_ap, _ = inverse(alat, alon, p[0], p[1])
    return s_ap * sin_deg(azi_ap - azi_ab)


def rhumb_sides(queries):
    """queries: [((A, B), p)] -> signed sides relative to the rhumb line through A and B. A rhumb
    line is straight in Mercator, so the rhumb azimuth from A to p equals that from A to B exactly
    on it (RhumbSolve -i for both)."""
    if not queries:
        return []
    pairs = []
    for (a, b), p in queries:
        pairs.append((a[0], a[1], b[0], b[1]))
        pairs.append((a[0], a[1], p[0], p[1]))
    res = rhumb_inverse(pairs)
    out = []
    for i in range(len(queries)):
        azi_ab, _ = res[2 * i]
        azi_ap, s_ap = res[2 * i + 1]
        out.append(s_ap * sin_deg(azi_ap - azi_ab))
    return out


# ---------------------------------------------------------------------------------------------
# Bisection along a track segment, all cases in lockstep so RhumbSolve runs once per iteration.


def bisect_all(problems, side_batch):
    """problems: [(line, s_lo, s_hi, aux)] with a sign change of side over [s_lo, s_hi].
    side_batch([(aux, point)]) -> [side]. Returns the crossing distance along each line."""
    lo = [p[1] for p in problems]
    hi = [p[2] for p in problems]
    f_lo = side_batch([(p[3], p[0].at(p[1])) for p in problems])
    for _ in range(200):
        active = [i for i in range(len(problems)) if hi[i] - lo[i] > BISECT_TOL_M]
        if not active:
            break
        mids = {i: 0.5 * (lo[i] + hi[i]) for i in active}
        f_mid = side_batch([(problems[i][3], problems[i][0].at(mids[i])) for i in active])
        for i, f in zip(active, f_mid):
            if f == 0:
                lo[i] = hi[i] = mids[i]
            elif (f > 0) == (f_lo[i] > 0):
                lo[i], f_lo[i] = mids[i], f
            else:
                hi[i] = mids[i]
    return [0.5 * (lo[i] + hi[i]) for i in range(len(problems))]


def geod_side_batch(items):
    return [geod_side(edge, p) for edge, p in items]


def rhumb_side_batch(items):
    return rhumb_sides(items)


def buffer_side_batch(items):
    return [dist(c[0], c[1], p[0], p[1]) - r for (c, r), p in items]


def sign_changes(line, aux, side_batch, n):
    """Sample the side function at n+1 points along the line; brackets where its sign changes."""
    ss = [line.length * k / n for k in range(n + 1)]
    fs = side_batch([(aux, line.at(s)) for s in ss])
    return [(ss[k], ss[k + 1], fs[k] > 0) for k in range(n) if (fs[k] > 0) != (fs[k + 1] > 0)], fs


# ---------------------------------------------------------------------------------------------
# Case construction


def track_through(c, azi, d_before, d_after):
    """A 2-fix track along the geodesic through c at azimuth azi, d_before metres before c and
    d_after after it, at SPEED_MPS."""
    lat1, lon1, _ = direct(c[0], c[1], azi + 180.0, d_before)
    # The azimuth at the first fix of the geodesic through c.
    _, azi1, _ = inverse(lat1, lon1, c[0], c[1])
    lat2, lon2, _ = direct(lat1, lon1, azi1, d_before + d_after)
    length = dist(lat1, lon1, lat2, lon2)
    t1 = T0_S + 3600.0
    return {
        't': [t1, t1 + length / SPEED_MPS],
        'lat': [lat1, lat2],
        'lon': [lon1, lon2],
    }


def quad(a, b, azi_a, azi_b, side_sign, width):
    """Ring A, B, B', A': the edge A->B (azimuth azi_a leaving A, azi_b arriving at B) and its two
    perpendiculars of length width towards the side where the side functions are side_sign
    (+1 = right of A->B, -1 = left)."""
    turn = 90.0 if side_sign > 0 else -90.0
    b2 = direct(b[0], b[1], azi_b + turn, width)[:2]
    a2 = direct(a[0], a[1], azi_a + turn, width)[:2]
    return [a, b, b2, a2]


def edge_azimuths(a, b, kind):
    if kind == 'rhumb':
        ((azi, _),) = rhumb_inverse([(a[0], a[1], b[0], b[1])])
        return azi, azi
    _, azi1, azi2 = inverse(a[0], a[1], b[0], b[1])
    return azi1, azi2


def crosses_other_edges(line, ring, edges):
    """Does the track meet an edge of the ring other than the first one?"""
    for i in range(1, len(ring)):
        e_from, e_to = ring[i], ring[(i + 1) % len(ring)]
        sb = geod_side_batch if edges[i] == 'geodesic' else rhumb_side_batch
        brackets, _ = sign_changes(line, (e_from, e_to), sb, 200)
        for lo, hi, _ in brackets:
            x = line.at(0.5 * (lo + hi))
            span = dist(e_from[0], e_from[1], e_to[0], e_to[1])
            if dist(e_from[0], e_from[1], x[0], x[1]) + dist(x[0], x[1], e_to[0], e_to[1]) < span + 5e3:
                return True
    return False


def crossing_record(track, line, s, lat, lon, kind):
    t1, t2 = track['t']
    return {
        'kind': kind,
        'lat': lat,
        'lon': lon,
        'alongM': s,
        'time': t1 + (t2 - t1) * s / line.length,
    }


def check_close(label, p, q, tol=SELF_CHECK_M):
    d = dist(p[0], p[1], q[0], q[1])
    if d > tol:
        raise RuntimeError(f'{label}: bisection and construction disagree by {d:.6f} m')
    return d


def pick_edge_case(rng, family, edge_kind):
    """Draw one geometry: crossing point, edge azimuth, edge half-lengths, crossing angle, track
    half-lengths. Returns a dict of parameters."""
    if family == 'mid':
        lat = rng.uniform(-65, 65)
        lon = rng.uniform(-180, 180)
        edge_len = rng.uniform(200e3, 3000e3)
        theta = rng.choice([1, -1]) * rng.uniform(15, 165)
        track_half = rng.uniform(20e3, 150e3)
    elif family == 'high':
        lat = rng.choice([1, -1]) * rng.uniform(80.5, 88.5)
        lon = rng.uniform(-180, 180)
        edge_len = rng.uniform(150e3, 700e3)
        theta = rng.choice([1, -1]) * rng.uniform(20, 160)
        track_half = rng.uniform(10e3, 60e3)
    elif family == 'long':
        lat = rng.uniform(-60, 60)
        lon = rng.uniform(-180, 180)
        edge_len = rng.uniform(1500e3, 6000e3)
        theta = rng.choice([1, -1]) * rng.uniform(10, 170)
        track_half = rng.uniform(50e3, 400e3)
    elif family == 'antimeridian':
        lat = rng.uniform(-75, 75)
        lon = rng.choice([179.99, -179.99, 180.0 - 1e-7, rng.uniform(178, 180), rng.uniform(-180, -178)])
        edge_len = rng.uniform(300e3, 2500e3)
        theta = rng.choice([1, -1]) * rng.uniform(15, 165)
        track_half = rng.uniform(20e3, 200e3)
    elif family == 'parallel':
        lat = rng.uniform(-75, 75)
        lon = rng.uniform(-180, 180)
        edge_len = rng.uniform(500e3, 3000e3)
        theta = rng.choice([1, -1]) * rng.uniform(0.3, 3.0)
        track_half = rng.uniform(20e3, 120e3)
    else:
        raise ValueError(family)
    if edge_kind == 'rhumb':
        # Along a parallel in about half the cases.
        edge_azi = rng.choice([90.0, 270.0]) if rng.random() < 0.5 else rng.uniform(0, 360)
        if family == 'high' and edge_azi not in (90.0, 270.0):
            # An oblique rhumb line spirals into the pole; keep it short and far from meridional.
            edge_azi = rng.choice([1, -1]) * rng.uniform(55, 125)
    else:
        edge_azi = rng.uniform(0, 360)
    frac = rng.uniform(0.25, 0.75)
    return {
        'lat': lat,
        'lon': norm_lon(lon),
        'edge_azi': edge_azi,
        'edge_len': edge_len,
        'frac': frac,
        'theta': theta,
        'track_half': track_half,
        'start_inside': rng.random() < 0.5,
        'd_before': track_half * rng.uniform(0.4, 1.6),
        'd_after': track_half * rng.uniform(0.4, 1.6),
    }


def build_geodesic_case(prm):
    c = (prm['lat'], prm['lon'])
    # Edge endpoints by Direct from C along the edge geodesic, both ways.
    a = direct(c[0], c[1], prm['edge_azi'] + 180.0, prm['frac'] * prm['edge_len'])
    a = (a[0], a[1])
    _, azi_from_a, _ = inverse(a[0], a[1], c[0], c[1])
    bb = direct(a[0], a[1], azi_from_a, prm['edge_len'])
    b = (bb[0], bb[1])
    _, _, azi_at_c = inverse(a[0], a[1], c[0], c[1])
    return a, b, c, azi_at_c


def build_rhumb_case(prm):
    c = (prm['lat'], prm['lon'])
    back, fwd = prm['frac'] * prm['edge_len'], (1 - prm['frac']) * prm['edge_len']
    a, b = rhumb_direct([
        (c[0], c[1], prm['edge_azi'] + 180.0, back),
        (c[0], c[1], prm['edge_azi'], fwd),
    ])
    return a, b, c, prm['edge_azi']


def make_edge_cases(rng, edge_kind, plan):
    """plan: [(family, count)]. Returns fixture cases with one crossing each, self-checked."""
    cases = []
    pending = []
    for family, count in plan:
        made = 0
        attempts = 0
        while made < count:
            attempts += 1
            if attempts > 50 * count:
                raise RuntimeError(f'{edge_kind}/{family}: cannot draw valid cases')
            prm = pick_edge_case(rng, family, edge_kind)
            if edge_kind == 'geodesic':
                a, b, c, azi_c = build_geodesic_case(prm)
            else:
                a, b, c, azi_c = build_rhumb_case(prm)
            if max(abs(a[0]), abs(b[0])) > 89.0:
                continue
            track = track_through(c, azi_c + prm['theta'], prm['d_before'], prm['d_after'])
            line = GeodLine(track['lat'][0], track['lon'][0], track['lat'][1], track['lon'][1])
            edge = (a, b)
            side_batch = geod_side_batch if edge_kind == 'geodesic' else rhumb_side_batch
            p1 = (track['lat'][0], track['lon'][0])
            p2 = (track['lat'][1], track['lon'][1])
            s1, s2 = side_batch([(edge, p1), (edge, p2)])
            # The zone lies on the side of the first fix when the track starts inside.
            zone_sign = (1 if s1 > 0 else -1) * (1 if prm['start_inside'] else -1)
            # Margins so that the track meets no other edge of the zone: the edge extends well
            # beyond the track along it, and the zone is deeper than the track goes into it.
            reach = max(prm['d_before'], prm['d_after'])
            ac = dist(a[0], a[1], c[0], c[1])
            bc = dist(b[0], b[1], c[0], c[1])
            if min(ac, bc) < 1.5 * reach + 20e3:
                continue
            width = max(3.0 * reach * abs(sin_deg(prm['theta'])) + 30e3, 80e3)
            if family_is_polar(prm) and width > 300e3:
                continue
            ring = quad(a, b, *edge_azimuths(a, b, edge_kind), zone_sign, width)
            if max(abs(p[0]) for p in ring) > 89.5:
                continue
            edges = [edge_kind, 'geodesic', edge_kind, 'geodesic']
            # The zone must not contain a pole (keeps 'inside' unambiguous): the pole on the
            # far side of the edge or further than the zone is deep.
            if pole_in_zone(ring, c, edge_kind, width):
                continue
            # Exactly one sign change along the track.
            brackets, _ = sign_changes(line, edge, side_batch, 400)
            if len(brackets) != 1:
                continue
            if crosses_other_edges(line, ring, edges):
                continue
            pending.append({
                'name': f'{edge_kind}-{family}-{made + 1}',
                'family': family,
                'edge': edge,
                'c': c,
                'ring': ring,
                'edges': edges,
                'track': track,
                'line': line,
                'bracket': brackets[0],
                'start_inside': prm['start_inside'],
                'theta': prm['theta'],
                'edge_len': prm['edge_len'],
            })
            made += 1
    side_batch = geod_side_batch if edge_kind == 'geodesic' else rhumb_side_batch
    found = bisect_all([(p['line'], p['bracket'][0], p['bracket'][1], p['edge']) for p in pending], side_batch)
    worst = 0.0
    for p, s in zip(pending, found):
        lat, lon = p['line'].at(s)
        worst = max(worst, check_close(p['name'], (lat, lon), p['c']))
        kind = 'exit' if p['start_inside'] else 'enter'
        cases.append({
            'name': p['name'],
            'family': p['family'],
            'crossingAngleDeg': p['theta'],
            'edgeLengthM': p['edge_len'],
            'track': p['track'],
            'zone': {
                'type': 'polygon',
                'ring': {
                    'lat': [q[0] for q in p['ring']],
                    'lon': [q[1] for q in p['ring']],
                    'edges': p['edges'],
                },
            },
            'crossedEdge': {'from': list(p['edge'][0]), 'to': list(p['edge'][1]), 'kind': edge_kind},
            'crossings': [crossing_record(p['track'], p['line'], s, lat, lon, kind)],
        })
    print(f'{edge_kind}: {len(cases)} cases, bisection vs construction worst {worst * 1000:.4f} mm', file=sys.stderr)
    return cases


def family_is_polar(prm):
    return abs(prm['lat']) > 80


def pole_in_zone(ring, c, edge_kind, width):
    for pole_lat in (90.0, -90.0):
        d_c = dist(c[0], c[1], pole_lat, 0.0)
        if d_c < 2.0 * width + 50e3:
            # Near a pole: require the pole to be on the other side of the crossed edge from the
            # zone's far vertices.
            a, b = ring[0], ring[1]
            sb = geod_side_batch if edge_kind == 'geodesic' else rhumb_side_batch
            s_pole, s_far = sb([((a, b), (pole_lat, 0.0)), ((a, b), ring[2])])
            if (s_pole > 0) == (s_far > 0):
                return True
    return False


# ---------------------------------------------------------------------------------------------
# Buffers around a point


def make_buffer_cases(rng):
    specs = [
        # (label, centre lat, centre lon, radius NM, mode)
        ('buffer-12nm-mid-enter', 37.24, 131.87, 12, 'enter'),
        ('buffer-12nm-mid-exit', 25.74, 123.47, 12, 'exit'),
        ('buffer-12nm-chord', 34.5, 129.3, 12, 'chord'),
        ('buffer-50nm-chord', -33.9, 151.2, 50, 'chord'),
        ('buffer-200nm-chord', 10.0, -40.0, 200, 'chord'),
        ('buffer-12nm-antimeridian-chord', 51.5, 179.95, 12, 'chord'),
        ('buffer-30nm-antimeridian-enter', -16.8, -179.8, 30, 'enter'),
        ('buffer-12nm-high-chord', 84.2, 33.0, 12, 'chord'),
        ('buffer-100nm-around-pole-chord', 89.5, -120.0, 100, 'chord'),
        ('buffer-3nm-strait-chord', 34.1, 129.6, 3, 'chord'),
        ('buffer-150nm-high-south-exit', -82.0, 160.0, 150, 'exit'),
        ('buffer-12nm-grazing-chord', 44.0, 146.0, 12, 'graze'),
        # Near a pole, the track on the far side of the pole from the centre (bearing 180 from a
        # centre at lon 0 runs down meridian 180): the circle contains the pole.
        ('buffer-6nm-across-north-pole-enter', 89.99, 0.0, 6, 'enter', 180.0),
        ('buffer-6nm-across-north-pole-chord', 89.99, 0.0, 6, 'chord', 180.0),
        ('buffer-3nm-beside-north-pole-chord', 89.9, 45.0, 3, 'chord', 0.0),
        ('buffer-4nm-across-south-pole-exit', -89.98, 100.0, 4, 'exit', 180.0),
    ]
    cases = []
    for label, clat, clon, r_nm, mode, *fixed in specs:
        r_m = r_nm * NM_M
        bearing = rng.uniform(0, 360)
        if fixed:
            bearing = fixed[0]
        c = direct(clat, clon, bearing, r_m)
        radial_out = c[2]
        if mode == 'graze':
            # Nearly tangent: the chord is about 2 km long.
            azi = radial_out + 180.0 - 87.5
        else:
            azi = radial_out + 180.0 + rng.uniform(-60, 60)
        if mode == 'enter':
            track = track_through(c[:2], azi, r_m * 0.5 + 5e3, r_m * 0.3)
        elif mode == 'exit':
            track = track_through(c[:2], azi + 180.0, r_m * 0.3, r_m * 0.5 + 5e3)
        else:
            track = track_through(c[:2], azi, r_m * 0.7 + 5e3, 2.0 * r_m + 5e3)
        line = GeodLine(track['lat'][0], track['lon'][0], track['lat'][1], track['lon'][1])
        aux = ((clat, clon), r_m)
        brackets, fs = sign_changes(line, aux, buffer_side_batch, 2000)
        found = bisect_all([(line, b[0], b[1], aux) for b in brackets], buffer_side_batch)
        crossings = []
        for (lo, hi, lo_outside), s in zip(brackets, found):
            lat, lon = line.at(s)
            check = abs(dist(clat, clon, lat, lon) - r_m)
            if check > SELF_CHECK_M:
                raise RuntimeError(f'{label}: |d - r| = {check}')
            crossings.append(crossing_record(track, line, s, lat, lon, 'enter' if lo_outside else 'exit'))
        expect = {'enter': ['enter'], 'exit': ['exit'], 'chord': ['enter', 'exit'], 'graze': ['enter', 'exit']}[mode]
        if [x['kind'] for x in crossings] != expect:
            raise RuntimeError(f'{label}: crossings {[x["kind"] for x in crossings]}, wanted {expect}')
        # Deepest point inside (for maxPenetrationM): the minimum distance to the centre.
        cases.append({
            'name': label,
            'family': 'buffer',
            'track': track,
            'zone': {'type': 'buffer', 'distanceNm': r_nm, 'point': [clat, clon]},
            'crossings': crossings,
        })
    print(f'buffer: {len(cases)} cases', file=sys.stderr)
    return cases


# ---------------------------------------------------------------------------------------------
# Closest approach


def golden_min(f, lo, hi, tol):
    """Minimum of a unimodal f on [lo, hi]: (x, f(x))."""
    g = (math.sqrt(5) - 1) / 2
    x1, x2 = hi - g * (hi - lo), lo + g * (hi - lo)
    f1, f2 = f(x1), f(x2)
    while hi - lo > tol:
        if f1 < f2:
            hi, x2, f2 = x2, x1, f1
            x1 = hi - g * (hi - lo)
            f1 = f(x1)
        else:
            lo, x1, f1 = x1, x2, f2
            x2 = lo + g * (hi - lo)
            f2 = f(x2)
    x = 0.5 * (lo + hi)
    return x, f(x)


def dense_then_golden(f, lo, hi, n, tol):
    xs = [lo + (hi - lo) * k / n for k in range(n + 1)]
    fs = [f(x) for x in xs]
    k = min(range(n + 1), key=lambda i: fs[i])
    a, b = xs[max(k - 1, 0)], xs[min(k + 1, n)]
    x, fx = golden_min(f, a, b, tol)
    if fs[k] < fx:
        return xs[k], fs[k]
    return x, fx


class RhumbSampled:
    """A rhumb edge sampled from RhumbSolve every ~step metres, for distance minimisation.
    Between samples the position is interpolated linearly in lat/lon (error ~ 1e-6 m * tan(lat)
    at 100 m steps, far below the 1 m contract)."""

    def __init__(self, a, b, step=100.0):
        ((azi, s12),) = rhumb_inverse([(a[0], a[1], b[0], b[1])])
        n = max(2, int(math.ceil(s12 / step)))
        pts = rhumb_direct([(a[0], a[1], azi, s12 * k / n) for k in range(n + 1)])
        self.lat = [p[0] for p in pts]
        self.lon = [p[1] for p in pts]
        self.length = s12
        self.n = n

    def at(self, s):
        x = min(max(s / self.length * self.n, 0.0), float(self.n))
        k = min(int(x), self.n - 1)
        u = x - k
        dl = self.lon[k + 1] - self.lon[k]
        if dl > 180:
            dl -= 360
        elif dl < -180:
            dl += 360
        return self.lat[k] + u * (self.lat[k + 1] - self.lat[k]), norm_lon(self.lon[k] + u * dl)


def dist_point_edge(p, edge_line):
    f = lambda s: dist(p[0], p[1], *edge_line.at(s))
    s, d = dense_then_golden(f, 0.0, edge_line.length, 200, 1e-3)
    return d, s


def dist_track_edge(track_line, edge_line):
    """Closest approach between two paths: min over the track of the distance to the edge."""
    def inner(s):
        return dist_point_edge(track_line.at(s), edge_line)[0]
    if track_line.length == 0:
        d, _ = dist_point_edge(track_line.at(0), edge_line)
        return d, 0.0
    s, d = dense_then_golden(inner, 0.0, track_line.length, 60, 1e-3)
    return d, s


def make_approach_cases(rng):
    cases = []
    # (label, edge kind, crossing-free geometry): a quad zone and a track passing outside its
    # first edge at a given closest distance, at a small angle so the closest point is inside the
    # track segment; stationary = both fixes at the same place (a point-to-edge distance).
    specs = [
        # (label, edge kind, C lat, C lon, edge azimuth, edge length, gap, track tilt, shape)
        ('approach-geodesic-mid', 'geodesic', 36.0, 128.0, 70.0, 800e3, 30e3, 4.0, 'side'),
        ('approach-geodesic-long-parallel', 'geodesic', 20.0, 150.0, 130.0, 3000e3, 60e3, 0.0, 'side'),
        ('approach-geodesic-high', 'geodesic', 83.0, 20.0, 100.0, 500e3, 15e3, 8.0, 'side'),
        ('approach-geodesic-antimeridian', 'geodesic', 55.0, 179.9, 10.0, 1200e3, 40e3, 5.0, 'side'),
        ('approach-geodesic-point', 'geodesic', 42.2, 127.5, 90.0, 1500e3, 20e3, 0.0, 'point'),
        ('approach-geodesic-corner', 'geodesic', 33.0, 125.0, 40.0, 600e3, 30e3, 0.0, 'corner'),
        ('approach-geodesic-corner-antimeridian', 'geodesic', -40.0, 179.95, 200.0, 600e3, 12e3, 0.0, 'corner'),
        ('approach-rhumb-parallel', 'rhumb', 42.0, 127.5, 90.0, 1200e3, 25e3, 0.0, 'side'),
        ('approach-rhumb-oblique', 'rhumb', 30.0, -60.0, 60.0, 900e3, 35e3, -4.0, 'side'),
        ('approach-rhumb-high-parallel', 'rhumb', 82.0, -100.0, 270.0, 400e3, 10e3, 0.0, 'side'),
        ('approach-rhumb-point', 'rhumb', 42.0, 127.5, 90.0, 1200e3, 20e3, 0.0, 'point'),
    ]
    for label, kind, clat, clon, edge_azi, edge_len, gap_m, theta, shape in specs:
        prm = {'lat': clat, 'lon': clon, 'edge_azi': edge_azi, 'edge_len': edge_len, 'frac': 0.5}
        a, b, c, azi_c = (build_geodesic_case if kind == 'geodesic' else build_rhumb_case)(prm)
        edge = (a, b)
        azi_a, azi_b = edge_azimuths(a, b, kind)
        # The zone is on the right of A->B; the track passes outside it.
        ring = quad(a, b, azi_a, azi_b, +1, 300e3)
        edges = [kind, 'geodesic', kind, 'geodesic']
        if shape == 'corner':
            # Past the corner A, across the outward bisector of its (about right) angle.
            p = direct(a[0], a[1], azi_a + 225.0, gap_m)
            track = track_through(p[:2], p[2] + 90.0, 60e3, 60e3)
        else:
            p = direct(c[0], c[1], azi_c - 90.0, gap_m)
            if shape == 'point':
                track = {'t': [T0_S + 3600.0, T0_S + 3900.0], 'lat': [p[0], p[0]], 'lon': [p[1], p[1]]}
            else:
                track = track_through(p[:2], p[2] + 90.0 + theta, 60e3, 60e3)
        track_line = GeodLine(track['lat'][0], track['lon'][0], track['lat'][1], track['lon'][1])
        best = None
        for i in range(4):
            e_from, e_to = ring[i], ring[(i + 1) % 4]
            if edges[i] == 'geodesic':
                el = GeodLine(e_from[0], e_from[1], e_to[0], e_to[1])
            else:
                el = RhumbSampled(e_from, e_to)
            d, s = dist_track_edge(track_line, el)
            if best is None or d < best[0]:
                best = (d, s, i)
        d, s, i = best
        if shape != 'corner' and i != 0:
            raise RuntimeError(f'{label}: closest edge is {i}, not the approached one')
        if shape != 'corner':
            # Not entering: the track stays on the outer side of the approached edge.
            sb = geod_side_batch if kind == 'geodesic' else rhumb_side_batch
            sides = sb([(edge, track_line.at(track_line.length * k / 50)) for k in range(51)] + [(edge, ring[2])])
            if any((x > 0) == (sides[-1] > 0) for x in sides[:-1]):
                raise RuntimeError(f'{label}: the track enters the zone')
        if shape == 'corner' and abs(d - gap_m) > 50.0:
            raise RuntimeError(f'{label}: corner distance {d} far from the gap {gap_m}')
        lat, lon = track_line.at(s)
        t1, t2 = track['t']
        frac = s / track_line.length if track_line.length > 0 else 0.0
        cases.append({
            'name': label,
            'family': 'approach',
            'track': track,
            'zone': {'type': 'polygon', 'ring': {'lat': [q[0] for q in ring], 'lon': [q[1] for q in ring], 'edges': edges}},
            'approach': {'distanceM': d, 'lat': lat, 'lon': lon, 'time': t1 + (t2 - t1) * frac, 'alongM': s,
                         'positionWellDefined': shape != 'side' or theta != 0.0},
        })
    # Buffers: min over the track of (distance to the centre) - radius.
    for label, clat, clon, r_nm, gap_m in [
        ('approach-buffer-mid', 37.24, 131.87, 12, 25e3),
        ('approach-buffer-antimeridian', -16.8, 179.99, 20, 40e3),
        ('approach-buffer-high', 86.0, 60.0, 12, 15e3),
    ]:
        r_m = r_nm * NM_M
        brg = rng.uniform(0, 360)
        p = direct(clat, clon, brg, r_m + gap_m)
        track = track_through(p[:2], p[2] + 90.0, 70e3, 50e3)
        tl = GeodLine(track['lat'][0], track['lon'][0], track['lat'][1], track['lon'][1])
        s, d = dense_then_golden(lambda s: dist(clat, clon, *tl.at(s)), 0.0, tl.length, 400, 1e-4)
        lat, lon = tl.at(s)
        t1, t2 = track['t']
        cases.append({
            'name': label,
            'family': 'approach',
            'track': track,
            'zone': {'type': 'buffer', 'distanceNm': r_nm, 'point': [clat, clon]},
            'approach': {'distanceM': d - r_m, 'lat': lat, 'lon': lon, 'time': t1 + (t2 - t1) * s / tl.length, 'alongM': s,
                         'positionWellDefined': True},
        })
    print(f'approach: {len(cases)} cases', file=sys.stderr)
    return cases


# ---------------------------------------------------------------------------------------------
# Deepest penetration


def golden_max(f, lo, hi, tol):
    x, fx = golden_min(lambda s: -f(s), lo, hi, tol)
    return x, -fx


def path_fixes(waypoints, step):
    """Fixes every `step` metres along the geodesics between waypoints (each waypoint a fix),
    at SPEED_MPS from T0_S + 1 h."""
    lat, lon = [waypoints[0][0]], [waypoints[0][1]]
    for (la1, lo1), (la2, lo2) in zip(waypoints, waypoints[1:]):
        line = GeodLine(la1, lo1, la2, lo2)
        n = max(1, int(math.ceil(line.length / step)))
        for k in range(1, n + 1):
            q = line.at(line.length * k / n)
            lat.append(q[0])
            lon.append(q[1])
    t = [T0_S + 3600.0]
    for i in range(1, len(lat)):
        t.append(t[-1] + dist(lat[i - 1], lon[i - 1], lat[i], lon[i]) / SPEED_MPS)
    return {'t': t, 'lat': lat, 'lon': lon}


def make_penetration_cases():
    """The deepest point of a visit: max over the track (between fixes as well as at them) of the
    least distance to the zone's edges, each by dense + golden-section minimisation over the edge.
    The zones are convex quadrilaterals, so the depth along a track inside is unimodal: its maximum
    lies on a segment next to the deepest fix, which golden section then searches."""
    cases = []
    specs = [
        # (label, edge kind, C lat, C lon, edge azimuth, edge length, width, path, fix step)
        # path: waypoints as (distance from C across the edge, positive inside; along the edge).
        ('depth-first-fix-inside-heading-out', 'geodesic', 36.0, 128.0, 70.0, 800e3, 400e3,
         [(120e3, 0.0), (-20e3, 60e3)], 2e3),
        ('depth-in-turn-out', 'geodesic', 36.0, 128.0, 70.0, 800e3, 400e3,
         [(-20e3, -50e3), (80e3, 10e3), (-30e3, 120e3)], 2.5e3),
        ('depth-corner-peak-between-fixes', 'geodesic', 33.0, 125.0, 40.0, 600e3, 200e3,
         'corner', 2e3),
        ('depth-deep-interior', 'geodesic', 20.0, 150.0, 130.0, 3000e3, 1500e3,
         [(480e3, 0.0), (1020e3, 40e3)], 5.3e3),
        ('depth-rhumb-parallel-heading-out', 'rhumb', 42.0, 127.5, 90.0, 1200e3, 300e3,
         [(60e3, 0.0), (-10e3, 90e3)], 2e3),
    ]
    for label, kind, clat, clon, edge_azi, edge_len, width, path, step in specs:
        prm = {'lat': clat, 'lon': clon, 'edge_azi': edge_azi, 'edge_len': edge_len, 'frac': 0.5}
        a, b, c, azi_c = (build_geodesic_case if kind == 'geodesic' else build_rhumb_case)(prm)
        azi_a, azi_b = edge_azimuths(a, b, kind)
        ring = quad(a, b, azi_a, azi_b, +1, width)
        edges = [kind, 'geodesic', kind, 'geodesic']
        lines = [GeodLine(*ring[i], *ring[(i + 1) % 4]) if edges[i] == 'geodesic' else RhumbSampled(ring[i], ring[(i + 1) % 4])
                 for i in range(4)]
        if path == 'corner':
            # Across the bisector of corner A, 30 km into the zone, the peak 0.6 of a step past a fix.
            q = direct(a[0], a[1], azi_a + 45.0, 30e3)
            p0 = direct(q[0], q[1], q[2] - 90.0, 80e3 + 0.6 * step)
            p1 = direct(q[0], q[1], q[2] + 90.0, 80e3 - 0.6 * step)
            waypoints = [p0[:2], p1[:2]]
        else:
            waypoints = []
            for across, along in path:
                m = direct(c[0], c[1], azi_c, along)
                w = direct(m[0], m[1], m[2] + 90.0, across)
                waypoints.append(w[:2])
        track = path_fixes(waypoints, step)

        def depth(p):
            return min(dist_point_edge(p, el)[0] for el in lines)

        # Inside: on the inner side of every edge (the opposite vertex's side: the quad is convex).
        n = len(track['lat'])
        inside = [True] * n
        for i in range(4):
            e = (ring[i], ring[(i + 1) % 4])
            sb = geod_side_batch if edges[i] == 'geodesic' else rhumb_side_batch
            sides = sb([(e, (track['lat'][j], track['lon'][j])) for j in range(n)] + [(e, ring[(i + 2) % 4])])
            inside = [inside[j] and (sides[j] > 0) == (sides[-1] > 0) for j in range(n)]
        fix_d = [depth((track['lat'][i], track['lon'][i])) if inside[i] else -1.0 for i in range(n)]
        k = max(range(n), key=lambda i: fix_d[i])
        best = (fix_d[k], 'fix', k)
        for j in (k - 1, k):
            if j < 0 or j + 1 >= n or not (inside[j] and inside[j + 1]):
                continue
            line = GeodLine(track['lat'][j], track['lon'][j], track['lat'][j + 1], track['lon'][j + 1])
            s, v = golden_max(lambda s: depth(line.at(s)), 0.0, line.length, 1e-3)
            if v > best[0]:
                best = (v, 'segment', j)
        cases.append({
            'name': label,
            'family': 'penetration',
            'track': track,
            'zone': {'type': 'polygon', 'ring': {'lat': [q[0] for q in ring], 'lon': [q[1] for q in ring], 'edges': edges}},
            'penetration': {'maxM': best[0], 'at': best[1], 'index': best[2], 'fixes': n,
                            'firstInside': inside[0]},
        })
        print(f'{label}: {n} fixes, deepest {best[0]:.3f} m at {best[1]} {best[2]}', file=sys.stderr)
    return cases


# ---------------------------------------------------------------------------------------------
# Areas


def planimeter(ring, rhumb):
    args = ['Planimeter', '-p', '12'] + (['-R'] if rhumb else [])
    out = subprocess.run(args, input=''.join(f'{fmt(a)} {fmt(o)}\n' for a, o in ring), capture_output=True, text=True, check=True)
    n, perimeter, area = out.stdout.split()
    return float(perimeter), float(area)


def make_area_cases():
    rings = [
        ('square-1deg-40N', [(40, 0), (40, 1), (41, 1), (41, 0)]),
        ('taiwan-adiz-5', [(21, 117.5), (21, 121.5), (22.5, 123), (29, 123), (29, 117.5)]),
        ('kadiz-2013-12', [(39.00, 123.50), (39.00, 133.00), (37.28, 133.00), (36.00, 130.50), (35.22, 129.80),
                           (34.72, 129.15), (34.28, 128.87), (32.50, 127.50), (32.50, 126.83), (30.00, 125.42),
                           (30.00, 124.00), (37.00, 124.00)]),
        ('ring-around-north-pole', [(80, 0), (80, 90), (80, 180), (80, -90)]),
        ('ring-around-south-pole-cw', [(-75, 10), (-75, -80), (-75, -170), (-75, 100)]),
        ('antimeridian-box', [(50, 170), (50, -170), (60, -170), (60, 170)]),
        ('tiny-1km', [(35.0, 139.0), (35.0, 139.011), (35.009, 139.011), (35.009, 139.0)]),
        ('big-triangle', [(0, 0), (0, 90), (80, 45)]),
    ]
    cases = []
    for name, ring in rings:
        for rhumb in (False, True):
            perim, area = planimeter(ring, rhumb)
            cases.append({
                'name': f'{name}-{"rhumb" if rhumb else "geodesic"}',
                'ring': {'lat': [p[0] for p in ring], 'lon': [p[1] for p in ring]},
                'edges': 'rhumb' if rhumb else 'geodesic',
                'signedAreaM2': area,
                'perimeterM': perim,
                'note': 'Planimeter: counter-clockwise positive; a ring around a pole gives the cap on its left',
            })
    print(f'areas: {len(cases)} rings', file=sys.stderr)
    return cases


# ---------------------------------------------------------------------------------------------
# The planar-vs-geodesic case: a track along 42.15 N under an edge along 42 N.


def make_parallel_case():
    lat_track = 42.15
    lons = [121.0 + 0.5 * k for k in range(27)]  # 121 .. 134
    t = [T0_S]
    for k in range(1, len(lons)):
        t.append(t[-1] + dist(lat_track, lons[k - 1], lat_track, lons[k]) / SPEED_MPS)
    track = {'t': t, 'lat': [lat_track] * len(lons), 'lon': lons}
    ring = [(42.0, 120.0), (42.0, 135.0), (30.0, 135.0), (30.0, 120.0)]
    edge = ((42.0, 120.0), (42.0, 135.0))
    out = {}
    for kind in ('geodesic', 'rhumb'):
        sb = geod_side_batch if kind == 'geodesic' else rhumb_side_batch
        far = sb([(edge, (36.0, 127.5))])[0]
        problems, meta = [], []
        all_sides = []
        for k in range(len(lons) - 1):
            line = GeodLine(lat_track, lons[k], lat_track, lons[k + 1])
            brackets, fs = sign_changes(line, edge, sb, 100)
            all_sides += fs
            for lo, hi, lo_pos in brackets:
                problems.append((line, lo, hi, edge))
                # Inside = same side as the zone's interior (the far point).
                meta.append((k, line, 'exit' if (lo_pos == (far > 0)) else 'enter'))
        found = bisect_all(problems, sb) if problems else []
        crossings = []
        for (k, line, kind_x), s in zip(meta, found):
            lat, lon = line.at(s)
            crossings.append({
                'kind': kind_x,
                'lat': lat,
                'lon': lon,
                'segment': k,
                'alongM': s,
                'time': t[k] + (t[k + 1] - t[k]) * s / line.length,
            })
        inside_any = any((x > 0) == (far > 0) for x in all_sides)
        # Where the geodesic edge peaks: its vertex latitude (for the record).
        out[kind] = {
            'zone': {'type': 'polygon', 'ring': {'lat': [p[0] for p in ring], 'lon': [p[1] for p in ring],
                                                 'edges': [kind, 'geodesic', kind, 'geodesic']}},
            'crossings': crossings,
            'everInside': inside_any,
        }
    line = G.InverseLine(42.0, 120.0, 42.0, 135.0)
    mid = line.Position(line.s13 / 2)
    out['geodesicEdgeMidLat'] = mid['lat2']
    # With the rhumb edge the track never enters; its closest approach is at any fix (the geodesics
    # between fixes bulge north, away from the edge) along the meridian: the parallel meets every
    # meridian at right angles, so the meridian arc is the shortest way to it.
    out['rhumb']['approachM'] = dist(42.0, 127.5, lat_track, 127.5)
    out['track'] = track
    ge = out['geodesic']['crossings']
    if [c['kind'] for c in ge] != ['enter', 'exit'] or out['rhumb']['crossings'] or out['rhumb']['everInside']:
        raise RuntimeError(f'parallel case: unexpected {ge} / {out["rhumb"]}')
    print(f'parallel-42N: geodesic edge peaks at {mid["lat2"]:.5f} N; inside from {ge[0]["lon"]:.5f} E to '
          f'{ge[1]["lon"]:.5f} E ({ge[1]["time"] - ge[0]["time"]:.3f} s)', file=sys.stderr)
    return out


# ---------------------------------------------------------------------------------------------
# Rhumb sample points, to check the tests' own small rhumb helper against RhumbSolve.


def make_rhumb_samples(rng):
    items = []
    for _ in range(40):
        lat = rng.uniform(-88, 88)
        lon = rng.uniform(-180, 180)
        azi = rng.uniform(0, 360)
        s = rng.uniform(1e3, 2000e3)
        items.append((lat, lon, azi, s))
    items.append((42.0, 120.0, 90.0, 1240e3))
    items.append((85.0, 170.0, 90.0, 300e3))
    out = rhumb_direct(items)
    # A rhumb line that reaches a pole has no longitude there (NaN): drop those.
    keep = [k for k, o in enumerate(out) if math.isfinite(o[0]) and math.isfinite(o[1]) and abs(o[0]) < 89.5]
    items, out = [items[k] for k in keep], [out[k] for k in keep]
    inv = rhumb_inverse([(i[0], i[1], o[0], o[1]) for i, o in zip(items, out)])
    return [
        {'lat1': i[0], 'lon1': i[1], 'azi12': i[2], 's12': i[3], 'lat2': o[0], 'lon2': o[1],
         'inverseAzi12': v[0], 'inverseS12': v[1]}
        for i, o, v in zip(items, out, inv)
    ]


def header(what):
    ver = subprocess.run(['RhumbSolve', '--version'], capture_output=True, text=True).stdout.strip()
    import geographiclib
    return {
        'what': what,
        'generator': 'scripts/reference/make-fixtures.py',
        'reference': f'python geographiclib {geographiclib.__version__}; {ver}',
        'ellipsoid': 'WGS84',
        'units': 'degrees, metres, epoch seconds',
    }


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(obj, f, indent=1)
        f.write('\n')
    print(f'wrote {os.path.relpath(path)}', file=sys.stderr)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(20190723)
    plan_g = [('mid', 12), ('high', 8), ('long', 8), ('antimeridian', 8), ('parallel', 8)]
    plan_r = [('mid', 8), ('high', 8), ('long', 4), ('antimeridian', 6), ('parallel', 6)]
    write('crossings-geodesic.json', {**header('2-fix geodesic track x geodesic polygon edge'),
                                      'cases': make_edge_cases(rng, 'geodesic', plan_g)})
    write('crossings-rhumb.json', {**header('2-fix geodesic track x rhumb polygon edge (many along a parallel)'),
                                   'cases': make_edge_cases(rng, 'rhumb', plan_r)})
    write('crossings-buffer.json', {**header('2-fix geodesic track x circle of radius distanceNm around a point'),
                                    'cases': make_buffer_cases(rng)})
    write('approaches.json', {**header('closest approach of a track to a zone it does not enter'),
                              'cases': make_approach_cases(rng)})
    write('areas.json', {**header('ring areas from Planimeter (signed, counter-clockwise positive)'),
                         'earthAreaM2': 4 * math.pi * G._c2,
                         'cases': make_area_cases()})
    write('parallel-42n.json', {**header('track along 42.15 N, fixes every 0.5 deg, under an edge along 42 N'),
                                **make_parallel_case()})
    write('rhumb-samples.json', {**header('RhumbSolve direct and inverse samples'), 'cases': make_rhumb_samples(rng)})
    write('penetrations.json', {**header('deepest point of a visit, between fixes as well as at them'),
                                'cases': make_penetration_cases()})


if __name__ == '__main__':
    if sys.argv[1:] == ['penetrations']:
        os.makedirs(OUT, exist_ok=True)
        write('penetrations.json', {**header('deepest point of a visit, between fixes as well as at them'),
                                    'cases': make_penetration_cases()})
    else:
        main()

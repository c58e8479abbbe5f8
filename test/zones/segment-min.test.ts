/**
 * The least boundary distance along a piece of track (what a closest approach searches between
 * fixes), and a closest approach along a whole track, against a dense search: 400 exact boundary
 * distances along each segment, then golden section beside the least of them. Random segments, a
 * few kilometres long, pass the built-in zones' edges at every angle and distance, and cross them.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { direct, inverse } from '../../src/geo/geodesic.js';
import type { Track } from '../../src/tracks/track.js';
import { builtinCatalog } from '../../src/zones/catalog.js';
import { CompiledCatalog, type CompiledZone, SegmentCtx } from '../../src/zones/compiled.js';
import { importZoneFile } from '../../src/zones/import.js';
import type { Catalog, Zone } from '../../src/zones/zone.js';
import { minimize01, trackOf, zoneOf } from '../fixtures/reference/reference.js';
import { realdata } from '../realdata.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** The least boundary distance along the segment: 400 samples, then golden section (the reference's). */
function dense(zone: CompiledZone, ctx: SegmentCtx): number {
  return minimize01(
    (f) => {
      const p = ctx.seg.at(f);
      return zone.boundaryDistanceM(p.lat, p.lon);
    },
    400,
    1e-12,
  ).v;
}

describe('least boundary distance along a segment', () => {
  const compiled = new CompiledCatalog(builtinCatalog());
  const zones = ['KOR-ADIZ', 'JPN-ADIZ', 'KOR-TS', 'TWN-TS'].map(
    (id) => compiled.zones.find((z) => z.zone.id === id) as CompiledZone,
  );

  it('is the dense search’s to a millimetre, passing edges at any angle', () => {
    const rnd = lcg(7);
    let checked = 0;
    for (const zone of zones) {
      for (let k = 0; k < 25; k++) {
        // Start beside a random point of the boundary (a vertex moved along by up to 30 km),
        // heading anywhere, 1–8 km long.
        const ring = (
          zone as unknown as { rings: Array<{ n: number; lat: Float64Array; lon: Float64Array }> }
        ).rings[0];
        const v = Math.floor(rnd() * ring.n);
        const p0 = direct(ring.lat[v], ring.lon[v], rnd() * 360, rnd() * 30_000);
        const p1 = direct(p0.lat, p0.lon, rnd() * 360, 1_000 + rnd() * 7_000);
        const ctx = new SegmentCtx(p0.lat, p0.lon, p1.lat, p1.lon, 0, 60, Number.NaN, Number.NaN);
        const got = zone.segmentMinBoundary(ctx, 0, 1, 1e-3 / ctx.seg.lengthM);
        const ref = dense(zone, ctx);
        expect(got, `${zone.zone.id} #${k}`).not.toBeNull();
        expect(Math.abs((got as { value: number }).value - ref), `${zone.zone.id} #${k}`).toBeLessThan(2e-3);
        checked++;
      }
    }
    expect(checked).toBe(100);
  });
});

describe('least boundary distance along a segment, round a circle', () => {
  it('is the dense search’s to a millimetre, outside, inside and across the circle', () => {
    const rnd = lcg(5);
    const cases = { inside: 0, outside: 0 };
    for (let k = 0; k < 60; k++) {
      const c = { lat: -60 + rnd() * 120, lon: rnd() * 360 - 180 };
      const radiusNm = 2 + rnd() * 40;
      const zone = new CompiledCatalog({
        id: 'circle',
        version: '1',
        zones: [zoneOf('C', { type: 'buffer', distanceNm: radiusNm, point: [c.lat, c.lon] })],
      }).zones[0];
      // From anywhere within twice the radius, 1–8 km in any direction.
      const p0 = direct(c.lat, c.lon, rnd() * 360, rnd() * 2 * radiusNm * 1852);
      const p1 = direct(p0.lat, p0.lon, rnd() * 360, 1_000 + rnd() * 7_000);
      const ctx = new SegmentCtx(p0.lat, p0.lon, p1.lat, p1.lon, 0, 60, Number.NaN, Number.NaN);
      const got = zone.segmentMinBoundary(ctx, 0, 1, 1e-3 / ctx.seg.lengthM);
      const ref = dense(zone, ctx);
      expect(Math.abs((got as { value: number }).value - ref), `#${k}`).toBeLessThan(2e-3);
      cases[zone.geometryContains(p0.lat, p0.lon) ? 'inside' : 'outside']++;
    }
    expect(Math.min(cases.inside, cases.outside)).toBeGreaterThan(10);
  });
});

describe('least boundary distance along a segment that crosses a circle', () => {
  it('is 0, where the segment crosses (entering or leaving, or dipping in and out)', () => {
    const rnd = lcg(17);
    const kinds = { across: 0, dip: 0 };
    for (let k = 0; k < 60; k++) {
      const c = { lat: 46 + rnd(), lon: 7 + rnd() };
      const radiusM = (1 + rnd() * 2) * 1852;
      const zone = new CompiledCatalog({
        id: 'circle',
        version: '1',
        zones: [zoneOf('C', { type: 'buffer', distanceNm: radiusM / 1852, point: [c.lat, c.lon] })],
      }).zones[0];
      // Half from inside the circle out of it, half across it from outside to outside; long
      // segments (10–80 km: a track with a gap, a sparse feed) past small circles, where the
      // crossing is a narrow V in the boundary distance that sampling steps over.
      const across = k % 2 === 0;
      const p0 = across
        ? direct(c.lat, c.lon, rnd() * 360, rnd() * 0.9 * radiusM)
        : direct(c.lat, c.lon, rnd() * 360, 5_000 + rnd() * 35_000);
      const toCentre = inverse(p0.lat, p0.lon, c.lat, c.lon);
      const p1 = across
        ? direct(p0.lat, p0.lon, rnd() * 360, 10_000 + rnd() * 70_000)
        : direct(p0.lat, p0.lon, toCentre.azi1 + (rnd() - 0.5) * 4, 2 * toCentre.s12);
      const ctx = new SegmentCtx(p0.lat, p0.lon, p1.lat, p1.lon, 0, 60, Number.NaN, Number.NaN);
      if (!across && zone.geometryContains(p1.lat, p1.lon)) continue;
      const got = zone.segmentMinBoundary(ctx, 0, 1, 1e-3 / ctx.seg.lengthM) as { value: number; f: number };
      expect(got.value, `#${k}`).toBeLessThan(1e-3);
      const q = ctx.seg.at(got.f);
      expect(Math.abs(inverse(c.lat, c.lon, q.lat, q.lon).s12 - radiusM), `#${k}`).toBeLessThan(2e-3);
      kinds[across ? 'across' : 'dip']++;
    }
    expect(Math.min(kinds.across, kinds.dip)).toBeGreaterThan(20);
  });
});

describe('least boundary distance along a segment, beside a buffer of lines', () => {
  it('is the dense search’s to a millimetre: the Swiss cables (width 0) and a 1.5 NM corridor', async () => {
    const swiss = await importZoneFile(realdata('glide-rs-openair-rs', 'Switzerland.txt'));
    const cables = swiss.zones.filter(
      (z) => z.geometry.type === 'buffer' && z.geometry.baseline.lines.length > 0,
    );
    expect(cables.length).toBeGreaterThan(10);
    const corridor: Zone = {
      ...cables[0],
      id: 'CORRIDOR',
      geometry: {
        type: 'buffer',
        distanceNm: 1.5,
        baseline: {
          points: [],
          lines: [
            {
              lat: Float64Array.from([46.5, 46.62, 46.7, 46.71]),
              lon: Float64Array.from([7.0, 7.2, 7.25, 7.6]),
            },
          ],
          polygons: [],
        },
      },
    };
    const compiled = new CompiledCatalog({ id: 'lines', version: '1', zones: [...cables, corridor] }).zones;
    const rnd = lcg(3);
    const cases = { clear: 0, touching: 0 };
    for (const zone of compiled) {
      const line = (zone.zone.geometry as Extract<Zone['geometry'], { type: 'buffer' }>).baseline.lines[0];
      for (let k = 0; k < 8; k++) {
        // From within 3 km of a vertex of the line, 1–8 km in any direction: some pass it, some
        // cross it.
        const v = Math.floor(rnd() * line.lat.length);
        const p0 = direct(line.lat[v], line.lon[v], rnd() * 360, rnd() * 3_000);
        const p1 = direct(p0.lat, p0.lon, rnd() * 360, 1_000 + rnd() * 7_000);
        const ctx = new SegmentCtx(p0.lat, p0.lon, p1.lat, p1.lon, 0, 60, Number.NaN, Number.NaN);
        const got = zone.segmentMinBoundary(ctx, 0, 1, 1e-3 / ctx.seg.lengthM);
        const ref = dense(zone, ctx);
        expect(Math.abs((got as { value: number }).value - ref), `${zone.zone.id} #${k}`).toBeLessThan(2e-3);
        cases[ref > 1 ? 'clear' : 'touching']++;
      }
    }
    expect(Math.min(cases.clear, cases.touching)).toBeGreaterThan(10);
  });
});

describe('least boundary distance along a segment, beside a buffer of polygons', () => {
  // Pieces wholly inside such a buffer are left out: there the boundary distance is the width
  // less the distance to the nearest island, whose least value inside a piece golden section can
  // miss (by 26 m in one case here). A closest approach meets them only for a zone out of force
  // or out of its vertical limits where the aircraft flies; the built-in ones have neither.
  it('is the dense search’s to a millimetre round the Senkaku islands’ 12 NM (outside and across)', () => {
    const zone = new CompiledCatalog(builtinCatalog()).zones.find(
      (z) => z.zone.id === 'SENKAKU-TS',
    ) as CompiledZone;
    const islands = (zone.zone.geometry as Extract<Zone['geometry'], { type: 'buffer' }>).baseline.polygons;
    expect(islands.length).toBeGreaterThan(1);
    const rnd = lcg(9);
    const cases = { outside: 0, across: 0 };
    for (let k = 0; k < 120; k++) {
      // From 15–30 km off a vertex of an island's outline (about the buffer's edge), 1–8 km in any
      // direction.
      const ring = islands[Math.floor(rnd() * islands.length)][0];
      const v = Math.floor(rnd() * ring.lat.length);
      const p0 = direct(ring.lat[v], ring.lon[v], rnd() * 360, 15_000 + rnd() * 15_000);
      const p1 = direct(p0.lat, p0.lon, rnd() * 360, 1_000 + rnd() * 7_000);
      const in0 = zone.geometryContains(p0.lat, p0.lon);
      const in1 = zone.geometryContains(p1.lat, p1.lon);
      if (in0 && in1) continue;
      const ctx = new SegmentCtx(p0.lat, p0.lon, p1.lat, p1.lon, 0, 60, Number.NaN, Number.NaN);
      const got = zone.segmentMinBoundary(ctx, 0, 1, 1e-3 / ctx.seg.lengthM);
      const ref = dense(zone, ctx);
      expect(Math.abs((got as { value: number }).value - ref), `#${k}`).toBeLessThan(2e-3);
      cases[in0 || in1 ? 'across' : 'outside']++;
    }
    expect(Math.min(cases.outside, cases.across)).toBeGreaterThan(10);
  });
});

describe('greatest depth along a segment inside a buffer of polygons', () => {
  it('is the dense search’s: across the Senkaku islets (ashore, deeper than the width) and between them', () => {
    const catalog = builtinCatalog();
    const z = catalog.zones.find((x) => x.id === 'SENKAKU-TS') as Zone;
    const one: Catalog = { ...catalog, zones: [z] };
    const zone = new CompiledCatalog(one).zones[0];
    const islands = (z.geometry as Extract<Zone['geometry'], { type: 'buffer' }>).baseline.polygons;
    const rnd = lcg(23);
    const cases = { ashore: 0, offshore: 0 };
    for (let k = 0; k < 120; k++) {
      // A single long leg (8–50 km, a sparse feed) from near an islet, wholly inside the zone.
      const ring = islands[Math.floor(rnd() * islands.length)][0];
      const v = Math.floor(rnd() * ring.lat.length);
      const p0 = direct(ring.lat[v], ring.lon[v], rnd() * 360, rnd() * 10_000);
      const p1 = direct(p0.lat, p0.lon, rnd() * 360, 8_000 + rnd() * 42_000);
      if (!zone.geometryContains(p0.lat, p0.lon) || !zone.geometryContains(p1.lat, p1.lon)) continue;
      const track = trackOf(`D${k}`, {
        t: [1.7e9, 1.7e9 + 300],
        lat: [p0.lat, p1.lat],
        lon: [p0.lon, p1.lon],
      });
      const visits = analyze([track], one).visits.filter((x) => x.enter === null && x.exit === null);
      if (visits.length !== 1) continue;
      const ctx = new SegmentCtx(p0.lat, p0.lon, p1.lat, p1.lon, 0, 300, Number.NaN, Number.NaN);
      const ref = -minimize01(
        (f) => {
          const q = ctx.seg.at(f);
          return zone.geometryContains(q.lat, q.lon) ? -zone.boundaryDistanceM(q.lat, q.lon) : 0;
        },
        4000,
        1e-12,
      ).v;
      // (Depths are given to the decimetre.)
      expect(Math.abs(visits[0].maxPenetrationM - ref), `#${k}`).toBeLessThanOrEqual(0.05 + 1e-9);
      cases[ref > zone.widthM ? 'ashore' : 'offshore']++;
    }
    expect(Math.min(cases.ashore, cases.offshore)).toBeGreaterThan(5);
  });
});

describe('closest approach along a track', () => {
  const catalog = builtinCatalog();

  it('is the dense search’s over every segment (tracks that pass a zone at a slowly changing distance)', () => {
    const rnd = lcg(11);
    let checked = 0;
    for (const id of ['KOR-ADIZ', 'JPN-ADIZ', 'TWN-ADIZ', 'KOR-TS']) {
      const zone = catalog.zones.find((z) => z.id === id) as Zone;
      const one: Catalog = { ...catalog, zones: [zone] };
      const compiled = new CompiledCatalog(one).zones[0];
      const ring = (
        compiled as unknown as { rings: Array<{ n: number; lat: Float64Array; lon: Float64Array }> }
      ).rings[0];
      for (let k = 0; k < 10; k++) {
        // 40 fixes 4 km apart, setting off 5–60 km from a vertex and turning slowly.
        const v = Math.floor(rnd() * ring.n);
        let p = direct(ring.lat[v], ring.lon[v], rnd() * 360, 5_000 + rnd() * 55_000);
        let heading = rnd() * 360;
        const n = 40;
        const lat = new Float64Array(n);
        const lon = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          lat[i] = p.lat;
          lon[i] = p.lon;
          heading += (rnd() - 0.5) * 8;
          p = direct(p.lat, p.lon, heading, 4_000);
        }
        const track: Track = {
          id: `T${k}`,
          label: null,
          icao24: null,
          category: 'state',
          operator: null,
          t: Float64Array.from({ length: n }, (_, i) => 1.7e9 + 20 * i),
          lat,
          lon,
          altFt: new Float32Array(n).fill(Number.NaN),
        };
        const r = analyze([track], one, { approachNm: 60 });
        if (r.visits.length || r.approaches.length !== 1) continue;
        let ref = Number.POSITIVE_INFINITY;
        for (let i = 0; i + 1 < n; i++)
          ref = Math.min(
            ref,
            dense(compiled, new SegmentCtx(lat[i], lon[i], lat[i + 1], lon[i + 1], 0, 20, 0, 0)),
          );
        // (Approaches are given to the decimetre.)
        expect(Math.abs(r.approaches[0].distanceM - ref), `${id} #${k}`).toBeLessThanOrEqual(0.05 + 1e-9);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(16);
  });
});

/**
 * The built-in catalog: sources, published vertices, validity, and the membership facts the
 * sources state (Ieodo in three ADIZs, Dokdo outside JADIZ, high-seas corridors in the straits).
 * Membership is the engine's own (CompiledCatalog.zonesAt); the coordinate parsing here is
 * written independently of the build scripts.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/zones/catalog.js';
import { CompiledCatalog } from '../../src/zones/compiled.js';
import type { Zone } from '../../src/zones/zone.js';
import { REALDATA } from '../realdata.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const realdata = REALDATA;
const catalog = builtinCatalog();
const compiled = new CompiledCatalog(catalog);
const zone = (id: string): Zone => {
  const z = catalog.zones.find((x) => x.id === id);
  if (!z) throw new Error(`no zone ${id}`);
  return z;
};
const at = (lat: number, lon: number, iso: string): string[] =>
  compiled
    .zonesAt(lat, lon, 30000, Date.parse(iso) / 1000)
    .map((z) => z.id)
    .sort();
const territorialAt = (lat: number, lon: number, iso = '2019-07-23T00:00:00Z') =>
  compiled
    .zonesAt(lat, lon, 30000, Date.parse(iso) / 1000)
    .filter((z) => z.kind === 'territorial')
    .map((z) => z.id);

/** '3717N' / '13300E' (ICAO DM) → degrees. */
function dm(s: string): number {
  const m = /^(\d{2,3})(\d{2})([NE])$/.exec(s);
  if (!m) throw new Error(`bad DM ${s}`);
  return Number(m[1]) + Number(m[2]) / 60;
}
/** 北緯 45 度 45 分 7 秒 / 北緯 36 度 11 秒 (minutes omitted when zero) → degrees. */
function jpDms(s: string): number {
  const m = /^(?:北緯|東経)\s*(\d+)\s*度\s*(?:(\d+)\s*分)?\s*(?:(\d+)\s*秒)?$/.exec(s.trim());
  if (!m) throw new Error(`bad DMS ${s}`);
  return Number(m[1]) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
}
/** 北纬33度11分 / 东经121度47分 → degrees. */
function cnDm(s: string): number {
  const m = /^(?:北纬|东经)(\d+)度(\d+)分$/.exec(s);
  if (!m) throw new Error(`bad DM ${s}`);
  return Number(m[1]) + Number(m[2]) / 60;
}
/** 21°00'00"N → degrees. */
function dms(s: string): number {
  const m = /^(\d+)°(\d+)'(\d+)"[NE]$/.exec(s);
  if (!m) throw new Error(`bad DMS ${s}`);
  return Number(m[1]) + Number(m[2]) / 60 + Number(m[3]) / 3600;
}

function outerRing(id: string): Array<[number, number]> {
  const g = zone(id).geometry;
  if (g.type !== 'polygon') throw new Error(`${id} is not a polygon`);
  const r = g.polygons[0][0];
  return [...r.lat].map((la, i) => [la, r.lon[i]]);
}

function expectVertices(id: string, published: Array<[number, number]>, offset = 0) {
  const ring = outerRing(id);
  published.forEach(([la, lo], i) => {
    expect(ring[offset + i][0], `${id} vertex ${i + 1} latitude`).toBeCloseTo(la, 12);
    expect(ring[offset + i][1], `${id} vertex ${i + 1} longitude`).toBeCloseTo(lo, 12);
  });
}

const IEODO: [number, number] = [32 + 7 / 60 + 22.63 / 3600, 125 + 10 / 60 + 56.81 / 3600];
const DOKDO: [number, number] = [37 + 14 / 60 + 30 / 3600, 131 + 52 / 60];
const KADIZ_CHANGE = '2013-12-15T05:00:00Z';

describe('built-in catalog: provenance', () => {
  it('lists its files in the manifest and every zone carries a source, a quality and a kind', () => {
    const manifest = JSON.parse(readFileSync(resolve(repoRoot, 'data', 'catalog', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ id: 'builtin', version: '2026.11.29' });
    expect(manifest.files.sort()).toEqual(['adiz.geojson', 'disputed.geojson', 'territorial.geojson']);
    expect(catalog.zones.length).toBe(15);
    for (const z of catalog.zones) {
      expect(z.source?.title, z.id).toBeTruthy();
      expect(z.source?.licence || z.source?.url, z.id).toBeTruthy();
      expect(['published', 'approximate', 'derived'], z.id).toContain(z.quality?.level);
      expect(z.quality?.note, z.id).toBeTruthy();
      expect(z.claimants[0], z.id).toBe(z.state);
    }
  });

  it('credits OpenStreetMap (ODbL) on every zone cut from it', () => {
    for (const id of ['KOR-TS', 'PRK-TS', 'JPN-TS', 'CHN-TS', 'TWN-TS', 'RUS-TS', 'KURILS-TS']) {
      expect(zone(id).source?.licence, id).toMatch(/ODbL/);
      expect(zone(id).source?.note, id).toMatch(/© OpenStreetMap contributors, ODbL/);
    }
  });

  it('keeps the territorial file small and its longitudes in [-180, 180] without antimeridian jumps', () => {
    expect(statSync(resolve(repoRoot, 'data', 'catalog', 'territorial.geojson')).size).toBeLessThan(
      5_000_000,
    );
    for (const z of catalog.zones.filter((x) => x.geometry.type === 'polygon')) {
      if (z.geometry.type !== 'polygon') continue;
      for (const p of z.geometry.polygons) {
        for (const r of p) {
          for (let i = 0; i < r.lon.length; i++) {
            expect(Math.abs(r.lon[i]) <= 180).toBe(true);
            const j = (i + 1) % r.lon.length;
            expect(Math.abs(r.lon[j] - r.lon[i]), `${z.id} edge ${i}`).toBeLessThan(180);
          }
        }
      }
    }
  });
});

describe('ADIZ vertices equal the published coordinates', () => {
  it('KADIZ (2013): the 12 vertices in polygon order', () => {
    const published = [
      '3900N 12330E',
      '3900N 13300E',
      '3717N 13300E',
      '3600N 13030E',
      '3513N 12948E',
      '3443N 12909E',
      '3417N 12852E',
      '3230N 12730E',
      '3230N 12650E',
      '3000N 12525E',
      '3000N 12400E',
      '3700N 12400E',
    ].map((s) => s.split(' ').map(dm) as [number, number]);
    expect(outerRing('KOR-ADIZ')).toHaveLength(12);
    expectVertices('KOR-ADIZ', published);
  });

  it('CADIZ: the six points of the 2013-11-23 statement, in order', () => {
    const published = [
      ['北纬33度11分', '东经121度47分'],
      ['北纬33度11分', '东经125度00分'],
      ['北纬31度00分', '东经128度20分'],
      ['北纬25度38分', '东经125度00分'],
      ['北纬24度45分', '东经123度00分'],
      ['北纬26度44分', '东经120度58分'],
    ].map(([a, b]) => [cnDm(a), cnDm(b)] as [number, number]);
    expectVertices('CHN-ECS-ADIZ', published);
    expect(zone('CHN-ECS-ADIZ').excludes).toEqual(['CHN-TS']);
  });

  it('JADIZ: outer-line points (1)–(7) of 防衛庁訓令第36号', () => {
    const published = [
      ['北緯 45 度 45 分 7 秒', '東経 138 度 44 分 47 秒'],
      ['北緯 40 度 40 分 9 秒', '東経 132 度 59 分 50 秒'],
      ['北緯 37 度 17 分 10 秒', '東経 132 度 59 分 50 秒'],
      ['北緯 36 度 11 秒', '東経 130 度 29 分 51 秒'],
      ['北緯 35 度 13 分 11 秒', '東経 129 度 47 分 52 秒'],
      ['北緯 33 度 12 秒', '東経 126 度 59 分 53 秒'],
      ['北緯 33 度 12 秒', '東経 124 度 59 分 53 秒'],
    ].map(([a, b]) => [jpDms(a), jpDms(b)] as [number, number]);
    expectVertices('JPN-ADIZ', published);
    expectVertices('JPN-ADIZ-1972', published);
  });

  it('Taiwan ADIZ: the five vertices of the Flight-Spotter transcription (realdata)', () => {
    const file = JSON.parse(
      readFileSync(resolve(realdata, 'LunaticGhoulPiano-Flight-Spotter', 'Taiwan_ADIZ.json'), 'utf8'),
    ) as Array<{
      latitude: string;
      longitude: string;
    }>;
    const published = file.slice(0, -1).map((p) => [dms(p.latitude), dms(p.longitude)] as [number, number]);
    expect(published).toHaveLength(5);
    expect(outerRing('TWN-ADIZ')).toHaveLength(5);
    expectVertices('TWN-ADIZ', published);
  });

  it('edges along one parallel are rhumb lines, the others geodesics', () => {
    for (const id of ['KOR-ADIZ', 'TWN-ADIZ', 'CHN-ECS-ADIZ']) {
      const g = zone(id).geometry;
      if (g.type !== 'polygon') throw new Error(id);
      const r = g.polygons[0][0];
      for (let i = 0; i < r.lat.length; i++) {
        const j = (i + 1) % r.lat.length;
        expect(r.edges[i], `${id} edge ${i}`).toBe(r.lat[i] === r.lat[j] ? 1 : 0);
      }
    }
  });
});

describe('validity', () => {
  it('the two KADIZ versions meet at 2013-12-15T05:00:00Z (14:00 KST)', () => {
    expect(zone('KOR-ADIZ-1951').validTo).toBe(KADIZ_CHANGE);
    expect(zone('KOR-ADIZ').validFrom).toBe(KADIZ_CHANGE);
    // Jeju: in KADIZ under both versions, handed over from one to the other at the instant.
    const before = new Date(Date.parse(KADIZ_CHANGE) - 1000).toISOString();
    expect(at(33.38, 126.55, before)).toContain('KOR-ADIZ-1951');
    expect(at(33.38, 126.55, before)).not.toContain('KOR-ADIZ');
    expect(at(33.38, 126.55, KADIZ_CHANGE)).toContain('KOR-ADIZ');
    expect(at(33.38, 126.55, KADIZ_CHANGE)).not.toContain('KOR-ADIZ-1951');
  });

  it('CADIZ starts at 10:00 Beijing time on 2013-11-23', () => {
    expect(at(29, 124, '2013-11-23T01:59:59Z')).not.toContain('CHN-ECS-ADIZ');
    expect(at(29, 124, '2013-11-23T02:00:00Z')).toContain('CHN-ECS-ADIZ');
  });
});

describe('membership facts the sources state', () => {
  it('Ieodo is inside KADIZ, JADIZ and CADIZ after 2013-12-15, and outside the 1951 KADIZ', () => {
    expect(at(...IEODO, '2019-07-23T00:00:00Z')).toEqual(['CHN-ECS-ADIZ', 'JPN-ADIZ', 'KOR-ADIZ']);
    expect(at(...IEODO, '2013-12-01T00:00:00Z')).toEqual(['CHN-ECS-ADIZ', 'JPN-ADIZ']);
    expect(at(...IEODO, '2000-01-01T00:00:00Z')).toEqual(['JPN-ADIZ-1972']);
    // A submerged rock: no territorial airspace.
    expect(territorialAt(...IEODO)).toEqual([]);
  });

  it('Dokdo is outside JADIZ, inside LIANCOURT-TS and in neither KOR-TS nor JPN-TS', () => {
    const ids = at(...DOKDO, '2019-07-23T00:00:00Z');
    expect(ids).toEqual(['KOR-ADIZ', 'LIANCOURT-TS']);
    const l = zone('LIANCOURT-TS');
    expect(l.claimants).toEqual(['KOR', 'JPN']);
    expect(l.extra?.names).toMatchObject({ ko: '독도', ja: '竹島', en: 'Liancourt Rocks' });
  });

  it('the disputed features have their own zones with every claimant', () => {
    expect(territorialAt(25.7436, 123.4749)).toEqual(['SENKAKU-TS']); // Uotsuri-shima area
    expect(zone('SENKAKU-TS').claimants).toEqual(['JPN', 'CHN', 'TWN']);
    expect(territorialAt(44.0, 145.9)).toEqual(['KURILS-TS']); // Kunashir
    expect(territorialAt(43.82, 146.75)).toEqual(['KURILS-TS']); // Shikotan
    expect(territorialAt(45.0, 147.8)).toEqual(['KURILS-TS']); // Iturup
    expect(territorialAt(45.9, 149.9)).toEqual(['RUS-TS']); // Urup: not disputed
    expect(territorialAt(43.33, 145.58)).toEqual(['JPN-TS']); // Nemuro (Hokkaido)
    expect(zone('KURILS-TS').claimants).toEqual(['RUS', 'JPN']);
    expect(zone('TWN-TS').claimants).toEqual(['TWN', 'CHN']);
  });

  it('attributes every point around the disputed features to one territorial zone at most', () => {
    const areas: Array<[number, number, number, number]> = [
      [36.9, 131.4, 37.6, 132.3], // Dokdo
      [25.4, 123.2, 26.2, 124.9], // Senkaku
      [43.0, 145.0, 45.9, 149.5], // southern Kurils and Nemuro
    ];
    for (const [s, w, n, e] of areas) {
      for (let la = s; la <= n; la += (n - s) / 24) {
        for (let lo = w; lo <= e; lo += (e - w) / 24) {
          expect(territorialAt(la, lo).length, `${la},${lo}`).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('places points well inside each state’s sea in its zone', () => {
    expect(territorialAt(35.9, 129.55)).toEqual(['KOR-TS']); // off Pohang
    expect(territorialAt(35.5, 139.8)).toEqual(['JPN-TS']); // Tokyo Bay
    expect(territorialAt(30.5, 121.5)).toEqual(['CHN-TS']); // Hangzhou Bay
    expect(territorialAt(39.5, 127.6)).toEqual(['PRK-TS']); // off Wonsan
    expect(territorialAt(23.0, 120.0)).toEqual(['TWN-TS']); // off Tainan
    expect(territorialAt(42.9, 132.0)).toEqual(['RUS-TS']); // Peter the Great Gulf
    expect(territorialAt(37.48, 130.87)).toEqual(['KOR-TS']); // Ulleungdo
  });

  it('removes China’s territorial airspace from CADIZ exactly', () => {
    expect(at(30.5, 121.5, '2019-07-23T00:00:00Z')).toEqual(['CHN-TS']);
    expect(at(29, 124, '2019-07-23T00:00:00Z')).toEqual(['CHN-ECS-ADIZ', 'JPN-ADIZ']);
  });

  it('puts Yonaguni’s west end in JADIZ only since the 2010 amendment', () => {
    // About 13 NM west of Yonaguni's west cape: beyond its 12 NM sea, inside the 14 NM line.
    expect(at(24.45, 122.7, '2009-01-01T00:00:00Z')).toEqual(['TWN-ADIZ']);
    expect(at(24.45, 122.7, '2019-07-23T00:00:00Z')).toEqual(['JPN-ADIZ', 'TWN-ADIZ']);
  });
});

describe('straits with 3 NM seas keep a high-seas corridor', () => {
  // Transects coast to coast: sea of one side, international airspace mid-strait, sea of the other.
  const straits: Array<[string, [number, number, string], [number, number], [number, number, string]]> = [
    ['Korea Strait, western channel', [35.0, 129.08, 'KOR-TS'], [34.85, 129.2], [34.65, 129.36, 'JPN-TS']],
    [
      'Tsushima Strait, eastern channel',
      [34.175, 129.32, 'JPN-TS'],
      [34.0, 129.46],
      [33.8, 129.62, 'JPN-TS'],
    ],
    ['Tsugaru Strait', [41.6, 140.54, 'JPN-TS'], [41.497, 140.585], [41.4, 140.63, 'JPN-TS']],
    ['Soya (La Pérouse) Strait', [45.5, 141.92, 'JPN-TS'], [45.64, 141.975], [45.8, 142.04, 'RUS-TS']],
    ['Osumi Strait', [30.95, 130.6, 'JPN-TS'], [30.77, 130.69], [30.6, 130.775, 'JPN-TS']],
  ];
  for (const [name, a, mid, b] of straits) {
    it(name, () => {
      expect(territorialAt(a[0], a[1])).toEqual([a[2]]);
      expect(territorialAt(mid[0], mid[1])).toEqual([]);
      expect(territorialAt(b[0], b[1])).toEqual([b[2]]);
    });
  }
});

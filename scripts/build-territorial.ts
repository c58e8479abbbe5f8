/**
 * Builds data/catalog/territorial.geojson and data/catalog/disputed.geojson.
 *
 * Territorial airspace (land + internal waters + territorial sea) of KOR, PRK, JPN, CHN, TWN and
 * the Russian Far East, cut from OpenStreetMap's maritime country boundaries
 * (@geo-maps/countries-maritime-10m, © OpenStreetMap contributors, ODbL) to the region of
 * interest; the disputed features as their own zones (see data/README.md for every choice).
 *
 * Run: npx tsx scripts/build-territorial.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Box, clipRingToBox, clipRingToHalfPlane, dedupe, densifyOn, type Pos } from './lib/clip.js';
import { dmsToDeg } from './lib/dms.js';
import { landInBox, loadLand10m, loadMaritime, type PolygonCoords, REPO_ROOT } from './lib/sources.js';
import { featureCollection, RETRIEVED, type ZoneFeature } from './lib/zone-feature.js';

const OUT_DIR = join(REPO_ROOT, 'data', 'catalog');

/** Region of interest per state: full resolution inside, nothing outside. */
const REGION: Record<string, Box> = {
  KOR: { west: 115, south: 20, east: 180, north: 50 },
  PRK: { west: 115, south: 20, east: 180, north: 50 },
  JPN: { west: 115, south: 20, east: 180, north: 50 },
  CHN: { west: 115, south: 20, east: 180, north: 50 },
  TWN: { west: 115, south: 20, east: 180, north: 50 },
  // The Russian Far East: Primorye, Sakhalin, the Kurils, the Okhotsk coast and Kamchatka to 60°N.
  // North of 60°N (Chukotka) is where OSM's polygon crosses the antimeridian; it is left out.
  RUS: { west: 125, south: 20, east: 180, north: 60 },
};

const NAMES: Record<string, string> = {
  KOR: 'Republic of Korea territorial airspace',
  PRK: "Democratic People's Republic of Korea territorial airspace",
  JPN: 'Japan territorial airspace',
  CHN: "People's Republic of China territorial airspace",
  TWN: 'Taiwan (Republic of China) territorial airspace',
  RUS: 'Russian Federation territorial airspace (Far East)',
};

/** The administering state first, then every other claimant. */
const CLAIMANTS: Record<string, string[]> = {
  KOR: ['KOR'],
  PRK: ['PRK'],
  JPN: ['JPN'],
  CHN: ['CHN'],
  // The PRC claims Taiwan, Penghu, Kinmen and Matsu; the ROC administers them. Listing both is the
  // neutral statement of fact (DESIGN.md: every claimant and the administering state).
  TWN: ['TWN', 'CHN'],
  RUS: ['RUS'],
};

/** Disputed features cut out of the national zones so a point is attributed once. */
const EXCLUDES: Record<string, string[]> = {
  KOR: ['LIANCOURT-TS'],
  PRK: [],
  JPN: ['LIANCOURT-TS', 'SENKAKU-TS', 'KURILS-TS'],
  CHN: ['SENKAKU-TS'],
  TWN: ['SENKAKU-TS'],
  RUS: ['KURILS-TS'],
};

const OSM_SOURCE = {
  title:
    'OpenStreetMap country boundaries (admin_level=2, maritime) via @geo-maps/countries-maritime-10m 0.6.0',
  url: 'https://github.com/simonepri/geo-maps/blob/master/info/countries-maritime.md',
  retrieved: RETRIEVED,
  licence: 'ODbL-1.0; © OpenStreetMap contributors',
};

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function bboxOf(ring: Pos[]) {
  let w = 180;
  let e = -180;
  let s = 90;
  let n = -90;
  for (const [lo, la] of ring) {
    w = Math.min(w, lo);
    e = Math.max(e, lo);
    s = Math.min(s, la);
    n = Math.max(n, la);
  }
  return { w, e, s, n };
}

function bboxHas(ring: Pos[], lon: number, lat: number): boolean {
  const b = bboxOf(ring);
  return lon >= b.w && lon <= b.e && lat >= b.s && lat <= b.n;
}

/** A polygon cut to the box, cut edges densified, coordinates rounded to 1e-6° (0.1 m). */
function cutToBox(poly: PolygonCoords, box: Box): PolygonCoords | null {
  const onCut = (p: Pos) =>
    p[0] === box.west || p[0] === box.east || p[1] === box.south || p[1] === box.north;
  const rings: PolygonCoords = [];
  for (const [i, ring] of poly.entries()) {
    const c = clipRingToBox(ring, box);
    if (!c) {
      if (i === 0) return null;
      continue;
    }
    const r = dedupe(densifyOn(c, onCut, 0.25).map(([lo, la]) => [round6(lo), round6(la)] as Pos));
    if (r.length >= 4) rings.push(r);
    else if (i === 0) return null;
  }
  return rings;
}

function assertNoAntimeridianSpan(id: string, polys: PolygonCoords[]) {
  for (const p of polys) {
    for (const r of p) {
      for (let i = 1; i < r.length; i++) {
        if (Math.abs(r[i][0] - r[i - 1][0]) > 180)
          throw new Error(`${id}: an edge jumps across the antimeridian`);
      }
    }
  }
}

// Dokdo's two islets (NGII centre coordinates, via the Northeast Asian History Foundation).
const DONGDO: Pos = [dmsToDeg(131, 52, 10.4), dmsToDeg(37, 14, 26.8)];
const SEODO: Pos = [dmsToDeg(131, 51, 54.6), dmsToDeg(37, 14, 30.6)];
const KUNASHIR: Pos = [145.9, 44.0];

function main() {
  const maritime = loadMaritime(Object.keys(REGION));
  const land = loadLand10m();
  const features: ZoneFeature[] = [];
  let kurilsSea: PolygonCoords | null = null;

  for (const [state, box] of Object.entries(REGION)) {
    const polys: PolygonCoords[] = [];
    for (const poly of maritime.get(state)!) {
      // KOR's separate polygon around Dokdo is the disputed feature itself: LIANCOURT-TS holds it.
      if (state === 'KOR' && bboxHas(poly[0], DONGDO[0], DONGDO[1])) continue;
      if (state === 'RUS' && bboxHas(poly[0], KUNASHIR[0], KUNASHIR[1])) kurilsSea = poly;
      const cut = cutToBox(poly, box);
      if (cut) polys.push(cut);
    }
    assertNoAntimeridianSpan(`${state}-TS`, polys);
    const vertices = polys.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
    console.log(`${state}-TS: ${polys.length} polygons, ${vertices} vertices`);
    features.push({
      type: 'Feature',
      properties: {
        id: `${state}-TS`,
        name: NAMES[state],
        kind: 'territorial',
        state,
        claimants: CLAIMANTS[state],
        validFrom: null,
        validTo: null,
        floorFt: null,
        ceilingFt: null,
        rules: {
          appliesTo: 'none',
          requires: [],
          note: 'Sovereign airspace: a state aircraft needs authorisation to enter (Chicago Convention art. 3(c)).',
        },
        source: {
          ...OSM_SOURCE,
          note:
            `© OpenStreetMap contributors, ODbL. The OSM admin_level=2 boundary of ${state} at sea (≈ land + internal waters + ` +
            `12 NM territorial sea), cut by scripts/build-territorial.ts to lon ${box.west}–${box.east}°E, lat ${box.south}–${box.north}°N ` +
            '(the cut runs through land or open sea far from the region of interest and is not a boundary). ' +
            (state === 'KOR'
              ? "OSM's separate polygon around Dokdo is left out: LIANCOURT-TS holds it. "
              : '') +
            (state === 'RUS' ? 'The southern Kurils are in KURILS-TS (excluded here). ' : '') +
            (state === 'JPN' || state === 'KOR'
              ? 'In the Korea/Tsushima Strait (and, for Japan, the Tsugaru, Soya and Osumi Straits) OSM already draws the 3 NM seas, leaving the high-seas corridors open; test/catalog checks a mid-strait point in each. '
              : '') +
            (state === 'TWN' ? 'Claimants list the PRC, which claims Taiwan; the ROC administers it. ' : ''),
        },
        quality: {
          level: 'derived',
          note:
            'OSM boundary at sea, not an official baseline survey: expect errors of tens to hundreds of metres; ' +
            'straight-baseline and median-line choices are OSM’s. Vertices at 1e-6° (0.1 m).',
        },
        edges: 'geodesic',
        excludes: EXCLUDES[state].length ? EXCLUDES[state] : undefined,
      },
      geometry: { type: 'MultiPolygon', coordinates: polys },
    });
  }

  writeFileSync(join(OUT_DIR, 'territorial.geojson'), featureCollection(features));
  writeFileSync(join(OUT_DIR, 'disputed.geojson'), featureCollection(disputed(land, kurilsSea)));
}

function disputed(land: PolygonCoords[], kurilsSea: PolygonCoords | null): ZoneFeature[] {
  const common = {
    kind: 'territorial' as const,
    validFrom: null,
    validTo: null,
    floorFt: null,
    ceilingFt: null,
    rules: {
      appliesTo: 'none' as const,
      requires: [],
      note: 'Disputed sovereignty: the engine names the administering state and every claimant and takes no side.',
    },
  };
  const out: ZoneFeature[] = [];

  out.push({
    type: 'Feature',
    properties: {
      id: 'LIANCOURT-TS',
      name: 'Dokdo / Takeshima (Liancourt Rocks) territorial airspace',
      names: { ko: '독도', ja: '竹島', en: 'Liancourt Rocks' },
      ...common,
      state: 'KOR',
      claimants: ['KOR', 'JPN'],
      source: {
        title:
          'Dongdo and Seodo centre coordinates (National Geographic Information Institute), via the Northeast Asian History Foundation',
        url: 'http://contents.nahf.or.kr/english/item/level.do?levelId=eddok_002e_0010_0080',
        retrieved: RETRIEVED,
        licence: null,
        note:
          'Dongdo 37°14\'26.8"N 131°52\'10.4"E, Seodo 37°14\'30.6"N 131°51\'54.6"E; zone = 12 NM from either (UNCLOS art. 3). ' +
          'Administered by the ROK (Dokdo-ri, Ulleung-eup); claimed by Japan (Okinoshima, Shimane). The DPRK also asserts Korean sovereignty over it. ' +
          "Cross-checked with the adiz-facts reference: 37°14'34\"N 131°52'2\"E (wikimapia), 37°14'30\"N 131°52'E (Wikipedia).",
      },
      quality: {
        level: 'approximate',
        note:
          'Baseline = the two islets’ centre points, not their low-water lines: Dongdo and Seodo are each about 0.3 km across ' +
          'and 89 minor rocks surround them, so the true 12 NM limit lies up to about 0.3 km further out than modelled.',
      },
      buffer: { distanceNm: 12 },
    },
    geometry: { type: 'MultiPoint', coordinates: [DONGDO, SEODO] },
  });

  // Uotsuri-shima, Kuba-jima, Taisho-jima, Kita-kojima, Minami-kojima and rocks in Natural Earth.
  const senkaku = landInBox(land, 123.3, 25.6, 124.7, 26.1);
  if (senkaku.length < 5)
    throw new Error(`land-10m: expected the Senkaku islets, found ${senkaku.length} polygons`);
  out.push({
    type: 'Feature',
    properties: {
      id: 'SENKAKU-TS',
      name: 'Senkaku / Diaoyu / Tiaoyutai Islands territorial airspace',
      names: {
        ja: '尖閣諸島',
        'zh-CN': '钓鱼岛及其附属岛屿',
        'zh-TW': '釣魚臺列嶼',
        en: 'Senkaku Islands / Diaoyu Islands / Tiaoyutai Islands',
      },
      ...common,
      state: 'JPN',
      claimants: ['JPN', 'CHN', 'TWN'],
      source: {
        title: 'Natural Earth 1:10m land via world-atlas 2.0.2 (land-10m)',
        url: 'https://github.com/topojson/world-atlas',
        retrieved: RETRIEVED,
        licence: 'Public domain (Natural Earth)',
        note:
          `The ${senkaku.length} Natural Earth islets between 123.3–124.7°E and 25.6–26.1°N (Uotsuri-shima/Diaoyu Dao, Kuba-jima/Huangwei Yu, ` +
          'Taisho-jima/Chiwei Yu, Kita-kojima, Minami-kojima and rocks) as the baseline; zone = 12 NM from them. Administered by Japan ' +
          '(Ishigaki, Okinawa); claimed by the PRC and by the ROC (Toucheng, Yilan). OSM draws no territorial polygon around them. ' +
          "Cross-checked with the reference: group 25°44'41.49\"N 123°28'29.79\"E, Uotsuri-shima 25°46'N 123°31'E.",
      },
      quality: {
        level: 'approximate',
        note:
          'Natural Earth 1:10m outlines (4–7 vertices per islet, positional error up to about 0.5–1 km) and no straight baselines: ' +
          'the modelled 12 NM limit may be off by up to about 1 km.',
      },
      buffer: { distanceNm: 12 },
      edges: 'geodesic',
    },
    geometry: {
      type: 'MultiPolygon',
      coordinates: senkaku.map((p) => p.map((r) => r.map(([lo, la]) => [lo, la]))),
    },
  });

  if (!kurilsSea) throw new Error('countries-maritime-10m: no RUS polygon around Kunashir');
  // Cut the Russian sea of the Kuril chain across the Friza Strait (between Iturup and Urup): the
  // disputed part is everything south-west of that line.
  const iturup = landInBox(land, 146.8, 44.4, 148.9, 45.6).sort((a, b) => b[0].length - a[0].length)[0];
  const urup = landInBox(land, 149.4, 45.5, 150.6, 46.3).sort((a, b) => b[0].length - a[0].length)[0];
  if (!iturup || !urup) throw new Error('land-10m: Iturup or Urup not found');
  const along = (p: Pos) => p[0] * 0.7 + p[1];
  const itNE = iturup[0].reduce((a, b) => (along(b) > along(a) ? b : a));
  const urSW = urup[0].reduce((a, b) => (along(b) < along(a) ? b : a));
  const mid: Pos = [(itNE[0] + urSW[0]) / 2, (itNE[1] + urSW[1]) / 2];
  const k = Math.cos((mid[1] * Math.PI) / 180);
  // Perpendicular to Iturup→Urup in a locally isotropic frame, mapped back to degrees.
  const v: Pos = [(urSW[0] - itNE[0]) * k, urSW[1] - itNE[1]];
  const dir: Pos = [-v[1] / k, v[0]];
  const cut = clipRingToHalfPlane(kurilsSea[0], mid, dir, true);
  if (!cut) throw new Error('Kuril cut left nothing');
  const ring = dedupe(cut.map(([lo, la]) => [round6(lo), round6(la)] as Pos));
  if (ring.some(([lo]) => lo > 150)) throw new Error('Kuril cut kept the wrong side');
  console.log(
    `KURILS-TS: ${ring.length} vertices; Friza Strait cut through ${mid[1].toFixed(4)}N ${mid[0].toFixed(4)}E`,
  );
  out.push({
    type: 'Feature',
    properties: {
      id: 'KURILS-TS',
      name: 'Southern Kuril Islands / Northern Territories territorial airspace',
      names: {
        ru: 'Южные Курилы (Итуруп, Кунашир, Шикотан, Хабомаи)',
        ja: '北方領土(択捉島・国後島・色丹島・歯舞群島)',
        en: 'Southern Kuril Islands / Northern Territories (Iturup/Etorofu, Kunashir/Kunashiri, Shikotan, Habomai)',
      },
      ...common,
      state: 'RUS',
      claimants: ['RUS', 'JPN'],
      source: {
        ...OSM_SOURCE,
        note:
          '© OpenStreetMap contributors, ODbL. The part of OSM’s Russian maritime polygon around Iturup, Kunashir, Shikotan and the Habomai ' +
          `islets, cut from the rest of the Kuril chain by scripts/build-territorial.ts along a line across the Friza Strait through ${mid[1].toFixed(3)}°N ` +
          `${mid[0].toFixed(3)}°E (midway between Iturup and Urup as Natural Earth land-10m draws them). A 12 NM buffer of the islands was NOT used: ` +
          'the Habomai islets lie 3.7 km off Cape Nosappu and Kunashir 16 km off the Notsuke peninsula, so such a buffer would take in Nemuro and the ' +
          'Hokkaido coast, undisputed Japanese territory; OSM’s polygon stops at the median line with Hokkaido. Administered by Russia; claimed by Japan.',
      },
      quality: {
        level: 'derived',
        note:
          'OSM boundary (≈ 12 NM from the islands, median line toward Hokkaido); errors of tens to hundreds of metres. The Friza Strait cut is ours ' +
          'and only separates Russian sea from Russian sea.',
      },
      edges: 'geodesic',
    },
    geometry: { type: 'Polygon', coordinates: [ring] },
  });
  return out;
}

main();

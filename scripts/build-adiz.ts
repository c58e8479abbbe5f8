/**
 * Builds data/catalog/adiz.geojson: the ADIZs of China (East China Sea), Korea (2013 and 1951),
 * Japan (since 2010, and 1972–2010) and Taiwan, from the published vertex lists. Every vertex a
 * source gives is written exactly as published (decimal degrees converted from the D/M/S printed);
 * the parts no source gives are constructed here and say so in the zone's quality note.
 *
 * Run: npx tsx scripts/build-adiz.ts  (after scripts/build-territorial.ts: nothing is read from it,
 * but CHN-ECS-ADIZ and JPN-ADIZ name CHN-TS and JPN-TS in `excludes`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { direct, distanceM } from '../src/geo/geodesic.js';
import type { Pos } from './lib/clip.js';
import { dmsToDeg, parseDmsString, parseIcaoPair } from './lib/dms.js';
import { Coast } from './lib/offset.js';
import { landInBox, loadLand10m, loadMaritime, REPO_ROOT } from './lib/sources.js';
import { featureCollection, RETRIEVED, type ZoneFeature } from './lib/zone-feature.js';

type Edge = 'geodesic' | 'rhumb';
interface Vertex {
  p: Pos; // [lon, lat]
  /** Edge from this vertex to the next. */
  edge: Edge;
}

const v = (icao: string, edge: Edge = 'geodesic'): Vertex => {
  const [lat, lon] = parseIcaoPair(icao);
  return { p: [lon, lat], edge };
};
const vDeg = (lat: number, lon: number, edge: Edge = 'geodesic'): Vertex => ({ p: [lon, lat], edge });

function polygon(vertices: Vertex[]) {
  const ring = vertices.map((x) => x.p);
  ring.push(ring[0]);
  return { coordinates: [ring], edges: [vertices.map((x) => x.edge)] };
}

const EDGE_RULE_DEFAULT =
  'No edge rule is published: edges are geodesics (the shortest line, which is what a "straight line" between two points on the ' +
  'ellipsoid is), except edges joining two points on the same parallel, which are rhumb lines (the parallel itself), as 14 CFR 99.41 ' +
  'prescribes for the US ADIZs; on a meridian both coincide.';

// ---------------------------------------------------------------------------------------------
// China: East China Sea ADIZ (MND statement, 23 Nov 2013)

/** The six points as published (北纬33度11分 东经121度47分 …), in order. */
export const CADIZ_POINTS = [
  '3311N 12147E',
  '3311N 12500E',
  '3100N 12820E',
  '2538N 12500E',
  '2445N 12300E',
  '2644N 12058E',
];

function chinaEcs(): ZoneFeature {
  const pts = CADIZ_POINTS.map((s) => v(s));
  pts[0].edge = 'rhumb'; // 1→2 lies on 33°11'N.
  pts[5].edge = 'rhumb'; // 6 → west along 26°44'N (over China's own territorial airspace).
  // Closing the polygon over the mainland: everything between the six-point line and the coast is
  // then inside, and `excludes: CHN-TS` removes China's territorial airspace exactly.
  const closure = [vDeg(dmsToDeg(26, 44), 118, 'geodesic'), vDeg(dmsToDeg(33, 11), 118, 'rhumb')];
  const { coordinates, edges } = polygon([...pts, ...closure]);
  return {
    type: 'Feature',
    properties: {
      id: 'CHN-ECS-ADIZ',
      name: 'East China Sea Air Defense Identification Zone (PRC)',
      names: { 'zh-CN': '东海防空识别区', en: 'East China Sea ADIZ' },
      kind: 'adiz',
      state: 'CHN',
      claimants: ['CHN'],
      validFrom: '2013-11-23T02:00:00Z',
      validTo: null,
      floorFt: null,
      ceilingFt: null,
      rules: {
        appliesTo: 'all',
        requires: ['flight-plan', 'radio', 'transponder', 'markings'],
        note:
          'Rule 1: all aircraft flying in the zone, whatever their destination. (1) flight plan to the PRC MFA or CAAC; (2) two-way radio, ' +
          'answer identification queries; (3) secondary-radar transponder on throughout, if fitted; (4) nationality and registration markings. ' +
          'Administered by the PRC MND, which announced "defensive emergency measures" against aircraft that do not comply.',
      },
      source: {
        title:
          'PRC Government statement on establishing the East China Sea ADIZ and MND announcement of the identification rules (Xinhua, 2013-11-23 10:00)',
        url: 'https://megalodon.jp/ref/2013-1123-1956-39/news.xinhuanet.com/mil/2013-11/23/c_118262792.htm',
        retrieved: RETRIEVED,
        licence: null,
        note:
          '具体范围为以下六点连线与我领海线之间空域范围: the airspace between the line joining the six points and China’s territorial-sea line. ' +
          'Effective 10:00 Beijing time 2013-11-23 (02:00Z). The inner limit is modelled exactly as the outer edge of CHN-TS: the polygon closes ' +
          'over the mainland (26°44′N and 33°11′N west to 118°E) and `excludes: ["CHN-TS"]` removes China’s territorial airspace, so the zone’s ' +
          'inner limit is CHN-TS’s edge as OpenStreetMap draws it (© OpenStreetMap contributors, ODbL). ' +
          EDGE_RULE_DEFAULT +
          ' Here: 1→2 (33°11′N) and the closing edges on 26°44′N and 33°11′N are rhumb lines.',
      },
      quality: {
        level: 'published',
        note: 'The six points are as published (whole minutes). The inner limit inherits the accuracy of CHN-TS (derived, OSM).',
      },
      edges,
      excludes: ['CHN-TS'],
    },
    geometry: { type: 'Polygon', coordinates },
  };
}

// ---------------------------------------------------------------------------------------------
// Korea: KADIZ since 15 Dec 2013 and the 1951 zone before it

/** The 12 vertices in polygon order (adiz-facts-2 §2.1), DM strings exact. */
export const KADIZ_2013 = [
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
];

/** The 1951 zone: same north, east and west limits; south along the old shared line with JADIZ, then 33°N. */
export const KADIZ_1951 = [
  '3900N 12330E',
  '3900N 13300E',
  '3717N 13300E',
  '3600N 13030E',
  '3513N 12948E',
  '3300N 12700E',
  '3300N 12400E',
  '3700N 12400E',
];

const KADIZ_RULES = {
  appliesTo: 'all' as const,
  requires: ['prior-notice', 'flight-plan'],
  note:
    'The ROK asks foreign military aircraft for prior notice before entering; civil aircraft crossing the areas added in 2013 (Ieodo, Marado) ' +
    'file a flight plan with the MND (per the AIP). Unannounced entry leads to scramble, radio warnings and shadowing.',
};

function korea(): ZoneFeature[] {
  const rhumbOnParallel = (vs: Vertex[]) => {
    for (let i = 0; i < vs.length; i++) if (vs[i].p[1] === vs[(i + 1) % vs.length].p[1]) vs[i].edge = 'rhumb';
    return vs;
  };
  const k2013 = polygon(rhumbOnParallel(KADIZ_2013.map((s) => v(s))));
  const k1951 = polygon(rhumbOnParallel(KADIZ_1951.map((s) => v(s))));
  const base = {
    kind: 'adiz' as const,
    state: 'KOR',
    claimants: ['KOR'],
    floorFt: null,
    ceilingFt: null,
    rules: KADIZ_RULES,
  };
  return [
    {
      type: 'Feature',
      properties: {
        id: 'KOR-ADIZ',
        name: 'Korea Air Defense Identification Zone (KADIZ, since 2013-12-15)',
        names: { ko: '한국방공식별구역', en: 'Korea ADIZ' },
        ...base,
        validFrom: '2013-12-15T05:00:00Z',
        validTo: null,
        source: {
          title:
            'KADIZ as extended on 2013-12-15 (MND notice under 군용항공기 운용 등에 관한 법률 시행령 제2조②): 12 vertices in polygon order',
          url: 'https://www.newdaily.co.kr/site/data/html/2013/12/08/2013120800033.html',
          retrieved: RETRIEVED,
          licence: null,
          note:
            'Vertex order from a third-party code file citing CIMSEC (cimsec.org/tag/adiz/); 8 of the 12 points match the "주요 경계점" printed by NewDaily ' +
            '2013-12-08 (its "동경 122도 25분" is a typo for the Incheon FIR point 3000N 12525E), 5 match the Incheon FIR (Korea eAIP ENR 2.1), and ' +
            '3717N 13300E, 3600N 13030E, 3513N 12948E equal JADIZ (3)–(5) to the minute. In force from 14:00 KST 2013-12-15 (05:00Z). ' +
            EDGE_RULE_DEFAULT +
            ' Here: 39°00′N, 32°30′N and 30°00′N edges are rhumb lines.',
        },
        quality: {
          level: 'published',
          note:
            'Whole-minute vertices as printed; no official MND vertex list or edge rule was found, so the order comes from a third party ' +
            '(consistent with every cross-check). The northern edge on 39°N crosses the Korean peninsula (as the 1951 line did).',
        },
        edges: k2013.edges,
      },
      geometry: { type: 'Polygon', coordinates: k2013.coordinates },
    },
    {
      type: 'Feature',
      properties: {
        id: 'KOR-ADIZ-1951',
        name: 'Korea Air Defense Identification Zone (KADIZ, 1951 – 2013-12-15)',
        names: { ko: '한국방공식별구역 (1951)', en: 'Korea ADIZ (1951)' },
        ...base,
        validFrom: '1951-03-22',
        validTo: '2013-12-15T05:00:00Z',
        source: {
          title: 'KADIZ drawn by the US Fifth Air Force on 1951-03-22, in force until the 2013 extension',
          url: 'https://english.hani.co.kr/arti/english_edition/e_international/612953.html',
          retrieved: RETRIEVED,
          licence: null,
          note:
            'Sources: Hankyoreh (1951 origin); Chosun 2013-12-09 (east and west limits unchanged in 2013); KBS (southern limit "33°N" before 2013); ' +
            'Ieodo, the airspace south of Marado and of Hongdo were outside it. Built here from the 2013 vertices for the unchanged north, east and west ' +
            'limits, the shared KADIZ/JADIZ line 3717N 13300E – 3600N 13030E – 3513N 12948E – 3300N 12700E (JADIZ (3)–(6) rounded to whole minutes, ' +
            'as the 2013 list rounds (3)–(5)), then 33°00′N west to 124°00′E. ' +
            EDGE_RULE_DEFAULT +
            ' Here: the 39°00′N and 33°00′N edges are rhumb lines.',
        },
        quality: {
          level: 'approximate',
          note:
            'Approximated: the southern limit. The sources give only "33°N"; the run from 3513N 12948E to 3300N 12700E along the old JADIZ line and ' +
            'the south-west corner 3300N 12400E are our construction (they reproduce every reported fact: Ieodo, southern Marado and southern Hongdo ' +
            'outside). The validity start is the 1951 origin; Hankyung’s claim of a 1977 adjustment is unverified and not modelled.',
        },
        edges: k1951.edges,
      },
      geometry: { type: 'Polygon', coordinates: k1951.coordinates },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Japan: JADIZ (防衛庁訓令第36号), outer points (1)–(7) published, the rest constructed

/** Outer-line points (1)–(7) as published: [deg, min, sec] of latitude N and longitude E. */
export const JADIZ_1_7: Array<[[number, number, number], [number, number, number]]> = [
  [
    [45, 45, 7],
    [138, 44, 47],
  ],
  [
    [40, 40, 9],
    [132, 59, 50],
  ],
  [
    [37, 17, 10],
    [132, 59, 50],
  ],
  [
    [36, 0, 11],
    [130, 29, 51],
  ],
  [
    [35, 13, 11],
    [129, 47, 52],
  ],
  [
    [33, 0, 12],
    [126, 59, 53],
  ],
  [
    [33, 0, 12],
    [124, 59, 53],
  ],
];

const NM = 1852;

/** The 14 NM line west of 123°E around Yonaguni, from (10) (north) to (11) (south). */
function yonaguniArc(coast: Coast, center: Pos): Pos[] {
  const at = (azDeg: number): Pos => {
    let lo = 0;
    let hi = 30 * NM;
    for (let i = 0; i < 50; i++) {
      const mid = (lo + hi) / 2;
      const q = direct(center[1], center[0], azDeg, mid);
      if (coast.nearest(q.lat, q.lon).m < 14 * NM) lo = mid;
      else hi = mid;
    }
    const q = direct(center[1], center[0], azDeg, (lo + hi) / 2);
    return [q.lon, q.lat];
  };
  const crossing = (a: number, b: number) => {
    // Bisection on azimuth for the point of the line on 123°E.
    let [lo, hi] = [a, b];
    for (let i = 0; i < 50; i++) {
      const mid = (lo + hi) / 2;
      if (at(mid)[0] < 123 === at(lo)[0] < 123) lo = mid;
      else hi = mid;
    }
    const p = at((lo + hi) / 2);
    return [123, p[1]] as Pos;
  };
  const north = crossing(270, 360);
  const south = crossing(180, 270);
  const arc: Pos[] = [north];
  for (let az = 355; az > 180; az -= 5) {
    const p = at(az);
    if (p[0] < 123) arc.push(p);
  }
  arc.push(south);
  return arc;
}

/**
 * The 3 NM line off Hokkaido where Japan's sea meets the Russian-administered southern Kurils: for
 * each vertex of OSM's Japanese boundary there (the median line), the point 3 NM from Hokkaido's
 * coast on the way to it. Ordered from the Pacific side (south) to the Okhotsk side (north).
 */
function hokkaidoThreeNm(coast: Coast, kurils: Coast, jpnHokkaido: Pos[]): Pos[] {
  const out: Pos[] = [];
  let last: Pos | null = null;
  for (const g of jpnHokkaido) {
    if (g[0] < 144.9 || g[1] < 43.2 || g[1] > 44.6) continue;
    if (kurils.nearest(g[1], g[0]).m > 12.5 * NM) continue; // not on the median with the Kurils
    if (last && distanceM(last[1], last[0], g[1], g[0]) < 2000) continue;
    last = g;
    const near = coast.nearest(g[1], g[0]);
    if (near.m <= 3 * NM) continue;
    out.push(coast.pointAtDistance(near.p, g, 3 * NM));
  }
  if (out.length < 5) throw new Error(`Hokkaido 3 NM line: only ${out.length} points`);
  // The ring may start mid-stretch: start after the widest gap, then run south to north.
  let gapAt = 0;
  let gap = -1;
  for (let i = 0; i < out.length; i++) {
    const [a, b] = [out[i], out[(i + 1) % out.length]];
    const d = distanceM(a[1], a[0], b[1], b[0]);
    if (d > gap) [gap, gapAt] = [d, i];
  }
  const line = [...out.slice(gapAt + 1), ...out.slice(0, gapAt + 1)];
  return line[0][1] < line[line.length - 1][1] ? line : line.reverse();
}

function japan(): ZoneFeature[] {
  const land = loadLand10m();
  const yonaguni = landInBox(land, 122.9, 24.4, 123.1, 24.5);
  if (yonaguni.length !== 1)
    throw new Error(`land-10m: expected Yonaguni, found ${yonaguni.length} polygons`);
  const yCoast = new Coast(yonaguni.map((p) => p[0]));
  const yc: Pos = [122.98, 24.457];
  const arc = yonaguniArc(yCoast, yc);

  const hokkaido = land.filter((p) => {
    const r = p[0];
    return (
      r.length > 500 &&
      r.some(([lo, la]) => lo > 145.8 && la > 43.3 && la < 43.5) &&
      r.every(([, la]) => la > 41 && la < 46)
    );
  });
  const notsuke = landInBox(land, 145.15, 43.45, 145.4, 43.7);
  if (hokkaido.length !== 1) throw new Error(`land-10m: expected Hokkaido, found ${hokkaido.length}`);
  const hCoast = new Coast(
    [...hokkaido, ...notsuke].map((p) => p[0]),
    0.002,
  );
  const kurilLand = landInBox(land, 145.4, 43.3, 148.9, 45.6).filter((p) => p[0].every(([lo]) => lo > 145.4));
  const kCoast = new Coast(
    kurilLand.filter((p) => !notsuke.includes(p)).map((p) => p[0]),
    0.004,
  );
  const jpn = loadMaritime(['JPN']).get('JPN')!;
  const jpnHokkaido = jpn.find((p) => p[0].some(([lo, la]) => lo > 145.9 && la > 43 && la < 44))?.[0];
  if (!jpnHokkaido) throw new Error('countries-maritime-10m: JPN polygon around Hokkaido not found');
  const threeNm = hokkaidoThreeNm(hCoast, kCoast, jpnHokkaido);

  const pub = JADIZ_1_7.map(([la, lo]) => vDeg(dmsToDeg(...la), dmsToDeg(...lo)));
  pub[5].edge = 'rhumb'; // (6)→(7): both on 33°00'12"N.
  const before10: Vertex[] = [vDeg(30, 125), vDeg(28, 123)];
  const after11: Vertex[] = [
    vDeg(23, 123, 'rhumb'), // along 23°N
    vDeg(23, 132),
    vDeg(29, 140),
    vDeg(33, 143),
    vDeg(37, 146),
    vDeg(41.5, 146.5),
  ];
  const north: Vertex[] = [vDeg(44.65, 145.25), vDeg(45.5, 143.0), vDeg(45.71, 142.0)];

  const build = (withArc: boolean) => {
    const westLine: Vertex[] = withArc
      ? arc.map((p) => ({ p, edge: 'geodesic' as Edge }))
      : [vDeg(24.68, 123)];
    return polygon([
      ...pub,
      ...before10,
      ...westLine,
      ...after11,
      ...threeNm.map((p) => ({ p, edge: 'geodesic' as Edge })),
      ...north,
    ]);
  };
  const now = build(true);
  const old = build(false);

  const approxNote = (arcNote: string) =>
    'Published and exact: outer points (1)–(7) (DMS). Approximated — no source gives (8)–(30) or the inner line: ' +
    '(a) East China Sea: (7) → 30°00′N 125°00′E (down 125°E, per a 2006 blog description) → 28°00′N 123°00′E (south-west until 123°E) → 123°E; ' +
    arcNote +
    ' (c) south and Pacific side: 23°N 123°E → 23°N 132°E → 29°N 140°E → 33°N 143°E → 37°N 146°E → 41.5°N 146.5°E, a schematic line chosen to ' +
    'keep Sakishima, the Daito and Izu islands inside and Ogasawara outside; it may be 100 km or more from the real line; ' +
    '(d) east of Hokkaido: a line 3 NM off Hokkaido’s coast (Natural Earth 1:10m) wherever Japan’s sea meets the Russian-administered southern Kurils ' +
    '(the 訓令’s (24)–(25) and (26)–(27)), so the Northern Territories are outside; ' +
    '(e) north: 44.65°N 145.25°E → 45.5°N 143°E → 45.71°N 142°E (the Soya Strait median) → (1). ' +
    'Inner line: the 訓令 removes the airspace enclosed by an inner line that "roughly follows the territorial sea"; modelled as `excludes: ["JPN-TS"]`, ' +
    'although the real inner line leaves Sakishima, the Daito islands, Tsushima, the tip of Noto, part of Sado, the Izu islands south of Miyakejima and ' +
    'parts of eastern and northern Hokkaido in the ADIZ (Japanese Wikipedia via weblio).';
  const source = {
    title:
      '防衛庁訓令第36号「防空識別圏における飛行要領に関する訓令」(1969), art. 2 (via a ja.wikisource mirror)',
    url: 'https://ja.wikisource.org/wiki/防空識別圏における飛行要領に関する訓令',
    retrieved: RETRIEVED,
    licence: 'Public domain (Japanese government directive; Copyright Act art. 13)',
  };
  const edgeNote =
    'The 訓令 joins the points by 「直線」 without saying geodesic or rhumb: edges are geodesics, except (6)→(7) on 33°00′12″N and the constructed ' +
    '23°N edge, which are rhumb lines (as 14 CFR 99.41 does for the US ADIZs).';
  const base = {
    kind: 'adiz' as const,
    state: 'JPN',
    claimants: ['JPN'],
    floorFt: null,
    ceilingFt: null,
    rules: {
      appliesTo: 'inbound' as const,
      requires: ['flight-plan'],
      note:
        'Japan asks for a flight plan only from aircraft entering the zone toward Japanese territory; passing through needs no permission. ' +
        'VFR flights from abroad file a flight plan and, when deviating from it, radio ATS and a JASDF radar site (Japan AIP).',
    },
  };
  return [
    {
      type: 'Feature',
      properties: {
        id: 'JPN-ADIZ',
        name: 'Japan Air Defense Identification Zone (JADIZ, since 2010-06-25)',
        names: { ja: '防空識別圏', en: 'Japan ADIZ' },
        ...base,
        validFrom: '2010-06-24T15:00:00Z',
        validTo: null,
        source: {
          ...source,
          note:
            'Outer line joining (1)–(30) by straight lines, with the line 14 NM outside Yonaguni’s territorial-sea baseline between (10) and (11) ' +
            '(west of the straight line (10)–(11)) — the amendment in force from 2010-06-25 (00:00 JST = 2010-06-24T15:00Z; CNA/Kyodo 2010-06-24, ' +
            'ROC MOFA 2010-05-29) — and 3 NM off Hokkaido’s coast between (24)–(25) and (26)–(27). ' +
            edgeNote,
        },
        quality: {
          level: 'approximate',
          note: approxNote(
            '(b) Yonaguni: 123°E with the 14 NM line west of it, computed from Natural Earth’s 1:10m outline of Yonaguni (not the legal baseline; within about 0.5 km).',
          ),
        },
        edges: now.edges,
        excludes: ['JPN-TS'],
      },
      geometry: { type: 'Polygon', coordinates: now.coordinates },
    },
    {
      type: 'Feature',
      properties: {
        id: 'JPN-ADIZ-1972',
        name: 'Japan Air Defense Identification Zone (JADIZ, 1972 – 2010-06-25)',
        names: { ja: '防空識別圏 (1972–2010)', en: 'Japan ADIZ (1972–2010)' },
        ...base,
        validFrom: '1972-05-15',
        validTo: '2010-06-24T15:00:00Z',
        source: {
          ...source,
          note:
            'The zone before the Yonaguni amendment: the Japan–ROC boundary ran straight along 123°E, over Yonaguni. Start date assumed to be the ' +
            'Okinawa reversion (1972-05-15; globalsecurity.org: expanded westward in 1972). ' +
            edgeNote,
        },
        quality: {
          level: 'approximate',
          note: `${approxNote('(b) 123°E straight through Yonaguni.')} The 1972 start date is an assumption; earlier versions are not modelled.`,
        },
        edges: old.edges,
        excludes: ['JPN-TS'],
      },
      geometry: { type: 'Polygon', coordinates: old.coordinates },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Taiwan: ROC ADIZ (eAIP ENR 5.2.3 via Flight-Spotter)

/** Copied exactly from Flight-Spotter data/filter_regions/Taiwan_ADIZ.json (closing point omitted). */
export const TWN_ADIZ = [
  ['21°00\'00"N', '117°30\'00"E'],
  ['21°00\'00"N', '121°30\'00"E'],
  ['22°30\'00"N', '123°00\'00"E'],
  ['29°00\'00"N', '123°00\'00"E'],
  ['29°00\'00"N', '117°30\'00"E'],
];

function taiwan(): ZoneFeature {
  const vs = TWN_ADIZ.map(([la, lo]) => vDeg(parseDmsString(la), parseDmsString(lo)));
  vs[0].edge = 'rhumb'; // 21°N
  vs[3].edge = 'rhumb'; // 29°N
  const { coordinates, edges } = polygon(vs);
  return {
    type: 'Feature',
    properties: {
      id: 'TWN-ADIZ',
      name: 'Taiwan (ROC) Air Defense Identification Zone',
      names: { 'zh-TW': '中華民國防空識別區', en: 'Taiwan ADIZ' },
      kind: 'adiz',
      state: 'TWN',
      claimants: ['TWN'],
      validFrom: null,
      validTo: null,
      floorFt: null,
      ceilingFt: null,
      rules: {
        appliesTo: 'all',
        requires: [],
        note: 'The identification requirements of ENR 5.2.3 were not available to us; none are encoded, so no non-compliance can be reported.',
      },
      source: {
        title:
          'ROC eAIP ENR 5.2.3 ADIZ (AIRAC AIP AMDT 02-25, 2025-04-17), as transcribed in LunaticGhoulPiano/Flight-Spotter data/filter_regions/Taiwan_ADIZ.json',
        url: 'https://github.com/LunaticGhoulPiano/Flight-Spotter/blob/6af544d14c9bb0d2324fae015ae20072abf4d660/data/filter_regions/Taiwan_ADIZ.json',
        retrieved: RETRIEVED,
        licence: 'MIT (transcription © 2025 Emile Su); the eAIP is published by the CAA of the ROC',
        note:
          'Five vertices. The south-east edge 21°N 121°30′E – 22°30′N 123°E is the 1959 ROC line (Taiwan Today), the east edge the historical ' +
          'Japan–ROC boundary on 123°E (the 2010 JADIZ extension around Yonaguni, which the ROC "cannot accept", is not reflected). ' +
          'Created by US forces in 1953/54; the validity start is left open. ' +
          EDGE_RULE_DEFAULT +
          ' Here: the 21°N and 29°N edges are rhumb lines.',
      },
      quality: {
        level: 'published',
        note: 'Third-party transcription of the official eAIP (not seen directly); whole minutes. It includes part of the Chinese mainland, as published.',
      },
      edges,
    },
    geometry: { type: 'Polygon', coordinates },
  };
}

function main() {
  const features = [chinaEcs(), ...korea(), ...japan(), taiwan()];
  writeFileSync(join(REPO_ROOT, 'data', 'catalog', 'adiz.geojson'), featureCollection(features));
  for (const f of features) {
    const ring = (f.geometry.coordinates as Pos[][])[0];
    console.log(`${f.properties.id}: ${ring.length - 1} vertices`);
  }
}

main();

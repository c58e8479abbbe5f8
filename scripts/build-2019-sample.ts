/**
 * Builds samples/2019-07-23-joint-patrol.csv (and its .md): a reconstruction of the first
 * China–Russia joint strategic air patrol, 23 July 2019, from the ROK JCS timeline
 * (adiz-facts.md §3.2). No coordinates were ever published: positions are placed relative to the
 * named features and to the boundaries of the built-in catalog with geodesic maths, and every
 * reported time is pinned to the place the report names. Positions are approximate; the times of
 * the reported events are the point of the sample.
 *
 * Run: npx tsx scripts/build-2019-sample.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../src/analysis/analyze.js';
import { direct, distanceM, GeodesicSegment, NM_M } from '../src/geo/geodesic.js';
import { readTrackFile } from '../src/tracks/read.js';
import { builtinCatalog } from '../src/zones/catalog.js';
import { dmsToDeg, parseIcaoPair } from './lib/dms.js';
import { REPO_ROOT } from './lib/sources.js';

interface LatLon {
  lat: number;
  lon: number;
}
interface Waypoint extends LatLon {
  /** Reported (pinned) time, epoch s; null = interpolated at constant speed. */
  t: number | null;
  note?: string;
}
interface TrackSpec {
  id: string;
  label: string;
  operator: 'CHN' | 'RUS';
  altFt: number;
  /** Speed used before the first and after the last pinned waypoint, knots. */
  cruiseKt: number;
  waypoints: Waypoint[];
}

/** 23 July 2019, hh:mm:ss KST (UTC+9) → epoch s; times before 09:00 KST fall on 22 July UTC. */
const kst = (hms: string) => Date.parse(`2019-07-23T${hms}+09:00`) / 1000;
const ll = (lat: number, lon: number): LatLon => ({ lat, lon });
const wp = (p: LatLon, t: number | null = null, note?: string): Waypoint => ({ ...p, t, note });
const icao = (s: string): LatLon => {
  const [lat, lon] = parseIcaoPair(s);
  return { lat, lon };
};
const dest = (p: LatLon, azDeg: number, nm: number): LatLon => {
  const q = direct(p.lat, p.lon, azDeg, nm * NM_M);
  return ll(q.lat, q.lon);
};
const nmBetween = (a: LatLon, b: LatLon) => distanceM(a.lat, a.lon, b.lat, b.lon) / NM_M;

// Named features.
const IEODO = ll(dmsToDeg(32, 7, 22.63), dmsToDeg(125, 10, 56.81));
const ULLEUNGDO = ll(dmsToDeg(37, 29, 0), dmsToDeg(130, 52, 0));
const DONGDO = ll(dmsToDeg(37, 14, 26.8), dmsToDeg(131, 52, 10.4));
const SEODO = ll(dmsToDeg(37, 14, 30.6), dmsToDeg(131, 51, 54.6));
const DOKDO = ll((DONGDO.lat + SEODO.lat) / 2, (DONGDO.lon + SEODO.lon) / 2);
const SENKAKU = ll(dmsToDeg(25, 44, 41.49), dmsToDeg(123, 28, 29.79));

// KADIZ (2013) edges used as reporting lines; geodesic edges, parallels as rhumb lines.
const KADIZ_SE_JADIZ = new GeodesicSegment(...lla(icao('3717N 13300E')), ...lla(icao('3600N 13030E')));
const KADIZ_FIR_SOUTH = new GeodesicSegment(...lla(icao('3230N 12730E')), ...lla(icao('3417N 12852E')));
function lla(p: LatLon): [number, number] {
  return [p.lat, p.lon];
}

/** Bisection for f ∈ [0, 1] where g changes sign. */
function solve(g: (f: number) => number, lo = 0, hi = 1): number {
  let [a, b] = [lo, hi];
  const ga = g(a);
  for (let i = 0; i < 60; i++) {
    const m = (a + b) / 2;
    if (Math.sign(g(m)) === Math.sign(ga)) a = m;
    else b = m;
  }
  return (a + b) / 2;
}
const onEdgeAtLon = (seg: GeodesicSegment, lon: number) => {
  const q = seg.at(solve((f) => seg.at(f).lon - lon));
  return ll(q.lat, q.lon);
};
const onEdgeAtLat = (seg: GeodesicSegment, lat: number) => {
  const q = seg.at(solve((f) => seg.at(f).lat - lat));
  return ll(q.lat, q.lon);
};
/** Distance (NM) to the nearer of Dokdo's two islets: the baseline of LIANCOURT-TS. */
const dokdoNm = (p: LatLon) => Math.min(nmBetween(p, DONGDO), nmBetween(p, SEODO));

/**
 * A straight pass through Dokdo's 12 NM sea on heading azDeg, offsetNm to the right of the
 * islets: the entry and exit points on the 12 NM line and a lead-in point on the same geodesic.
 */
function dokdoPass(azDeg: number, offsetNm: number) {
  const mid = dest(DOKDO, azDeg + 90, offsetNm);
  const along = (nm: number) => dest(mid, nm >= 0 ? azDeg : azDeg + 180, Math.abs(nm));
  const entry = along(-solve((x) => dokdoNm(along(-x * 20)) - 12) * 20);
  const exit = along(solve((x) => dokdoNm(along(x * 20)) - 12) * 20);
  return { leadIn: dest(entry, azDeg + 180, 4), entry, exit, chordNm: nmBetween(entry, exit) };
}

// ---------------------------------------------------------------------------------------------
// The routes

const betweenUD = ll((ULLEUNGDO.lat + DOKDO.lat) / 2, (ULLEUNGDO.lon + DOKDO.lon) / 2); // ~43 km from each
const eastChannel = ll(34.0, 129.46); // mid Tsushima Strait eastern channel (high-seas corridor)
// The high-seas corridor between the KADIZ/FIR line and Japan's sea around the Goto islands.
const gotoCorridor = [ll(33.72, 128.9), ll(33.3, 128.42), ll(32.6, 127.95), ll(32.2, 127.55)];
const westOfKume = ll(26.4, 126.2);
const split = dest(SENKAKU, 45, 90 / 1.852); // "about 90 km NE of the Senkakus"

const kadizIn0644 = ll(32.75, 124.0); // on the 124°E west edge, NW of Ieodo (~130 km)
const kadizOut0714 = onEdgeAtLat(KADIZ_FIR_SOUTH, 32.9); // east (ENE) of Ieodo
const southOfUlleungdo = onEdgeAtLon(KADIZ_SE_JADIZ, ULLEUNGDO.lon); // "76 NM south of Ulleungdo"
const kadizOut0820 = ll(39.0, 131.7); // 39°N north edge, heading north
const holdNorth = ll(39.75, 131.9);
const joinPoint = ll(39.8, 131.0); // north of the East Sea NLL
const northOfUlleungdo = ll(39.0, ULLEUNGDO.lon); // nearest KADIZ boundary point north of Ulleungdo
const southOfBetween = onEdgeAtLon(KADIZ_SE_JADIZ, 131.45); // "south of Ulleungdo"

const bomberJoint: Waypoint[] = [
  wp(joinPoint, kst('08:33:15'), 'joined by the Tu-95 pair north of the NLL, turn south'),
  wp(northOfUlleungdo, kst('08:40:15'), 'CN 2 + RU 2 re-enter KADIZ north of Ulleungdo'),
  wp(betweenUD),
  wp(southOfBetween, kst('09:04:15'), 'the four bombers leave KADIZ south of Ulleungdo'),
  wp(eastChannel),
  ...gotoCorridor.map((p) => wp(p)),
  wp(split, null, 'split about 90 km NE of the Senkakus'),
];

const h6: TrackSpec = {
  id: 'CN-H6K-1',
  label: 'H-6K 20210',
  operator: 'CHN',
  altFt: 30000,
  cruiseKt: 420,
  waypoints: [
    wp(ll(33.6, 122.3)),
    wp(kadizIn0644, kst('06:44:15'), 'CN H-6 x2 enter KADIZ NW of Ieodo'),
    wp(dest(IEODO, 180, 7)),
    wp(kadizOut0714, kst('07:14:15'), 'leave KADIZ east of Ieodo, into JADIZ'),
    wp(eastChannel),
    wp(southOfUlleungdo, kst('07:49:15'), 're-enter KADIZ ~76 NM south of Ulleungdo'),
    wp(betweenUD),
    wp(kadizOut0820, kst('08:20:15'), 'leave KADIZ heading north, past the NLL'),
    wp(holdNorth),
    ...bomberJoint,
    wp(ll(27.6, 122.6), null, 'H-6 pair heads home'),
  ],
};

const miyakoGap = ll(25.4, 126.5);
const pacificTurn = ll(24.6, 127.9);
const tu95: TrackSpec = {
  id: 'RU-TU95MS-1',
  label: 'Tu-95MS RF-94197',
  operator: 'RUS',
  altFt: 31000,
  cruiseKt: 400,
  waypoints: [
    wp(ll(41.6, 133.0)),
    ...bomberJoint.map((w) => ({ ...w, t: w.t === null ? null : w.t + 20 })),
    wp(miyakoGap, null, 'Tu-95 pair: between Okinawa and Miyako'),
    wp(pacificTurn),
    wp(miyakoGap),
    wp(westOfKume),
    ...[...gotoCorridor].reverse().map((p) => wp(p)),
    wp(eastChannel),
    wp(southOfBetween, kst('13:11:15'), 'Tu-95 pair back in KADIZ on the reverse route'),
    wp(betweenUD),
    wp(northOfUlleungdo, kst('13:38:15'), 'Tu-95 pair leave KADIZ northbound'),
    wp(ll(41.6, 133.0)),
  ],
};

const PASS1 = { azDeg: 200, offsetNm: -9 };
const PASS2 = { azDeg: 10, offsetNm: -5 };
const pass1 = dokdoPass(PASS1.azDeg, PASS1.offsetNm);
const pass2 = dokdoPass(PASS2.azDeg, PASS2.offsetNm);
const a50ExitSouth = (() => {
  // The point of the KADIZ/JADIZ edge nearest the first pass's exit: leave KADIZ by the shortest way.
  const seg = KADIZ_SE_JADIZ;
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  for (let f = 0; f <= 1; f += 0.0005) {
    const q = seg.at(f);
    const d = nmBetween(pass1.exit, q);
    if (d < bestD) [bestD, best] = [d, f];
  }
  return { f: best, p: ll(seg.at(best).lat, seg.at(best).lon) };
})();
const a50ReEntry = (() => {
  // 30 NM south-west along the same edge.
  const q = KADIZ_SE_JADIZ.at(a50ExitSouth.f + (30 * NM_M) / KADIZ_SE_JADIZ.lengthM);
  return ll(q.lat, q.lon);
})();
const a50: TrackSpec = {
  id: 'RU-A50-1',
  label: 'A-50 RF-94268',
  operator: 'RUS',
  altFt: 29000,
  cruiseKt: 360,
  waypoints: [
    wp(ll(38.4, 134.6)),
    wp(
      ll(37.75, 133.0),
      kst('09:00:30'),
      'A-50 enters KADIZ from the east (time computed from the 42 min total)',
    ),
    wp(pass1.leadIn),
    wp(pass1.entry, kst('09:09:30'), 'A-50 enters Dokdo territorial airspace (1st), southbound'),
    wp(pass1.exit, kst('09:12:30'), 'A-50 leaves Dokdo airspace'),
    wp(a50ExitSouth.p, kst('09:15:30'), 'A-50 leaves KADIZ'),
    wp(dest(a50ExitSouth.p, 160, 24)),
    wp(dest(dest(a50ExitSouth.p, 160, 24), 250, 24)),
    wp(a50ReEntry, kst('09:28:00'), 'A-50 re-enters KADIZ'),
    wp(pass2.leadIn),
    wp(pass2.entry, kst('09:33:30'), 'A-50 enters Dokdo airspace (2nd), northbound'),
    wp(pass2.exit, kst('09:37:30'), 'A-50 leaves Dokdo airspace heading north'),
    wp(ll(39.0, 132.3), kst('09:56:00'), 'A-50 finally leaves KADIZ'),
    wp(ll(39.7, 133.3)),
  ],
};

// ---------------------------------------------------------------------------------------------
// Timing and fixes

/** Fill in times: constant speed between pinned waypoints, cruise speed before/after them. */
function timed(spec: TrackSpec): Array<Waypoint & { t: number }> {
  const w = spec.waypoints;
  const cum = [0];
  for (let i = 1; i < w.length; i++) cum.push(cum[i - 1] + nmBetween(w[i - 1], w[i]));
  const pinned = w.map((x, i) => (x.t === null ? -1 : i)).filter((i) => i >= 0);
  const cruise = spec.cruiseKt / 3600; // NM per second
  return w.map((x, i) => {
    if (x.t !== null) return { ...x, t: x.t };
    const prev = [...pinned].reverse().find((j) => j < i);
    const next = pinned.find((j) => j > i);
    let t: number;
    if (prev !== undefined && next !== undefined) {
      const f = (cum[i] - cum[prev]) / (cum[next] - cum[prev]);
      t = (w[prev].t as number) + f * ((w[next].t as number) - (w[prev].t as number));
    } else if (prev !== undefined) t = (w[prev].t as number) + (cum[i] - cum[prev]) / cruise;
    else t = (w[next as number].t as number) - (cum[next as number] - cum[i]) / cruise;
    return { ...x, t: Math.round(t) };
  });
}

interface Fix {
  t: number;
  lat: number;
  lon: number;
}

/** Fixes every 60 s along each geodesic leg, plus every waypoint (so the path is the legs). */
function fixes(points: Array<Waypoint & { t: number }>): Fix[] {
  const out: Fix[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const seg = new GeodesicSegment(a.lat, a.lon, b.lat, b.lon);
    out.push({ t: a.t, lat: a.lat, lon: a.lon });
    for (let t = Math.floor(a.t / 60) * 60 + 60; t < b.t; t += 60) {
      if (t - a.t < 1 || b.t - t < 1) continue;
      const q = seg.at((t - a.t) / (b.t - a.t));
      out.push({ t, lat: q.lat, lon: q.lon });
    }
  }
  const last = points[points.length - 1];
  out.push({ t: last.t, lat: last.lat, lon: last.lon });
  return out;
}

function legSpeeds(points: Array<Waypoint & { t: number }>): number[] {
  const s: number[] = [];
  for (let i = 0; i + 1 < points.length; i++)
    s.push(nmBetween(points[i], points[i + 1]) / ((points[i + 1].t - points[i].t) / 3600));
  return s;
}

const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
const kstOf = (t: number) => new Date((t + 9 * 3600) * 1000).toISOString().slice(11, 19);

async function main() {
  const leads = [h6, tu95, a50];
  const rows: string[] = ['track,time,lat,lon,alt_ft,category,operator,label'];
  const legNotes: string[] = [];
  const addTrack = (
    id: string,
    label: string,
    spec: TrackSpec,
    pts: Array<Waypoint & { t: number }>,
    shiftS: number,
  ) => {
    for (const f of fixes(pts)) {
      rows.push(
        [
          id,
          iso(f.t + shiftS),
          f.lat.toFixed(6),
          f.lon.toFixed(6),
          spec.altFt,
          'state',
          spec.operator,
          label,
        ].join(','),
      );
    }
  };
  // The four bombers fly together until the split: the Tu-95s keep their 20 s trail to it.
  const splitT = timed(h6).find((w) => w.note?.startsWith('split'))?.t;
  if (splitT === undefined) throw new Error('H-6 route has no split waypoint');
  tu95.waypoints = tu95.waypoints.map((w) => (w.note?.startsWith('split') ? { ...w, t: splitT + 20 } : w));
  const timedLeads = new Map<string, Array<Waypoint & { t: number }>>();
  for (const spec of leads) {
    const pts = timed(spec);
    timedLeads.set(spec.id, pts);
    const speeds = legSpeeds(pts);
    legNotes.push(
      `- ${spec.id}: ${pts.length} waypoints, leg speeds ${Math.round(Math.min(...speeds))}–${Math.round(Math.max(...speeds))} kt ` +
        `(${speeds.map((s) => Math.round(s)).join(', ')})`,
    );
    addTrack(spec.id, spec.label, spec, pts, 0);
  }
  // Wingmen fly the leader's path 10 s behind (about 1.2 NM in trail).
  addTrack('CN-H6K-2', 'H-6K', h6, timedLeads.get(h6.id)!, 10);
  addTrack('RU-TU95MS-2', 'Tu-95MS', tu95, timedLeads.get(tu95.id)!, 10);
  const csvPath = join(REPO_ROOT, 'samples', '2019-07-23-joint-patrol.csv');
  writeFileSync(csvPath, `${rows.join('\n')}\n`);

  // What the engine makes of it (the reported times are the check).
  const read = await readTrackFile(csvPath);
  if (read.problems.length) console.warn(read.problems);
  const result = analyze(read.tracks, builtinCatalog());
  const visitLines = result.visits
    .filter((v) =>
      ['KOR-ADIZ', 'LIANCOURT-TS', 'KOR-TS', 'JPN-TS', 'RUS-TS', 'CHN-TS', 'KURILS-TS'].includes(v.zone),
    )
    .map(
      (v) =>
        `| ${v.track} | ${v.zone} | ${v.enter ? kstOf(Date.parse(v.enter.time) / 1000) : 'start'} | ${
          v.exit ? kstOf(Date.parse(v.exit.time) / 1000) : 'end'
        } | ${Math.round(v.durationS / 6) / 10} | ${v.finding} |`,
    );
  const waypointLines = leads.flatMap((s) =>
    timedLeads
      .get(s.id)!
      .filter((w) => w.note)
      .map((w) => `| ${s.id} | ${kstOf(w.t)} | ${w.lat.toFixed(4)} | ${w.lon.toFixed(4)} | ${w.note} |`),
  );
  const md = `# 2019-07-23 China–Russia joint air patrol: reconstructed sample

\`2019-07-23-joint-patrol.csv\` is a **reconstruction**, not a recording. No coordinates of this flight
were ever published (adiz-facts.md §3.2); the ROK JCS timeline gives times (KST = UTC+9) and positions
relative to named features. The generator, \`scripts/build-2019-sample.ts\`, pins every reported time to
the place the report names, placed with geodesic maths (\`src/geo/geodesic.ts\`) relative to Ieodo,
Ulleungdo, Dokdo (the two islets, NGII coordinates), the Senkakus and the boundaries of the built-in
catalog; between pinned waypoints each aircraft flies geodesics at constant speed. **Positions are
approximate (tens of kilometres away from the real ones in places); the reported times are what the
sample reproduces.** Re-run: \`npx tsx scripts/build-2019-sample.ts\`.

Columns: \`track,time,lat,lon,alt_ft,category,operator,label\`; one fix per minute along each leg and one
at every waypoint; times UTC. Altitudes are nominal (not reported). Tracks: CN-H6K-1 (H-6K "20210",
flyteam.jp) and CN-H6K-2, RU-TU95MS-1 ("RF-94197") and RU-TU95MS-2, RU-A50-1 ("RF-94268"). Each wingman
flies its leader's path 10 s behind. After the join the Tu-95s trail the H-6s by 20 s.

Sources: ROK JCS timeline via etoday 1779805, KBS, Kyunghyang, Donga 20190723/96659445, SBS; Japan JSO
via jwing.net/?p=15300; Kyodo via policestory.cocolog-nifty.com (split ~90 km NE of the Senkakus).

## Choices and known departures from the reports
- KADIZ entry NW of Ieodo on the 124°E edge at 32°45′N (~${Math.round(nmBetween(kadizIn0644, IEODO) * 1.852)} km from Ieodo, cf. the 126 km of later patrols); exit "east of Ieodo" on the
  FIR-aligned south-east edge at 32°54′N (east-north-east of Ieodo), then through the eastern channel of the Tsushima Strait.
- "76 NM south of Ulleungdo" (07:49): the KADIZ/JADIZ edge due south of Ulleungdo is ${nmBetween(ULLEUNGDO, southOfUlleungdo).toFixed(1)} NM from it. Consistent.
- "76 NM north of Ulleungdo" (08:40): no point of the modelled KADIZ boundary is that close north of Ulleungdo (the 39°N edge
  due north is ${nmBetween(ULLEUNGDO, northOfUlleungdo).toFixed(1)} NM away); the re-entry is placed there.
- Between 08:20 and 08:33 the H-6s fly a dog-leg north of 39°N to meet the Tu-95s; the join point is 39°48′N 131°00′E.
- The bombers pass between Ulleungdo and Dokdo (${nmBetween(betweenUD, DOKDO).toFixed(1)} NM from Dokdo; Russia's MoD: "over 25 km").
- A-50: the first KADIZ entry time (09:00:30) is computed (42 min total in KADIZ minus 09:28–09:56), not reported. The two passes
  through Dokdo's 12 NM are straight chords: ${pass1.chordNm.toFixed(1)} NM on heading ${PASS1.azDeg}° (${-PASS1.offsetNm} NM east of the islets) and
  ${pass2.chordNm.toFixed(1)} NM on heading ${String(PASS2.azDeg).padStart(3, '0')}° (${-PASS2.offsetNm} NM west of them). The A-50 leaves KADIZ by the
  shortest way to the KADIZ/JADIZ edge and flies a loop over JADIZ before coming back.
- After the split the H-6s return toward Zhejiang and the Tu-95s make one round trip through the Okinawa–Miyako gap before flying
  back north on the reverse route (13:11–13:38 in KADIZ); those legs are schematic.

## Pinned waypoints (KST)
| track | KST | lat | lon | event |
|---|---|---|---|---|
${waypointLines.join('\n')}

Leg speeds (ground speed, kt):
${legNotes.join('\n')}

## What the engine finds (built-in catalog ${result.catalog.version}; KST)
| track | zone | enter | exit | minutes | finding |
|---|---|---|---|---|---|
${visitLines.join('\n')}
`;
  writeFileSync(join(REPO_ROOT, 'samples', '2019-07-23-joint-patrol.md'), md);
  console.log(legNotes.join('\n'));
  console.log(visitLines.join('\n'));
}

await main();

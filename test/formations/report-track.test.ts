import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formations } from '../../src/analysis/formations.js';
import { uncertainVisits } from '../../src/analysis/uncertain-visits.js';
import { inverse } from '../../src/geo/geodesic.js';
import {
  builtinGazetteer,
  findFeature,
  readReportTrack,
  readReportTrackFile,
} from '../../src/tracks/report-track.js';
import { builtinCatalog } from '../../src/zones/catalog.js';
import { CompiledCatalog } from '../../src/zones/compiled.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sample = path.join(repoRoot, 'samples', '2019-07-23-report-track.yaml');
const kst = (iso: string) => new Date(Date.parse(iso) + 9 * 3600_000).toISOString().slice(11, 19);

describe('gazetteer', () => {
  it('every feature has coordinates and a source', () => {
    const g = builtinGazetteer();
    const names = [
      'Ieodo',
      'Socotra Rock',
      'Ulleungdo',
      'Liancourt Rocks',
      'Dokdo',
      'Takeshima',
      'Pohang',
      'Jeju',
      'Marado',
      'Tsushima',
      'Miyako Strait',
      'Yonaguni',
      'Senkaku',
      'Diaoyu',
    ];
    for (const n of names) expect(findFeature(n), n).not.toBeNull();
    for (const f of g.features) {
      expect(Math.abs(f.lat)).toBeLessThanOrEqual(90);
      expect(Math.abs(f.lon)).toBeLessThanOrEqual(180);
      expect(f.source.title.length).toBeGreaterThan(5);
    }
  });

  it('agrees with a published distance: Ieodo is about 149 km SW of Marado', () => {
    const i = findFeature('Ieodo')!;
    const m = findFeature('Marado')!;
    const r = inverse(m.lat, m.lon, i.lat, i.lon);
    expect(r.s12 / 1000).toBeGreaterThan(147);
    expect(r.s12 / 1000).toBeLessThan(152);
    // South-west: azimuths are in (-180, 180], so SW is between -160° and -110°.
    expect(r.azi1).toBeGreaterThan(-160);
    expect(r.azi1).toBeLessThan(-110);
  });
});

describe('report-track reader', () => {
  it('reads the 23 July 2019 reconstruction: 5 aircraft with per-waypoint uncertainty', () => {
    const r = readReportTrackFile(sample);
    expect(r.problems).toEqual([]);
    expect(r.tracks.map((t) => t.id)).toEqual(['H6K-1', 'H6K-2', 'TU95-1', 'TU95-2', 'A50']);
    for (const t of r.tracks) {
      expect(t.uncertaintyM).toBeDefined();
      expect(t.category).toBe('state');
      for (let i = 1; i < t.t.length; i++) expect(t.t[i]).toBeGreaterThan(t.t[i - 1]);
    }
    // "06:44 KST, 126 km NW of Ieodo" lands 126 km from Ieodo at azimuth 315°.
    const h6 = r.tracks[0];
    const k = [...h6.t].indexOf(Date.parse('2019-07-22T21:44:00Z') / 1000);
    const ieodo = findFeature('Ieodo')!;
    const d = inverse(ieodo.lat, ieodo.lon, h6.lat[k], h6.lon[k]);
    expect(d.s12).toBeCloseTo(126_000, 3);
    expect(d.azi1).toBeCloseTo(-45, 6);
    expect(h6.uncertaintyM![k]).toBeCloseTo(25 * 1852, 0);
  });

  it('names the field and what was expected when a waypoint is wrong', () => {
    const yaml = [
      'title: t',
      'date: 2019-07-23',
      'timezone: "+09:00"',
      'aircraft:',
      '  - id: X',
      '    waypoints:',
      '      - { time: "06:00", from: Atlantis, bearing: N, distance: 10 km, uncertainty: 1 NM }',
      '      - { time: "06:10", from: Ieodo, bearing: N, distance: 10, uncertainty: 1 NM }',
      '      - { time: "06:20", lat: 33, lon: 125, uncertainty: 1 NM }',
    ].join('\n');
    const r = readReportTrack('bad.yaml', yaml);
    expect(r.tracks).toHaveLength(0);
    expect(r.problems[0]).toMatchObject({ file: 'bad.yaml', field: 'aircraft[0].waypoints[0].from' });
    expect(r.problems[0].message).toContain("no feature 'Atlantis'");
    expect(r.problems[1].field).toBe('aircraft[0].waypoints[1].distance');
    expect(r.problems[1].message).toContain('with its unit');
  });

  it('reads the CSV form', () => {
    const csv = [
      'track,time,lat,lon,from,bearing,distance,uncertainty,alt_ft,operator,category,label,note,source',
      'A,2019-07-23T00:00:00Z,,,Ulleungdo,S,76 NM,15 NM,,RUS,state,Tu-95,"re-entered, south",jcs',
      'A,2019-07-23T00:10:00Z,37.2,131.3,,,,5 NM,,RUS,state,Tu-95,,',
    ].join('\n');
    const r = readReportTrack('a.csv', csv);
    expect(r.problems).toEqual([]);
    expect(r.tracks[0].operator).toBe('RUS');
    expect(r.tracks[0].uncertaintyM![1]).toBeCloseTo(5 * 1852, 0);
    expect((r.tracks[0].meta?.waypoints as Array<{ note: string }> | undefined)?.[0].note).toBe(
      're-entered, south',
    );
  });
});

describe('23 July 2019: the findings the notices support', () => {
  const { tracks } = readReportTrackFile(sample);

  it('yields the joint H-6 / Tu-95 formation', () => {
    const joint = formations(tracks).filter((f) => f.joint);
    expect(joint).toHaveLength(1);
    expect(joint[0].members).toEqual(['H6K-1', 'H6K-2', 'TU95-1', 'TU95-2']);
    expect(joint[0].operators).toEqual(['CHN', 'RUS']);
    // Joined at 08:33 KST (within 5 NM a little before), split about 90 km NE of the Senkakus.
    expect(kst(joint[0].start) >= '08:30:00' && kst(joint[0].start) <= '08:33:00').toBe(true);
    expect(kst(joint[0].end) >= '11:05:00' && kst(joint[0].end) <= '11:10:00').toBe(true);
  });

  it('yields the A-50’s two passes through LIANCOURT-TS, each certain, with entry and exit windows', () => {
    const zone = builtinCatalog().zones.find((z) => z.id === 'LIANCOURT-TS')!;
    expect(zone.claimants.sort()).toEqual(['JPN', 'KOR']);
    const compiled = new CompiledCatalog({ id: 'test', version: '1', zones: [zone] });
    const a50 = tracks.find((t) => t.id === 'A50')!;
    const { visits } = uncertainVisits(a50, compiled);
    expect(visits).toHaveLength(2);
    const [first, second] = visits;
    for (const v of visits) {
      expect(v.certainty).toBe('certain');
      expect(v.enter && v.exit).toBeTruthy();
      // The uncertainty is stated: windows, not instants.
      expect(Date.parse(v.enter!.to) - Date.parse(v.enter!.from)).toBeGreaterThan(30_000);
      expect(v.uncertaintyM).toBeGreaterThan(3 * 1852);
      expect(v.minDurationS).toBeLessThan(v.nominalDurationS);
      expect(v.maxDurationS).toBeGreaterThan(v.nominalDurationS);
    }
    // ROK JCS / Japan JSO: 09:09–09:12 and 09:33–09:37 KST (about 3 and 4 minutes).
    expect(kst(first.enter!.from) <= '09:09:00' && kst(first.enter!.to) >= '09:09:00').toBe(true);
    expect(kst(first.exit!.from) <= '09:12:00' && kst(first.exit!.to) >= '09:12:00').toBe(true);
    expect(kst(second.enter!.from) <= '09:33:00' && kst(second.enter!.to) >= '09:33:00').toBe(true);
    expect(kst(second.exit!.from) <= '09:37:00' && kst(second.exit!.to) >= '09:37:00').toBe(true);
    expect(Math.round(first.nominalDurationS / 60)).toBe(3);
    expect(Math.round(second.nominalDurationS / 60)).toBe(4);
  });

  it('a disc that only straddles the boundary is possible, not certain', () => {
    const zone = builtinCatalog().zones.find((z) => z.id === 'LIANCOURT-TS')!;
    const compiled = new CompiledCatalog({ id: 'test', version: '1', zones: [zone] });
    const yaml = [
      'date: 2019-07-23',
      'aircraft:',
      '  - id: P',
      '    waypoints:',
      '      - { time: "00:00", from: Dokdo, bearing: W, distance: 40 NM, uncertainty: 5 NM }',
      '      - { time: "00:10", from: Dokdo, bearing: N, distance: 15 NM, uncertainty: 5 NM }',
      '      - { time: "00:20", from: Dokdo, bearing: E, distance: 40 NM, uncertainty: 5 NM }',
    ].join('\n');
    const t = readReportTrack('p.yaml', yaml).tracks[0];
    const { visits, approaches } = uncertainVisits(t, compiled);
    expect(visits).toHaveLength(1);
    expect(visits[0].certainty).toBe('possible');
    expect(visits[0].nominalDurationS).toBe(0);
    expect(approaches).toEqual([]);
  });
});

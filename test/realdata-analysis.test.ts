/** The engine on real data: the checks of the data issue that need tracks and zones together. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { distanceM } from '../src/geo/geodesic.js';
import { readTrackFile } from '../src/tracks/read.js';
import { builtinCatalog } from '../src/zones/catalog.js';
import { CompiledZone } from '../src/zones/compiled.js';
import { parseZoneFile, zonesToFeatureCollection } from '../src/zones/geojson.js';
import { importZoneFile } from '../src/zones/import.js';
import { overlaps } from '../src/zones/overlaps.js';
import { EDGE_RHUMB } from '../src/zones/zone.js';
import { realdata } from './realdata.js';

const real = realdata;

describe('real tracks against real zones', () => {
  it('belevingsvlucht visits the Amsterdam FIR and never the Bordeaux FIR', async () => {
    const { tracks } = await readTrackFile(real('xoolive-traffic', 'featured', 'belevingsvlucht.json.gz'));
    const { zones } = await importZoneFile(
      real('jaluebbe-FlightMapEuropeSimple', 'flightmap_europe_fir_uir_ec_only.json'),
    );
    const firs = zones.filter((z) => z.id === 'EHAAFIR' || z.id === 'LFBBFIR');
    expect(firs).toHaveLength(2);
    const r = analyze(tracks, { id: 'firs', version: '1', zones: firs });
    const ids = new Set(r.visits.map((v) => v.zone));
    expect(ids.has('EHAAFIR')).toBe(true);
    expect(ids.has('LFBBFIR')).toBe(false);
  });

  it('puts all 6,569 Flight-Spotter positions inside Taiwan_manual_edges.json', async () => {
    const { tracks } = await readTrackFile(
      real('LunaticGhoulPiano-Flight-Spotter', 'filtered_by_Taiwan_manual_edges.csv'),
    );
    const { zones } = await importZoneFile(
      real('LunaticGhoulPiano-Flight-Spotter', 'Taiwan_manual_edges.json'),
    );
    // The file was filtered with straight lon/lat edges; over these short edges a rhumb line is the
    // same line to centimetres. Read as geodesics, the outline moves by tens of metres, which is
    // exactly the difference the accuracy contract is about: two positions then lie just outside.
    const geodesic = new CompiledZone(zones[0]);
    const rhumbZone = structuredClone(zones[0]);
    if (rhumbZone.geometry.type !== 'polygon') throw new Error('expected a polygon');
    for (const r of rhumbZone.geometry.polygons[0]) r.edges.fill(EDGE_RHUMB);
    const rhumb = new CompiledZone(rhumbZone);
    let all = 0;
    let inside = 0;
    const outsideGeodesic: number[] = [];
    for (const t of tracks) {
      for (let i = 0; i < t.t.length; i++) {
        all++;
        if (rhumb.contains(t.lat[i], t.lon[i], t.altFt[i], t.t[i])) inside++;
        if (!geodesic.contains(t.lat[i], t.lon[i], t.altFt[i], t.t[i])) {
          outsideGeodesic.push(geodesic.boundaryDistanceM(t.lat[i], t.lon[i]));
        }
      }
    }
    expect(all).toBe(6569);
    expect(inside).toBe(6569);
    expect(outsideGeodesic).toHaveLength(2);
    for (const d of outsideGeodesic) expect(d).toBeLessThan(30);
  });

  it('SPAR19 enters the Taiwan ADIZ once, across its south-east edge, near 14:06 UTC; JAL516 never does', async () => {
    const spar = await readTrackFile(real('xoolive-traffic', 'fr24', '2ce4f83f.json'));
    const jal = await readTrackFile(real('xoolive-traffic', 'fr24', '3376ab31.json'));
    const catalog = builtinCatalog();
    const r = analyze([...spar.tracks, ...jal.tracks], catalog);
    const twn = r.visits.filter((v) => v.zone === 'TWN-ADIZ');
    expect(twn).toHaveLength(1);
    expect(twn[0].track).toBe(spar.tracks[0].id);
    const enter = twn[0].enter!;
    expect(enter.certain).toBe(true);
    const t = Date.parse(enter.time) / 1000;
    // Between the last fix outside (14:05:59Z) and the first inside (14:07:02Z).
    expect(t).toBeGreaterThan(Date.parse('2022-08-02T14:05:59Z') / 1000);
    expect(t).toBeLessThan(Date.parse('2022-08-02T14:07:02Z') / 1000);
    // On the south-east edge, the geodesic from (21°N, 121.5°E) to (22.5°N, 123°E).
    const a = distanceM(enter.lat, enter.lon, 21, 121.5);
    const b = distanceM(enter.lat, enter.lon, 22.5, 123);
    expect(a + b - distanceM(21, 121.5, 22.5, 123)).toBeLessThan(1);
    expect(r.visits.some((v) => v.track === jal.tracks[0].id && v.zone === 'TWN-ADIZ')).toBe(false);
  });
});

describe('the built-in catalog as a whole', () => {
  it('lists the overlap of KADIZ, JADIZ and the Chinese ECS ADIZ round Ieodo, with its area', () => {
    const catalog = builtinCatalog();
    const adiz = catalog.zones.filter((z) => z.kind === 'adiz' || z.id === 'CHN-TS' || z.id === 'JPN-TS');
    const list = overlaps(adiz);
    const triple = list.find(
      (o) =>
        o.zones.length === 3 && ['KOR-ADIZ', 'JPN-ADIZ', 'CHN-ECS-ADIZ'].every((z) => o.zones.includes(z)),
    );
    expect(triple).toBeDefined();
    expect(triple!.areaKm2).toBeGreaterThan(1000);
    expect(triple!.from).toBe('2013-12-15T05:00:00.000Z');
    // Pairs are listed with their common period; KADIZ ∩ JADIZ exists since the 2013 extension.
    expect(list.some((o) => o.zones.join() === 'KOR-ADIZ,JPN-ADIZ' && o.areaKm2 > 1000)).toBe(true);
  });

  it('exports to a zone file that reads back the same', () => {
    const catalog = builtinCatalog();
    const text = JSON.stringify(zonesToFeatureCollection(catalog.zones));
    const again = parseZoneFile('export', text);
    expect(again.problems).toEqual([]);
    expect(again.zones).toEqual(catalog.zones);
  });
});

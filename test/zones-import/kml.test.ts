import { describe, expect, it } from 'vitest';
import { importZoneText } from '../../src/zones/import.js';
import { importKml } from '../../src/zones/kml.js';
import { EDGE_GEODESIC } from '../../src/zones/zone.js';
import { outerRing, zoneViolation } from './helpers.js';

const poly = (coords: string) =>
  `<Polygon><outerBoundaryIs><LinearRing><coordinates>${coords}</coordinates></LinearRing></outerBoundaryIs></Polygon>`;

const KML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>Test ADIZ</name><description>declared 2013</description>
    ${poly('117.5,21,0 121.5,21,0 123,22.5,0 123,29,0 117.5,29,0 117.5,21,0')}</Placemark>
  <Placemark><name>Islands</name><MultiGeometry>
    ${poly('10,10 11,10 11,11 10,10')}${poly('20,20 21,20 21,21 20,20')}</MultiGeometry></Placemark>
  <Placemark><name>A point</name><Point><coordinates>1,2</coordinates></Point></Placemark>
  <Placemark><name>Too small</name>${poly('1,1 2,2 1,1')}</Placemark>
</Document></kml>`;

describe('KML', () => {
  it('reads Polygon and MultiGeometry placemarks with name, description and geodesic edges', () => {
    const r = importKml('zones.kml', KML, { state: 'TWN' });
    expect(r.zones.map((z) => [z.name, z.kind, z.state])).toEqual([
      ['Test ADIZ', 'adiz', 'TWN'],
      ['Islands', 'other', 'TWN'],
    ]);
    for (const z of r.zones) expect(zoneViolation(z), z.id).toBeNull();
    const ring = outerRing(r.zones[0]);
    expect([...ring.lon]).toEqual([117.5, 121.5, 123, 123, 117.5]);
    expect([...ring.lat]).toEqual([21, 21, 22.5, 29, 29]);
    expect([...ring.edges].every((e) => e === EDGE_GEODESIC)).toBe(true);
    expect(r.zones[0].extra?.description).toBe('declared 2013');
    const g = r.zones[1].geometry;
    expect(g.type === 'polygon' && g.polygons.length).toBe(2);
  });

  it('reports placemarks that are not polygons or have too few vertices, by index and name', () => {
    const r = importKml('zones.kml', KML);
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        file: 'zones.kml',
        field: 'geometry',
        message: expect.stringMatching(/placemark 3 'A point' has Point geometry/),
      }),
    );
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        field: 'geometry',
        message: expect.stringMatching(/placemark 4 'Too small' has no usable geometry.*at least 3/),
      }),
    );
  });

  it('is detected from content and reports XML that is not KML well formed', () => {
    expect(importZoneText('no-extension', KML).zones.length).toBe(2);
    const broken = importKml('b.kml', '<kml><Document><Placemark><name>x</name></Document></kml>');
    expect(broken.problems.length).toBeGreaterThan(0);
    expect(broken.problems[0].file).toBe('b.kml');
  });
});

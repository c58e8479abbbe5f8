/**
 * Property tests: random and mutated real inputs never crash an importer (bad input becomes a
 * reported problem), never hang (bounded sizes, vitest timeout), and every zone produced is well
 * formed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/tracks/track.js';
import { importAixm } from '../../src/zones/aixm.js';
import {
  importDmsJson,
  importGenericGeoJson,
  importTrafficAirspace,
} from '../../src/zones/generic-geojson.js';
import { importZoneText } from '../../src/zones/import.js';
import { decodeText } from '../../src/zones/import-util.js';
import { importKml } from '../../src/zones/kml.js';
import { importOpenAir } from '../../src/zones/openair.js';
import type { Zone } from '../../src/zones/zone.js';
import { realBytes, zoneViolation } from './helpers.js';

function checkResult(r: { zones: Zone[]; problems: Diagnostic[] }, file: string): void {
  for (const z of r.zones) expect(zoneViolation(z), z.id).toBeNull();
  for (const p of r.problems) {
    expect(p.file).toBe(file);
    expect(typeof p.message).toBe('string');
    expect(p.message.length).toBeGreaterThan(0);
  }
}

/** Applies random edits (delete, insert, duplicate a slice) to a text. */
const mutations = fc.array(
  fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    op: fc.constantFrom('del', 'ins', 'dup'),
    len: fc.integer({ min: 1, max: 40 }),
    text: fc.string({ maxLength: 8 }),
  }),
  { maxLength: 8 },
);

function mutate(s: string, ms: Array<{ at: number; op: string; len: number; text: string }>): string {
  let out = s;
  for (const m of ms) {
    const i = Math.floor(m.at * out.length);
    if (m.op === 'del') out = out.slice(0, i) + out.slice(i + m.len);
    else if (m.op === 'ins') out = out.slice(0, i) + m.text + out.slice(i);
    else out = out.slice(0, i) + out.slice(i, i + m.len) + out.slice(i);
  }
  return out;
}

const RUNS = 150;

describe('fuzz: OpenAIR', () => {
  const swiss = decodeText(realBytes('glide-rs-openair-rs', 'Switzerland.txt')).split(/\r\n/);
  const germany = decodeText(realBytes('glide-rs-openair-rs', 'Germany.txt')).split(/\r\n/);

  const coord = fc
    .tuple(
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 61 }),
      fc.integer({ min: 0, max: 61 }),
      fc.constantFrom('N', 'S', 'x'),
    )
    .map(([d, m, s, h]) => `${d}:${m}:${s} ${h}`);
  const line = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('AC', 'AN', 'AY', 'AF', 'AA', 'AX', 'AL', 'AH', 'DC', 'DA', 'DY', 'V D=', 'SP', 'XX'),
        fc.string({ maxLength: 20 }),
      )
      .map(([c, a]) => `${c} ${a}`),
    fc
      .tuple(fc.constantFrom('DP', 'V X=', 'DB'), coord, coord, coord)
      .map(([c, a, b, d]) => `${c} ${a} ${b.replace(/N|S/, 'E')}, ${d} ${a.replace(/N|S/, 'W')}`),
    fc
      .tuple(
        fc.constantFrom('AL', 'AH'),
        fc.constantFrom('GND', 'FL', 'UNL', 'ft', 'm AGL', 'MSL', ''),
        fc.double({ noNaN: false }),
      )
      .map(([c, u, x]) => `${c} ${x} ${u}`),
    fc.tuple(fc.double(), fc.double(), fc.double()).map(([a, b, c]) => `DA ${a}, ${b}, ${c}`),
    fc.string({ maxLength: 30 }),
  );

  it('random command lines', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 80 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
        checkResult(importOpenAir('f.txt', lines.join(eol)), 'f.txt');
      }),
      { numRuns: RUNS },
    );
  });

  it('mutated windows of real files', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 10, max: 200 }),
        mutations,
        (ch, at, len, ms) => {
          const src = ch ? swiss : germany;
          const start = Math.floor(at * (src.length - len));
          const text = mutate(src.slice(start, start + len).join('\r\n'), ms);
          checkResult(importOpenAir('f.txt', text), 'f.txt');
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('fuzz: AIXM', () => {
  const xml = realBytes('aixm-Donlon_2025', 'Donlon_Airspace.xml').toString('utf8');
  const members = xml.match(/<message:hasMember>[\s\S]*?<\/message:hasMember>/g) ?? [];
  const head = xml.slice(0, xml.indexOf('<message:hasMember>'));

  it('has the 60 members to mutate', () => expect(members.length).toBe(60));

  it('mutated airspaces (numbers replaced, text edited)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: members.length - 1 }), { minLength: 1, maxLength: 3 }),
        fc.array(
          fc.tuple(
            fc.nat(),
            fc.oneof(fc.double(), fc.constantFrom('-1', '1e309', 'x', '', '361', '90.0000001')),
          ),
          { maxLength: 6 },
        ),
        mutations,
        (picks, numberEdits, ms) => {
          let body = picks.map((i) => members[i]).join('\n');
          const nums = [...body.matchAll(/-?\d+\.\d+/g)];
          for (const [k, v] of numberEdits) {
            if (nums.length === 0) break;
            const m = nums[k % nums.length];
            body = body.slice(0, m.index) + String(v) + body.slice((m.index ?? 0) + m[0].length);
            nums.splice(0, nums.length, ...body.matchAll(/-?\d+\.\d+/g));
          }
          body = mutate(body, ms);
          checkResult(importAixm('a.xml', `${head}${body}</message:AIXMBasicMessage>`), 'a.xml');
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('fuzz: KML and JSON formats', () => {
  const kml = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
    <Placemark><name>A</name><Polygon><outerBoundaryIs><LinearRing><coordinates>117.5,21 121.5,21 123,22.5 123,29 117.5,29 117.5,21</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
    <Placemark><name>B</name><MultiGeometry><Polygon><outerBoundaryIs><LinearRing><coordinates>10,10 11,10 11,11 10,10</coordinates></LinearRing></outerBoundaryIs></Polygon></MultiGeometry></Placemark>
  </Document></kml>`;

  it('mutated KML', () => {
    fc.assert(
      fc.property(mutations, (ms) => checkResult(importKml('k.kml', mutate(kml, ms)), 'k.kml')),
      { numRuns: RUNS },
    );
  });

  const position = fc.oneof(
    fc.tuple(fc.double(), fc.double()),
    fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true })),
    fc.anything(),
  );
  const ring = fc.array(position, { maxLength: 12 });
  const feature = fc.record({
    type: fc.constantFrom('Feature', 'feature'),
    id: fc.oneof(fc.string(), fc.integer()),
    properties: fc.oneof(
      fc.constant(null),
      fc.dictionary(
        fc.constantFrom('id', 'name', 'MIN_FLIGHT', 'MAX_FLIGHT', 'AV_AIRSPAC', 'oceanic', 'division'),
        fc.jsonValue(),
      ),
    ),
    geometry: fc.oneof(
      fc.record({ type: fc.constant('Polygon'), coordinates: fc.array(ring, { maxLength: 3 }) }),
      fc.record({
        type: fc.constant('MultiPolygon'),
        coordinates: fc.array(fc.array(ring, { maxLength: 2 }), { maxLength: 3 }),
      }),
      fc.anything(),
    ),
  });

  it('random GeoJSON features, traffic layers and DMS arrays', () => {
    fc.assert(
      fc.property(fc.array(feature, { maxLength: 6 }), fc.jsonValue(), (features, junk) => {
        checkResult(importGenericGeoJson('g.json', { type: 'FeatureCollection', features }), 'g.json');
        checkResult(importGenericGeoJson('g.json', junk), 'g.json');
        const shapes = features.map((f) => ({
          lower: (f.properties as Record<string, unknown> | null)?.MIN_FLIGHT ?? 0,
          upper: 100,
          polygon: f.geometry,
        }));
        checkResult(importTrafficAirspace('t.json', { name: 'T', shapes }), 't.json');
        checkResult(importTrafficAirspace('t.json', junk), 't.json');
        checkResult(importDmsJson('d.json', junk), 'd.json');
      }),
      { numRuns: RUNS },
    );
  });

  it('DMS strings', () => {
    const dms = fc
      .tuple(
        fc.integer({ min: -5, max: 200 }),
        fc.integer({ min: 0, max: 70 }),
        fc.double({ min: 0, max: 70, noNaN: true }),
        fc.constantFrom('N', 'S', 'E', 'W', ''),
      )
      .map(([d, m, s, h]) => `${d}°${m}'${s}"${h}`);
    fc.assert(
      fc.property(
        fc.array(fc.record({ latitude: fc.oneof(dms, fc.string()), longitude: fc.oneof(dms, fc.double()) }), {
          maxLength: 10,
        }),
        (vs) => {
          checkResult(importDmsJson('d.json', vs), 'd.json');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('arbitrary bytes and strings through format detection', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
          fc.string({ maxLength: 400 }),
          fc.json(),
        ),
        (data) => {
          checkResult(importZoneText('z', data), 'z');
        },
      ),
      { numRuns: RUNS },
    );
  });
});

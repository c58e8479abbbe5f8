/** Shared by the server and browser tests: paths to real data, temp dirs, schema checks. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import { box } from '../engine/helpers.js';
import { REALDATA } from '../realdata.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export { REALDATA };
export const SPAR19 = join(REALDATA, 'xoolive-traffic', 'fr24', '2ce4f83f.json');

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `incursion-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// ajv is CommonJS: its class is the default export's `default` under NodeNext.
const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
const ajv = new (Ajv as unknown as new (o: object) => import('ajv').default)({
  allErrors: true,
  strict: false,
});

/** Throws with ajv's errors when `data` does not match `schema`. */
export function assertSchema(schema: object, data: unknown, what: string): void {
  const validate = ajv.compile(schema);
  if (!validate(data))
    throw new Error(`${what} does not match its schema: ${ajv.errorsText(validate.errors)}`);
}

/** A box with rhumb-line edges (along parallels and meridians), [lon, lat] corners. */
export function boxFeature(id: string, west: number, south: number, east: number, north: number) {
  return {
    type: 'Feature',
    properties: {
      id,
      name: `Test box ${id}`,
      kind: 'other',
      state: 'PHL',
      claimants: ['PHL'],
      validFrom: null,
      validTo: null,
      floorFt: null,
      ceilingFt: null,
      rules: { appliesTo: 'none', requires: [] },
      edges: 'rhumb',
      source: { title: 'test fixture', url: null, retrieved: null, licence: null },
    },
    geometry: box(west, south, east, north),
  };
}

/** A zone file (DESIGN.md format) with one box over the Philippine Sea, on SPAR19's route. */
export function testZoneFile(id = 'TEST-BOX'): string {
  const box = boxFeature(id, 121, 20, 124, 22);
  box.properties.name = 'Test box east of Luzon';
  return JSON.stringify({ type: 'FeatureCollection', features: [box] });
}

/** The built-in catalog and catalogs assembled from zone files. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../tracks/track.js';
import { parseZoneFile } from './geojson.js';
import type { Catalog, Zone } from './zone.js';

const here = dirname(fileURLToPath(import.meta.url));
/** data/catalog, found from src/zones or dist/zones alike. */
export const CATALOG_DIR = resolve(here, '..', '..', 'data', 'catalog');

let builtin: Catalog | null = null;

/** The catalog shipped in data/catalog (read once). Throws if a shipped file is invalid. */
export function builtinCatalog(): Catalog {
  if (builtin) return builtin;
  const manifestPath = join(CATALOG_DIR, 'manifest.json');
  let manifest: { id: string; version: string; files: string[] };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (e) {
    // An empty catalog would report every flight as outside every zone: fail loudly instead.
    throw new Error(
      `built-in catalog: cannot read ${manifestPath} (${(e as Error).message}); expected the ` +
        'catalog shipped with incursion in data/catalog (or pass --zones FILE for another catalog)',
    );
  }
  const zones: Zone[] = [];
  for (const file of manifest.files) {
    const path = join(CATALOG_DIR, file);
    const { zones: z, problems } = parseZoneFile(path, readFileSync(path, 'utf8'));
    if (problems.length) {
      throw new Error(
        `built-in catalog ${file}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      );
    }
    zones.push(...z);
  }
  builtin = { id: manifest.id, version: manifest.version, zones };
  return builtin;
}

/**
 * A catalog from specs: 'builtin' or a path to a zone file in any supported format. Zones with the
 * same id: the later spec wins, with a problem reported.
 */
export async function loadZones(specs: string[]): Promise<{ catalog: Catalog; problems: Diagnostic[] }> {
  const problems: Diagnostic[] = [];
  const byId = new Map<string, Zone>();
  const ids: string[] = [];
  const versions: string[] = [];
  for (const spec of specs) {
    let zones: Zone[];
    if (spec === 'builtin') {
      const b = builtinCatalog();
      zones = b.zones;
      ids.push(b.id);
      versions.push(b.version);
    } else {
      // Loaded on demand: the importers of every zone format (XML parsers among them) take
      // longer to load than the built-in catalog takes to compile.
      const { importZoneFile } = await import('./import.js');
      const r = await importZoneFile(spec);
      problems.push(...r.problems);
      zones = r.zones;
      ids.push(spec);
    }
    for (const z of zones) {
      if (byId.has(z.id))
        problems.push({
          file: spec,
          field: z.id,
          message: `zone id '${z.id}' given twice; the later one is used`,
        });
      byId.set(z.id, z);
    }
  }
  const catalog: Catalog = {
    id: ids.join('+') || 'empty',
    version: versions.join('+') || 'files',
    zones: [...byId.values()],
  };
  return { catalog, problems };
}

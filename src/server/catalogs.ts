/**
 * The catalogs the server analyses against: the built-in one, plus zone files uploaded on their
 * own or with an analysis. Uploaded files are stored as sent and re-imported here (once per
 * process), so the zone formats are read by one importer only.
 */

import type { SqliteStore, StoredZoneFile } from '../store/sqlite.js';
import type { Diagnostic } from '../tracks/track.js';
import { builtinCatalog } from '../zones/catalog.js';
import { importZoneText } from '../zones/import.js';
import type { Catalog, Zone } from '../zones/zone.js';
import { validityBoundS } from '../zones/zone.js';
import type { CatalogSpec } from './compute.js';
import { HttpError } from './errors.js';

export interface ImportedZones {
  zones: Zone[];
  problems: Diagnostic[];
}

export interface CatalogParts {
  builtin: boolean;
  /** Named groups of extra zones, in order. */
  extra: Array<{ name: string; zones: Zone[] }>;
}

export interface ZoneFilter {
  kinds?: string[];
  states?: string[];
  /** Epoch seconds: only zones valid at that instant. */
  atS?: number;
}

export class Catalogs {
  private builtinCache: Catalog | null = null;
  private readonly imported = new Map<string, ImportedZones>();

  constructor(private readonly store: SqliteStore) {}

  builtin(): Catalog {
    if (!this.builtinCache) this.builtinCache = builtinCatalog();
    return this.builtinCache;
  }

  /** Reads an uploaded zone file; 400 naming the file (and line) when it holds no usable zone. */
  importUpload(name: string, data: Buffer): ImportedZones {
    let result: ImportedZones;
    try {
      result = importZoneText(name, data);
    } catch (err) {
      const d = (err as { diagnostic?: Diagnostic }).diagnostic;
      if (d) throw err;
      throw new HttpError(400, `${name}: ${(err as Error).message}`, { file: name });
    }
    if (result.zones.length === 0) {
      const first = result.problems[0];
      throw new HttpError(
        400,
        first ? `${name}: no usable zone (${first.message})` : `${name}: no zone found`,
        {
          file: name,
          ...(first?.line !== undefined ? { line: first.line } : {}),
          ...(first?.field ? { field: first.field } : {}),
          problems: result.problems.slice(0, 100),
        },
      );
    }
    return result;
  }

  zonesOfFile(file: StoredZoneFile): Zone[] {
    let got = this.imported.get(file.id);
    if (!got) {
      got = importZoneText(file.name, file.data);
      this.imported.set(file.id, got);
    }
    return got.zones;
  }

  forget(fileId: string): void {
    this.imported.delete(fileId);
  }

  /**
   * Describes one catalog: the built-in one and extra zones. As in loadZones, a zone id given
   * twice is taken from the later source, with a problem saying so.
   */
  combine(parts: CatalogParts): { spec: CatalogSpec; problems: Diagnostic[] } {
    const base = this.builtin();
    const seen = new Set<string>(parts.builtin ? base.zones.map((z) => z.id) : []);
    const problems: Diagnostic[] = [];
    const extra: Zone[] = [];
    for (const e of parts.extra) {
      for (const z of e.zones) {
        if (seen.has(z.id)) {
          problems.push({
            file: e.name,
            field: z.id,
            message: `zone id '${z.id}' given twice; the later one is used`,
          });
        }
        seen.add(z.id);
        extra.push(z);
      }
    }
    const names = parts.extra.map((e) => e.name);
    const spec: CatalogSpec =
      extra.length === 0 && parts.builtin
        ? { builtin: true, extra: [], id: base.id, version: base.version }
        : {
            builtin: parts.builtin,
            extra,
            id: [parts.builtin ? base.id : null, ...names].filter(Boolean).join('+') || 'empty',
            version: parts.builtin ? base.version : 'files',
          };
    return { spec, problems };
  }

  /** Standalone uploaded zone files, by id; 404 naming the id when unknown. */
  uploaded(ids: string[], field = 'zoneFiles'): Array<{ name: string; zones: Zone[] }> {
    return ids.map((id) => {
      const file = this.store.getZoneFile(id);
      if (!file || file.analysisId !== null) {
        throw new HttpError(404, `no uploaded zone file '${id}'`, { field });
      }
      return { name: file.name, zones: this.zonesOfFile(file) };
    });
  }

  /** The catalog an analysis was run against, rebuilt from its stored options and files. */
  ofAnalysis(analysisId: string, options: Record<string, unknown>): CatalogSpec {
    const own = this.store
      .listZoneFiles(analysisId)
      .map((f) => ({ name: f.name, zones: this.zonesOfFile(f) }));
    const ids = typeof options.zoneFiles === 'string' ? options.zoneFiles.split(',') : [];
    const shared = ids.flatMap((id) => {
      const f = this.store.getZoneFile(id);
      return f ? [{ name: f.name, zones: this.zonesOfFile(f) }] : [];
    });
    return this.combine({ builtin: options.builtin !== false, extra: [...shared, ...own] }).spec;
  }

  /** The built-in catalog and every standalone uploaded zone file (ids may repeat across files). */
  allZones(): Zone[] {
    const zones = [...this.builtin().zones];
    for (const f of this.store.listZoneFiles(null)) zones.push(...this.zonesOfFile(f));
    return zones;
  }
}

export function filterZones(zones: Zone[], f: ZoneFilter): Zone[] {
  return zones.filter((z) => {
    if (f.kinds && !f.kinds.includes(z.kind)) return false;
    if (f.states && !f.states.includes(z.state) && !z.claimants.some((c) => f.states?.includes(c)))
      return false;
    if (f.atS !== undefined) {
      const from = validityBoundS(z.validFrom, Number.NEGATIVE_INFINITY);
      const to = validityBoundS(z.validTo, Number.POSITIVE_INFINITY);
      if (!(f.atS >= from && f.atS < to)) return false;
    }
    return true;
  });
}

/**
 * The embedded store: analyses and uploaded zone files in one SQLite database (better-sqlite3,
 * WAL mode so readers never wait for the writer).
 *
 * The schema is versioned through `PRAGMA user_version`: MIGRATIONS[i] takes a database from
 * version i to i + 1, each in its own transaction, so an old file is upgraded in place on open
 * and a file written by a newer release is refused rather than misread.
 *
 * What is stored is what the faces need to show an analysis again without the engine: the output
 * contract (JSON), its GeoJSON rendering, the tracks' fixes for replay, and the raw text of uploaded
 * zone files (re-imported on demand, so a zone is never stored in a second, hand-made format).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

const MIGRATIONS: string[] = [
  // 0 → 1: analyses and uploaded zone files.
  `CREATE TABLE analyses (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     created TEXT NOT NULL,
     input_name TEXT NOT NULL,
     input_bytes INTEGER NOT NULL,
     options_json TEXT NOT NULL,
     summary_json TEXT NOT NULL,
     result_json TEXT NOT NULL,
     geojson_json TEXT NOT NULL,
     tracks_json TEXT NOT NULL
   );
   CREATE INDEX analyses_created ON analyses(created);
   CREATE TABLE zone_files (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     created TEXT NOT NULL,
     data BLOB NOT NULL,
     zone_ids_json TEXT NOT NULL,
     analysis_id TEXT REFERENCES analyses(id) ON DELETE CASCADE
   );
   CREATE INDEX zone_files_analysis ON zone_files(analysis_id);`,
  // 1 → 2: a stable key for preloaded demo analyses, so a restart does not load them twice.
  `ALTER TABLE analyses ADD COLUMN demo_key TEXT;
   CREATE UNIQUE INDEX analyses_demo_key ON analyses(demo_key) WHERE demo_key IS NOT NULL;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export interface AnalysisSummary {
  id: string;
  name: string;
  created: string;
  input: { name: string; bytes: number };
  options: Record<string, unknown>;
  /** Counts and time span shown in lists without loading the result. */
  summary: Record<string, unknown>;
}

export interface NewAnalysis {
  id: string;
  name: string;
  created: string;
  inputName: string;
  inputBytes: number;
  options: Record<string, unknown>;
  summary: Record<string, unknown>;
  result: unknown;
  /** Already JSON text (rendered where the analysis ran). */
  geojsonJson: string;
  tracksJson: string;
  demoKey?: string;
  /** Zone files sent with the analysis (kept so its catalog can be rebuilt and shown). */
  zoneFiles?: NewZoneFile[];
}

export interface NewZoneFile {
  id: string;
  name: string;
  created: string;
  data: Buffer;
  zoneIds: string[];
}

export interface StoredZoneFile {
  id: string;
  name: string;
  created: string;
  data: Buffer;
  zoneIds: string[];
  analysisId: string | null;
}

interface AnalysisRow {
  id: string;
  name: string;
  created: string;
  input_name: string;
  input_bytes: number;
  options_json: string;
  summary_json: string;
}

interface ZoneFileRow {
  id: string;
  name: string;
  created: string;
  data: Buffer;
  zone_ids_json: string;
  analysis_id: string | null;
}

export class SqliteStore {
  readonly db: Database.Database;

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `${this.path}: database schema version ${version} is newer than this release supports (${SCHEMA_VERSION})`,
      );
    }
    for (let v = version; v < SCHEMA_VERSION; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  insertAnalysis(a: NewAnalysis): void {
    const insert = this.db.prepare(
      `INSERT INTO analyses (id, name, created, input_name, input_bytes, options_json, summary_json,
         result_json, geojson_json, tracks_json, demo_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      insert.run(
        a.id,
        a.name,
        a.created,
        a.inputName,
        a.inputBytes,
        JSON.stringify(a.options),
        JSON.stringify(a.summary),
        JSON.stringify(a.result),
        a.geojsonJson,
        a.tracksJson,
        a.demoKey ?? null,
      );
      for (const z of a.zoneFiles ?? []) this.insertZoneFile(z, a.id);
    })();
  }

  listAnalyses(): AnalysisSummary[] {
    const rows = this.db
      .prepare(
        `SELECT id, name, created, input_name, input_bytes, options_json, summary_json
         FROM analyses ORDER BY created DESC, id`,
      )
      .all() as AnalysisRow[];
    return rows.map(toSummary);
  }

  getAnalysisSummary(id: string): AnalysisSummary | null {
    const row = this.db
      .prepare(
        `SELECT id, name, created, input_name, input_bytes, options_json, summary_json
         FROM analyses WHERE id = ?`,
      )
      .get(id) as AnalysisRow | undefined;
    return row ? toSummary(row) : null;
  }

  /** One stored JSON column of an analysis, as text (sent as is: no parse and re-stringify). */
  getAnalysisJson(id: string, part: 'result' | 'geojson' | 'tracks'): string | null {
    const column = { result: 'result_json', geojson: 'geojson_json', tracks: 'tracks_json' }[part];
    const row = this.db.prepare(`SELECT ${column} AS json FROM analyses WHERE id = ?`).get(id) as
      | { json: string }
      | undefined;
    return row ? row.json : null;
  }

  hasDemo(demoKey: string): boolean {
    return this.db.prepare('SELECT 1 FROM analyses WHERE demo_key = ?').get(demoKey) !== undefined;
  }

  deleteAnalysis(id: string): boolean {
    return this.db.prepare('DELETE FROM analyses WHERE id = ?').run(id).changes > 0;
  }

  insertZoneFile(z: NewZoneFile, analysisId: string | null = null): void {
    this.db
      .prepare(
        `INSERT INTO zone_files (id, name, created, data, zone_ids_json, analysis_id) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(z.id, z.name, z.created, z.data, JSON.stringify(z.zoneIds), analysisId);
  }

  /** Zone files uploaded on their own (analysisId null) or those of one analysis. */
  listZoneFiles(analysisId: string | null = null): StoredZoneFile[] {
    const rows = (
      analysisId === null
        ? this.db.prepare('SELECT * FROM zone_files WHERE analysis_id IS NULL ORDER BY created, id').all()
        : this.db
            .prepare('SELECT * FROM zone_files WHERE analysis_id = ? ORDER BY created, id')
            .all(analysisId)
    ) as ZoneFileRow[];
    return rows.map(toZoneFile);
  }

  getZoneFile(id: string): StoredZoneFile | null {
    const row = this.db.prepare('SELECT * FROM zone_files WHERE id = ?').get(id) as ZoneFileRow | undefined;
    return row ? toZoneFile(row) : null;
  }

  deleteZoneFile(id: string): boolean {
    return this.db.prepare('DELETE FROM zone_files WHERE id = ? AND analysis_id IS NULL').run(id).changes > 0;
  }

  close(): void {
    this.db.close();
  }
}

function toSummary(r: AnalysisRow): AnalysisSummary {
  return {
    id: r.id,
    name: r.name,
    created: r.created,
    input: { name: r.input_name, bytes: r.input_bytes },
    options: JSON.parse(r.options_json),
    summary: JSON.parse(r.summary_json),
  };
}

function toZoneFile(r: ZoneFileRow): StoredZoneFile {
  return {
    id: r.id,
    name: r.name,
    created: r.created,
    data: r.data,
    zoneIds: JSON.parse(r.zone_ids_json),
    analysisId: r.analysis_id,
  };
}

/** The SQLite store: WAL mode, versioned schema, upgrades in place, refuses a newer schema. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, SqliteStore } from '../../src/store/sqlite.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('store');
afterAll(() => tmp.remove());

const analysis = (id: string, demoKey?: string) => ({
  id,
  name: `analysis ${id}`,
  created: '2026-01-01T00:00:00.000Z',
  inputName: 'in.csv',
  inputBytes: 10,
  options: { category: 'state' },
  summary: { tracks: 1 },
  result: { visits: [] },
  geojsonJson: '{"type":"FeatureCollection","features":[]}',
  tracksJson: '{"tracks":[]}',
  ...(demoKey ? { demoKey } : {}),
  zoneFiles: [
    {
      id: `${id}-z`,
      name: 'z.geojson',
      created: '2026-01-01T00:00:00.000Z',
      data: Buffer.from('{}'),
      zoneIds: ['Z'],
    },
  ],
});

describe('SqliteStore', () => {
  it('creates the schema at the current version in WAL mode', () => {
    const path = join(tmp.dir, 'new.sqlite');
    const store = new SqliteStore(path);
    expect(store.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.close();
  });

  it('upgrades a version-1 database in place, keeping its rows', () => {
    const path = join(tmp.dir, 'v1.sqlite');
    const store = new SqliteStore(path);
    store.insertAnalysis(analysis('a1'));
    store.close();
    // Roll the file back to version 1 (before the demo key column), as an older release wrote it.
    const raw = new Database(path);
    raw.exec('DROP INDEX analyses_demo_key; ALTER TABLE analyses DROP COLUMN demo_key;');
    raw.pragma('user_version = 1');
    raw.close();
    const again = new SqliteStore(path);
    expect(again.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(again.listAnalyses().map((a) => a.id)).toEqual(['a1']);
    again.insertAnalysis(analysis('a2', 'demo@1'));
    expect(again.hasDemo('demo@1')).toBe(true);
    again.close();
  });

  it('refuses a database written by a newer release', () => {
    const path = join(tmp.dir, 'future.sqlite');
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => new SqliteStore(path)).toThrow(/newer/);
  });

  it('deletes an analysis with the zone files sent with it', () => {
    const store = new SqliteStore(join(tmp.dir, 'del.sqlite'));
    store.insertAnalysis(analysis('d1'));
    expect(store.listZoneFiles('d1').map((f) => f.id)).toEqual(['d1-z']);
    expect(store.deleteAnalysis('d1')).toBe(true);
    expect(store.listZoneFiles('d1')).toEqual([]);
    expect(store.getZoneFile('d1-z')).toBeNull();
    expect(store.deleteAnalysis('d1')).toBe(false);
    store.close();
  });
});

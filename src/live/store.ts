/**
 * The live monitor's durable state (SQLite, WAL): accepted positions, emitted events, one row of
 * saved state per aircraft, and cursors (how far each input was consumed, how far each output was
 * delivered). Every batch of input is committed in one transaction together with the events it
 * caused, the aircraft it changed and the input's cursor, so after a SIGKILL the store holds
 * exactly the batches that were acknowledged: nothing accepted is lost, nothing is applied twice.
 * These tables are the live monitor's own (prefix `live_`); the analyses store is elsewhere.
 */
import Database from 'better-sqlite3';
import type { PositionFix } from '../tracks/formats/ndjson.js';
import type { AircraftState, LiveEvent } from './engine.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS live_state (track TEXT PRIMARY KEY, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS live_event (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  track TEXT NOT NULL,
  zone TEXT,
  time TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS live_fix (
  track TEXT NOT NULL, t REAL NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, alt_ft REAL,
  PRIMARY KEY (track, t)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS live_cursor (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS live_idempotency (key TEXT PRIMARY KEY, response TEXT NOT NULL);
`;

export interface LiveCommit {
  fixes: PositionFix[];
  events: LiveEvent[];
  states: Map<string, AircraftState | null>;
  cursors: Record<string, string>;
  /** An idempotency key of the request this batch came from, with the answer it got. */
  idempotency?: { key: string; response: unknown };
}

export class LiveStore {
  private readonly db: Database.Database;
  private readonly insertFix: Database.Statement;
  private readonly insertEvent: Database.Statement;
  private readonly upsertState: Database.Statement;
  private readonly deleteState: Database.Statement;
  private readonly upsertCursor: Database.Statement;
  private readonly insertIdem: Database.Statement;
  private readonly commitTx: (c: LiveCommit) => LiveEvent[];

  constructor(readonly path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a killed process (only a power loss can drop the last commits).
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.insertFix = this.db.prepare(
      'INSERT OR IGNORE INTO live_fix (track, t, lat, lon, alt_ft) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertEvent = this.db.prepare(
      'INSERT OR IGNORE INTO live_event (id, type, track, zone, time, body) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.upsertState = this.db.prepare(
      'INSERT INTO live_state (track, state) VALUES (?, ?) ON CONFLICT(track) DO UPDATE SET state = excluded.state',
    );
    this.deleteState = this.db.prepare('DELETE FROM live_state WHERE track = ?');
    this.upsertCursor = this.db.prepare(
      'INSERT INTO live_cursor (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value',
    );
    this.insertIdem = this.db.prepare('INSERT OR IGNORE INTO live_idempotency (key, response) VALUES (?, ?)');
    this.commitTx = this.db.transaction((c: LiveCommit) => {
      for (const f of c.fixes)
        this.insertFix.run(f.track, f.t, f.lat, f.lon, Number.isNaN(f.altFt) ? null : f.altFt);
      const fresh: LiveEvent[] = [];
      for (const e of c.events) {
        const zone = 'zone' in e && typeof e.zone === 'string' ? e.zone : null;
        const r = this.insertEvent.run(e.id, e.type, e.track, zone, e.time, JSON.stringify(e));
        // An id already stored is an event already emitted: never twice.
        if (r.changes === 1) fresh.push({ ...e, seq: Number(r.lastInsertRowid) });
      }
      for (const [track, s] of c.states) {
        if (s) this.upsertState.run(track, JSON.stringify(s));
        else this.deleteState.run(track);
      }
      for (const [k, v] of Object.entries(c.cursors)) this.upsertCursor.run(k, v);
      if (c.idempotency) this.insertIdem.run(c.idempotency.key, JSON.stringify(c.idempotency.response));
      return fresh;
    });
  }

  /** Commits one batch atomically; returns its events that were not already stored, with their seq. */
  commit(c: LiveCommit): LiveEvent[] {
    return this.commitTx(c);
  }

  states(): Array<AircraftState> {
    return this.db
      .prepare('SELECT state FROM live_state')
      .all()
      .map((r) => JSON.parse((r as { state: string }).state) as AircraftState);
  }

  cursor(name: string): string | null {
    const r = this.db.prepare('SELECT value FROM live_cursor WHERE name = ?').get(name) as
      | { value: string }
      | undefined;
    return r ? r.value : null;
  }

  setCursor(name: string, value: string): void {
    this.upsertCursor.run(name, value);
  }

  /** The answer a request with this idempotency key already got, if any. */
  idempotent(key: string): unknown | null {
    const r = this.db.prepare('SELECT response FROM live_idempotency WHERE key = ?').get(key) as
      | { response: string }
      | undefined;
    return r ? JSON.parse(r.response) : null;
  }

  /** Events after seq, oldest first. */
  eventsAfter(seq: number, limit = 1000): LiveEvent[] {
    return this.db
      .prepare('SELECT seq, body FROM live_event WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(seq, limit)
      .map((r) => {
        const row = r as { seq: number; body: string };
        return { ...(JSON.parse(row.body) as LiveEvent), seq: row.seq };
      });
  }

  lastSeq(): number {
    const r = this.db.prepare('SELECT MAX(seq) AS s FROM live_event').get() as { s: number | null };
    return r.s ?? 0;
  }

  /** Accepted positions of one aircraft, in time order. */
  fixes(track: string): Array<{ t: number; lat: number; lon: number; altFt: number }> {
    return this.db
      .prepare('SELECT t, lat, lon, alt_ft AS altFt FROM live_fix WHERE track = ? ORDER BY t')
      .all(track)
      .map((r) => {
        const x = r as { t: number; lat: number; lon: number; altFt: number | null };
        return { ...x, altFt: x.altFt ?? Number.NaN };
      });
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Durability: `incursion watch --store` killed with SIGKILL mid-stream and restarted on the same
 * input loses no accepted position and no event, and emits none twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../src/live/engine.js';
import { LiveService } from '../../src/live/service.js';
import { consumeNdjson } from '../../src/live/sources/ndjson-stream.js';
import { LiveStore } from '../../src/live/store.js';
import { readTrackFile } from '../../src/tracks/read.js';
import { loadZones } from '../../src/zones/catalog.js';
import { fixesOf, latestVisits, REAL, repoRoot } from './helpers.js';

// The real CLI, as a user runs it (built by `npm test` / `npm ci`).
const CHILD = path.join(repoRoot, 'bin', 'incursion.js');

function watch(dir: string, extra: string[] = []): ChildProcess {
  return spawn(
    process.execPath,
    [
      CHILD,
      'watch',
      '--store',
      path.join(dir, 'live.sqlite'),
      '--events-out',
      path.join(dir, 'events.ndjson'),
      '--quiet',
      '--resume-stdin',
      ...extra,
    ],
    { cwd: repoRoot, stdio: ['pipe', 'ignore', 'pipe'] },
  );
}

const lines = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

async function write(child: ChildProcess, text: string): Promise<void> {
  const stdin = child.stdin!;
  if (!stdin.write(text)) await new Promise((r) => stdin.once('drain', r));
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

describe('crash and restart', () => {
  it('SIGKILL mid-stream, restart, finish: every event exactly once, every position kept', async () => {
    const read = await readTrackFile(REAL.taiwan);
    const fixes = fixesOf(read.tracks.slice(0, 12)).sort((a, b) => a.t - b.t);
    const input = fixes.map((f) =>
      JSON.stringify({
        track: f.track,
        time: new Date(f.t * 1000).toISOString(),
        lat: f.lat,
        lon: f.lon,
        alt_ft: Number.isNaN(f.altFt) ? null : f.altFt,
      }),
    );
    // The reference: one uninterrupted run on the same lines.
    const { catalog } = await loadZones(['builtin']);
    const ref = new LiveService(catalog);
    const refEvents: LiveEvent[] = [];
    ref.subscribe((e) => refEvents.push(...e));
    await consumeNdjson(ref, Readable.from([input.join('\n')]));

    const dir = mkdtempSync(path.join(tmpdir(), 'incursion-crash-'));
    const eventsFile = path.join(dir, 'events.ndjson');
    // First run: fed in small chunks; killed once half the input is written and events are out.
    const first = watch(dir);
    const firstExit = exited(first);
    const half = Math.floor(input.length / 2);
    for (let i = 0; i < half; i += 50)
      await write(first, `${input.slice(i, Math.min(i + 50, half)).join('\n')}\n`);
    while (lines(eventsFile).length < 3) await new Promise((r) => setTimeout(r, 50));
    first.kill('SIGKILL');
    await firstExit;
    const beforeRestart = lines(eventsFile).length;
    expect(beforeRestart).toBeGreaterThan(0);

    // Second run: the whole input again; lines already committed are skipped, the rest applied.
    const second = watch(dir);
    let stderr = '';
    second.stderr!.on('data', (d) => {
      stderr += d;
    });
    const secondExit = exited(second);
    await write(second, `${input.join('\n')}\n`);
    second.stdin!.end();
    expect(await secondExit).toBe(0);
    expect(stderr).toMatch(/skipped \(already committed\)/);

    const got = lines(eventsFile).map((l) => JSON.parse(l) as LiveEvent);
    // Exactly once: unique ids, sequence numbers 1..N without a hole.
    const ids = got.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(got.map((e) => e.seq)).toEqual(got.map((_, i) => i + 1));
    // Nothing lost: every entry and exit of the uninterrupted run, and the same visits.
    const crossingIds = (es: LiveEvent[]) =>
      es
        .filter((e) => e.type === 'enter' || e.type === 'exit')
        .map((e) => e.id)
        .sort();
    expect(crossingIds(got)).toEqual(crossingIds(refEvents));
    expect(crossingIds(got).length).toBeGreaterThan(5);
    expect(latestVisits(got)).toEqual(latestVisits(refEvents));
    // Every accepted position is in the store, once.
    const store = new LiveStore(path.join(dir, 'live.sqlite'));
    const stored = new Set(read.tracks.slice(0, 12).map((t) => t.id)).size;
    let n = 0;
    for (const t of read.tracks.slice(0, 12)) n += store.fixes(t.id).length;
    store.close();
    expect(stored).toBeGreaterThan(0);
    expect(n).toBe(fixes.length);
    writeFileSync(path.join(dir, 'done'), '');
  });
});

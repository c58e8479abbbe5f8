/**
 * The demo analyses `npm start` shows: the sample incidents in samples/, analysed once and kept.
 * A demo is keyed by file name and a hash of its bytes and the catalog version, so a changed
 * sample or catalog replaces the stored analysis instead of adding a second one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SqliteStore } from '../store/sqlite.js';
import type { AnalysisOptionValues } from './analyses.js';
import { runAnalysis } from './analyses.js';
import type { Catalogs } from './catalogs.js';
import { REPO_ROOT } from './paths.js';
import type { ComputePool } from './pool.js';

export interface DemoInput {
  path: string;
  name: string;
  options: AnalysisOptionValues;
}

/** The demo inputs present on this machine, most telling first. */
export function demoInputs(root = REPO_ROOT): DemoInput[] {
  const samples = join(root, 'samples');
  const realdata = join(root, '..', 'shared', 'realdata');
  const out: DemoInput[] = [];
  const spar19 = [
    join(samples, 'spar19-2ce4f83f.json'),
    join(samples, '2ce4f83f.json'),
    join(realdata, 'xoolive-traffic', 'fr24', '2ce4f83f.json'),
  ].find(existsSync);
  if (spar19) {
    out.push({
      path: spar19,
      name: 'SPAR19, US Air Force C-40C to Taipei, 2 Aug 2022',
      // A US Air Force aircraft: a state aircraft whatever the feed says.
      options: { category: 'state', operator: 'USA' },
    });
  }
  const patrol = join(samples, '2019-07-23-joint-patrol.csv');
  if (existsSync(patrol)) {
    out.push({ path: patrol, name: 'China–Russia joint air patrol, 23 Jul 2019', options: {} });
  }
  const taiwan =
    (existsSync(samples) ? readdirSync(samples) : [])
      .filter((f) => /taiwan/i.test(f) && /\.csv$/i.test(f))
      .map((f) => join(samples, f))[0] ??
    [join(realdata, 'LunaticGhoulPiano-Flight-Spotter', 'filtered_by_Taiwan_manual_edges.csv')].find(
      existsSync,
    );
  // Airliners (CAL, EVA, CPA, KAL, UPS...): the feed carries no category, the callsigns say civil.
  if (taiwan)
    out.push({ path: taiwan, name: 'ADS-B over Taiwan, 1 Apr 2025', options: { category: 'civil' } });
  return out;
}

export async function preloadDemo(
  store: SqliteStore,
  catalogs: Catalogs,
  pool: ComputePool,
  log: (m: string) => void,
): Promise<void> {
  const catalog = catalogs.builtin();
  for (const d of demoInputs()) {
    const data = readFileSync(d.path);
    const file = basename(d.path);
    const hash = createHash('sha256').update(data).update(`\0${catalog.id}@${catalog.version}`).digest('hex');
    const key = `${file}@${hash.slice(0, 16)}`;
    if (store.hasDemo(key)) continue;
    for (const a of store.listAnalyses()) {
      if (a.options.demo === file) store.deleteAnalysis(a.id);
    }
    log(`demo: analysing ${file} (once; kept in the database)…`);
    try {
      const created = await runAnalysis(
        { name: d.name, track: { name: file, data }, zones: [], options: { ...d.options }, demoKey: key },
        store,
        catalogs,
        pool,
        { demo: file },
      );
      log(`demo: ${d.name}: ${created.summary.visits} visits (${created.id})`);
    } catch (err) {
      // A broken sample must not keep the server from starting.
      log(`demo: ${file} not loaded: ${(err as Error).message}`);
    }
  }
}

/**
 * `incursion demo`: the main job on bundled real data, no network. Each sample states who flew
 * it, so the findings use the right category and operator.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions } from '../analysis/options.js';
import { analyzeFiles } from '../pipeline.js';
import { toCsv } from '../report/csv.js';
import { toJson } from '../report/json.js';
import { toTable } from '../report/table.js';

const SAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples');

export interface DemoCase {
  title: string;
  note: string;
  file: string;
  options: Record<string, unknown>;
}

export const DEMO_CASES: DemoCase[] = [
  {
    title: 'SPAR19, 2 August 2022: the US Speaker’s flight to Taipei (Flightradar24 data)',
    note: 'Boeing C-40C 09-0540 of the US Air Force: a state aircraft (category state, operator USA).',
    file: 'spar19-2ce4f83f.json',
    options: { category: 'state', operator: 'USA' },
  },
  {
    title: 'Taiwan ADS-B sample, 1 April 2025 (ADS-B Exchange via Flight-Spotter)',
    note: 'Commercial traffic over Taiwan’s main island (category civil).',
    file: 'taiwan-adsb-2025-04-01.csv',
    options: { category: 'civil' },
  },
  {
    title: '23 July 2019 joint patrol: H-6 ×2, Tu-95 ×2, A-50 (reconstruction from published notices)',
    note: 'Positions are approximate: waypoints placed from the ROK JCS and Japan JSO timelines (samples/2019-07-23-joint-patrol.md).',
    file: '2019-07-23-joint-patrol.csv',
    options: {},
  },
];

export async function runDemo(
  io: { out: (s: string) => void; err: (s: string) => void },
  format = 'table',
): Promise<void> {
  for (const c of DEMO_CASES) {
    const file = join(SAMPLES, c.file);
    if (!existsSync(file)) {
      io.err(`incursion demo: missing sample ${file}\n`);
      continue;
    }
    const { result } = await analyzeFiles([file], ['builtin'], parseOptions(c.options));
    if (format === 'json') {
      io.out(toJson(result));
      continue;
    }
    if (format === 'csv') {
      io.out(toCsv(result));
      continue;
    }
    io.out(`\n=== ${c.title}\n${c.note}\n\n`);
    io.out(toTable(result));
  }
}

/** Visits and approaches as CSV (RFC 4180), one row each. */
import type { AnalysisResult } from '../analysis/types.js';

const HEADER = [
  'record',
  'track',
  'zone',
  'kind',
  'state',
  'claimants',
  'finding',
  'enter_time',
  'enter_lat',
  'enter_lon',
  'enter_certain',
  'exit_time',
  'exit_lat',
  'exit_lon',
  'exit_certain',
  'duration_s',
  'max_penetration_m',
  'distance_m',
];

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(result: AnalysisResult): string {
  const rows: unknown[][] = [HEADER];
  for (const v of result.visits) {
    rows.push([
      'visit',
      v.track,
      v.zone,
      v.kind,
      v.state,
      v.claimants.join(' '),
      v.finding,
      v.enter?.time,
      v.enter?.lat,
      v.enter?.lon,
      v.enter?.certain,
      v.exit?.time,
      v.exit?.lat,
      v.exit?.lon,
      v.exit?.certain,
      v.durationS,
      v.maxPenetrationM,
      null,
    ]);
  }
  for (const a of result.approaches) {
    rows.push([
      'approach',
      a.track,
      a.zone,
      '',
      '',
      '',
      '',
      a.time,
      a.lat,
      a.lon,
      true,
      '',
      '',
      '',
      '',
      '',
      '',
      a.distanceM,
    ]);
  }
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

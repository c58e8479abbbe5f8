/** The analysis as a plain-text table that fits a 100-column terminal. */
import type { AnalysisResult, Crossing } from '../analysis/types.js';

const WIDTH = 100;

function hhmmss(c: Crossing | null): string {
  if (!c) return '(inside)';
  return `${c.time.slice(11, 19)}${c.certain ? '' : '?'}`;
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(sec).padStart(2, '0')}s`;
}

function col(s: string, w: number): string {
  return s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w);
}

export function toTable(result: AnalysisResult): string {
  const lines: string[] = [];
  lines.push(`incursion ${result.tool.version} · catalog ${result.catalog.id} ${result.catalog.version}`);
  lines.push(
    `${result.tracks.length} track(s), ${result.visits.length} visit(s), ${result.approaches.length} approach(es)`,
  );
  lines.push('');
  const head = `${col('TRACK', 13)} ${col('ZONE', 16)} ${col('DATE', 10)} ${col('ENTER', 9)} ${col('EXIT', 9)} ${col('DURATION', 8)} ${col('DEPTH NM', 8)} FINDING`;
  lines.push(head);
  const starts = new Map(result.tracks.map((t) => [t.id, t.start]));
  lines.push('-'.repeat(WIDTH));
  for (const v of result.visits) {
    const date = ((v.enter ?? v.exit)?.time ?? starts.get(v.track) ?? '').slice(0, 10);
    const disputed = v.claimants.length > 1 ? '*' : '';
    lines.push(
      [
        col(v.track, 13),
        col(v.zone + disputed, 16),
        col(date, 10),
        col(hhmmss(v.enter), 9),
        col(hhmmss(v.exit), 9),
        col(duration(v.durationS), 8),
        col((v.maxPenetrationM / 1852).toFixed(1), 8),
        v.finding,
      ].join(' '),
    );
  }
  if (result.visits.some((v) => v.claimants.length > 1)) {
    lines.push('');
    lines.push('* disputed: claimed by more than one state');
    for (const v of result.visits.filter((x) => x.claimants.length > 1)) {
      const line = `  ${v.zone}: administered by ${v.state}; claimants ${v.claimants.join(', ')}`;
      if (!lines.includes(line)) lines.push(line);
    }
  }
  if (result.visits.some((v) => v.enter?.certain === false || v.exit?.certain === false)) {
    lines.push('? inside a data gap: time and place are estimates');
  }
  if (result.approaches.length) {
    lines.push('');
    lines.push(
      `${col('TRACK', 14)} ${col('CLOSEST APPROACH TO', 20)} ${col('NM', 7)} ${col('TIME (UTC)', 20)} POSITION`,
    );
    lines.push('-'.repeat(WIDTH));
    for (const a of result.approaches) {
      lines.push(
        `${col(a.track, 14)} ${col(a.zone, 20)} ${col((a.distanceM / 1852).toFixed(1), 7)} ${col(a.time.slice(0, 19).replace('T', ' '), 20)} ${a.lat.toFixed(4)}, ${a.lon.toFixed(4)}`,
      );
    }
  }
  if (result.warnings.length) {
    lines.push('');
    lines.push(`${result.warnings.length} warning(s):`);
    for (const w of result.warnings.slice(0, 20))
      lines.push(`  ${w.length > WIDTH - 2 ? `${w.slice(0, WIDTH - 3)}…` : w}`);
    if (result.warnings.length > 20)
      lines.push(`  … and ${result.warnings.length - 20} more (see --format json)`);
  }
  return `${lines.map((l) => (l.length > WIDTH ? `${l.slice(0, WIDTH - 1)}…` : l)).join('\n')}\n`;
}

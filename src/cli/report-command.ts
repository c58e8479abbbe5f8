/** `incursion report FILE... --out report.html`: the incident report (HTML, Markdown or PDF). */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { readTrackFile } from '../tracks/read.js';
import { type Diagnostic, formatDiagnostic, type Track } from '../tracks/track.js';
import { loadZones } from '../zones/catalog.js';

type IO = { out: (s: string) => void; err: (s: string) => void };

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Tracks from any supported track file, or from a report-track (YAML/CSV), told apart by content. */
export async function readAnyTracks(paths: string[]): Promise<{ tracks: Track[]; problems: Diagnostic[] }> {
  const tracks: Track[] = [];
  const problems: Diagnostic[] = [];
  for (const p of paths) {
    const r = /\.ya?ml$/i.test(p)
      ? await readTrackFile(p, { format: 'report-track' })
      : await readTrackFile(p);
    tracks.push(...r.tracks);
    problems.push(...r.problems);
  }
  return { tracks, problems };
}

export function reportCommand(io: IO, setCode: (c: number) => void): Command {
  return new Command('report')
    .description('write an incident report: summary, map, timeline, formations, visits, sources, method')
    .argument('<files...>', 'track files (any supported format) or report-tracks (YAML/CSV)')
    .option('-o, --out <file>', 'output file (default report.html / .md / .pdf)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['html', 'md', 'pdf']))
    .option('--zones <file>', "zone file, or 'builtin' (repeatable; default: builtin)", collect, [])
    .option('--title <title>', 'report title (default: the report-track title)')
    .action(
      async (files: string[], opts: { out?: string; format?: string; zones: string[]; title?: string }) => {
        const format =
          opts.format ?? (opts.out?.endsWith('.md') ? 'md' : opts.out?.endsWith('.pdf') ? 'pdf' : 'html');
        const out = opts.out ?? `report.${format}`;
        const { catalog, problems: zoneProblems } = await loadZones(
          opts.zones.length ? opts.zones : ['builtin'],
        );
        for (const p of zoneProblems) io.err(`warning: ${formatDiagnostic(p)}\n`);
        const { tracks, problems } = await readAnyTracks(files);
        for (const p of problems.slice(0, 20)) io.err(`warning: ${formatDiagnostic(p)}\n`);
        if (problems.length > 20) io.err(`warning: ${problems.length - 20} more problems not shown\n`);
        if (!tracks.length) {
          io.err('incursion report: no track could be read from the input\n');
          setCode(1);
          return;
        }
        // The report modules load only for this command (every other command's start-up time).
        const { buildReport } = await import('../report/report-model.js');
        const model = buildReport(tracks, catalog, { title: opts.title, inputs: files });
        if (format === 'md')
          writeFileSync(out, (await import('../report/markdown.js')).renderMarkdown(model));
        else if (format === 'pdf') {
          // Playwright takes a quarter of a second to load: only a PDF needs it.
          const { htmlToPdf } = await import('../report/pdf.js');
          const { renderReport } = await import('../report/html.js');
          writeFileSync(out, await htmlToPdf(renderReport(model)));
        } else writeFileSync(out, (await import('../report/html.js')).renderReport(model));
        io.out(
          `wrote ${out} (${tracks.length} aircraft, ${model.rows.length} zone visits, ${model.formations.length} formations)\n`,
        );
      },
    );
}

/**
 * The command line. It parses arguments, calls the library and prints; it holds no domain logic.
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { VERSION } from '../analysis/analyze.js';
import { ANALYZE_OPTIONS, parseOptions } from '../analysis/options.js';
import type { AnalysisResult } from '../analysis/types.js';
import { analyzeFiles } from '../pipeline.js';
import { toCsv } from '../report/csv.js';
import { toGeoJson } from '../report/geojson.js';
import { toJson } from '../report/json.js';
import { toTable } from '../report/table.js';
import type { Track } from '../tracks/track.js';
import type { Catalog } from '../zones/zone.js';
import { runDemo } from './demo.js';
import { Progress } from './progress.js';
import { reportCommand } from './report-command.js';
import { watchCommand } from './watch-command.js';
import { zonesCommand } from './zones-command.js';

const FORMATS = ['table', 'json', 'geojson', 'csv'];

export function render(format: string, result: AnalysisResult, tracks: Track[], catalog: Catalog): string {
  switch (format) {
    case 'json':
      return toJson(result);
    case 'geojson':
      return `${JSON.stringify(toGeoJson(result, tracks, catalog))}\n`;
    case 'csv':
      return toCsv(result);
    default:
      return toTable(result);
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function buildProgram(
  io: { out: (s: string) => void; err: (s: string) => void },
  setCode: (c: number) => void,
): Command {
  const program = new Command('incursion')
    .description(
      'Where did each aircraft fly relative to territorial airspace, ADIZs and international airspace?',
    )
    .version(VERSION)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  const analyzeCmd = program
    .command('analyze')
    .description('visits of tracks to zones: exact entries and exits, duration, depth, findings, approaches')
    .argument(
      '<files...>',
      'track files (CSV, GeoJSON, OpenSky, readsb, ADS-B Exchange, FR24, traffic, KML, GPX, NDJSON)',
    )
    .option('--zones <file>', "zone file, or 'builtin' (repeatable; default: builtin)", collect, [])
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .option('--out <file>', 'write the output to a file instead of stdout');
  for (const spec of ANALYZE_OPTIONS) {
    const flag =
      spec.type === 'boolean' ? spec.flag : `${spec.flag} <${spec.type === 'number' ? 'n' : 'value'}>`;
    const opt = new Option(flag, spec.description);
    if (spec.enum) opt.choices(spec.enum);
    if (spec.default !== undefined && spec.type !== 'boolean') opt.default(spec.default);
    analyzeCmd.addOption(opt);
  }
  analyzeCmd.action(async (files: string[], opts: Record<string, unknown>) => {
    const req = parseOptions(opts);
    const progress = new Progress('analysing');
    const { result, tracks, catalog, failedFiles } = await analyzeFiles(files, opts.zones as string[], req, {
      onProgress: (d, t) => progress.update(d, t),
    });
    progress.done();
    const text = render(opts.format as string, result, tracks, catalog);
    if (opts.out) writeFileSync(opts.out as string, text);
    else io.out(text);
    if (result.warnings.length && opts.format !== 'table') {
      io.err(`${result.warnings.length} warning(s); the first: ${result.warnings[0]}\n`);
    }
    if (tracks.length === 0) {
      io.err(`incursion: no track could be read from ${failedFiles.join(', ')}\n`);
      setCode(1);
    }
  });

  program.addCommand(zonesCommand(io, setCode));
  program.addCommand(reportCommand(io, setCode));
  program.addCommand(watchCommand(io, setCode));

  program
    .command('serve')
    .description('the HTTP API and the map page')
    .option('--port <n>', 'port to listen on', '8080')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--db <path>', 'SQLite file that keeps analyses and uploaded zones', './incursion.sqlite')
    .option('--max-upload-mb <n>', 'largest accepted upload, MB', '200')
    .option('--demo', 'preload the demo analyses from samples/')
    .action(async (o: { port: string; host: string; db: string; maxUploadMb: string; demo?: boolean }) => {
      // Loaded here, not at start: the server's modules (Fastify and its plugins) would cost
      // every other command their start-up time.
      const { startServer } = await import('../server/index.js');
      const server = await startServer({
        port: Number(o.port),
        host: o.host,
        db: o.db,
        demo: Boolean(o.demo),
        maxUploadBytes: Number(o.maxUploadMb) * 1024 * 1024,
        logger: false,
      });
      io.err(`incursion: serving ${server.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void server.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  program
    .command('demo')
    .description(
      'analyse the bundled real samples: SPAR19 (2022), Taiwan ADS-B (2025), the 23 July 2019 patrol',
    )
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .action(async (opts: { format: string }) => {
      await runDemo(io, opts.format);
    });

  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const io = {
    out: (s: string) => {
      process.stdout.write(s);
    },
    err: (s: string) => {
      process.stderr.write(s);
    },
  };
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const e = err as { code?: string; exitCode?: number; message?: string };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
      return 0;
    if (e.code?.startsWith('commander.')) return e.exitCode ?? 2;
    io.err(`incursion: ${e.message ?? String(err)}\n`);
    return 2;
  }
  return code;
}

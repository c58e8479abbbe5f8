/**
 * Files in, analysis out: what `incursion analyze`, the server and the demo share. Reads every
 * track file (reporting bad records, keeping the good ones), assembles the zone catalog, applies
 * the request's overrides and calls analyze().
 */
import { type AnalyzeOptions, analyze } from './analysis/analyze.js';
import { analyzeParallel } from './analysis/batch.js';
import { formations } from './analysis/formations.js';
import type { AnalyzeRequest } from './analysis/options.js';
import type { AnalysisResult } from './analysis/types.js';
import { readTrackFile } from './tracks/read.js';
import { type Diagnostic, fixCount, formatDiagnostic, InputError, type Track } from './tracks/track.js';
import { loadZones } from './zones/catalog.js';
import type { Catalog } from './zones/zone.js';

export interface PipelineOutput {
  result: AnalysisResult;
  tracks: Track[];
  catalog: Catalog;
  /** Files that yielded no track at all. */
  failedFiles: string[];
}

/** Sets the request's category/operator overrides on every track. */
export function applyOverrides(tracks: Track[], req: Pick<AnalyzeRequest, 'category' | 'operator'>): void {
  for (const t of tracks) {
    if (req.category) t.category = req.category;
    if (req.operator) t.operator = req.operator;
  }
}

/**
 * From this many fixes the analysis is spread over worker threads: below it, starting them and
 * handing each the catalog (its grid read from the on-disk cache) costs more than it saves.
 */
export const PARALLEL_MIN_FIXES = 200_000;

export interface PipelineOptions extends Pick<AnalyzeOptions, 'onProgress'> {
  /** Fixes from which worker threads analyse the tracks (default PARALLEL_MIN_FIXES). */
  parallelMinFixes?: number;
}

export async function analyzeFiles(
  files: string[],
  zoneSpecs: string[],
  req: AnalyzeRequest,
  extra: PipelineOptions = {},
): Promise<PipelineOutput> {
  const problems: Diagnostic[] = [];
  const tracks: Track[] = [];
  const failedFiles: string[] = [];
  for (const file of files) {
    try {
      const r = await readTrackFile(file, { format: req.inputFormat });
      tracks.push(...r.tracks);
      problems.push(...r.problems);
      if (r.tracks.length === 0) failedFiles.push(file);
    } catch (err) {
      failedFiles.push(file);
      if (err instanceof InputError) problems.push(err.diagnostic);
      else problems.push({ file, message: (err as Error).message });
    }
  }
  applyOverrides(tracks, req);
  const { catalog, problems: zoneProblems } = await loadZones(zoneSpecs.length ? zoneSpecs : ['builtin']);
  const opts = { maxGapS: req.maxGapS, approachNm: req.approachNm, onProgress: extra.onProgress };
  const result =
    fixCount(tracks) >= (extra.parallelMinFixes ?? PARALLEL_MIN_FIXES)
      ? await analyzeParallel(tracks, catalog, opts)
      : analyze(tracks, catalog, opts);
  if (req.formations) {
    // Keep the contract's key order: formations before warnings.
    const { warnings } = result as { warnings: string[] };
    delete (result as Partial<AnalysisResult>).warnings;
    result.formations = formations(tracks, { maxGapS: req.maxGapS, visits: result.visits });
    result.warnings = warnings;
  }
  result.warnings.unshift(...[...zoneProblems, ...problems].map(formatDiagnostic));
  return { result, tracks, catalog, failedFiles };
}

/**
 * Polls a readsb / tar1090 / ADS-B Exchange `aircraft.json` URL every N seconds. Each aircraft
 * with a position is a fix at `now - seen_pos` (observation time), identified by its ICAO hex.
 * A fix already seen is a duplicate and ignored; a failed or malformed poll is reported and the
 * next one goes ahead.
 */
import { readAircraftSnapshot } from '../../tracks/formats/readsb.js';
import { formatDiagnostic } from '../../tracks/track.js';
import type { LiveRecord, LiveService, SubmitResult } from '../service.js';

export interface PollOptions {
  intervalS?: number;
  onProblem?: (message: string) => void;
  /** Request timeout, ms (default 10 s). */
  timeoutMs?: number;
}

/** One poll: fetch, read, submit. Throws nothing: failures are reported. */
export async function pollOnce(
  service: LiveService,
  url: string,
  options: PollOptions = {},
): Promise<SubmitResult | null> {
  const report = options.onProblem ?? (() => {});
  let doc: unknown;
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    if (!r.ok) {
      report(`${url}: HTTP ${r.status}; will poll again`);
      return null;
    }
    const text = await r.text();
    try {
      doc = JSON.parse(text);
    } catch (e) {
      report(`${url}: not valid JSON (${(e as Error).message}); will poll again`);
      return null;
    }
  } catch (e) {
    report(`${url}: ${(e as Error).message}; will poll again`);
    return null;
  }
  let read: ReturnType<typeof readAircraftSnapshot>;
  try {
    read = readAircraftSnapshot(url, doc);
  } catch (e) {
    report(`${(e as Error).message}; will poll again`);
    return null;
  }
  const records: LiveRecord[] = [];
  for (const p of read.problems) records.push({ error: formatDiagnostic(p), field: p.field, line: p.line });
  for (const t of read.tracks) {
    for (let i = 0; i < t.t.length; i++) {
      records.push({
        fix: {
          track: t.icao24 ?? t.id,
          // seen_pos has a tenth of a second; `now - seen_pos` must give the same time on every poll.
          t: Math.round(t.t[i] * 1000) / 1000,
          lat: t.lat[i],
          lon: t.lon[i],
          altFt: t.altFt[i],
          label: t.label,
          icao24: t.icao24,
          category: t.category,
          operator: t.operator,
        },
      });
    }
  }
  return service.submit(records, { source: url });
}

/** Polls until the returned stop function is called. */
export function startPolling(service: LiveService, url: string, options: PollOptions = {}): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const loop = async () => {
    if (stopped) return;
    await pollOnce(service, url, options);
    if (!stopped) timer = setTimeout(loop, (options.intervalS ?? 5) * 1000);
  };
  void loop();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

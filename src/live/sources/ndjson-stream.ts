/**
 * NDJSON positions from a byte stream (stdin): one fix a line, in batches. The batch's last line
 * number is committed with it (cursor `<name>:line`), so `resume` skips the lines a killed run
 * had already committed when the same input is fed again.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { LiveService, type SubmitResult } from '../service.js';

export interface StreamSourceOptions {
  /** Source name in problems and in the cursor (default `stdin`). */
  name?: string;
  /** Skip the lines already committed by an earlier run on the same store. */
  resume?: boolean;
  /** Most lines per batch (default 5000). */
  batchLines?: number;
  /** Step and report everything at the end of the stream (default true). */
  endFlush?: boolean;
}

export interface StreamSummary {
  lines: number;
  skipped: number;
  accepted: number;
  duplicates: number;
  late: number;
  rejected: number;
}

export async function consumeNdjson(
  service: LiveService,
  input: Readable,
  options: StreamSourceOptions = {},
): Promise<StreamSummary> {
  const name = options.name ?? 'stdin';
  const cursorName = `${name}:line`;
  const skipTo = options.resume && service.store ? Number(service.store.cursor(cursorName) ?? 0) : 0;
  const max = options.batchLines ?? 5000;
  const sum: StreamSummary = { lines: 0, skipped: 0, accepted: 0, duplicates: 0, late: 0, rejected: 0 };
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let batch: string[] = [];
  let first = 1;
  const submit = () => {
    if (batch.length === 0) return;
    const r: SubmitResult = service.submit(LiveService.parseLines(batch, first), {
      source: name,
      cursors: { [cursorName]: String(first + batch.length - 1) },
    });
    sum.accepted += r.accepted;
    sum.duplicates += r.duplicates;
    sum.late += r.late;
    sum.rejected += r.rejected;
    first += batch.length;
    batch = [];
  };
  const take = (line: string) => {
    sum.lines++;
    if (sum.lines <= skipTo) {
      sum.skipped++;
      first = sum.lines + 1;
      return;
    }
    batch.push(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (batch.length >= max) submit();
  };
  for await (const chunk of input) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    let a = 0;
    for (let b = text.indexOf('\n'); b >= 0; b = text.indexOf('\n', a)) {
      take(text.slice(a, b));
      a = b + 1;
    }
    rest = text.slice(a);
    submit();
  }
  rest += decoder.end();
  if (rest !== '') take(rest);
  submit();
  if (options.endFlush ?? true) service.end();
  return sum;
}

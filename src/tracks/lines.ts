/**
 * Line-oriented input: chunks of text in, one call per record out, without holding the file.
 * CSV records may span lines inside quotes (RFC 4180); NDJSON records never do.
 */
import type { ReadResult } from './track.js';

/** A reader of a line-based format. `line` gets s[a, b) (no line terminator) and its 1-based line number. */
export interface LineSink {
  line(s: string, a: number, b: number, lineNo: number): void;
  finish(): ReadResult;
}

/** A quoted field longer than this many lines is taken as an unterminated quote, not a record. */
const MAX_RECORD_LINES = 100;

export class LineFeeder {
  private rest = '';
  private lineNo = 0;

  constructor(
    private readonly sink: LineSink,
    private readonly quoteAware: boolean,
  ) {}

  push(chunk: string): void {
    const s = this.rest.length > 0 ? this.rest + chunk : chunk;
    let i = 0;
    const n = s.length;
    // Position of the next quote, found once and reused until passed (searching per line would
    // rescan the whole chunk on every line of a file without quotes).
    let nextQuote = this.quoteAware ? s.indexOf('"') : -1;
    while (i < n) {
      let j = s.indexOf('\n', i);
      if (j < 0) break;
      let extra = 0;
      if (nextQuote >= 0 && nextQuote < i) nextQuote = s.indexOf('"', i);
      if (nextQuote >= 0 && nextQuote < j) {
        // Extend the record while a quote is open.
        let open = countQuotes(s, i, j) % 2 === 1;
        while (open && extra < MAX_RECORD_LINES) {
          const k = s.indexOf('\n', j + 1);
          if (k < 0) {
            j = -1;
            break;
          }
          open = (countQuotes(s, j + 1, k) % 2 === 1) !== open;
          j = k;
          extra++;
        }
        if (j < 0) break; // the record continues in the next chunk
      }
      const end = j > i && s.charCodeAt(j - 1) === 13 ? j - 1 : j;
      const lineNo = this.lineNo + 1;
      this.lineNo += 1 + extra;
      this.sink.line(s, i, end, lineNo);
      i = j + 1;
    }
    this.rest = i < n ? s.slice(i) : '';
  }

  end(): ReadResult {
    if (this.rest.length > 0) {
      const s = this.rest;
      this.rest = '';
      const end = s.charCodeAt(s.length - 1) === 13 ? s.length - 1 : s.length;
      this.sink.line(s, 0, end, this.lineNo + 1);
    }
    return this.sink.finish();
  }
}

function countQuotes(s: string, a: number, b: number): number {
  let c = 0;
  for (let i = s.indexOf('"', a); i >= 0 && i < b; i = s.indexOf('"', i + 1)) c++;
  return c;
}

/** Feeds a whole text to a sink (the in-memory path; files stream through LineFeeder). */
export function readLines(text: string, sink: LineSink, quoteAware: boolean): ReadResult {
  const f = new LineFeeder(sink, quoteAware);
  f.push(text);
  return f.end();
}

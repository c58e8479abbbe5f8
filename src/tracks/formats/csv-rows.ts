/** Shared skeleton of the header-plus-rows CSV readers of specific exports (OpenSky, FR24, ADSBx). */
import { TrackCollector } from '../collect.js';
import type { ReadOptions } from '../format.js';
import type { LineSink } from '../lines.js';
import { CsvSplitter, headerNames } from '../text.js';
import { InputError, type ReadResult } from '../track.js';

export abstract class CsvRowReader implements LineSink {
  protected readonly out: TrackCollector;
  protected readonly sp = new CsvSplitter();
  protected names: string[] | null = null;

  constructor(
    readonly file: string,
    readonly options: ReadOptions = {},
  ) {
    this.out = new TrackCollector(file, 'line', options);
  }

  /** Column index of the first of `names` present; throws a missing-column InputError when none is and required. */
  protected column(wanted: string[], required: boolean): number {
    for (const w of wanted) {
      const i = this.names!.indexOf(w);
      if (i >= 0) return i;
    }
    if (required)
      throw new InputError({
        file: this.file,
        line: 1,
        field: wanted[0],
        message: `missing column '${wanted[0]}' (header: ${this.names!.join(',').slice(0, 200)})`,
      });
    return -1;
  }

  protected abstract onHeader(): void;
  protected abstract onRow(s: string, n: number, lineNo: number): void;

  line(s: string, a: number, b: number, lineNo: number): void {
    if (a === b || s.slice(a, b).trim() === '') return;
    if (!this.names) {
      this.names = headerNames(s.slice(a, b), this.sp);
      this.onHeader();
      return;
    }
    this.out.records++;
    const n = this.sp.split(s, a, b);
    this.onRow(s, n, lineNo);
  }

  /** Field i trimmed ('' when the row is short). */
  protected get(s: string, i: number): string {
    return i >= 0 && i < this.sp.count ? this.sp.field(s, i).trim() : '';
  }

  /** Reports a row too short to hold column `need`; true when it is. */
  protected short(n: number, need: number, lineNo: number): boolean {
    if (n > need) return false;
    this.out.problem(
      lineNo,
      this.names![need],
      `row has ${n} field(s); column '${this.names![need]}' is missing`,
    );
    return true;
  }

  finish(): ReadResult {
    if (!this.names) throw new InputError({ file: this.file, message: 'empty file: no header row' });
    return this.out.finish();
  }
}

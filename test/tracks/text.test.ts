/** The hand-written number, time and CSV field parsers agree with the platform's. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSplitter, parseIsoTime, parseNum, parseTime } from '../../src/tracks/text.js';

describe('parseNum', () => {
  it('equals Number() on decimal strings', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = String(x);
        expect(parseNum(s, 0, s.length)).toBe(Number(s));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: -180_000_000, max: 180_000_000 }),
        fc.integer({ min: 0, max: 9 }),
        (m, d) => {
          const s = (m / 10 ** d).toFixed(d);
          expect(parseNum(s, 0, s.length)).toBe(Number(s));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects what is not a plain decimal number', () => {
    for (const s of ['', ' ', 'abc', '0x1f', 'Infinity', 'NaN', '1,5', '--1', '1e', '.']) {
      expect(parseNum(s, 0, s.length)).toBeNaN();
    }
    expect(parseNum(' 12.5 ', 0, 6)).toBe(12.5);
    expect(parseNum('x,-0.25,y', 2, 7)).toBe(-0.25);
    expect(parseNum('1.5e3', 0, 5)).toBe(1500);
  });
});

describe('parseIsoTime', () => {
  it('equals Date.parse on ISO 8601 UTC times with milliseconds', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
        (d) => {
          const s = d.toISOString();
          expect(parseIsoTime(s, 0, s.length)).toBeCloseTo(d.getTime() / 1000, 6);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads offsets, a space separator, no zone (UTC) and the FR24 granular form', () => {
    const at = (s: string) => parseTime(s, 0, s.length);
    expect(at('2019-07-23T09:09:00+09:00')).toBe(Date.parse('2019-07-23T00:09:00Z') / 1000);
    expect(at('2019-07-23 00:09:00')).toBe(Date.parse('2019-07-23T00:09:00Z') / 1000);
    expect(at('2024-01-02 07:41:03Z.515')).toBeCloseTo(Date.parse('2024-01-02T07:41:03.515Z') / 1000, 6);
    expect(at('1563840540')).toBe(1563840540);
    expect(at('1563840540500')).toBe(1563840540.5); // milliseconds by magnitude
    for (const bad of [
      '2019-02-29T00:00:00Z',
      '2019-13-01',
      '2019-07-23T25:00:00Z',
      '2019-07-23T00:09:00ZZ',
      'soon',
    ]) {
      expect(at(bad)).toBeNaN();
    }
  });
});

describe('CsvSplitter', () => {
  it('splits RFC 4180 records like a reference splitter', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', ' ', '\n'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), (fields) => {
        const line = fields.map((f) => (/[,"\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',');
        const sp = new CsvSplitter();
        const n = sp.split(line);
        expect(n).toBe(fields.length);
        for (let i = 0; i < n; i++) expect(sp.field(line, i)).toBe(fields[i]);
      }),
      { numRuns: 1000 },
    );
  });
});

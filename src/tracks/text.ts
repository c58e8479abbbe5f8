/**
 * Allocation-light parsing of the text fields track files are made of: numbers, times and
 * RFC 4180 CSV fields. Parsers work on (string, start, end) ranges so that a row costs no
 * substring per field on the fast path.
 */

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/**
 * The decimal number in s[a, b) (surrounding spaces allowed), NaN when empty or not a number.
 * Fast path: at most 15 significant digits and no exponent, where integer / 10^k is exact
 * (both operands exact doubles, one correctly rounded division), i.e. identical to Number().
 */
export function parseNum(s: string, a: number, b: number): number {
  while (a < b && s.charCodeAt(a) === 32) a++;
  while (b > a && s.charCodeAt(b - 1) === 32) b--;
  if (a >= b) return Number.NaN;
  let i = a;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  let mant = 0;
  let digits = 0;
  let frac = 0;
  let seenDot = false;
  let any = false;
  for (; i < b; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      any = true;
      if (mant === 0 && c === 48 && !seenDot) continue;
      mant = mant * 10 + (c - 48);
      if (mant !== 0) digits++;
      if (seenDot) frac++;
    } else if (c === 46 && !seenDot) {
      seenDot = true;
    } else break;
  }
  if (i === b && any && digits <= 15 && frac <= 16) {
    const v = frac === 0 ? mant : mant / POW10[frac];
    return neg ? -v : v;
  }
  // Exponents, long mantissas, 'NaN', 'Infinity', hex...: the slow, exact path. Number() accepts
  // things we do not want ('0x1f', 'Infinity', ''), so restrict to a plain decimal shape first.
  const text = s.slice(a, b);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number.NaN;
  return Number(text);
}

/** Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digitsAt(s: string, i: number, n: number, end: number): number {
  if (i + n > end) return -1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * ISO 8601 date-time in s[a, b) → epoch seconds, NaN when not one.
 * Accepts `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]][Z|±HH[:MM]]`; no zone means UTC. Also accepts the
 * Flightradar24 granular form `YYYY-MM-DD HH:MM:SSZ.fff` (fraction after the Z).
 */
export function parseIsoTime(s: string, a: number, b: number): number {
  while (a < b && s.charCodeAt(a) === 32) a++;
  while (b > a && s.charCodeAt(b - 1) === 32) b--;
  const y = digitsAt(s, a, 4, b);
  if (y < 0 || s.charCodeAt(a + 4) !== 45) return Number.NaN;
  const mo = digitsAt(s, a + 5, 2, b);
  if (mo < 1 || mo > 12 || s.charCodeAt(a + 7) !== 45) return Number.NaN;
  const d = digitsAt(s, a + 8, 2, b);
  if (d < 1 || d > DAYS_IN_MONTH[mo - 1]) return Number.NaN;
  if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return Number.NaN;
  let t = daysFromCivil(y, mo, d) * 86400;
  let i = a + 10;
  if (i === b) return t;
  const sep = s.charCodeAt(i);
  if (sep !== 84 && sep !== 116 && sep !== 32) return Number.NaN;
  const hh = digitsAt(s, i + 1, 2, b);
  if (hh < 0 || hh > 24 || s.charCodeAt(i + 3) !== 58) return Number.NaN;
  const mi = digitsAt(s, i + 4, 2, b);
  if (mi < 0 || mi > 59) return Number.NaN;
  t += hh * 3600 + mi * 60;
  i += 6;
  if (i < b && s.charCodeAt(i) === 58) {
    const ss = digitsAt(s, i + 1, 2, b);
    if (ss < 0 || ss > 60) return Number.NaN;
    t += ss;
    i += 3;
  }
  let zoned = false;
  if (
    i < b &&
    (s.charCodeAt(i) === 90 || s.charCodeAt(i) === 122) &&
    i + 1 < b &&
    s.charCodeAt(i + 1) === 46
  ) {
    zoned = true; // FR24 granular: "07:41:03Z.515"
    i++;
  }
  if (i < b && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
    let j = i + 1;
    let frac = 0;
    let scale = 1;
    while (j < b) {
      const c = s.charCodeAt(j) - 48;
      if (c < 0 || c > 9) break;
      if (scale < 1e15) {
        frac = frac * 10 + c;
        scale *= 10;
      }
      j++;
    }
    if (j === i + 1) return Number.NaN;
    t += frac / scale;
    i = j;
  }
  if (i === b) return t;
  const z = s.charCodeAt(i);
  if ((z === 90 || z === 122) && i + 1 === b && !zoned) return t;
  if ((z === 43 || z === 45) && !zoned) {
    const oh = digitsAt(s, i + 1, 2, b);
    if (oh < 0 || oh > 23) return Number.NaN;
    let j = i + 3;
    if (j < b && s.charCodeAt(j) === 58) j++;
    let om = 0;
    if (j < b) {
      om = digitsAt(s, j, 2, b);
      if (om < 0 || om > 59 || j + 2 !== b) return Number.NaN;
    }
    const off = (oh * 3600 + om * 60) * (z === 43 ? 1 : -1);
    return t - off;
  }
  return Number.NaN;
}

/** Epoch values above this are taken as milliseconds (1e11 s is the year 5138). */
const MS_THRESHOLD = 1e11;

/**
 * A time field: ISO 8601 or epoch seconds (epoch milliseconds are recognised by magnitude).
 * NaN when neither.
 */
export function parseTime(s: string, a: number, b: number): number {
  while (a < b && s.charCodeAt(a) === 32) a++;
  if (a + 10 <= b && s.charCodeAt(a + 4) === 45) return parseIsoTime(s, a, b);
  const v = parseNum(s, a, b);
  return Math.abs(v) > MS_THRESHOLD ? v / 1000 : v;
}

/** A JSON time value: number (epoch s, or ms by magnitude) or ISO string. */
export function timeOfValue(v: unknown): number {
  if (typeof v === 'number') return Math.abs(v) > MS_THRESHOLD ? v / 1000 : v;
  if (typeof v === 'string') return parseTime(v, 0, v.length);
  return Number.NaN;
}

/** A JSON numeric value, NaN when absent or not a finite number (numeric strings accepted). */
export function numOfValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseNum(v, 0, v.length);
  return Number.NaN;
}

/**
 * Splits one CSV record into field ranges (RFC 4180: fields may be quoted, "" is a quote).
 * Writes start/end offsets into `bounds` (2 per field, quotes excluded) and returns the field
 * count; `quoted[i]` is 1 when field i was quoted and contains an escaped quote, so that
 * `field()` knows it must unescape.
 */
export class CsvSplitter {
  bounds = new Int32Array(64);
  escaped = new Uint8Array(32);
  count = 0;

  constructor(readonly delimiter = 44) {}

  split(line: string, start = 0, end = line.length): number {
    let n = 0;
    let i = start;
    const delim = this.delimiter;
    for (;;) {
      if (2 * n + 2 > this.bounds.length) this.grow();
      if (i < end && line.charCodeAt(i) === 34) {
        let j = i + 1;
        let esc = 0;
        for (;;) {
          const q = line.indexOf('"', j);
          if (q < 0 || q >= end) {
            j = end; // unterminated quote: take the rest of the record
            break;
          }
          if (q + 1 < end && line.charCodeAt(q + 1) === 34) {
            esc = 1;
            j = q + 2;
            continue;
          }
          j = q;
          break;
        }
        this.bounds[2 * n] = i + 1;
        this.bounds[2 * n + 1] = j;
        this.escaped[n] = esc;
        n++;
        i = j + 1;
        while (i < end && line.charCodeAt(i) !== delim) i++;
      } else {
        let j = line.indexOf(String.fromCharCode(delim), i);
        if (j < 0 || j > end) j = end;
        this.bounds[2 * n] = i;
        this.bounds[2 * n + 1] = j;
        this.escaped[n] = 0;
        n++;
        i = j;
      }
      if (i >= end) break;
      i++; // past the delimiter
      if (i === end) {
        // trailing delimiter: one more, empty field
        if (2 * n + 2 > this.bounds.length) this.grow();
        this.bounds[2 * n] = end;
        this.bounds[2 * n + 1] = end;
        this.escaped[n] = 0;
        n++;
        break;
      }
    }
    this.count = n;
    return n;
  }

  start(i: number): number {
    return this.bounds[2 * i];
  }

  end(i: number): number {
    return this.bounds[2 * i + 1];
  }

  /** Field i as a string (allocates; use start/end with the parse functions on hot paths). */
  field(line: string, i: number): string {
    if (i >= this.count) return '';
    const v = line.slice(this.bounds[2 * i], this.bounds[2 * i + 1]);
    return this.escaped[i] ? v.replaceAll('""', '"') : v;
  }

  private grow(): void {
    const b = new Int32Array(this.bounds.length * 2);
    b.set(this.bounds);
    this.bounds = b;
    const e = new Uint8Array(this.escaped.length * 2);
    e.set(this.escaped);
    this.escaped = e;
  }
}

/** Lower-cased, trimmed header names with a BOM removed from the first. */
export function headerNames(line: string, splitter: CsvSplitter): string[] {
  const n = splitter.split(line);
  const names: string[] = [];
  for (let i = 0; i < n; i++) names.push(splitter.field(line, i).trim().toLowerCase());
  if (names.length > 0) names[0] = names[0].replace(/^\uFEFF/, '');
  return names;
}

/** Index of the first name present in `names`, in `wanted` order of preference; -1 when none. */
export function columnOf(names: string[], wanted: readonly string[]): number {
  for (const w of wanted) {
    const i = names.indexOf(w);
    if (i >= 0) return i;
  }
  return -1;
}

/** A short, printable excerpt of a bad value for an error message. */
export function excerpt(v: unknown): string {
  let s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  if (s === undefined) s = String(v);
  return s.length > 40 ? `${JSON.stringify(s.slice(0, 40))}…` : JSON.stringify(s);
}

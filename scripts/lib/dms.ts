/**
 * Coordinates as sources print them → decimal degrees. Kept exact (no rounding) so that the
 * catalog's vertices equal the published values.
 */

/** Degrees, minutes, seconds → decimal degrees. */
export function dmsToDeg(deg: number, min = 0, sec = 0): number {
  return deg + min / 60 + sec / 3600;
}

/**
 * An ICAO-style DM pair such as '3717N' / '13300E' (DDMM or DDDMM, hemisphere last) → degrees.
 * Throws naming the string when it is not of that form.
 */
export function parseIcaoDm(s: string): number {
  const m = /^(\d{2,3})(\d{2})([NSEW])$/.exec(s);
  if (!m) throw new Error(`'${s}': expected DDMMN or DDDMME (degrees, minutes, hemisphere)`);
  const v = dmsToDeg(Number(m[1]), Number(m[2]));
  return m[3] === 'S' || m[3] === 'W' ? -v : v;
}

/** A 'DDMMN DDDMME' pair → [lat, lon]. */
export function parseIcaoPair(s: string): [number, number] {
  const [a, b] = s.trim().split(/\s+/);
  if (!a || !b) throw new Error(`'${s}': expected 'DDMMN DDDMME'`);
  return [parseIcaoDm(a), parseIcaoDm(b)];
}

/** A DMS string such as 21°00'00"N → degrees. */
export function parseDmsString(s: string): number {
  const m = /^(\d+)°(\d+)'(\d+(?:\.\d+)?)"([NSEW])$/.exec(s.trim());
  if (!m) throw new Error(`'${s}': expected D°M'S"H`);
  const v = dmsToDeg(Number(m[1]), Number(m[2]), Number(m[3]));
  return m[4] === 'S' || m[4] === 'W' ? -v : v;
}

/** ISO 8601 UTC with milliseconds, the output contract's time format. */
export function isoTime(tS: number): string {
  return new Date(Math.round(tS * 1000)).toISOString();
}

/** Rounds for output: coordinates to 1e-7° (≈1 cm), metres and seconds to 1 mm / 1 ms. */
export const round7 = (x: number): number => Math.round(x * 1e7) / 1e7;
export const round3 = (x: number): number => Math.round(x * 1e3) / 1e3;
export const round1 = (x: number): number => Math.round(x * 10) / 10;

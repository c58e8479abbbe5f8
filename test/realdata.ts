/**
 * The real public data the tests read: a byte-for-byte copy of the shared real-data set, kept in
 * test/realdata with its README (origin, commit, licence and SHA-256 of every file), so a clone
 * runs every test on its own.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REALDATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'realdata');

/** Path of a file of the real-data set. */
export function realdata(...parts: string[]): string {
  return path.join(REALDATA, ...parts);
}

/**
 * Where a bench script takes the engine from: the directory given (the compiled dist that the CLI
 * runs; bench/run.ts compiles it) or by default the sources in src/ (run through tsx).
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function engineLoader(dir: string | undefined): <T>(module: string) => Promise<T> {
  const base = dir
    ? path.resolve(dir)
    : path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');
  return (m) => import(pathToFileURL(path.join(base, m)).href);
}

/**
 * A CommonJS package loaded on its first use. The readers of a few formats need packages that
 * take tens of milliseconds to load (an XML parser, a YAML parser), which every command would
 * otherwise pay at start-up however few of its files are in those formats.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(id) as T;
    return loaded;
  };
}

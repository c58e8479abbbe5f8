import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** src/server and dist/server both sit two levels below the repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

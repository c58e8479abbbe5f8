/**
 * Starts a worker thread on a module next to the caller's: its .js build, or from TypeScript
 * sources (tsx, vitest) the .ts file with tsx registered first.
 */
import { Worker } from 'node:worker_threads';

export function startWorker(callerUrl: string, name: string): Worker {
  const ts = callerUrl.endsWith('.ts');
  const url = new URL(`./${name}${ts ? '.ts' : '.js'}`, callerUrl);
  if (!ts) return new Worker(url);
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true });
}

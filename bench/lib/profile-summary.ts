/** Self time by function of a V8 .cpuprofile (node --cpu-prof): what bounds a run. */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export function profileSummary(file: string, top = 15): Array<{ fn: string; selfMs: number; share: number }> {
  const p = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: Node[];
    samples: number[];
    timeDeltas: number[];
  };
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++)
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const byFn = new Map<string, number>();
  let total = 0;
  for (const n of p.nodes) {
    const t = self.get(n.id) ?? 0;
    total += t;
    const url = n.callFrame.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/');
    const key = `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + t);
  }
  return [...byFn.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, us]) => ({ fn, selfMs: us / 1000, share: us / total }));
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  for (const r of profileSummary(process.argv[2], Number(process.argv[3] ?? 15))) {
    console.log(
      `${(r.share * 100).toFixed(1).padStart(5)} %  ${r.selfMs.toFixed(0).padStart(7)} ms  ${r.fn}`,
    );
  }
}

/** Inclusive time of every function whose name is listed (time under its frames, once per sample). */
export function inclusive(file: string, names: string[]): Record<string, number> {
  const p = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: Node[];
    samples: number[];
    timeDeltas: number[];
  };
  const parent = new Map<number, number>();
  const byId = new Map<number, Node>();
  for (const n of p.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const out: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  const wanted = new Set(names);
  for (let i = 0; i < p.samples.length; i++) {
    const seen = new Set<string>();
    for (let id: number | undefined = p.samples[i]; id !== undefined; id = parent.get(id)) {
      const fn = byId.get(id)?.callFrame.functionName ?? '';
      if (wanted.has(fn) && !seen.has(fn)) {
        seen.add(fn);
        out[fn] += (p.timeDeltas[i] ?? 0) / 1000;
      }
    }
  }
  return out;
}

if (process.argv[1]?.endsWith('profile-summary.ts') && process.argv[4]) {
  console.log(inclusive(process.argv[2], process.argv[4].split(',')));
}

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');

describe('README', () => {
  it('runs the library example as written', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Library'));
    const code = section.slice(
      section.indexOf('```ts') + 5,
      section.indexOf('```', section.indexOf('```ts') + 5),
    );
    expect(code).toContain("from 'incursion'");
    // Inside the package, so that `import ... from 'incursion'` resolves to this package itself.
    const dir = join(ROOT, 'test', 'output');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'readme-example.mjs');
    writeFileSync(file, code);
    const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [time, finding] = r.stdout.trim().split(' ');
    expect(time.startsWith('2022-08-02T14:06')).toBe(true);
    expect(finding).toBe('adiz-entry');
  });

  it('names only commands that exist', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const m of readme.matchAll(/npm run ([a-z:-]+)/g)) expect(pkg.scripts[m[1]], m[0]).toBeDefined();
  });
});

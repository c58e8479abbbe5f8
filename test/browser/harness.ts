/**
 * What every browser test needs: Debian's chromium (skipped loudly when missing, a failure when
 * REQUIRE_BROWSER=1), the page built into a temporary folder and served by a real server on
 * loopback, and a page that records console errors and any request leaving the machine.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/report/pdf.js';
import { type RunningServer, startServer } from '../../src/server/index.js';
import { REPO_ROOT } from '../server/helpers.js';

/** The report renderer's chromium (INCURSION_CHROMIUM or Debian's), with its flags. */
export const CHROMIUM = CHROMIUM_PATH;
export const hasChromium = existsSync(CHROMIUM);
export const OUTPUT = join(REPO_ROOT, 'test', 'output');
const required = process.env.REQUIRE_BROWSER === '1';

/** Says loudly that the suite cannot run, and fails it when a browser is required. */
export function requireChromium(suite: string): void {
  if (hasChromium) return;
  const banner = '#'.repeat(78);
  process.stderr.write(
    `\n${banner}\n# ${suite} ${required ? 'CANNOT RUN' : 'SKIPPED'}: ${CHROMIUM} not found.\n` +
      `# Install it with: apt-get install -y chromium${required ? '' : '   (REQUIRE_BROWSER=1 makes this a failure)'}\n${banner}\n\n`,
  );
  describe.runIf(required)('browser required', () => {
    it('has chromium', () => {
      expect(existsSync(CHROMIUM), `REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`).toBe(true);
    });
  });
}

export interface PageHarness {
  server: RunningServer;
  browser: Browser;
  page: Page;
}

/**
 * Builds the page into dir, serves it with a server on its own database there, and opens it in
 * a fresh chromium (launch() gives every run a new temporary user-data dir).
 */
export async function openPage(
  dir: string,
  db: string,
  consoleErrors: string[],
  outside: string[],
): Promise<PageHarness> {
  const outDir = join(dir, 'dist');
  await build({
    configFile: join(REPO_ROOT, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  const server = await startServer({ port: 0, db: join(dir, db), token: null, webRoot: outDir });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      ...CHROMIUM_ARGS,
      // WebGL without a GPU: SwiftShader through ANGLE.
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  // The page must need nothing but its own server.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url) || url.startsWith('data:') || url.startsWith('blob:'))
      return route.continue();
    outside.push(url);
    return route.abort();
  });
  mkdirSync(OUTPUT, { recursive: true });
  return { server, browser, page };
}

/** Resolves once the map has loaded, stopped moving and drawn its tiles. */
export function mapReady(page: Page) {
  return page.waitForFunction(() => {
    const m = (
      window as unknown as {
        incursion?: { map: { loaded(): boolean; isMoving(): boolean; areTilesLoaded(): boolean } };
      }
    ).incursion?.map;
    return !!m && m.loaded() && !m.isMoving() && m.areTilesLoaded();
  });
}

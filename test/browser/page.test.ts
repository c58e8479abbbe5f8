/**
 * The page in Debian's chromium (playwright-core): open it, upload the SPAR19 flight, find the
 * Taiwan ADIZ visit, click it, scrub the timeline, screenshot, and fail on any console error or
 * any request leaving the machine (the map must work offline).
 *
 * Without /usr/bin/chromium the tests skip LOUDLY, unless REQUIRE_BROWSER=1 (CI), where they fail.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { SPAR19, tempDir } from '../server/helpers.js';
import { hasChromium, mapReady, OUTPUT, openPage, requireChromium } from './harness.js';

requireChromium('BROWSER TESTS');

describe.runIf(hasChromium)('the page', () => {
  const tmp = tempDir('browser');
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const outside: string[] = [];

  const mapSettled = () => mapReady(page);

  beforeAll(async () => {
    ({ server, browser, page } = await openPage(tmp.dir, 'page.sqlite', consoleErrors, outside));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    tmp.remove();
  });

  it('opens with the offline base map', async () => {
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    await mapSettled();
    expect(await page.locator('#layers input[type=checkbox]').count()).toBeGreaterThan(5);
    expect(consoleErrors).toEqual([]);
  });

  it('uploads SPAR19, lists the Taiwan ADIZ visit, zooms to it and replays', async () => {
    await page.selectOption('#category-select', 'state');
    await page.setInputFiles('#file-input', SPAR19);
    const row = page.locator('#visits-table tbody tr[data-zone="TWN-ADIZ"]');
    await row.first().waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('#analysis-select').inputValue()).not.toBe('');
    await row.first().click();
    await expect.poll(() => row.first().getAttribute('class')).toContain('selected');
    await expect.poll(() => page.evaluate(() => window.location.search)).toMatch(/[?&]v=\d+/);
    await mapSettled();
    await page.screenshot({ path: join(OUTPUT, 'spar19-visit.png') });

    // Scrub the timeline to 14:20 UTC, when SPAR19 was inside the Taiwan ADIZ.
    const at = Date.parse('2022-08-02T14:20:00Z') / 1000;
    await page.$eval(
      '#time-slider',
      (el, v) => {
        const input = el as HTMLInputElement;
        input.value = String(v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      },
      at,
    );
    await expect.poll(() => page.locator('#time-label').textContent()).toContain('2022-08-02 14:20:00');
    await expect.poll(() => page.locator('.ac-label').first().textContent()).toContain('SPAR19');
    await expect.poll(() => page.evaluate(() => window.location.search)).toContain('t=2022-08-02T14:20:00Z');
    await mapSettled();
    await page.screenshot({ path: join(OUTPUT, 'spar19-replay.png') });

    // Play runs the clock forward.
    await page.click('#play');
    await expect.poll(() => page.locator('#time-label').textContent()).not.toContain('14:20:00');
    await page.click('#play');

    // The whole flight, for the article.
    await page.evaluate(() => {
      const m = (window as unknown as { incursion: { map: { fitBounds(b: number[][], o: object): void } } })
        .incursion.map;
      m.fitBounds(
        [
          [100, -2],
          [128, 26.5],
        ],
        { duration: 0, padding: 20 },
      );
    });
    await mapSettled();
    await page.screenshot({ path: join(OUTPUT, 'spar19-flight.png') });
    expect(consoleErrors).toEqual([]);
    expect(outside).toEqual([]);
  });

  it('sorts the visits table and shows a zone popup with its rules and source', async () => {
    const depth = page.locator('#visits-table th[data-key="depth"]');
    await depth.click();
    await expect.poll(() => depth.getAttribute('aria-sort')).toBe('ascending');
    await depth.click();
    await expect.poll(() => depth.getAttribute('aria-sort')).toBe('descending');
    // East of Taiwan, inside the Taiwan ADIZ and outside any territorial sea.
    const point = await page.evaluate(() => {
      const m = (
        window as unknown as {
          incursion: { map: { jumpTo(o: object): void; project(c: number[]): { x: number; y: number } } };
        }
      ).incursion.map;
      m.jumpTo({ center: [122.4, 23.2], zoom: 6 });
      const p = m.project([122.4, 23.2]);
      return { x: p.x, y: p.y };
    });
    await mapSettled();
    const box = await page.locator('#map').boundingBox();
    await page.mouse.click((box?.x ?? 0) + point.x, (box?.y ?? 0) + point.y);
    const popup = page.locator('.maplibregl-popup');
    await popup.waitFor();
    const text = await popup.textContent();
    expect(text).toContain('TWN-ADIZ');
    expect(text).toContain('not sovereign airspace');
    expect(text).toContain('Source');
    expect(await popup.locator('a[href^="http"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(OUTPUT, 'zone-popup.png') });
    expect(consoleErrors).toEqual([]);
  });

  it('restores the view from the URL', async () => {
    const url = page.url();
    const t = new URL(url).searchParams.get('t');
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    await expect.poll(() => page.locator('#visits-table tbody tr.selected').count()).toBe(1);
    await expect.poll(() => page.locator('#time-label').textContent()).toContain((t ?? '').slice(11, 19));
    expect(consoleErrors).toEqual([]);
  });

  it('shows the API error for a file that is not a track', async () => {
    const bad = join(tmp.dir, 'notes.txt');
    (await import('node:fs')).writeFileSync(bad, 'not a track\n');
    await page.setInputFiles('#file-input', bad);
    await page.locator('#error').waitFor({ state: 'visible' });
    const text = await page.locator('#error-text').textContent();
    expect(text).toContain('400');
    expect(text).toContain('notes.txt');
    // A 400 answer shows in the console as a failed resource: that one is expected.
    const unexpected = consoleErrors.filter((e) => !/status of 400/.test(e));
    expect(unexpected).toEqual([]);
  });
});

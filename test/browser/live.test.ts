/**
 * The page's live mode in Debian's chromium (playwright-core), against a real server on loopback:
 * open the page in live mode, POST positions to /api/live/positions (a state aircraft of RUS
 * crossing the Liancourt Rocks territorial sea and out, another one crossing into the KADIZ), and
 * check what the page shows: the alert list (zones, wording, UTC times, newest first), the aircraft
 * on the map, the zones lit while an aircraft is inside, the filters, the view kept in the URL.
 * Fails on any console error or any request leaving the machine.
 *
 * Without /usr/bin/chromium the tests skip LOUDLY, unless REQUIRE_BROWSER=1 (CI), where they fail.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { tempDir } from '../server/helpers.js';
import { hasChromium, mapReady, OUTPUT, openPage, requireChromium } from './harness.js';

requireChromium('LIVE BROWSER TESTS');

const T0_S = Date.parse('2019-07-23T00:00:00Z') / 1000;
const STEPS = 20;
const STEP_S = 30;

interface Fix {
  track: string;
  time: string;
  lat: number;
  lon: number;
  alt_ft: number;
  category: string;
  operator: string;
}

/** A straight feed from one point to another, a fix every 30 s for 10 minutes. */
function feed(track: string, from: [number, number], to: [number, number], altFt: number): Fix[] {
  const out: Fix[] = [];
  for (let i = 0; i <= STEPS; i++) {
    const f = i / STEPS;
    out.push({
      track,
      time: new Date((T0_S + STEP_S * i) * 1000).toISOString(),
      lat: from[0] + f * (to[0] - from[0]),
      lon: from[1] + f * (to[1] - from[1]),
      alt_ft: altFt,
      category: 'state',
      operator: 'RUS',
    });
  }
  return out;
}

// Passes about 2 km from the rocks: in and out of the 12 NM territorial sea.
const A50 = feed('RUS-A50', [37.6, 132.1], [36.9, 131.7], 29000);
// Along 37.8° N, westward across the KADIZ's eastern edge (133° E) at 00:06:00.
const TU95 = feed('RUS-TU95', [37.8, 133.6], [37.8, 132.6], 27000);
const LIANCOURT: [number, number] = [131.8695, 37.2408];

describe.runIf(hasChromium)('the page in live mode', () => {
  const tmp = tempDir('browser-live');
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const outside: string[] = [];

  const mapSettled = () => mapReady(page);

  /** Ids of the features of `layers` drawn within `radiusPx` of a [lon, lat] point. */
  const renderedAt = (lonLat: [number, number], layers: string[], radiusPx = 4) =>
    page.evaluate(
      ({ lonLat, layers, radiusPx }) => {
        const m = (
          window as unknown as {
            incursion: {
              map: {
                project(c: number[]): { x: number; y: number };
                queryRenderedFeatures(
                  box: number[][],
                  o: object,
                ): Array<{ layer: { id: string }; properties: Record<string, unknown> }>;
              };
            };
          }
        ).incursion.map;
        const p = m.project(lonLat);
        return m
          .queryRenderedFeatures(
            [
              [p.x - radiusPx, p.y - radiusPx],
              [p.x + radiusPx, p.y + radiusPx],
            ],
            { layers },
          )
          .map((f) => `${f.layer.id}:${String(f.properties.id ?? f.properties.track ?? f.properties.zone)}`);
      },
      { lonLat, layers, radiusPx },
    );

  const post = async (fixes: Fix[]) => {
    const res = await fetch(`${server.url}/api/live/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fixes),
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { accepted: number; rejected: number };
    expect(body).toMatchObject({ accepted: fixes.length, rejected: 0 });
  };

  const alertText = (type: string, zone: string) =>
    page.locator(`#alerts li[data-type="${type}"][data-zone="${zone}"]`).first().textContent();

  const view = (center: [number, number], zoom: number) =>
    page.evaluate(
      ({ center, zoom }) =>
        (window as unknown as { incursion: { map: { jumpTo(o: object): void } } }).incursion.map.jumpTo({
          center,
          zoom,
        }),
      { center, zoom },
    );

  beforeAll(async () => {
    ({ server, browser, page } = await openPage(tmp.dir, 'live.sqlite', consoleErrors, outside));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    tmp.remove();
  });

  it('opens in live mode from the URL and connects', async () => {
    await page.goto(`${server.url}/?mode=live`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('#live-status .pill.on').waitFor();
    expect(await page.locator('#live-toggle').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#live').isVisible()).toBe(true);
    expect(await page.locator('#visits').isVisible()).toBe(false);
    expect(await page.locator('#alerts').textContent()).toContain('No entry or exit yet');
    await expect.poll(() => page.evaluate(() => window.location.search)).toContain('mode=live');
    expect(consoleErrors).toEqual([]);
  });

  it('shows the entry into LIANCOURT-TS as it happens, the aircraft on the map and the zone lit', async () => {
    // First half: both aircraft up to 00:05:00 (the page shows them 30 s behind: reorder window).
    await post([...A50.slice(0, 11), ...TU95.slice(0, 11)]);

    await expect
      .poll(() => alertText('enter', 'LIANCOURT-TS'), { timeout: 15_000 })
      .toContain('RUS-A50 entered LIANCOURT-TS (territorial; claimants KOR, JPN)');
    expect(await alertText('enter', 'LIANCOURT-TS')).toContain('2019-07-23 00:02:38 UTC');
    // Both were already inside an ADIZ at their first fix: said so, not called an entry.
    const initial = await alertText('enter', 'KOR-ADIZ');
    expect(initial).toContain('RUS-A50 was inside KOR-ADIZ (ADIZ, not sovereign airspace) when first seen');
    expect(initial).toContain('entry not observed');
    expect(await alertText('enter', 'JPN-ADIZ')).toContain(
      'RUS-TU95 was inside JPN-ADIZ (ADIZ, not sovereign airspace) when first seen',
    );

    // The "now" list and the map agree: RUS-A50 is inside the rocks' territorial sea.
    await expect
      .poll(() => page.locator('#live-inside li[data-track="RUS-A50"]').getAttribute('data-zones'))
      .toBe('KOR-ADIZ,LIANCOURT-TS');
    await expect
      .poll(() => page.locator('.ac-label').allTextContents())
      .toEqual(
        expect.arrayContaining([expect.stringContaining('RUS-A50'), expect.stringContaining('RUS-TU95')]),
      );

    await view([132.55, 37.4], 7.3);
    await mapSettled();
    // The latest stepped fix of RUS-A50 is the one at 00:04:30 (the window holds the last 30 s).
    const at = A50[9];
    await expect
      .poll(() => renderedAt([at.lon, at.lat], ['aircraft']), { timeout: 10_000 })
      .toContain('aircraft:RUS-A50');
    await expect
      .poll(() => renderedAt(LIANCOURT, ['zones-lit-fill']))
      .toContain('zones-lit-fill:LIANCOURT-TS');
    // Lit while an aircraft is inside; a zone nobody is in stays unlit (JPN-TS off Oki).
    expect(await renderedAt([133.2, 36.2], ['zones-lit-fill', 'zones-territorial-fill'])).not.toContain(
      'zones-lit-fill:JPN-TS',
    );
    await expect
      .poll(() => page.locator('.live-callout[data-zone="LIANCOURT-TS"]').textContent())
      .toContain('RUS-A50 entered 00:02:38');
    await mapSettled();
    await page.screenshot({ path: join(OUTPUT, 'live-entry.png') });
    expect(consoleErrors).toEqual([]);
  });

  it('shows the exit, the KADIZ entry, newest first, and unlights the zone left', async () => {
    await post([...A50.slice(11), ...TU95.slice(11)]);

    await expect
      .poll(() => alertText('exit', 'LIANCOURT-TS'), { timeout: 15_000 })
      .toContain('RUS-A50 left LIANCOURT-TS (territorial; claimants KOR, JPN)');
    const exit = await alertText('exit', 'LIANCOURT-TS');
    expect(exit).toContain('2019-07-23 00:07:49 UTC');
    // The closed visit follows the exit: its finding, worded neutrally.
    await expect
      .poll(() => alertText('exit', 'LIANCOURT-TS'))
      .toContain('Entered foreign territorial airspace: whether it was authorised is not known');
    await expect
      .poll(() =>
        page
          .locator('#alerts li[data-type="enter"][data-zone="KOR-ADIZ"][data-track="RUS-TU95"]')
          .textContent(),
      )
      .toContain('RUS-TU95 entered KOR-ADIZ (ADIZ, not sovereign airspace)');

    // Newest observation first.
    const times = await page
      .locator('#alerts li.alert time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    expect(times.length).toBe(6);
    expect([...times].sort().reverse()).toEqual(times);
    expect(await page.locator('#alerts li.alert').first().getAttribute('data-zone')).toBe('LIANCOURT-TS');

    // LIANCOURT-TS is no longer lit; the KADIZ is (both aircraft are inside it).
    await expect
      .poll(() => page.locator('#live-inside li[data-track="RUS-A50"]').getAttribute('data-zones'))
      .toBe('KOR-ADIZ');
    await mapSettled();
    await expect
      .poll(() => renderedAt(LIANCOURT, ['zones-lit-fill']))
      .not.toContain('zones-lit-fill:LIANCOURT-TS');
    await expect
      .poll(() => renderedAt([132.2, 37.6], ['zones-lit-fill']))
      .toContain('zones-lit-fill:KOR-ADIZ');
    // Entry and exit markers where the aircraft crossed the territorial sea's edge.
    const enter = await page.evaluate(() => {
      const a = (
        window as unknown as {
          incursion: {
            live: { alerts: { all(): Array<{ type: string; zone: string; lat: number; lon: number }> } };
          };
        }
      ).incursion.live.alerts
        .all()
        .find((x) => x.type === 'enter' && x.zone === 'LIANCOURT-TS');
      return a ? [a.lon, a.lat] : null;
    });
    expect(enter).not.toBeNull();
    await expect
      .poll(() => renderedAt(enter as [number, number], ['crossings-enter']))
      .toContain('crossings-enter:LIANCOURT-TS');
    await page.screenshot({ path: join(OUTPUT, 'live-exit.png') });
    expect(consoleErrors).toEqual([]);
  });

  it('filters the alerts by zone kind and keeps the filter in the URL', async () => {
    await page.locator('#alert-filters input[data-kind="adiz"]').uncheck();
    await expect
      .poll(() =>
        page.locator('#alerts li.alert').evaluateAll((els) => els.map((e) => e.getAttribute('data-zone'))),
      )
      .toEqual(['LIANCOURT-TS', 'LIANCOURT-TS']);
    await expect
      .poll(() => page.evaluate(() => window.location.search))
      .toContain('kinds=territorial,fir,other,lost');

    // A reload restores live mode, the filter, and the alerts (replayed from the server).
    await page.goto(page.url());
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('#live-status .pill.on').waitFor();
    expect(await page.locator('#alert-filters input[data-kind="adiz"]').isChecked()).toBe(false);
    await expect
      .poll(() =>
        page.locator('#alerts li.alert').evaluateAll((els) => els.map((e) => e.getAttribute('data-type'))),
      )
      .toEqual(['exit', 'enter']);
    await page.locator('#alert-filters input[data-kind="adiz"]').check();
    await expect.poll(() => page.locator('#alerts li.alert').count()).toBe(6);
    expect(consoleErrors).toEqual([]);
  });

  it('marks a crossing inside a data gap and a lost aircraft as uncertain', async () => {
    const fix = (time: string, lat: number, lon: number): Fix => ({
      track: 'RUS-IL20',
      time,
      lat,
      lon,
      alt_ft: 25000,
      category: 'state',
      operator: 'RUS',
    });
    // 12 minutes without a position (more than the 10 min gap limit), then inside the rocks' sea;
    // the first two aircraft have been silent for 14 minutes by then.
    await post([
      fix('2019-07-23T00:11:00Z', 37.6, 132.3),
      fix('2019-07-23T00:23:00Z', 37.24, 131.95),
      fix('2019-07-23T00:23:30Z', 37.23, 131.93),
      fix('2019-07-23T00:24:00Z', 37.22, 131.91),
    ]);
    const gapEntry = page.locator(
      '#alerts li[data-type="enter"][data-zone="LIANCOURT-TS"][data-track="RUS-IL20"]',
    );
    await expect
      .poll(() => gapEntry.textContent(), { timeout: 15_000 })
      .toContain('RUS-IL20 entered LIANCOURT-TS (territorial; claimants KOR, JPN)');
    expect(await gapEntry.locator('.tag').textContent()).toBe('uncertain');
    expect(await gapEntry.getAttribute('class')).toContain('is-uncertain');
    const lost = page.locator('#alerts li[data-type="lost"][data-track="RUS-A50"]');
    await expect
      .poll(() => lost.textContent())
      .toContain(
        'RUS-A50: no position for more than 10 min after its last fix; whether it is still inside KOR-ADIZ is uncertain',
      );
    expect(await lost.locator('.tag').textContent()).toBe('uncertain');
    await expect
      .poll(() => page.locator('#live-inside li[data-track="RUS-A50"]').textContent())
      .toContain('no position since 2019-07-23 00:10:00 UTC: uncertain');
    // Lit again: RUS-IL20 is inside (an uncertain entry is still an entry).
    await mapSettled();
    await expect
      .poll(() => renderedAt(LIANCOURT, ['zones-lit-fill']))
      .toContain('zones-lit-fill:LIANCOURT-TS');
    // The 12 minutes without data are drawn as a gap (dashed), not as a flown line.
    await expect
      .poll(() => renderedAt([(132.3 + 131.93) / 2, (37.6 + 37.23) / 2], ['tracks-gap', 'tracks-line']))
      .toEqual(['tracks-gap:RUS-IL20']);
    await page.screenshot({ path: join(OUTPUT, 'live-uncertain.png') });

    await page.locator('#alert-filters input[data-kind="lost"]').uncheck();
    await expect.poll(() => page.locator('#alerts li[data-type="lost"]').count()).toBe(0);
    await page.locator('#alert-filters input[data-kind="lost"]').check();
    await expect.poll(() => page.locator('#alerts li[data-type="lost"]').count()).toBe(2);
    expect(consoleErrors).toEqual([]);
  });

  it('leaves live mode with the toggle', async () => {
    await page.click('#live-toggle');
    await expect.poll(() => page.locator('#live-toggle').getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('#live').isVisible()).toBe(false);
    expect(await page.locator('#summary').isVisible()).toBe(true);
    expect(await page.locator('#visits').getAttribute('hidden')).toBeNull();
    await expect.poll(() => page.evaluate(() => window.location.search)).not.toContain('mode=live');
    await mapSettled();
    expect(await renderedAt([132.2, 37.6], ['zones-lit-fill', 'aircraft'], 400)).toEqual([]);

    // `#live` is the short form: live mode again, written back to the URL as ?mode=live.
    await page.goto(`${server.url}/#live`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('#live-status .pill.on').waitFor();
    await expect.poll(() => page.evaluate(() => window.location.search)).toContain('mode=live');
    await expect.poll(() => page.locator('#live-inside li[data-track="RUS-IL20"]').count()).toBe(1);
    expect(consoleErrors).toEqual([]);
    expect(outside).toEqual([]);
  });
});

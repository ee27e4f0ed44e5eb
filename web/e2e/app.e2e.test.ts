/**
 * The web app in a real browser: builds it once (vite, into a temporary directory), serves
 * it (the HTTP server's createServer when it is there, else a small static server), drives
 * Debian's Chromium with playwright-core, and checks what a clinician would do: tighten a
 * heel cord and see the L5/S1 load change, run the toe-touch before/after a plantar
 * release, compare two soles for a painful heel (the walking numbers equal the API's),
 * click the interdependence map of quiet standing, print the report.
 * Screenshots and the slider timings go to test-artifacts/.
 *
 * Chromium: /usr/bin/chromium (CI installs it with apt-get). Without it the test fails
 * with a message saying so, unless KINECHAIN_SKIP_BROWSER=1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, openApp, postureVersion, REPOSITORY, setRange, waitForIntervals, waitForPostureAfter, type OpenApp } from './serve-app.js';

const SKIP = process.env.KINECHAIN_SKIP_BROWSER === '1';
const ARTIFACTS = join(REPOSITORY, 'test-artifacts');

/** Fraction of the canvas's pixels that are neither white nor transparent. */
async function inkedFraction(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((canvas) => {
    const element = canvas as HTMLCanvasElement;
    const data = (element.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, element.width, element.height).data;
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 245 || data[i + 1] < 245 || data[i + 2] < 245)) inked++;
    return inked / (data.length / 4);
  });
}

function numberIn(text: string | null): number {
  const match = /[-+−]?\d+(\.\d+)?/.exec((text ?? '').replace('−', '-'));
  return match ? Number(match[0].replace('−', '-')) : Number.NaN;
}

describe.skipIf(SKIP)('the web app in Chromium', () => {
  let app: OpenApp | null = null;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await openApp({ width: 1500, height: 1000 });
    page = app.page;
    pageErrors = app.pageErrors;
  }, 12 * MINUTE);

  afterAll(async () => {
    await app?.close();
  }, 2 * MINUTE);

  it('opens with the body, its lines coloured by tension, and the standing loads', async () => {
    const rows = await page.locator('#posture-table tbody tr').count();
    expect(rows).toBeGreaterThan(8);
    expect(numberIn(await page.locator('tr[data-load="l5s1"] td.before').textContent())).toBeGreaterThan(100);
    await expect.poll(() => page.locator('#body-view canvas').count()).toBe(1);
    // Pointing at the right plantar fascia's track shows its name and tension in N.
    const point = await page.evaluate(() =>
      (window as unknown as { kinechain: { trackScreenPoint(t: string): { x: number; y: number } | null } }).kinechain.trackScreenPoint('erector_spinae_lumbar_r'),
    );
    expect(point).not.toBeNull();
    const box = await page.locator('#body-view canvas').boundingBox();
    if (point && box) {
      await page.mouse.move(box.x + point.x, box.y + point.y);
      await expect.poll(() => page.locator('#tooltip').isVisible(), { timeout: 30_000 }).toBe(true);
      expect(await page.locator('#tooltip').textContent()).toMatch(/\d+(\.\d)? N/);
      await page.locator('#panel-body').screenshot({ path: join(ARTIFACTS, 'web-body-hover.png') });
      await page.mouse.move(1, 1);
    }
    await page.locator('#panel-body').screenshot({ path: join(ARTIFACTS, 'web-body-with-lines.png') });
    expect(pageErrors).toEqual([]);
  }, 5 * MINUTE);

  it('changes the L5/S1 load when a tight heel cord is set, and times the update', async () => {
    const before = await page.locator('tr[data-load="l5s1"] td.before').textContent();
    const version = await postureVersion(page);
    await page.locator('#imp-tight-heel-cord-side').selectOption('both');
    await setRange(page, '#imp-tight-heel-cord-severity', -10, ['input', 'change']);
    await waitForPostureAfter(page, version);
    // The release ("change") solve with intervals is the last to arrive.
    await page.waitForFunction(() => !/released/.test(document.querySelector('tr[data-load="l5s1"] td.change')?.textContent ?? ''), null, { timeout: 5 * MINUTE });
    const after = numberIn(await page.locator('tr[data-load="l5s1"] td.after').textContent());
    const change = await page.locator('tr[data-load="l5s1"] td.change').textContent();
    expect(Number.isFinite(after)).toBe(true);
    expect(after).not.toBe(numberIn(before));
    expect(change).toMatch(/N \(.+ to .+\)/);

    // Dragging the slider: the times of a few updates, from the input event to the redrawn body
    // (posture solve and scene in the worker, drawing on the page).
    const timings: Record<string, number>[] = [];
    // Eight steps: the first ones also pay for the page's code warming up; the median is the steady state.
    for (const severity of [-9, -8, -7, -6, -5, -4, -3, -2]) {
      const current = await postureVersion(page);
      await setRange(page, '#imp-tight-heel-cord-severity', severity, ['input']);
      await waitForPostureAfter(page, current);
      const times = await page.locator('#scene-timing').evaluate((element) => ({ ...(element as HTMLElement).dataset }));
      timings.push(Object.fromEntries(Object.entries(times).map(([key, value]) => [key.replace(/Ms$/, ''), Number(value)])));
      // While dragging, the nominal loads are shown and the intervals wait for the release.
      expect(await page.locator('tr[data-load="l5s1"] td.change').textContent()).toMatch(/released/);
    }
    const median = Object.fromEntries(
      Object.keys(timings[0]).map((key) => {
        const sorted = timings.map((entry) => entry[key]).sort((a, b) => a - b);
        return [key, sorted[Math.floor(sorted.length / 2)]];
      }),
    );
    console.log(`slider updates (ms): median ${JSON.stringify(median)}; each ${JSON.stringify(timings)}`);
    writeFileSync(join(ARTIFACTS, 'web-slider-timings.json'), `${JSON.stringify({ median, updates: timings }, null, 2)}\n`);
    expect(timings.every((entry) => entry.scene > 0 && entry.total >= entry.posture + entry.scene + entry.render)).toBe(true);
    // Releasing the slider brings the intervals.
    await setRange(page, '#imp-tight-heel-cord-severity', -4, ['change']);
    await waitForIntervals(page);
    await page.locator('#panel-body').screenshot({ path: join(ARTIFACTS, 'web-tight-heel-cord.png') });
  }, 10 * MINUTE);

  it('runs the toe-touch before and after a plantar release and shows the change with its interval', async () => {
    await page.locator('#intervention-name').selectOption('plantar-release-ball');
    await page.locator('#int-side').selectOption('both');
    await page.locator('#run-toe-touch').click();
    await page.waitForSelector('body[data-reach-done="true"]', { timeout: 8 * MINUTE });
    const change = await page.locator('#reach-change').textContent();
    const interval = await page.locator('#reach-interval').textContent();
    expect(Number.isFinite(numberIn(change))).toBe(true);
    expect(change).toMatch(/cm/);
    expect(interval).toMatch(/interval .+ to .+ cm/);
    expect(await page.locator('#reach-after-caption').textContent()).toMatch(/reach .* cm/);
    await page.waitForTimeout(2500);
    await page.locator('#panel-toe-touch').screenshot({ path: join(ARTIFACTS, 'web-toe-touch.png') });
  }, 10 * MINUTE);

  it('compares the healing sole with a flat sandal for a painful heel: standing maps, walking as the API gives it, where each helps', async () => {
    await page.locator('#footwear-a').selectOption('healing-sole');
    await page.locator('#footwear-b').selectOption('flat-sandal');
    await page.locator('#footwear-impairment').selectOption('painful-heel');
    await page.locator('#run-footwear').click();
    await page.waitForSelector('body[data-footwear-done="true"]', { timeout: 5 * MINUTE });
    expect(await inkedFraction(page, '#pressure-a')).toBeGreaterThan(0.05);
    expect(await inkedFraction(page, '#pressure-b')).toBeGreaterThan(0.05);
    const peaks = await page.locator('#footwear-table tr').nth(1).locator('td').allTextContents();
    expect(peaks[0]).toMatch(/Peak pressure/);
    expect(numberIn(peaks[1])).not.toBe(numberIn(peaks[2]));
    await page.waitForSelector('body[data-stance-done="true"]', { timeout: 10 * MINUTE });
    expect(await page.locator('#engine-status').textContent()).toMatch(/Footwear compared/);

    // Walking: the heel peaks of both soles, the heel marked as a load the painful heel bears.
    const heelRow = page.locator('#walking-table tr[data-measure="peakPressureKPa.heel"]');
    expect(await heelRow.locator('.focus-mark').count()).toBe(1);
    const heel = (await heelRow.locator('td').allTextContents()).slice(1).map(numberIn);
    expect(heel.every((value) => value > 0)).toBe(true);
    expect(heel[0]).not.toBe(heel[1]);
    // Where each design helps: one line per design, naming the heel loads.
    expect(await page.locator('#footwear-helps li').count()).toBe(2);
    expect(await page.locator('#footwear-helps').textContent()).toMatch(/painful heel bears the pressure under the heel/i);

    // The same request to the API gives the same numbers (the page shows them rounded to 1 kPa).
    if (app?.served.hasApi) {
      for (const [index, footwear] of (['healing-sole', 'flat-sandal'] as const).entries()) {
        const answer = await page.evaluate(async (body) => {
          const response = await fetch('api/simulations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
          return { status: response.status, json: (await response.json()) as { summary?: { peakPressureKPa?: { heel?: number } } } };
        }, { analysis: 'stance', footwear, impairments: [{ name: 'painful-heel', side: 'r' }], instants: 40, subject: { heightM: 1.75, massKg: 75, sex: 'male' } });
        expect(answer.status).toBe(200);
        expect(Math.abs((answer.json.summary?.peakPressureKPa?.heel ?? Number.NaN) - heel[index])).toBeLessThanOrEqual(0.5);
      }
    }
    await page.locator('#panel-footwear').screenshot({ path: join(ARTIFACTS, 'web-footwear-comparison.png') });
  }, 16 * MINUTE);

  it('computes the interdependence map of quiet standing and highlights a path when a cell is clicked', async () => {
    // The app's quicker map (quiet standing only): the toe-touch half takes minutes more in a browser.
    await page.locator('#heatmap-scope').selectOption('posture');
    await page.locator('#run-heatmap').click();
    await page.waitForSelector('body[data-heatmap-done="true"]', { timeout: 20 * MINUTE });
    const cells = page.locator('#heatmap-table td[data-row]');
    expect(await cells.count()).toBeGreaterThan(10);
    expect(await page.locator('#heatmap-table thead tr.groups').textContent()).not.toMatch(/toe-touch/);
    await cells.first().click();
    await expect.poll(() => page.locator('#heatmap-path').textContent()).toMatch(/Segments on the path/);
    await page.locator('#panel-heatmap').screenshot({ path: join(ARTIFACTS, 'web-heatmap.png') });
    await page.locator('#panel-body').screenshot({ path: join(ARTIFACTS, 'web-heatmap-path.png') });
  }, 25 * MINUTE);

  it('prints a report of the comparison', async () => {
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const report = await page.locator('#report').textContent();
    expect(report).toMatch(/model predictions/);
    expect(report).toMatch(/L5\/S1 compression/);
    expect(report).toMatch(/Toe-touch/);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(ARTIFACTS, 'web-report-print.png'), fullPage: true });
    await page.pdf({ path: join(ARTIFACTS, 'web-report.pdf'), format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    expect(pageErrors).toEqual([]);
  }, 5 * MINUTE);
});

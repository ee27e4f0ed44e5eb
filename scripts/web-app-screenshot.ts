/**
 * Writes docs/web-app.png, the README's picture of the web app: builds and serves the app,
 * opens it in Chromium (/usr/bin/chromium) at 1280 px wide, sets a tight heel cord on both
 * legs (the loads table with its intervals, the body with its lines), compares the healing
 * sole with a flat sandal for a painful heel (standing maps, walking curves, where each
 * design helps), and shoots the page from the header to the end of the footwear panel.
 * The toe-touch and interdependence panels, not run here, are left out of the picture.
 *
 * Usage: npx tsx scripts/web-app-screenshot.ts [output.png]   (a few minutes on a slow machine)
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MINUTE, openApp, REPOSITORY, setRange, waitForIntervals } from '../web/e2e/serve-app.js';

const output = resolve(process.argv[2] ?? join(REPOSITORY, 'docs/web-app.png'));
const WIDTH = 1280;

const app = await openApp({ width: WIDTH, height: 900 });
try {
  const { page } = app;
  await page.locator('#imp-tight-heel-cord-side').selectOption('both');
  await setRange(page, '#imp-tight-heel-cord-severity', -8, ['input', 'change']);
  await waitForIntervals(page);

  await page.locator('#footwear-a').selectOption('healing-sole');
  await page.locator('#footwear-b').selectOption('flat-sandal');
  await page.locator('#footwear-impairment').selectOption('painful-heel');
  await page.locator('#run-footwear').click();
  await page.waitForSelector('body[data-stance-done="true"]', { timeout: 15 * MINUTE });

  // The panels that were not run stay out of the picture; the body is drawn once more at its final size.
  await page.addStyleTag({ content: '#panel-toe-touch, #panel-heatmap { display: none !important; }' });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(1, 1);
  await page.waitForTimeout(500);
  const bottom = await page.locator('#panel-footwear').evaluate((element) => element.getBoundingClientRect().bottom + window.scrollY + 12);
  mkdirSync(dirname(output), { recursive: true });
  await page.screenshot({ path: output, fullPage: true, clip: { x: 0, y: 0, width: WIDTH, height: Math.ceil(bottom) } });
  if (app.pageErrors.length > 0) throw new Error(`the page reported errors: ${app.pageErrors.join('; ')}`);
  console.log(`wrote ${output}`);
} finally {
  await app.close();
}

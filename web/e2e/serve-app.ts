/**
 * Builds the web app into a temporary directory (vite), serves it (the HTTP server's
 * createServer, API included, when it loads; else a small static server) and opens it in
 * Debian's Chromium with playwright-core. Shared by the browser tests and
 * scripts/web-app-screenshot.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
/** The machine may be slow and shared: every wait is generous. */
export const MINUTE = 60_000;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A static server of `root` (the fallback when the HTTP server is not in the tree). */
function staticServer(root: string): Server {
  return createHttpServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0]);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
}

export interface Served {
  readonly url: string;
  /** True when the project's server serves the app, so the API answers under api/. */
  readonly hasApi: boolean;
  close(): Promise<void>;
}

/** Serves the built app with the project's server if it can be loaded, else statically. */
async function serve(root: string): Promise<Served> {
  const serverModule = join(REPOSITORY, 'src/server/server.ts');
  if (existsSync(serverModule)) {
    try {
      const { createServer } = (await import(serverModule)) as {
        createServer: (options: { webRoot: string; deadlineMs?: number }) => {
          listen(o: { host: string; port: number }): Promise<string>;
          close(): Promise<void>;
        };
      };
      // A slow shared machine: the API's stance runs get the time the page's get.
      const app = createServer({ webRoot: root, deadlineMs: 5 * MINUTE });
      const address = await app.listen({ host: '127.0.0.1', port: 0 });
      return { url: `${address.replace(/\/$/, '')}/`, hasApi: true, close: () => app.close() };
    } catch (error) {
      console.warn(`the project's server could not serve the app (${String(error)}); using a static server`);
    }
  }
  const server = staticServer(resolve(root));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, hasApi: false, close: () => new Promise<void>((done) => server.close(() => done())) };
}

export interface OpenApp {
  readonly page: Page;
  readonly served: Served;
  /** Errors thrown in the page. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Builds, serves and opens the app in Chromium with the given viewport; resolves once the
 * page says it is ready (the standing posture solved and drawn). Throws with a clear
 * message when Chromium is missing.
 */
export async function openApp(viewport: { readonly width: number; readonly height: number }): Promise<OpenApp> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the browser tests need it (Debian/Ubuntu: apt-get install chromium). ` +
        'Set KINECHAIN_SKIP_BROWSER=1 to skip them on a machine without it.',
    );
  }
  const buildDir = mkdtempSync(join(tmpdir(), 'kinechain-web-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'kinechain-chromium-'));
  let served: Served | null = null;
  let context: BrowserContext | null = null;
  const close = async (): Promise<void> => {
    await context?.close();
    await served?.close();
    rmSync(buildDir, { recursive: true, force: true });
    rmSync(profileDir, { recursive: true, force: true });
  };
  try {
    await build({ configFile: join(REPOSITORY, 'vite.config.ts'), logLevel: 'warn', build: { outDir: buildDir, emptyOutDir: true, sourcemap: false } });
    served = await serve(buildDir);
    context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport, timeout: 2 * MINUTE });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(3 * MINUTE);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(served.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 5 * MINUTE });
    return { page, served, pageErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Sets a range input and sends the events a user's drag or release would. */
export async function setRange(page: Page, selector: string, value: number, events: readonly ('input' | 'change')[]): Promise<void> {
  await page.locator(selector).evaluate(
    (input, { value, events }) => {
      (input as HTMLInputElement).value = String(value);
      for (const name of events) input.dispatchEvent(new Event(name, { bubbles: true }));
    },
    { value, events },
  );
}

export async function postureVersion(page: Page): Promise<number> {
  return Number((await page.locator('body').getAttribute('data-posture-version')) ?? '0');
}

export async function waitForPostureAfter(page: Page, version: number): Promise<void> {
  await page.waitForFunction((v) => Number(document.body.dataset.postureVersion ?? '0') > v, version, { timeout: 5 * MINUTE });
}

/** Waits until the posture table shows intervals (the release solve with samples arrived). */
export async function waitForIntervals(page: Page): Promise<void> {
  await page.waitForFunction(() => /N \(.+ to .+\)/.test(document.querySelector('tr[data-load="l5s1"] td.change')?.textContent ?? ''), null, {
    timeout: 5 * MINUTE,
  });
}

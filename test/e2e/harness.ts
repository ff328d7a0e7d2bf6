/**
 * The browser end-to-end harness: Debian's chromium driven by playwright-core (never a downloaded
 * browser) against `linhai demo --serve` started as a user would, on a fresh data folder and a
 * free port. See test/e2e/README.md.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import assert from 'node:assert/strict';
import { startCli } from '../cli/run-cli.ts';
import { groupFromSearchStream } from '../server/search-stream.ts';

export { ensureWebBuilt } from './web-build.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `LINHAI_CHROMIUM` points elsewhere for a local run; CI installs Debian's package (.ci/run). */
export const chromiumPath = process.env.LINHAI_CHROMIUM ?? '/usr/bin/chromium';

export const screenshotDir = join(projectRoot, 'test-artifacts', 'screenshots');

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserUnavailable(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  return `${chromiumPath} is missing: install Debian's chromium (apt-get install -y chromium) to run the browser tests`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface DemoServer {
  /** The server's origin, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** What the server printed so far (its log), for a failure's report. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `linhai demo --serve` in a child process on a fresh data folder, ready once /health answers;
 * `extraArgs` go to `demo` (e.g. `--public`).
 */
export async function startDemoServer(extraArgs: readonly string[] = []): Promise<DemoServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'linhai-e2e-'));
  const port = await freePort();
  const cli = await startCli(
    ['--data-dir', dataDir, 'demo', '--serve', '--port', String(port), ...extraArgs],
    /Linhai is serving on (\S+)/,
    // Only the demo sites on 127.0.0.1: no built-in sources that reach the internet.
    { LINHAI_BUILTIN_SOURCES: '0', LINHAI_LOG_LEVEL: 'warn' },
    // Starting takes a few seconds, much longer while the rest of the suite loads the machine.
    90_000,
  );
  const url = cli.match[1]!.replace(/\/$/, '');
  const health = await fetch(`${url}/health`);
  if (!health.ok) {
    await cli.stop();
    throw new Error(`${url}/health answered ${health.status}: ${cli.output()}`);
  }
  return {
    url,
    output: cli.output,
    async stop() {
      await cli.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's chromium, headless, with nothing that phones home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export type ViewportName = 'phone' | 'desktop';

export const viewports: Readonly<Record<ViewportName, BrowserContextOptions>> = {
  phone: {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  },
  desktop: { viewport: { width: 1280, height: 800 } },
};

/** A fresh browser profile with the viewport's size and language, at the app's origin. */
export function newContext(
  browser: Browser,
  options: { viewport: ViewportName; locale: string; baseURL: string },
): Promise<BrowserContext> {
  const { viewport, ...rest } = options;
  return browser.newContext({ ...viewports[viewport], ...rest });
}

/** Empties the screenshot folder, so it holds one run's pictures (no stale failure shots). */
export async function clearScreenshots(): Promise<void> {
  await rm(screenshotDir, { recursive: true, force: true });
}

/** Saves `test-artifacts/screenshots/<name>.png` (the run's artifacts; git-ignored). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** The CSRF token the server gave this browser context (double-submit cookie). */
export async function csrfToken(context: BrowserContext): Promise<string> {
  return (await context.cookies()).find((c) => c.name === 'linhai_csrf')?.value ?? '';
}

/** Registers or signs in through the API with the context's cookies (reader-flow tests the forms). */
export async function apiSignIn(
  context: BrowserContext,
  user: { name: string; password: string },
  register: boolean,
): Promise<void> {
  await context.request.get('/health');
  const response = await context.request.post(register ? '/api/auth/register' : '/api/auth/login', {
    data: user,
    headers: { 'x-csrf-token': await csrfToken(context) },
  });
  assert.ok(response.ok(), `${response.status()} ${await response.text()}`);
}

/**
 * Imports book sources as the signed-in administrator, as the Sources page's import does; the
 * first one's name and id.
 */
export async function apiImportSources(
  context: BrowserContext,
  sources: readonly { bookSourceName?: unknown }[],
): Promise<{ name: string; id: number }> {
  const imported = await context.request.post('/api/sources', {
    data: { text: JSON.stringify(sources) },
    headers: { 'x-csrf-token': await csrfToken(context) },
  });
  assert.ok(imported.ok(), await imported.text());
  const name = String(sources[0]?.bookSourceName);
  const listed = (await (await context.request.get('/api/sources')).json()) as {
    id: number;
    name: string;
  }[];
  const id = listed.find((s) => s.name === name)?.id;
  assert.ok(id !== undefined, `${name} is listed after its import`);
  return { name, id };
}

/**
 * Adds the book titled `title` from a search, as the search page's button does; its id. With
 * `shelve: false` it is not shelved (a shelved book's files are built in the background at once).
 */
export async function apiAddBook(
  context: BrowserContext,
  title: string,
  options: { shelve?: boolean } = {},
): Promise<number> {
  const search = await context.request.get(
    `/api/search?q=${encodeURIComponent(title)}&deadlineMs=8000`,
  );
  const group = groupFromSearchStream(await search.text(), title);
  const added = await context.request.post('/api/books', {
    data: { groupKey: group.key, ...(options.shelve === false ? { shelve: false } : {}) },
    headers: { 'x-csrf-token': await csrfToken(context) },
  });
  assert.equal(added.status(), 201, await added.text());
  return ((await added.json()) as { book: { id: number } }).book.id;
}

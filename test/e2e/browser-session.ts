/**
 * What every browser test file sets up the same way: the web app built, a demo server and
 * Chromium started before its tests and stopped after; `check` audits a page with axe (after
 * late renders and finite animations end, so contrast is judged on the final page) and saves its
 * screenshot; `assertAccessible` is the file's closing test.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { auditPage, describeViolation, isSerious } from './accessibility.ts';
import type { Violation } from './accessibility.ts';
import {
  ensureWebBuilt,
  launchChromium,
  newContext,
  saveScreenshot,
  startDemoServer,
} from './harness.ts';
import type { DemoServer, ViewportName } from './harness.ts';

export interface BrowserSession {
  readonly server: DemoServer;
  readonly browser: Browser;
  /** Every violation axe found so far, and the labels of the pages it audited. */
  readonly violations: Violation[];
  readonly audited: string[];
  check(page: Page, label: string, options?: { readonly screenshot?: boolean }): Promise<void>;
  /**
   * Runs `body` on a fresh browser context at the demo server in this viewport and locale (30 s
   * timeouts: the suite runs beside these on shared cores) and its first page, whose errors are
   * collected. On a failure it saves the screenshot `failure` and prints the server's log; the
   * context is closed either way.
   */
  withPage(
    options: { readonly viewport: ViewportName; readonly locale: string; readonly failure: string },
    body: (opened: {
      readonly context: BrowserContext;
      readonly page: Page;
      readonly pageErrors: string[];
    }) => Promise<void>,
  ): Promise<void>;
  /** No serious or critical violation on any page checked (and at least one page checked). */
  assertAccessible(): void;
}

/** Registers the before/after hooks in the calling `describe`; the fields are set once they ran. */
export function browserSession(
  options: {
    readonly serverArgs?: readonly string[];
    readonly setup?: () => Promise<unknown>;
  } = {},
): BrowserSession {
  let server: DemoServer | undefined;
  let browser: Browser | undefined;
  const violations: Violation[] = [];
  const audited: string[] = [];

  before(async () => {
    await Promise.all([ensureWebBuilt(), options.setup?.()]);
    [server, browser] = await Promise.all([startDemoServer(options.serverArgs), launchChromium()]);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  return {
    get server() {
      if (!server) throw new Error('the demo server is not started (used outside a test?)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not started (used outside a test?)');
      return browser;
    },
    violations,
    audited,
    async withPage({ viewport, locale, failure }, body) {
      if (!server || !browser) throw new Error('the browser session is not started yet');
      const context = await newContext(browser, { viewport, locale, baseURL: server.url });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      try {
        await body({ context, page, pageErrors });
      } catch (error) {
        await saveScreenshot(page, failure).catch(() => undefined);
        console.log(`${viewport} failed at ${page.url()}; server log:\n${server.output()}`);
        throw error;
      } finally {
        await context.close();
      }
    },
    async check(page, label, { screenshot = true } = {}) {
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await page.evaluate(
        `Promise.all(document.getAnimations()
          .filter((a) => a.effect?.getTiming().iterations !== Infinity)
          .map((a) => a.finished.catch(() => undefined)))`,
      );
      violations.push(...(await auditPage(page, label)));
      audited.push(label);
      if (screenshot) await saveScreenshot(page, label);
    },
    assertAccessible() {
      assert.ok(audited.length > 0, 'no page was audited (the flows failed before any page)');
      for (const v of violations.filter((v) => !isSerious(v))) console.log(describeViolation(v));
      const serious = violations.filter(isSerious).map(describeViolation);
      assert.deepEqual(serious, [], `audited: ${audited.join(', ')}`);
    },
  };
}

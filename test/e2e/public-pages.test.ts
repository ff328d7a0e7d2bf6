/**
 * Public reading as an anonymous visitor sees it, with JavaScript turned off: `linhai demo --serve
 * --public`, then home → a book → its first chapter → the next, by following links only, on a
 * phone and a desktop. Screenshots of each page (test-artifacts/screenshots/public-*) and axe on
 * each (run from a second, script-enabled context on the same URLs: the pages have no scripts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { auditPage, describeViolation, isSerious } from './accessibility.ts';
import {
  browserUnavailable,
  launchChromium,
  newContext,
  saveScreenshot,
  startDemoServer,
  viewports,
} from './harness.ts';
import type { DemoServer, ViewportName } from './harness.ts';

const skip = browserUnavailable() ?? false;

describe('public pages without JavaScript', { skip, timeout: 240_000 }, () => {
  let server: DemoServer;
  let browser: Browser;

  before(async () => {
    server = await startDemoServer(['--public']);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const viewport of Object.keys(viewports) as ViewportName[]) {
    test(`${viewport}: home, book, chapter and the next chapter by links alone`, async () => {
      const context = await browser.newContext({
        ...viewports[viewport],
        locale: 'zh-CN',
        baseURL: server.url,
        javaScriptEnabled: false,
      });
      const audit = await newContext(browser, { viewport, locale: 'zh-CN', baseURL: server.url });
      const auditor = await audit.newPage();
      const page = await context.newPage();
      const visited: string[] = [];
      const check = async (name: string) => {
        assert.equal(await page.locator('script').count(), 0, `${name}: no scripts`);
        await saveScreenshot(page, `public-${name}-${viewport}`);
        visited.push(page.url());
      };

      const home = await page.goto('/');
      assert.equal(home?.status(), 200);
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
      await page.getByRole('heading', { name: '最近更新' }).waitFor();
      await check('home');

      await page.locator('ul.books a').first().click();
      await page.waitForURL(/\/book\/\d+$/);
      const title = await page.locator('h1').textContent();
      assert.ok(title && title.length > 0);
      assert.ok((await page.locator('ul.toc a').count()) > 10, 'the chapter list');
      await check('book');

      await page.getByRole('link', { name: /开始阅读/ }).click();
      await page.waitForURL(/\/book\/\d+\/1$/);
      assert.ok((await page.locator('article p').count()) > 3, 'the chapter text');
      await check('chapter');

      await page.locator('nav.chapter a[rel="next"]').first().click();
      await page.waitForURL(/\/book\/\d+\/2$/);
      assert.ok((await page.locator('article p').count()) > 3, 'chapter 2 is cached too');

      for (const url of visited) {
        await auditor.goto(url);
        const serious = (await auditPage(auditor, url)).filter(isSerious);
        assert.deepEqual(serious.map(describeViolation), [], url);
      }
      await context.close();
      await audit.close();
    });
  }
});

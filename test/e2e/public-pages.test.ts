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
  apiSignIn,
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

  test('a visitor who signs in from chapter 2 goes on reading there; the admin sees the setting', async () => {
    const context = await newContext(browser, {
      viewport: 'phone',
      locale: 'zh-CN',
      baseURL: server.url,
    });
    const page = await context.newPage();
    await page.goto('/');
    const bookPath = await page.locator('ul.books a').first().getAttribute('href');
    const bookId = Number(/\/book\/(\d+)/.exec(bookPath ?? '')?.[1]);
    await page.goto(`/book/${bookId}/2`);
    const resume = page.getByRole('link', { name: '登录后从这里继续阅读' });
    const next = new URL((await resume.getAttribute('href')) ?? '', server.url).searchParams.get(
      'next',
    );
    assert.match(next ?? '', new RegExp(`^/read/${bookId}/`));
    await resume.click();
    await page.waitForURL(/\/login\?next=/);
    // The first account on the instance (it becomes the administrator), then where the link said.
    await apiSignIn(context, { name: 'visitor', password: 'correct horse battery' }, true);
    await page.goto(next!);
    await page.locator('article.chapter p').first().waitFor({ timeout: 30_000 });
    const chapterKey = decodeURIComponent(new URL(next!, server.url).pathname.split('/').at(-1)!);
    let saved: { chapterKey?: string } = {};
    for (let i = 0; i < 50 && saved.chapterKey !== chapterKey; i++) {
      await page.waitForTimeout(200);
      const response = await context.request.get(`/api/shelf/${bookId}/position`);
      if (response.ok()) saved = (await response.json()) as { chapterKey?: string };
    }
    assert.equal(saved.chapterKey, chapterKey, 'the position is the chapter the visitor was on');
    await page.goto('/settings');
    const card = page.getByRole('region', { name: '公开阅读' });
    await card.waitFor();
    // The card draws at once and fills in when the settings arrive.
    const enabled = card.getByRole('checkbox', { name: /允许任何人/ });
    for (let i = 0; i < 100 && !(await enabled.isChecked()); i++) await page.waitForTimeout(100);
    assert.equal(await enabled.isChecked(), true, 'public reading shows as on');
    await card.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'public-settings-phone');
    await context.close();
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

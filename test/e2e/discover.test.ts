/**
 * Discover in Debian's chromium against `linhai demo --serve` (a fresh instance with the four demo
 * sources and nothing stored): on a phone (Chinese, touch) and a desktop (English) the home shows
 * the sources' merged rankings; the reader opens the Discover tab, a source, a category, scrolls
 * through two more pages of it (infinite scroll), previews a book, reads chapter 1 — the book is
 * still on no shelf — and adds it with the one button on the book page. axe checks every page;
 * screenshots `<viewport>-discover-*.png` in test-artifacts/screenshots/.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { en } from '../../web/src/i18n/en.ts';
import type { MessageKey, Messages } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { browserSession } from './browser-session.ts';
import { apiSignIn, browserUnavailable, saveScreenshot } from './harness.ts';
import type { ViewportName } from './harness.ts';

const USER = 'e2e-discover';
const PASSWORD = 'e2e-password-1';
/** The biquge demo site's source and its every-book list (12 books, 3 a page). */
const SOURCE = '新笔趣阁（演示）';
const CATEGORY = '全部小说';

const unavailable = browserUnavailable();
if (unavailable) console.log(`skipping the browser tests: ${unavailable}`);

describe('discover: rankings, categories, preview', { skip: unavailable }, () => {
  const session = browserSession();

  async function shelfIds(context: BrowserContext): Promise<number[]> {
    const shelf = (await (await context.request.get('/api/shelf')).json()) as { bookId: number }[];
    return shelf.map((e) => e.bookId);
  }

  const runs: readonly {
    viewport: ViewportName;
    locale: string;
    messages: Messages;
    pick: number;
  }[] = [
    { viewport: 'phone', locale: 'zh-CN', messages: zh, pick: 7 },
    { viewport: 'desktop', locale: 'en-US', messages: en, pick: 8 },
  ];

  for (const { viewport, locale, messages, pick } of runs) {
    test(`${viewport}: rankings on a fresh home, a category over three pages, preview, read, add`, async () => {
      const m = (key: MessageKey) => messages[key];
      await session.withPage(
        { viewport, locale, failure: `${viewport}-discover-failure` },
        async ({ context, page, pageErrors }) => {
          const listPages: number[] = [];
          page.on('request', (request) => {
            const url = new URL(request.url());
            if (url.pathname === '/api/explore/list')
              listPages.push(Number(url.searchParams.get('page')));
          });
          await apiSignIn(context, { name: USER, password: PASSWORD }, viewport === 'phone');

          // A fresh instance: nothing stored, yet the home shows what the sources rank.
          await page.goto('/');
          const ranking = page.getByRole('region', {
            name: new RegExp(m('discover.section.ranking')),
          });
          await ranking.getByRole('listitem').first().waitFor();
          assert.ok((await ranking.getByRole('listitem').count()) >= 6, 'a dozen ranked books');
          await session.check(page, `${viewport}-discover-home`);

          // The Discover tab: the merged rankings first.
          await page
            .getByRole('navigation', { name: m('nav.main') })
            .getByRole('link', { name: m('nav.discover') })
            .click();
          await page.getByRole('heading', { level: 1, name: m('discover.title') }).waitFor();
          await page
            .getByRole('heading', { level: 2, name: m('discover.section.ranking') })
            .waitFor();
          await session.check(page, `${viewport}-discover-rankings`);

          // One source, one category, paged by scrolling.
          const views = page.getByRole('navigation', { name: m('discover.views') });
          await views.getByRole('link', { name: SOURCE }).click();
          await page.getByRole('link', { name: CATEGORY }).click();
          const cards = page.locator('.list .explore-card');
          await cards.first().waitFor();
          for (let want = 6; want <= 9; want += 3) {
            await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
            await page.waitForFunction(
              (n) => document.querySelectorAll('.list .explore-card').length >= n,
              want,
            );
          }
          assert.ok(
            listPages.includes(2) && listPages.includes(3),
            `pages asked: ${listPages.join(',')}`,
          );
          await session.check(page, `${viewport}-discover-category`);

          // Preview a book from the third page: its page, without the shelf.
          const card = cards.nth(pick - 1);
          const title = (await card.getByRole('heading').textContent())?.trim() ?? '';
          await card.getByRole('button', { name: `${m('discover.preview')}: ${title}` }).click();
          await page.getByRole('heading', { level: 1, name: title }).waitFor();
          await page.getByText(m('book.previewNote')).waitFor();
          const bookId = Number(new URL(page.url()).pathname.split('/').pop());
          assert.ok(!(await shelfIds(context)).includes(bookId), 'a preview is on no shelf');
          await session.check(page, `${viewport}-discover-preview`);

          // Chapter 1; the book stays off the shelf.
          await page.getByRole('link', { name: m('book.read') }).click();
          await page
            .getByText(
              new RegExp(m('reader.chapterOf').replace('{n}', '1').replace('{total}', '\\d+')),
            )
            .waitFor();
          await page.getByRole('heading', { level: 1 }).waitFor();
          await page.waitForTimeout(1_500); // longer than the reader's save delay
          assert.ok(
            !(await shelfIds(context)).includes(bookId),
            'reading a preview does not shelve it',
          );
          await saveScreenshot(page, `${viewport}-discover-reading`);

          // Then add it: one button on the book page.
          await page.goBack();
          await page.getByRole('heading', { level: 1, name: title }).waitFor();
          await page.getByRole('button', { name: m('book.addShelf') }).click();
          await page.getByRole('button', { name: m('book.removeShelf') }).waitFor();
          assert.ok((await shelfIds(context)).includes(bookId), 'added');
          assert.deepEqual(pageErrors, []);
        },
      );
    });
  }

  test('no serious accessibility violation on the discover pages', () =>
    session.assertAccessible());
});

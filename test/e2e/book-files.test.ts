/**
 * E-book files from the book page, in Debian's chromium against `linhai demo --serve` (which runs
 * the export jobs itself): on a phone (Chinese) the EPUB of a short demo book is made — the
 * progress bar shows, then the download link, whose file is fetched and is an EPUB; on a desktop
 * (English) the same page shows that EPUB and makes the TXT. axe checks the page with the panel
 * in each state; screenshots `<viewport>-book-files-*.png` in test-artifacts/screenshots/.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.ts';
import type { MessageKey, Messages } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { browserSession } from './browser-session.ts';
import { apiAddBook, apiSignIn, browserUnavailable } from './harness.ts';
import type { ViewportName } from './harness.ts';

/** A short book of the json demo site (40-odd chapters: its EPUB is made in about ten seconds). */
const BOOK = '仙途漫漫';
const USER = 'e2e-files';
const PASSWORD = 'e2e-password-1';

const fill = (messages: Messages, key: MessageKey, vars: Record<string, string>) =>
  messages[key].replace(/\{(\w+)\}/g, (_all, name: string) => vars[name] ?? '');

const unavailable = browserUnavailable();
if (unavailable) console.log(`skipping the browser tests: ${unavailable}`);

describe('e-book files on the book page', { skip: unavailable }, () => {
  const session = browserSession();
  let bookId: number | undefined;

  const signIn = (context: BrowserContext, register: boolean) =>
    apiSignIn(context, { name: USER, password: PASSWORD }, register);
  // Not shelved: this follows a build the reader starts (a shelved book's is started at once).
  const addBook = (context: BrowserContext) => apiAddBook(context, BOOK, { shelve: false });

  /** Makes one format from the panel: the progress bar shows, then the download link. */
  async function make(
    page: Page,
    messages: Messages,
    format: 'EPUB' | 'TXT',
    viewport: ViewportName,
  ): Promise<string> {
    const panel = page.getByRole('region', { name: messages['files.title'] });
    await panel
      .getByRole('button', { name: fill(messages, 'files.makeFormat', { format }) })
      .click();
    const bar = panel.getByRole('progressbar', {
      name: fill(messages, 'files.progress', { format }),
    });
    await bar.waitFor();
    // A moment later the bar has moved (progress is stored every few chapters).
    await page.waitForTimeout(3_000);
    if (await bar.isVisible()) await session.check(page, `${viewport}-book-files-building`);
    const row = panel.locator(`li[data-format="${format.toLowerCase()}"]`);
    const link = row.getByRole('link', { name: `${BOOK}.${format.toLowerCase()}` });
    await link.waitFor({ timeout: 120_000 });
    await page
      .getByRole('status')
      .getByText(fill(messages, 'files.ready', { format }))
      .waitFor();
    return String(await link.getAttribute('href'));
  }

  const runs: readonly { viewport: ViewportName; locale: string; messages: Messages }[] = [
    { viewport: 'phone', locale: 'zh-CN', messages: zh },
    { viewport: 'desktop', locale: 'en-US', messages: en },
  ];

  for (const { viewport, locale, messages } of runs) {
    test(`${viewport}: make the book's file, follow its progress, download it`, async () => {
      await session.withPage(
        { viewport, locale, failure: `${viewport}-book-files-failure` },
        async ({ context, page, pageErrors }) => {
          await signIn(context, viewport === 'phone');
          bookId ??= await addBook(context);
          await page.goto(`/book/${bookId}`);
          await page.getByRole('heading', { level: 1, name: BOOK }).waitFor();

          if (viewport === 'phone') {
            const href = await make(page, messages, 'EPUB', viewport);
            assert.equal(href, `/api/books/${bookId}/files/epub/download`);
            const file = await context.request.get(href);
            assert.equal(file.status(), 200);
            assert.equal(file.headers()['content-type'], 'application/epub+zip');
            assert.match(
              String(file.headers()['content-disposition']),
              new RegExp(`filename\\*=UTF-8''${encodeURIComponent(BOOK)}\\.epub$`),
            );
            const bytes = await file.body();
            assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
            assert.equal(bytes.subarray(30, 58).toString('latin1'), 'mimetypeapplication/epub+zip');
          } else {
            // The phone's EPUB is there already; the TXT is made here.
            await page.getByRole('link', { name: `${BOOK}.epub` }).waitFor();
            const href = await make(page, messages, 'TXT', viewport);
            const text = await (await context.request.get(href)).text();
            assert.ok(text.startsWith(BOOK), 'the TXT opens with the title');
          }
          await page.locator('.book-files').scrollIntoViewIfNeeded();
          await session.check(page, `${viewport}-book-files-done`);
          assert.deepEqual(pageErrors, []);
        },
      );
    });
  }

  test('no serious accessibility violation on the book page with the files panel', () =>
    session.assertAccessible());
});

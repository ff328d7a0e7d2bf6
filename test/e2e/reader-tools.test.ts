/**
 * The reader's tools (issue 20) in Debian's chromium, on a phone (Chinese, touch) and a desktop
 * (English), signed in and with the book added through the API: 换源 — the chapter's sources in
 * a sheet, the chapter read from the other source and back (the sheet and the chapter's source
 * line say which served it), and the book's preferred source switched from the reader and from
 * the book page; a bookmark with a note added at a paragraph, listed on the other device and
 * opened from another chapter; a word searched in the book and the place found opened; a normal
 * visit (signed out, then home, shelf, book, a first read) with a clean console; the chapter list
 * of 星河归途 (one source numbers per volume, another has two authors' notes) in one title style,
 * 300 chapters numbered 1…300 with the notes marked, and chapter 200 opened by its number
 * (第二百章 on the phone, 200 on the desktop). axe checks each sheet; screenshots
 * `<viewport>-reader-tools-*.png`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.ts';
import type { MessageKey, Messages } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { parseChineseNumber } from '../../src/library/normalize/chinese-numeral.ts';
import { browserSession } from './browser-session.ts';
import { apiAddBook, apiSignIn, browserUnavailable, csrfToken, saveScreenshot } from './harness.ts';
import type { ViewportName } from './harness.ts';

const BOOK = '星河归途';
const USER = 'e2e-tools';
const PASSWORD = 'e2e-password-1';

/** A message as the app shows it: its `{n}` filled in, its plural forms `{n:chapter|chapters}` chosen. */
const fill = (messages: Messages, key: MessageKey, vars: Record<string, string | number>) =>
  messages[key]
    .replace(/\{(\w+):([^|}]*)\|([^}]*)\}/g, (_all, name: string, one: string, other: string) =>
      Number(vars[name]) === 1 ? one : other,
    )
    .replace(/\{(\w+)\}/g, (_all, name: string) => String(vars[name] ?? ''));

interface TocItem {
  key: string;
  title: string;
  sources: number;
  note: boolean;
}

interface ChapterSource {
  listingId: number;
  sourceKey: string;
  sourceName: string;
  preferred: boolean;
  served: boolean;
}

const unavailable = browserUnavailable();
if (unavailable) console.log(`skipping the browser tests: ${unavailable}`);

describe("the reader's tools", { skip: unavailable }, () => {
  const session = browserSession();
  const check = (page: Page, label: string) => session.check(page, label);
  let bookId: number | undefined;
  let registered = false;
  /** The first test to run registers the reader; the others sign in. */
  async function signIn(context: BrowserContext): Promise<void> {
    await apiSignIn(context, { name: USER, password: PASSWORD }, !registered);
    registered = true;
  }
  /** Signs in, adds the book once for all the tests, and reads its chapter list. */
  async function openBook(context: BrowserContext): Promise<TocItem[]> {
    await signIn(context);
    bookId ??= await apiAddBook(context, BOOK);
    return (await (await context.request.get(`/api/books/${bookId}/toc`)).json()) as TocItem[];
  }

  const runs: readonly { viewport: ViewportName; locale: string; messages: Messages }[] = [
    { viewport: 'phone', locale: 'zh-CN', messages: zh },
    { viewport: 'desktop', locale: 'en-US', messages: en },
  ];

  for (const { viewport, locale, messages } of runs) {
    test(`${viewport}: 换源 — the chapter from another source and back, the book's source`, async () => {
      const m = (key: MessageKey) => messages[key];
      await session.withPage(
        { viewport, locale, failure: `${viewport}-reader-tools-failure` },
        async ({ context, page, pageErrors }) => {
          const toc = await openBook(context);
          // A chapter all three sources carry (the phone and the desktop each take their own).
          const chapter = toc.filter((c) => c.sources >= 3)[viewport === 'phone' ? 2 : 3]!;
          const sourcesOf = async () =>
            (
              (await (
                await context.request.get(
                  `/api/books/${bookId}/chapters/${encodeURIComponent(chapter.key)}/sources`,
                )
              ).json()) as { sources: ChapterSource[] }
            ).sources;

          await page.goto(`/read/${bookId}/${encodeURIComponent(chapter.key)}`);
          await page.locator('article p[data-i]').first().waitFor();
          const before = await sourcesOf();
          assert.ok(before.length >= 2, 'the chapter has several sources');
          const original = before.find((s) => s.served)!;
          // Neither served nor preferred: the earlier viewport's run may have left this chapter
          // prefetched from a source that was preferred for a moment, so the served one need not be
          // the preferred one, and a preferred source has no "use for the whole book" button.
          const other = before.find((s) => !s.served && !s.preferred)!;
          assert.ok(other, 'the chapter has a source that is neither served nor preferred');
          const sourceLine = page.locator('article .source-note');
          await sourceLine
            .getByText(fill(messages, 'reader.source', { source: original.sourceName }))
            .waitFor();

          await openTool(page, messages, 'reader.sources');
          const sheet = page.getByRole('dialog', { name: m('reader.sources.title') });
          await sheet.waitFor();
          const readFrom = (s: ChapterSource) =>
            sheet.getByRole('button', {
              name: fill(messages, 'reader.sources.readFrom', { source: s.sourceName }),
            });
          await readFrom(other).waitFor();
          await check(page, `${viewport}-reader-tools-sources`);

          /** Reads the chapter from `to`; the sheet and the server agree that `to` serves it. */
          const switchTo = async (to: typeof other, from: typeof other) => {
            await readFrom(to).click();
            await sheet
              .getByText(fill(messages, 'reader.sources.switched', { source: to.sourceName }))
              .waitFor();
            await readFrom(from).waitFor();
            assert.deepEqual(
              (await sourcesOf()).filter((s) => s.served).map((s) => s.listingId),
              [to.listingId],
            );
          };

          // The chapter from the other source: the sheet, the source line and the server agree.
          await switchTo(other, original);
          await sourceLine
            .getByText(fill(messages, 'reader.source', { source: other.sourceName }))
            .waitFor({ state: 'attached' });
          await check(page, `${viewport}-reader-tools-switched`);

          // And back.
          await switchTo(original, other);

          // Fetch it again.
          await sheet.getByRole('button', { name: m('reader.sources.refetch') }).click();
          await sheet
            .getByText(fill(messages, 'reader.sources.refetched', { source: original.sourceName }))
            .waitFor();

          // The whole book: the other source preferred, from the reader.
          await sheet
            .getByRole('button', {
              name: fill(messages, 'reader.sources.prefer', { source: other.sourceName }),
            })
            .click();
          await sheet
            .getByText(fill(messages, 'reader.sources.preferredNow', { source: other.sourceName }))
            .waitFor();
          const pool = async () =>
            (
              (await (await context.request.get(`/api/books/${bookId}`)).json()) as {
                pool: { listingId: number; preferred: boolean }[];
              }
            ).pool;
          assert.deepEqual(
            (await pool()).filter((p) => p.preferred).map((p) => p.listingId),
            [other.listingId],
          );
          await sheet.getByRole('button', { name: m('reader.close') }).click();
          await sheet.waitFor({ state: 'hidden' });

          // …and back to the first, from the book page.
          await page.goto(`/book/${bookId}`);
          const makePreferred = (s: ChapterSource) =>
            page.getByRole('button', {
              name: fill(messages, 'book.makePreferred', { source: s.sourceName }),
            });
          await makePreferred(original).click();
          await makePreferred(other).waitFor();
          assert.deepEqual(
            (await pool()).filter((p) => p.preferred).map((p) => p.listingId),
            [original.listingId],
          );
          await check(page, `${viewport}-reader-tools-book-source`);
          assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
        },
      );
    });
  }

  for (const { viewport, locale, messages } of runs) {
    test(`${viewport}: one chapter list (one title style, 300 chapters, notes marked); chapter 200 by its number`, async () => {
      const m = (key: MessageKey) => messages[key];
      await session.withPage(
        { viewport, locale, failure: `${viewport}-reader-tools-failure` },
        async ({ context, page }) => {
          const toc = await openBook(context);
          // The book page counts story chapters only (300 with 上架感言 and 请假条 listed).
          await page.goto(`/book/${bookId}`);
          await page
            .getByText(fill(messages, 'book.chapters', { n: 300 }))
            .first()
            .waitFor();

          await page.goto(`/read/${bookId}/${encodeURIComponent(toc[0]!.key)}`);
          await page.locator('article p[data-i]').first().waitFor();
          await page.getByRole('button', { name: m('reader.toc') }).click();
          const drawer = page.getByRole('dialog', { name: m('reader.toc') });
          const rows = drawer.locator('.drawer-list button');
          await rows.first().waitFor();
          const titles = await drawer.locator('.drawer-list button .title').allTextContents();
          const notes = await drawer
            .locator('.drawer-list button', { has: page.locator('.badge') })
            .locator('.title')
            .allTextContents();
          assert.deepEqual(notes, ['上架感言', '请假条'], 'the notes, marked');
          const story = titles.filter((title) => !notes.includes(title));
          assert.equal(story.length, 300, 'the story chapters');
          // One style: 第N章 or 第(Chinese numeral)章 for all, numbered 1…300 in reading order.
          const arabic = story.map((title) => /^第(\d+)章 \S/.exec(title)?.[1]);
          const chinese = story.map(
            (title) => /^第([零一二三四五六七八九十百]+)章 \S/.exec(title)?.[1],
          );
          const numbers = arabic.every(Boolean)
            ? arabic.map(Number)
            : chinese.map((n) => (n === undefined ? NaN : parseChineseNumber(n)));
          assert.deepEqual(
            numbers,
            Array.from({ length: 300 }, (_, i) => i + 1),
            `one style, numbered through the book: ${story.slice(155, 170).join(' | ')}`,
          );
          await check(page, `${viewport}-reader-tools-toc`);

          // Chapter 200 by its number: 第二百章 on the phone (Chinese), 200 on the desktop.
          await drawer.getByRole('searchbox').fill(viewport === 'phone' ? '第二百章' : '200');
          await drawer.getByRole('searchbox').press('Enter');
          await page
            .getByText(fill(messages, 'reader.chapterOf', { n: 200, total: 300 }))
            .waitFor();
          await page.getByRole('heading', { level: 1, name: story[199]! }).waitFor();
          assert.match(decodeURIComponent(page.url()), /\/read\/\d+\//);
          await page.locator('article p[data-i]').first().waitFor();
          await check(page, `${viewport}-reader-tools-chapter-200`);
        },
      );
    });
  }

  for (const { viewport, locale, messages } of runs) {
    test(`${viewport}: a bookmark with a note, added at a paragraph, found on every device, opened`, async () => {
      const m = (key: MessageKey) => messages[key];
      await session.withPage(
        { viewport, locale, failure: `${viewport}-reader-tools-failure` },
        async ({ context, page, pageErrors }) => {
          const toc = await openBook(context);
          const marked = viewport === 'phone' ? toc[5]! : toc[6]!;
          const at = viewport === 'phone' ? 10 : 14;
          const note = `${viewport} 的备注 note`;
          await page.goto(`/read/${bookId}/${encodeURIComponent(marked.key)}`);
          await page.locator(`article p[data-i="${at}"]`).waitFor();
          await page.evaluate(
            `(() => { const p = document.querySelector('article p[data-i="${at}"]');
            window.scrollTo(0, p.getBoundingClientRect().top + window.scrollY - 70); })()`,
          );
          const excerpt = (await page.locator(`article p[data-i="${at}"]`).textContent())!.trim();

          await openTool(page, messages, 'reader.bookmarks');
          const sheet = page.getByRole('dialog', { name: m('reader.bookmarks') });
          await sheet.waitFor();
          await sheet.getByLabel(m('reader.bookmarks.note')).fill(note);
          await sheet.getByRole('button', { name: m('reader.bookmarks.add') }).click();
          await sheet.getByText(m('reader.bookmarks.added')).waitFor();
          // The button's name is what it shows: the chapter, the paragraph's start and the note.
          const item = sheet
            .getByRole('listitem')
            .filter({ hasText: note })
            .getByRole('button', { name: marked.title });
          assert.ok((await item.textContent())?.includes(excerpt.slice(0, 20)), 'the excerpt');
          await item.getByText(note).waitFor();
          if (viewport === 'desktop') {
            // The phone's bookmark is here too: bookmarks are kept on the server.
            await sheet.getByText('phone 的备注 note').waitFor();
          }
          await check(page, `${viewport}-reader-tools-bookmarks`);
          await sheet.getByRole('button', { name: m('reader.close') }).click();

          // From another chapter, the bookmark opens its chapter at its paragraph.
          await page.goto(`/read/${bookId}/${encodeURIComponent(toc[0]!.key)}`);
          await page.locator('article p[data-i]').first().waitFor();
          await openTool(page, messages, 'reader.bookmarks');
          await sheet.waitFor();
          await item.click();
          await page.waitForURL(new RegExp(encodeURIComponent(marked.key)));
          const top = async () =>
            page.evaluate(
              `document.querySelector('article p[data-i="${at}"]')?.getBoundingClientRect().top ?? -1`,
            ) as Promise<number>;
          await until(page, async () => {
            const y = await top();
            return y > 0 && y < 140;
          });
          const y = await top();
          assert.ok(y > 0 && y < 140, `the marked paragraph is at the top (${y}px)`);
          await saveScreenshot(page, `${viewport}-reader-tools-bookmark-opened`);
          assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
        },
      );
    });
  }

  for (const { viewport, locale, messages } of runs) {
    test(`${viewport}: search the book for a word and open the place found`, async () => {
      const m = (key: MessageKey) => messages[key];
      await session.withPage(
        { viewport, locale, failure: `${viewport}-reader-tools-failure` },
        async ({ context, page, pageErrors }) => {
          const toc = await openBook(context);
          // A chapter read (so cached) and a word from its 13th paragraph.
          const target = viewport === 'phone' ? toc[8]! : toc[9]!;
          await page.goto(`/read/${bookId}/${encodeURIComponent(target.key)}`);
          await page.locator('article p[data-i="12"]').waitFor();
          const word = (await page.locator('article p[data-i="12"]').textContent())!
            .trim()
            .slice(4, 9);
          await page.goto(`/read/${bookId}/${encodeURIComponent(toc[0]!.key)}`);
          await page.locator('article p[data-i]').first().waitFor();

          await openTool(page, messages, 'reader.find');
          const sheet = page.getByRole('dialog', { name: m('reader.find') });
          await sheet.waitFor();
          await sheet.getByRole('searchbox', { name: m('reader.find.query') }).fill(word);
          await sheet.getByRole('button', { name: m('reader.find.go'), exact: true }).click();
          const hit = sheet.getByRole('button', { name: target.title }).first();
          await hit.waitFor();
          assert.ok((await hit.locator('mark').textContent()) === word, 'the word is marked');
          await check(page, `${viewport}-reader-tools-search`);
          await hit.click();
          await page.waitForURL(new RegExp(encodeURIComponent(target.key)));
          // The paragraph with the word is at the top, under the bar.
          const topText = () =>
            page.evaluate(`(() => {
            for (const p of document.querySelectorAll('article p[data-i]'))
              if (p.getBoundingClientRect().bottom > 60) return p.textContent;
            return '';
          })()`) as Promise<string>;
          await until(page, async () => (await topText()).includes(word));
          assert.ok((await topText()).includes(word), `the paragraph with "${word}" is at the top`);
          await saveScreenshot(page, `${viewport}-reader-tools-search-opened`);
          assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
        },
      );
    });
  }

  for (const { viewport, locale } of runs) {
    test(`${viewport}: a normal visit leaves the console clean (no error, no failed request)`, async () => {
      await session.withPage(
        { viewport, locale, failure: `${viewport}-reader-tools-failure` },
        async ({ context, page }) => {
          const problems: string[] = [];
          page.on('console', (message) => {
            if (message.type() === 'error') problems.push(`console: ${message.text()}`);
          });
          page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
          page.on('requestfailed', (request) =>
            problems.push(`failed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
          );
          page.on('response', (response) => {
            if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
          });
          // Not signed in: the app asks who is there and shows the sign-in page.
          await page.goto('/');
          await page.waitForURL(/\/login/);
          await page.waitForLoadState('networkidle');
          await signIn(context);
          bookId ??= await apiAddBook(context, BOOK);
          // A book this reader has no position in (taken off the shelf): its first read.
          const off = await context.request.delete(`/api/shelf/${bookId}`, {
            headers: { 'x-csrf-token': await csrfToken(context) },
          });
          assert.ok(off.ok(), await off.text());
          for (const path of ['/', '/shelf', `/book/${bookId}`, `/read/${bookId}`]) {
            await page.goto(path);
            await page.waitForLoadState('networkidle');
          }
          await page.locator('article p[data-i]').first().waitFor();
          await page.waitForLoadState('networkidle');
          await saveScreenshot(page, `${viewport}-reader-tools-clean-console`);
          assert.deepEqual(problems, [], 'errors in the console or failed requests');
        },
      );
    });
  }

  test("accessibility: no serious or critical axe violation in the reader's tools", () =>
    session.assertAccessible());
});

/**
 * Opens one of the reader's tools through the bar's "More tools" sheet (a tool shown in the bar
 * itself is clicked there).
 */
async function openTool(page: Page, messages: Messages, tool: MessageKey): Promise<void> {
  const more = page.getByRole('button', { name: messages['reader.tools'] });
  if (await more.isVisible()) {
    await more.click();
    const menu = page.getByRole('dialog', { name: messages['reader.tools'] });
    await menu.getByRole('button', { name: messages[tool] }).click();
    await menu.waitFor({ state: 'hidden' });
  } else await page.getByRole('button', { name: messages[tool] }).click();
}

/** Waits up to five seconds for `done` (the caller asserts afterwards, with its own message). */
async function until(page: Page, done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50 && !(await done()); i++) await page.waitForTimeout(100);
}

/**
 * The reader's pages mode (翻页) in Debian's chromium, on a phone (Chinese, touch) and a desktop
 * (English): switch to pages in the display sheet, turn pages by a tap in the right third and by
 * the → key (the indicator advances, the document never scrolls vertically), go past the last
 * page into the next chapter and back with ← to the previous chapter's last page, reload and land
 * on the same page, make the type larger, turn the window sideways and back, and stay on the same
 * paragraph; Tab to the chapter buttons brings their page into view. axe checks the reader in
 * pages mode (light, e-ink, the display sheet); screenshots `<viewport>-reader-pages*.png`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.ts';
import type { MessageKey, Messages } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { browserSession } from './browser-session.ts';
import { apiAddBook, apiSignIn, browserUnavailable } from './harness.ts';
import type { ViewportName } from './harness.ts';

const BOOK = '星河归途';
const USER = 'e2e-pages';
const PASSWORD = 'e2e-password-1';

const fill = (messages: Messages, key: MessageKey, vars: Record<string, string | number>) =>
  messages[key].replace(/\{(\w+)\}/g, (_all, name: string) => String(vars[name] ?? ''));

const unavailable = browserUnavailable();
if (unavailable) console.log(`skipping the browser tests: ${unavailable}`);

describe('the reader in pages mode', { skip: unavailable }, () => {
  const session = browserSession();
  let bookId: number | undefined;

  const signIn = (context: BrowserContext, register: boolean) =>
    apiSignIn(context, { name: USER, password: PASSWORD }, register);
  const addBook = (context: BrowserContext) => apiAddBook(context, BOOK);

  const check = (page: Page, label: string) => session.check(page, label);

  const runs: readonly { viewport: ViewportName; locale: string; messages: Messages }[] = [
    { viewport: 'phone', locale: 'zh-CN', messages: zh },
    { viewport: 'desktop', locale: 'en-US', messages: en },
  ];

  for (const { viewport, locale, messages } of runs) {
    test(`${viewport}: pages, turned by tap, keys and chapters; kept through reload and type size`, async () => {
      const m = (key: MessageKey) => messages[key];
      await session.withPage(
        { viewport, locale, failure: `${viewport}-reader-pages-failure` },
        async ({ context, page, pageErrors }) => {
          await signIn(context, viewport === 'phone');
          bookId ??= await addBook(context);
          const toc = (await (await context.request.get(`/api/books/${bookId}/toc`)).json()) as {
            key: string;
            note: boolean;
          }[];
          // 第 n / N 章 counts story chapters: the authors' notes are listed but not counted.
          const stories = toc.filter((c) => !c.note).length;
          const place = (n: number) =>
            page.getByText(fill(messages, 'reader.chapterOf', { n, total: stories }));

          await page.goto(`/read/${bookId}/${encodeURIComponent(toc[0]!.key)}`);
          await place(1).waitFor();
          await page.locator('article p[data-i]').first().waitFor();
          await setDisplay(page, messages, async (sheet) => {
            await sheet.getByRole('group', { name: m('reader.mode') }).waitFor();
            await sheet.getByRole('radio', { name: m('reader.mode.pages') }).check();
            await sheet.getByRole('radio', { name: m('reader.theme.light') }).check();
            await check(page, `${viewport}-reader-pages-display`);
          });

          await settle(page, pageState, (s) => s.count > 1 && s.top >= 0);
          let state: PageState;
          if (viewport === 'desktop') {
            // The phone left chapter 1 on a later page: the desktop opened its paragraph (in
            // scrolling, this device's mode) and keeps it when it switches to pages.
            const saved = (await (
              await context.request.get(`/api/shelf/${bookId}/position`)
            ).json()) as { anchor: string };
            const index = await page.evaluate(paragraphStartingWith, saved.anchor);
            assert.ok(index > 0, `the phone's paragraph (${saved.anchor}) is a later one`);
            state = await settle(page, pageState, (s) => s.top === index);
            assert.ok(state.shown.includes(index), `the phone's paragraph ${index} is shown`);
            assert.ok(state.index > 0, 'on a later page');
            for (let i = state.index; i > 0; i -= 1) await page.keyboard.press('ArrowLeft');
          }

          // Chapter 1 in pages: page 1 of several, and nothing scrolls vertically.
          state = await settle(page, pageState, (s) => s.indicator === `1 / ${s.count}`);
          assert.equal(state.indicator, `1 / ${state.count}`);
          assert.ok(state.count >= 3, `chapter 1 has ${state.count} pages`);
          assert.equal(state.index, 0, 'the article shows its first page');
          const spoken = page.locator('footer .visually-hidden');
          assert.equal(
            (await spoken.textContent())?.trim(),
            fill(messages, 'reader.pageOf', { n: 1, total: state.count }),
            'the indicator in words for screen readers',
          );
          assertNoVerticalScroll(state);
          await check(page, `${viewport}-reader-pages`);

          // A tap (a click on the desktop) in the right third, then the → key.
          const size = page.viewportSize()!;
          const [x, y] = [Math.round(size.width * 0.85), Math.round(size.height * 0.5)];
          if (viewport === 'phone') await page.touchscreen.tap(x, y);
          else await page.mouse.click(x, y);
          state = await settle(page, pageState, (s) => s.index === 1);
          assert.equal(state.indicator, `2 / ${state.count}`, 'the tap turned a page');
          assertNoVerticalScroll(state);
          await page.keyboard.press('ArrowRight');
          state = await settle(page, pageState, (s) => s.index === 2);
          assert.equal(state.indicator, `3 / ${state.count}`, '→ turned a page');
          assert.ok(state.top > 0, 'a later paragraph is at the top of page 3');
          assertNoVerticalScroll(state);

          // On past the last page: chapter 2 opens on its first page; ← goes back to chapter 1's
          // last page.
          const chapterOnePages = state.count;
          for (let i = state.index; i < chapterOnePages; i += 1)
            await page.keyboard.press('ArrowRight');
          await place(2).waitFor();
          state = await settle(page, pageState, (s) => s.index === 0 && s.count > 1);
          assert.equal(state.indicator, `1 / ${state.count}`, 'chapter 2 opens on its first page');
          await page.keyboard.press('ArrowLeft');
          await place(1).waitFor();
          state = await settle(page, pageState, (s) => s.index === chapterOnePages - 1);
          assert.equal(
            state.indicator,
            `${chapterOnePages} / ${chapterOnePages}`,
            "← from chapter 2's first page lands on chapter 1's last page",
          );
          assertNoVerticalScroll(state);

          // Back to page 2 (a swipe to the right on the phone, ← on the desktop), then reload: the
          // same page, with the same paragraph at its top.
          for (let i = state.index; i > 1; i -= 1) {
            if (viewport === 'phone') await swipe(page, 80, 320);
            else await page.keyboard.press('ArrowLeft');
            state = await settle(page, pageState, (s) => s.index === i - 1);
            assert.equal(state.index, i - 1, 'one page back');
          }
          const before = state;
          const saved = page.waitForResponse(
            (r) =>
              r.request().method() === 'PUT' &&
              /\/api\/shelf\/\d+\/position$/.test(r.url()) &&
              (r.request().postDataJSON() as { offsetChars: number }).offsetChars > 0,
          );
          assert.ok((await saved).ok(), 'the position is saved');
          await page.reload();
          await place(1).waitFor();
          state = await settle(page, pageState, (s) => s.index === before.index);
          assert.equal(state.indicator, before.indicator, 'the same page after the reload');
          assert.equal(state.top, before.top, 'the same paragraph at the top after the reload');
          assertNoVerticalScroll(state);

          // Larger type: more pages, the same paragraph still on the page shown.
          await setDisplay(page, messages, async (sheet) => {
            for (let i = 0; i < 4; i += 1)
              await sheet.getByRole('button', { name: m('reader.larger') }).click();
          });
          state = await settle(
            page,
            pageState,
            (s) => s.count > before.count && s.shown.includes(before.top),
          );
          assert.ok(
            state.count > before.count,
            `larger type: ${before.count} → ${state.count} pages`,
          );
          assert.ok(
            state.shown.includes(before.top),
            `paragraph ${before.top} stays on the page (shown: ${state.shown.join(', ')})`,
          );
          assertNoVerticalScroll(state);

          // Turned sideways and back (a phone rotated, a window resized): the same paragraph.
          for (const turned of [{ width: size.height, height: size.width }, size]) {
            await page.setViewportSize(turned);
            state = await settle(
              page,
              pageState,
              (s) => s.viewportHeight === turned.height && s.shown.includes(before.top),
            );
            assert.ok(
              state.shown.includes(before.top),
              `${turned.width}×${turned.height}: paragraph ${before.top} on the page (shown: ${state.shown.join(', ')})`,
            );
            assert.equal(state.indicator, `${state.index + 1} / ${state.count}`);
            assertNoVerticalScroll(state);
          }

          // Tab into the chapter buttons at the chapter's end: the article brings the focused
          // button into view, and the page and its indicator follow (focus is not lost off-page).
          const next = page
            .getByRole('navigation', { name: m('reader.menu') })
            .getByRole('button', { name: m('reader.next') });
          for (
            let i = 0;
            i < 10 && !(await next.evaluate((b) => b === b.ownerDocument.activeElement));
            i += 1
          )
            await page.keyboard.press('Tab');
          const start = state.index;
          state = await settle(page, pageState, (s) => s.focusShown && s.index > start);
          assert.ok(state.focusShown, 'the focused button is on the page shown');
          assert.ok(state.index >= state.count - 2, `a last page (${state.index + 1})`);
          assert.equal(state.indicator, `${state.index + 1} / ${state.count}`);
          assert.ok(await next.evaluate((b) => b === b.ownerDocument.activeElement), 'focus on it');
          assertNoVerticalScroll(state);
          // With the focus left there, ← still turns back a page (the focus does not pull it back).
          const buttonPage = state.index;
          await page.keyboard.press('ArrowLeft');
          await settle(page, pageState, (s) => s.index === buttonPage - 1);
          await page.waitForTimeout(300);
          state = await page.evaluate(pageState);
          assert.equal(state.index, buttonPage - 1, '← from the focused button turns back a page');
          assert.equal(state.indicator, `${buttonPage} / ${state.count}`);

          // E-ink: the same pages in black on white.
          await setDisplay(page, messages, async (sheet) => {
            await sheet.getByRole('radio', { name: m('reader.theme.eink') }).check();
          });
          await check(page, `${viewport}-reader-pages-eink`);
          assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
        },
      );
    });
  }

  test('accessibility: no serious or critical axe violation in pages mode', () =>
    session.assertAccessible());
});

/** Opens the display sheet, runs `change` in it, closes it. */
async function setDisplay(
  page: Page,
  messages: Messages,
  change: (sheet: Locator) => Promise<void>,
): Promise<void> {
  await page.getByRole('button', { name: messages['reader.settings'] }).click();
  const sheet = page.getByRole('dialog', { name: messages['reader.settings'] });
  await sheet.waitFor();
  await change(sheet);
  await sheet.getByRole('button', { name: messages['reader.close'] }).click();
  await sheet.waitFor({ state: 'hidden' });
}

interface PageState {
  /** The page the article shows, by its sideways scroll. */
  index: number;
  /** Pages in the chapter, by the article's scroll width. */
  count: number;
  /** The indicator's text, e.g. "3 / 12". */
  indicator: string;
  /** The first paragraph starting on the page shown (-1: none). */
  top: number;
  /** Every paragraph with text on the page shown. */
  shown: number[];
  /** Whether the focused element, when in the article, is wholly on the page shown. */
  focusShown: boolean;
  scrollY: number;
  documentHeight: number;
  viewportHeight: number;
}

function assertNoVerticalScroll(state: PageState): void {
  assert.equal(state.scrollY, 0, 'the document is not scrolled');
  assert.ok(
    state.documentHeight <= state.viewportHeight,
    `the document (${state.documentHeight}px) fits the window (${state.viewportHeight}px)`,
  );
}

/* The function below runs inside the page: this project's TypeScript has no DOM library. */
/* eslint-disable @typescript-eslint/no-explicit-any */
function pageState(): PageState {
  const g = globalThis as any;
  const article = g.document.querySelector('article');
  const box = article.getBoundingClientRect();
  const shown: number[] = [];
  let top = -1;
  const active = g.document.activeElement;
  const focus = article.contains(active) ? active.getBoundingClientRect() : null;
  for (const p of article.querySelectorAll('p[data-i]')) {
    // No inner named functions: tsx would wrap them in a helper the page does not have.
    const visible: boolean[] = [];
    for (const r of p.getClientRects())
      visible.push(r.left >= box.left - 1 && r.right <= box.right + 1);
    if (visible.includes(true)) shown.push(Number(p.dataset.i));
    if (top === -1 && visible[0]) top = Number(p.dataset.i);
  }
  return {
    index: Math.round(article.scrollLeft / article.clientWidth),
    count: Math.round(article.scrollWidth / article.clientWidth),
    indicator: (g.document.querySelector('footer [aria-hidden="true"]')?.textContent ?? '').trim(),
    top,
    shown,
    focusShown: focus !== null && focus.left >= box.left - 1 && focus.right <= box.right + 1,
    scrollY: g.scrollY,
    documentHeight: g.document.documentElement.scrollHeight,
    viewportHeight: g.innerHeight,
  };
}

/** The index of the chapter's paragraph that starts with `anchor` (-1: none). */
function paragraphStartingWith(anchor: string): number {
  const g = globalThis as any;
  for (const p of g.document.querySelectorAll('article p[data-i]'))
    if ((p.textContent ?? '').trim().startsWith(anchor)) return Number(p.dataset.i);
  return -1;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** A horizontal swipe from x `from` to x `to` (real touch input through the DevTools protocol). */
async function swipe(page: Page, from: number, to: number): Promise<void> {
  const y = Math.round(page.viewportSize()!.height * 0.5);
  const cdp = await page.context().newCDPSession(page);
  const point = (x: number) => [{ x, y, id: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(from) });
  for (let i = 1; i <= 4; i += 1)
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: point(Math.round(from + ((to - from) * i) / 4)),
    });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/**
 * Evaluates `probe` in the page until `done` accepts its value (or 10 s pass) and returns the
 * last value (polled from here: the app's CSP forbids playwright's in-page waitForFunction).
 */
async function settle<T>(page: Page, probe: () => T, done: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 10_000;
  for (;;) {
    const value = (await page.evaluate(probe)) as T;
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The web app end to end in Debian's chromium, on a phone (Chinese interface, touch) and a
 * desktop (English interface): register, search with results streaming in, add a book, read,
 * turn chapters by button, key, tap zone and swipe, come back to the same paragraph after a
 * reload, switch themes, read a cached chapter offline. axe checks every page on the way, and
 * each page is saved as a screenshot in test-artifacts/screenshots/. See test/e2e/README.md.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.ts';
import type { MessageKey, Messages } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { browserSession } from './browser-session.ts';
import { browserUnavailable, clearScreenshots, saveScreenshot } from './harness.ts';
import type { ViewportName } from './harness.ts';

const BOOK = '星河归途';
const USER = 'e2e-reader';
const PASSWORD = 'e2e-password-1';
/** The paragraph scrolled to before the reload (chapters have dozens). */
const PARAGRAPH = 12;

/** Each run in one interface language, so both dictionaries are exercised. */
const runs: readonly { viewport: ViewportName; locale: string; messages: Messages }[] = [
  { viewport: 'phone', locale: 'zh-CN', messages: zh },
  { viewport: 'desktop', locale: 'en-US', messages: en },
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A message as a pattern: its `{placeholders}` match `fill` (by default any text), its plural
 * forms `{n:book|books}` either form.
 */
function pattern(messages: Messages, key: MessageKey, fill = '(.+?)'): RegExp {
  const text = messages[key];
  let source = '';
  let last = 0;
  for (const match of text.matchAll(/\{(\w+)(?::([^}]*))?\}/g)) {
    source += escape(text.slice(last, match.index));
    source += match[2] === undefined ? fill : `(?:${match[2].split('|').map(escape).join('|')})`;
    last = match.index + match[0].length;
  }
  return new RegExp(source + escape(text.slice(last)));
}

const unavailable = browserUnavailable();
if (unavailable) console.log(`skipping the browser tests: ${unavailable}`);

describe('the web app in chromium', { skip: unavailable }, () => {
  const session = browserSession({ setup: clearScreenshots });

  const check = (page: Page, label: string, screenshot = true) =>
    session.check(page, label, { screenshot });

  for (const { viewport, locale, messages } of runs) {
    test(`${viewport}: register or sign in, search, add, read, resume, themes, offline`, async () => {
      const m = (key: MessageKey) => messages[key];
      await session.withPage(
        { viewport, locale, failure: `${viewport}-failure` },
        async ({ context, page, pageErrors }) => {
          // Sign-in pages: the first account (phone run) becomes the administrator.
          await page.goto('/');
          await page.getByRole('heading', { name: m('auth.login') }).waitFor();
          await check(page, `${viewport}-login`);
          if (viewport === 'phone') {
            await page.getByRole('link', { name: m('auth.toRegister') }).click();
            await page.getByRole('heading', { name: m('auth.register') }).waitFor();
            await check(page, `${viewport}-register`, false);
          }
          await page.getByRole('textbox', { name: m('auth.name') }).fill(USER);
          await page.getByLabel(m('auth.password')).fill(PASSWORD);
          await page
            .getByRole('button', {
              name: viewport === 'phone' ? m('auth.register') : m('auth.login'),
            })
            .click();
          const nav = page.getByRole('navigation', { name: m('nav.main') });
          await nav.getByRole('link', { name: m('nav.sources') }).waitFor();
          await check(page, `${viewport}-home`);

          // Search: the book's source count grows as the sources answer.
          await nav.getByRole('link', { name: m('nav.search') }).click();
          // The home page has a search box with the same name: wait until the search page is shown
          // (it loads lazily), or the text goes into the home page's box as it leaves.
          await page.getByRole('heading', { name: m('search.title'), exact: true }).waitFor();
          const box = page.getByRole('searchbox', { name: m('search.label') });
          await box.fill(BOOK);
          await page.evaluate(recordSourceCounts, {
            title: BOOK,
            count: pattern(messages, 'search.sources', '(\\d+)').source,
          });
          await box.press('Enter');
          await page.getByRole('status').getByText(pattern(messages, 'search.finished')).waitFor();
          const counts = (await page.evaluate('globalThis.e2eSourceCounts')) as number[];
          assert.ok(counts.length >= 2, `source counts seen for ${BOOK}: ${counts.join(' → ')}`);
          assert.ok(counts.at(-1)! > 1, `${BOOK} is on several demo sites: ${counts.join(' → ')}`);
          await check(page, `${viewport}-search`);

          // The book: add it from the search result (the desktop finds it already on the shelf).
          if (viewport === 'phone')
            await page.getByRole('button', { name: `${m('search.add')}: ${BOOK}` }).click();
          else await page.getByRole('link', { name: `${m('book.onShelf')}: ${BOOK}` }).click();
          await page.getByRole('heading', { level: 1, name: BOOK }).waitFor();
          const remove = page.getByRole('button', { name: m('book.removeShelf') });
          const add = page.getByRole('button', { name: m('book.addShelf') });
          await remove.or(add).waitFor();
          if (viewport === 'phone' && (await remove.isVisible())) {
            // Taken off the shelf and put back (before any reading: the desktop resumes it later).
            await remove.click();
            await add.waitFor();
          }
          if (await add.isVisible()) await add.click();
          await remove.waitFor();
          // The cover is Linhai's copy (the demo sites' covers are http: SVGs the CSP would refuse).
          const cover = page.locator('.hero-cover img');
          await cover.waitFor();
          assert.match(String(await cover.getAttribute('src')), /^\/api\/books\/\d+\/cover$/);
          await page.waitForFunction(
            () => (document.querySelector('.hero-cover img') as HTMLImageElement | null)?.complete,
          );
          assert.ok(
            await cover.evaluate((img: HTMLImageElement) => img.naturalWidth > 0),
            'the cover from the route is drawn',
          );
          await check(page, `${viewport}-book`);

          const place = (n: number) =>
            page.getByText(
              new RegExp(
                messages['reader.chapterOf'].replace('{n}', String(n)).replace('{total}', '\\d+'),
              ),
            );

          // Chapter 1, then the next chapter by button, key, and tap zone or swipe.
          const readLink = page.getByRole('link', {
            name: viewport === 'phone' ? m('book.read') : pattern(messages, 'book.continue'),
          });
          if (viewport === 'phone') await readLink.click();
          else {
            // The phone run left its position (chapter 4, paragraph 12): the desktop lands there.
            await readLink.click();
            await place(4).waitFor();
            const landed = await settle(page, firstVisibleParagraph, (at) => at === PARAGRAPH);
            assert.equal(landed, PARAGRAPH, "the phone's paragraph on the desktop");
            await page.getByRole('button', { name: m('reader.toc') }).click();
            const drawer = page.getByRole('dialog', { name: m('reader.toc') });
            await drawer.getByRole('list').getByRole('button').first().waitFor();
            await check(page, `${viewport}-reader-toc`);
            // Back to the first chapter by its number: the search box opens chapter n on Enter.
            await drawer.getByRole('searchbox').fill('1');
            await drawer.getByRole('searchbox').press('Enter');
          }
          await place(1).waitFor();
          await page.getByRole('heading', { level: 1 }).waitFor();
          assert.equal(
            await readerBackground(page),
            themeBackgrounds.light,
            "the phone's last theme (light), also on the desktop",
          );
          await check(page, `${viewport}-reader-light`);

          const chapterNav = page.getByRole('navigation', { name: m('reader.menu') });
          await chapterNav.getByRole('button', { name: m('reader.next') }).click();
          await place(2).waitFor();
          await page.keyboard.press('ArrowRight');
          await place(3).waitFor();
          await turnByTapZone(page, viewport);
          await place(4).waitFor();

          // Scroll to a paragraph, reload, land at the same paragraph.
          const saved = page.waitForResponse(
            (r) =>
              r.request().method() === 'PUT' &&
              /\/api\/shelf\/\d+\/position$/.test(r.url()) &&
              (r.request().postDataJSON() as { offsetChars: number }).offsetChars > 0,
          );
          await scrollParagraphToTop(page, PARAGRAPH);
          assert.ok((await saved).ok(), 'the position is saved');
          await page.reload();
          await place(4).waitFor();
          const landed = await settle(page, firstVisibleParagraph, (at) => at === PARAGRAPH);
          assert.equal(landed, PARAGRAPH, 'the first paragraph on screen after the reload');

          // Themes: each one is checked by axe; light and dark are pictured.
          for (const theme of ['sepia', 'dark', 'eink', 'light'] as const) {
            await page.getByRole('button', { name: m('reader.settings') }).click();
            const sheet = page.getByRole('dialog', { name: m('reader.settings') });
            await sheet.getByRole('radio', { name: m(`reader.theme.${theme}`) }).check();
            if (theme === 'dark') await check(page, `${viewport}-reader-display`);
            await sheet.getByRole('button', { name: m('reader.close') }).click();
            await sheet.waitFor({ state: 'hidden' });
            assert.equal(await readerBackground(page), themeBackgrounds[theme], `${theme} theme`);
            await check(page, `${viewport}-reader-${theme}`, theme === 'dark');
          }

          // Offline: chapter 4 was read, so it opens from this device's copy.
          await context.setOffline(true);
          await page.reload();
          await place(4).waitFor();
          await page.locator('article p').nth(PARAGRAPH).waitFor();
          await page.getByRole('status').getByText(m('app.offline')).waitFor();
          await page.locator('article').getByText(m('reader.offlineCopy')).waitFor();
          await saveScreenshot(page, `${viewport}-reader-offline`);
          // The network really is gone for the service worker too: a file it does not keep fails.
          assert.equal(await page.evaluate(`fetch('/health').then((r) => r.status)`), 503);
          await context.setOffline(false);

          // The shelf, the sources (administrators) and the settings.
          await page.getByRole('link', { name: m('reader.back') }).click();
          await page.getByRole('heading', { level: 1, name: BOOK }).waitFor();
          await nav.getByRole('link', { name: m('nav.shelf') }).click();
          await page.getByRole('heading', { level: 2, name: BOOK }).waitFor();
          await check(page, `${viewport}-shelf`);
          await nav.getByRole('link', { name: m('nav.sources') }).click();
          await page.getByRole('heading', { level: 1, name: m('sources.title') }).waitFor();
          await page.getByRole('table').waitFor();
          await check(page, `${viewport}-sources`);
          await nav.getByRole('link', { name: m('nav.settings') }).click();
          await page.getByRole('heading', { level: 1, name: m('settings.title') }).waitFor();
          await check(page, `${viewport}-settings`);
          await nav.getByRole('link', { name: m('nav.home') }).click();
          await page.getByRole('heading', { name: m('home.title') }).waitFor();
          await check(page, `${viewport}-home-after`);
          assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
        },
      );
    });
  }

  test('accessibility: no serious or critical axe violation on any page', () =>
    session.assertAccessible());
});

/** The reader's backgrounds (ReaderPage.vue), as getComputedStyle reports them. */
const themeBackgrounds = {
  light: 'rgb(251, 250, 247)',
  sepia: 'rgb(243, 233, 210)',
  dark: 'rgb(22, 24, 27)',
  eink: 'rgb(255, 255, 255)',
} as const;

const readerBackground = (page: Page) =>
  page.evaluate(
    `getComputedStyle(document.querySelector('article').parentElement).backgroundColor`,
  );

/*
 * The functions below run inside the page (serialized by playwright), so they use the DOM
 * through `globalThis`: this project's TypeScript has no DOM library.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

/** Records each new source count shown for one book while the search runs. */
function recordSourceCounts({ title, count }: { title: string; count: string }): void {
  const g = globalThis as any;
  const counts: number[] = (g.e2eSourceCounts = []);
  const matcher = new RegExp(count);
  new g.MutationObserver(() => {
    for (const item of g.document.querySelectorAll('li')) {
      if (item.querySelector('h2')?.textContent?.trim() !== title) continue;
      const n = Number(matcher.exec(item.textContent ?? '')?.[1]);
      if (n > 0 && n !== counts.at(-1)) counts.push(n);
    }
  }).observe(g.document.body, { subtree: true, childList: true, characterData: true });
}

/** The reader's first paragraph still on screen below its top bar (as the app saves it). */
function firstVisibleParagraph(): number {
  const g = globalThis as any;
  const bar = g.document.querySelector('header')?.getBoundingClientRect().bottom ?? 0;
  for (const p of g.document.querySelectorAll('article p[data-i]'))
    if (p.getBoundingClientRect().bottom > bar + 4) return Number(p.dataset.i);
  return -1;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * Evaluates `probe` in the page until `done` accepts its value (or 10 s pass) and returns the
 * last value. Polled from here: playwright's waitForFunction evaluates strings inside the page,
 * which the app's CSP (no 'unsafe-eval') forbids.
 */
async function settle<T>(page: Page, probe: () => T, done: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 10_000;
  for (;;) {
    const value = (await page.evaluate(probe)) as T;
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function scrollParagraphToTop(page: Page, index: number): Promise<void> {
  const paragraph = page.locator(`article p[data-i="${index}"]`);
  await paragraph.scrollIntoViewIfNeeded();
  await page.evaluate(`{
    const bar = document.querySelector('header')?.getBoundingClientRect().bottom ?? 0;
    const top = document.querySelector('article p[data-i="${index}"]').getBoundingClientRect().top;
    window.scrollBy(0, top - bar - 8);
  }`);
}

/**
 * The next chapter without the buttons: a swipe to the left on the phone (real touch input
 * through the DevTools protocol), clicks in the right third on the desktop (each turns a page;
 * at the chapter's end, the chapter).
 */
async function turnByTapZone(page: Page, viewport: ViewportName): Promise<void> {
  const size = page.viewportSize()!;
  const y = Math.round(size.height * 0.6);
  if (viewport === 'phone') {
    const cdp = await page.context().newCDPSession(page);
    const point = (x: number) => [{ x, y, id: 1 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(320) });
    for (const x of [280, 220, 160, 100])
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(x) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
    return;
  }
  // In the right third, in the margin beside the text column.
  const x = Math.round(size.width * 0.9);
  const before = await page.evaluate('window.scrollY');
  await page.mouse.click(x, y);
  const after = await settle(
    page,
    () => (globalThis as unknown as { scrollY: number }).scrollY,
    (y) => y > (before as number),
  );
  assert.ok(after > (before as number), 'a click in the right third turns a page');
  const chapter = await page.title();
  // Page on until the chapter turns (a chapter is a few screens long).
  for (let i = 0; i < 30 && (await page.title()) === chapter; i += 1) {
    await page.mouse.click(x, y);
    await page.waitForTimeout(100);
  }
}

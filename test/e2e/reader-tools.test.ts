/**
 * The reader's tools (issue 20) in Debian's chromium, on a phone (Chinese, touch) and a desktop
 * (English), signed in and with the book added through the API: 换源 — the chapter's sources in
 * a sheet, the chapter read from the other source and back (the sheet and the chapter's source
 * line say which served it), and the book's preferred source switched from the reader and from
 * the book page. axe checks each sheet; screenshots `<viewport>-reader-tools-*.png`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.ts';
import type { MessageKey, Messages } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { auditPage, describeViolation, isSerious } from './accessibility.ts';
import type { Violation } from './accessibility.ts';
import {
  apiAddBook,
  apiSignIn,
  browserUnavailable,
  ensureWebBuilt,
  launchChromium,
  newContext,
  saveScreenshot,
  startDemoServer,
} from './harness.ts';
import type { DemoServer, ViewportName } from './harness.ts';

const BOOK = '星河归途';
const USER = 'e2e-tools';
const PASSWORD = 'e2e-password-1';

const fill = (messages: Messages, key: MessageKey, vars: Record<string, string | number>) =>
  messages[key].replace(/\{(\w+)\}/g, (_all, name: string) => String(vars[name] ?? ''));

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
  let server: DemoServer;
  let browser: Browser;
  let bookId: number | undefined;
  const violations: Violation[] = [];
  let audited = 0;

  before(async () => {
    await ensureWebBuilt();
    [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function check(page: Page, label: string): Promise<void> {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.evaluate(
      `Promise.all(document.getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)))`,
    );
    violations.push(...(await auditPage(page, label)));
    audited += 1;
    await saveScreenshot(page, label);
  }

  const runs: readonly { viewport: ViewportName; locale: string; messages: Messages }[] = [
    { viewport: 'phone', locale: 'zh-CN', messages: zh },
    { viewport: 'desktop', locale: 'en-US', messages: en },
  ];

  for (const { viewport, locale, messages } of runs) {
    test(`${viewport}: 换源 — the chapter from another source and back, the book's source`, async () => {
      const m = (key: MessageKey) => messages[key];
      const context = await newContext(browser, { viewport, locale, baseURL: server.url });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      try {
        await apiSignIn(context, { name: USER, password: PASSWORD }, viewport === 'phone');
        bookId ??= await apiAddBook(context, BOOK);
        const toc = (await (await context.request.get(`/api/books/${bookId}/toc`)).json()) as {
          key: string;
          sources: number;
        }[];
        // A chapter every source carries (the phone and the desktop each take their own).
        const chapter = toc.filter((c) => c.sources >= 2)[viewport === 'phone' ? 2 : 3]!;
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
        const other = before.find((s) => !s.served)!;
        const sourceLine = page.locator('article .source-note');
        await sourceLine
          .getByText(fill(messages, 'reader.source', { source: original.sourceName }))
          .waitFor();

        await page.getByRole('button', { name: m('reader.sources') }).click();
        const sheet = page.getByRole('dialog', { name: m('reader.sources.title') });
        await sheet.waitFor();
        const readFrom = (s: ChapterSource) =>
          sheet.getByRole('button', {
            name: fill(messages, 'reader.sources.readFrom', { source: s.sourceName }),
          });
        await readFrom(other).waitFor();
        await check(page, `${viewport}-reader-tools-sources`);

        // The chapter from the other source: the sheet, the source line and the server agree.
        await readFrom(other).click();
        await sheet
          .getByText(fill(messages, 'reader.sources.switched', { source: other.sourceName }))
          .waitFor();
        await readFrom(original).waitFor();
        assert.deepEqual(
          (await sourcesOf()).filter((s) => s.served).map((s) => s.listingId),
          [other.listingId],
        );
        await sourceLine
          .getByText(fill(messages, 'reader.source', { source: other.sourceName }))
          .waitFor({ state: 'attached' });
        await check(page, `${viewport}-reader-tools-switched`);

        // And back.
        await readFrom(original).click();
        await sheet
          .getByText(fill(messages, 'reader.sources.switched', { source: original.sourceName }))
          .waitFor();
        await readFrom(other).waitFor();
        assert.deepEqual(
          (await sourcesOf()).filter((s) => s.served).map((s) => s.listingId),
          [original.listingId],
        );

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
      } catch (error) {
        await saveScreenshot(page, `${viewport}-reader-tools-failure`).catch(() => undefined);
        console.log(`${viewport} failed at ${page.url()}; server log:\n${server.output()}`);
        throw error;
      } finally {
        await context.close();
      }
    });
  }

  test("accessibility: no serious or critical axe violation in the reader's tools", () => {
    assert.ok(audited > 0, 'no page was audited (the flows failed before any page)');
    for (const v of violations.filter((v) => !isSerious(v))) console.log(describeViolation(v));
    assert.deepEqual(violations.filter(isSerious).map(describeViolation), []);
  });
});

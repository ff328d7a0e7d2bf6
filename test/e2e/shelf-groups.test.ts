/**
 * Shelf groups and shelf order in Debian's chromium against `linhai demo --serve` (issue 20): on
 * a phone (Chinese) the reader makes a group from the shelf, puts a book in it from the book's
 * Groups sheet, filters the shelf by the group's chip, and sorts the shelf by latest update (the
 * choice kept after a reload). axe on the shelf and both sheets; screenshots
 * `phone-shelf-groups-*.png` in test-artifacts/screenshots/.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { zh } from '../../web/src/i18n/zh.ts';
import { browserSession } from './browser-session.ts';
import { apiAddBook, apiSignIn, browserUnavailable, csrfToken } from './harness.ts';

const unavailable = browserUnavailable();
if (unavailable) console.log(`skipping the browser tests: ${unavailable}`);

describe('shelf groups and the shelf order', { skip: unavailable }, () => {
  const session = browserSession();

  test('phone: make a group, put a book in it, filter by it, sort by update', async () => {
    await session.withPage(
      { viewport: 'phone', locale: 'zh-CN', failure: 'phone-shelf-groups-failure' },
      async ({ context, page }) => {
        await apiSignIn(context, { name: 'e2e-groups', password: 'e2e-password-1' }, true);
        const star = await apiAddBook(context, '星河归途');
        await apiAddBook(context, '雾隐山庄');
        // 星河归途 read last, 雾隐山庄 updated last: the two orders differ.
        const toc = (await (await context.request.get(`/api/books/${star}/toc`)).json()) as {
          key: string;
        }[];
        const read = await context.request.put(`/api/shelf/${star}/position`, {
          data: { chapterKey: toc[1]!.key },
          headers: { 'x-csrf-token': await csrfToken(context) },
        });
        assert.ok(read.ok(), await read.text());

        await page.goto('/shelf');
        const titles = () => page.locator('.book-card .item-title').allInnerTexts();
        await page.locator('.book-card').nth(1).waitFor();
        assert.deepEqual(await titles(), ['星河归途', '雾隐山庄'], 'last read first');

        await page.getByRole('button', { name: zh['groups.manage'] }).click();
        const manage = page.getByRole('dialog', { name: zh['groups.title'] });
        await manage.getByLabel(zh['groups.newName']).fill('科幻');
        await manage.getByRole('button', { name: zh['groups.create'] }).click();
        await manage.getByText(zh['groups.created']).waitFor();
        await session.check(page, 'phone-shelf-groups-manage');
        await manage.getByRole('button', { name: zh['groups.done'] }).click();

        const sheetName = zh['groups.ofBook'].replace('{title}', '星河归途');
        await page.getByRole('button', { name: sheetName }).click();
        const sheet = page.getByRole('dialog', { name: sheetName });
        await sheet.getByRole('checkbox', { name: '科幻' }).check();
        await sheet.getByText(zh['groups.saved']).waitFor();
        await session.check(page, 'phone-shelf-groups-book');
        await sheet.getByRole('button', { name: zh['groups.done'] }).click();

        const chip = page.getByRole('button', { name: '科幻', exact: true });
        await chip.click();
        assert.equal(await chip.getAttribute('aria-pressed'), 'true');
        assert.deepEqual(await titles(), ['星河归途'], 'only the group');
        await session.check(page, 'phone-shelf-groups-filtered');
        await page.getByRole('button', { name: zh['groups.all'], exact: true }).click();
        assert.equal((await titles()).length, 2);

        await page.getByLabel(zh['shelf.sort']).selectOption('updated');
        await page.waitForFunction(
          () =>
            document.querySelector('.book-card .item-title')?.textContent?.trim() === '雾隐山庄',
        );
        assert.deepEqual(await titles(), ['雾隐山庄', '星河归途'], 'newest chapter found first');
        await page.reload();
        await page.locator('.book-card').nth(1).waitFor();
        await page.waitForLoadState('networkidle').catch(() => undefined);
        assert.deepEqual(await titles(), ['雾隐山庄', '星河归途'], 'the order is kept');
        assert.equal(await page.getByLabel(zh['shelf.sort']).inputValue(), 'updated');
        await session.check(page, 'phone-shelf-groups-sorted');
      },
    );
  });

  test('no serious accessibility violation', () => session.assertAccessible());
});

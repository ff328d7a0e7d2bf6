/**
 * Local books in Debian's chromium against `linhai demo --serve` (issue 22): on a phone (Chinese)
 * the reader goes from the shelf to the import page, uploads a GB18030 TXT, sees the rule chosen
 * and the chapters, splits it again with another rule, starts reading and reads chapter 2 (the
 * second story chapter) in the reader. axe checks the import page; screenshots
 * `phone-local-books-*.png` in test-artifacts/screenshots/.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { zh } from '../../web/src/i18n/zh.ts';
import { txtNovel } from '../support/local-book-files.ts';
import { browserSession } from './browser-session.ts';
import { apiSignIn, browserUnavailable, saveScreenshot } from './harness.ts';

const HEADINGS = ['第一章 小小灵娥', '第二章 师兄的入门审核', '第三章 入门第一课'];
const FILE = '《灵娥传》作者：某人.txt';

const unavailable = browserUnavailable();
if (unavailable) console.log(`skipping the browser tests: ${unavailable}`);

describe('a local TXT from upload to reading', { skip: unavailable }, () => {
  let dir: string;
  const session = browserSession({
    setup: async () => {
      dir = await mkdtemp(join(tmpdir(), 'linhai-e2e-local-'));
      await writeFile(
        join(dir, FILE),
        iconv.encode(txtNovel(HEADINGS, '《灵娥传》\r\n\r\n'), 'gb18030'),
      );
    },
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('phone: upload, see the rule and chapters, split again, read chapter 2', async () => {
    await session.withPage(
      { viewport: 'phone', locale: 'zh-CN', failure: 'phone-local-books-failure' },
      async ({ context, page }) => {
        await apiSignIn(context, { name: 'e2e-local', password: 'e2e-password-1' }, true);
        await page.goto('/shelf');
        await page.getByRole('link', { name: zh['shelf.import'] }).click();
        await page.getByRole('heading', { name: zh['import.title'] }).waitFor();
        await page.getByLabel(zh['import.file']).setInputFiles(join(dir, FILE));
        await page.getByRole('button', { name: zh['import.upload'], exact: true }).click();

        const result = page.locator('section.result');
        await result.getByRole('heading', { name: '灵娥传' }).waitFor();
        const summary = result.locator('.summary');
        assert.match(await summary.innerText(), /共 4 章 · 按规则“目录\(去空白\)”分章 · gb18030/);
        assert.deepEqual(await result.locator('ol.chapters li').allInnerTexts(), [
          '前言',
          ...HEADINGS,
        ]);
        await session.check(page, 'phone-local-books-imported');
        session.assertAccessible();

        // Another rule: 7 (number, separator, title) finds none of these headings.
        await result.getByRole('combobox').selectOption('7');
        await result.getByRole('button', { name: zh['import.splitAgain'] }).click();
        await summary.getByText('共 1 章').waitFor();
        await result.getByRole('combobox').selectOption('0');
        await result.getByRole('button', { name: zh['import.splitAgain'] }).click();
        await summary.getByText('共 4 章').waitFor();

        await result.getByRole('link', { name: zh['import.read'] }).click();
        await page.locator('article p[data-i]').first().waitFor();
        const bookId = Number(/\/read\/(\d+)/.exec(page.url())![1]);
        const toc = (await (await context.request.get(`/api/books/${bookId}/toc`)).json()) as {
          key: string;
          title: string;
        }[];
        const second = toc.find((c) => c.title === HEADINGS[1])!;
        await page.goto(`/read/${bookId}/${encodeURIComponent(second.key)}`);
        await page.getByRole('heading', { name: HEADINGS[1] }).waitFor();
        const paragraphs = await page.locator('article p[data-i]').allInnerTexts();
        assert.deepEqual(
          paragraphs.map((p) => p.trim()),
          ['这是第2章的第一段，山门外的风吹了一夜。', '本章的第二段（2）。'],
        );
        await saveScreenshot(page, 'phone-local-books-chapter-2');
      },
    );
  });
});

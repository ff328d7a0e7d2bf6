/**
 * Moving in from Legado in Debian's chromium against `linhai demo --serve` (issue 22): on a phone
 * (Chinese) the reader opens the import page, uploads a Legado backup zip (Legado's shapes, a book
 * of a demo site found by search and one whose source the instance lacks), sees the counts and
 * the skipped book with its reason, and finds the book on the shelf; the export link is there.
 * axe checks the page; screenshot `phone-legado-backup.png` in test-artifacts/screenshots/.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { BrowserContext } from 'playwright-core';
import { zh } from '../../web/src/i18n/zh.ts';
import { browserSession } from './browser-session.ts';
import { apiSignIn, browserUnavailable } from './harness.ts';

const TITLE = '星河归途';
const unavailable = browserUnavailable();
if (unavailable) console.log(`skipping the browser tests: ${unavailable}`);

/** A search hit of the book at a demo site: its source key and book URL, as Legado keeps them. */
async function demoHit(
  context: BrowserContext,
): Promise<{ sourceKey: string; bookUrl: string; author: string }> {
  const search = await context.request.get(
    `/api/search?q=${encodeURIComponent(TITLE)}&deadlineMs=8000`,
  );
  const groups = (await search.text())
    .split('\n\n')
    .filter((block) => block.startsWith('event: book'))
    .map(
      (block) =>
        (
          JSON.parse(block.split('\ndata: ')[1]!) as {
            group: {
              title: string;
              author: string;
              hits: Array<{ sourceKey: string; bookUrl: string }>;
            };
          }
        ).group,
    );
  const group = groups.findLast((g) => g.title === TITLE);
  assert.ok(group && group.hits.length > 0, `the search found ${TITLE}`);
  return { ...group.hits[0]!, author: group.author };
}

async function backupZip(hit: {
  sourceKey: string;
  bookUrl: string;
  author: string;
}): Promise<Buffer> {
  const book = (fields: Record<string, unknown>) => ({
    tocUrl: '',
    originName: '',
    type: 0,
    group: 0,
    durChapterIndex: 3,
    durChapterPos: 10,
    durChapterTime: 1_760_000_000_000,
    canUpdate: true,
    order: 0,
    ...fields,
  });
  const zip = new JSZip();
  zip.file(
    'bookshelf.json',
    JSON.stringify([
      book({ bookUrl: hit.bookUrl, origin: hit.sourceKey, name: TITLE, author: hit.author }),
      book({
        bookUrl: 'https://elsewhere.example/b/1',
        origin: 'https://elsewhere.example',
        originName: '别处书源',
        name: '无源之书',
        author: '某人',
      }),
    ]),
  );
  zip.file(
    'bookGroup.json',
    JSON.stringify([{ groupId: 1, groupName: '在读', order: 1, show: true }]),
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('a Legado backup from upload to the shelf', { skip: unavailable }, () => {
  let dir: string;
  const session = browserSession({
    setup: async () => (dir = await mkdtemp(join(tmpdir(), 'linhai-e2e-legado-'))),
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('phone: upload the backup, see what was skipped and why, find the book on the shelf', async () => {
    await session.withPage(
      { viewport: 'phone', locale: 'zh-CN', failure: 'phone-legado-backup-failure' },
      async ({ context, page }) => {
        await apiSignIn(context, { name: 'e2e-legado', password: 'e2e-password-1' }, true);
        const file = join(dir, 'backup.zip');
        await writeFile(file, await backupZip(await demoHit(context)));
        await page.goto('/import');
        await page.getByRole('heading', { name: zh['legado.title'] }).waitFor();
        await page.getByLabel(zh['legado.file']).setInputFiles(file);
        await page.getByRole('button', { name: zh['legado.upload'] }).click();

        const section = page.locator('section.legado');
        await section.locator('.summary').waitFor({ timeout: 60_000 });
        assert.match(await section.locator('.summary').innerText(), /导入 [1-9]\d* 项/);
        const skipped = await section.locator('ul.skipped li').allInnerTexts();
        assert.ok(
          skipped.some((line) => line.includes('无源之书') && line.includes('别处书源')),
          skipped.join('\n'),
        );
        assert.equal(
          await section.getByRole('link', { name: zh['legado.export'] }).getAttribute('href'),
          '/api/export/legado-backup',
        );
        await session.check(page, 'phone-legado-backup');
        session.assertAccessible();

        await page.goto('/shelf');
        await page.getByText(TITLE).first().waitFor();
      },
    );
  });
});

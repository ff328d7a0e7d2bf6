/**
 * Issue 16, item 11: a 200,001-link table of contents failed with "Maximum call stack size
 * exceeded" (every entry spread into `push` as an argument). It parses now, through the driver and
 * through the alignment that builds the book's chapter list.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpClient } from '#net';
import type { HttpClient } from '#net';
import { createSourceDriver, importSources } from '#sources';
import { alignAll } from '#library';
import { startServer } from '../../src/net/test-support.ts';
import type { TestServer } from '../../src/net/test-support.ts';

const links = 200_001;
let site: TestServer;
let http: HttpClient;

before(async () => {
  const parts = ['<html><body><ul>'];
  for (let i = 1; i <= links; i++) parts.push(`<li><a href="/c/${i}.html">第${i}章</a></li>`);
  parts.push('</ul></body></html>');
  const page = parts.join('');
  site = await startServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(page);
  });
  http = createHttpClient({ env: {}, robots: false, allowHosts: ['127.0.0.1'] });
});
after(async () => {
  await http?.close();
  await site?.close();
});

test('the driver reads a 200,001-link table of contents', async () => {
  const [source] = importSources(
    JSON.stringify([
      {
        bookSourceUrl: site.origin,
        bookSourceName: 'huge toc',
        ruleToc: { chapterList: 'li', chapterName: 'a@text', chapterUrl: 'a@href' },
      },
    ]),
  ).sources;
  const driver = createSourceDriver({ source: source!, fetcher: http });
  const toc = await driver.toc({ bookUrl: `${site.origin}/book`, name: 'huge' });
  assert.equal(toc.length, links);
  assert.equal(toc.at(-1)!.url, `${site.origin}/c/${links}.html`);
});

test('the alignment merges a 200,001-chapter listing into a book', () => {
  const entries = Array.from({ length: links }, (_, i) => ({
    title: `第${i + 1}章`,
    url: `/c/${i + 1}.html`,
  }));
  const merged = alignAll([{ listingId: 1, entries, seenAt: 0 }]);
  assert.equal(merged.chapters.length, links);
  assert.equal(merged.added.length, links);
});

/**
 * Issue 16, item 1 (the rest): the hostile proxy's reconnect loop went on after the source was
 * disabled. Now a source disabled while a call of it runs makes no further request: here a TOC of
 * 50 slow pages stops at the page in flight when the administrator disables the source.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '#app';
import type { App } from '#app';
import { startServer } from '../../src/net/test-support.ts';
import type { TestServer } from '../../src/net/test-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'linhai-disabled-source-'));
let site: TestServer;
let app: App;
let tocRequests = 0;

before(async () => {
  site = await startServer(async (req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    const page = /^\/toc\/(\d+)$/.exec(req.url ?? '');
    if (!page) return void res.end('<h1>慢书</h1><a class="toc" href="/toc/1">目录</a>');
    tocRequests++;
    const n = Number(page[1]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    res.end(
      `<ul><li><a href="/c/${n}.html">第${n}章</a></li></ul>` +
        (n < 50 ? `<a class="next" href="/toc/${n + 1}">下一页</a>` : ''),
    );
  });
  app = await openApp({ dataDir: dir, allowHosts: ['127.0.0.1'] });
  await app.catalog.import(
    JSON.stringify([
      {
        bookSourceUrl: site.origin,
        bookSourceName: 'slow pages',
        ruleBookInfo: { name: 'h1@text', tocUrl: 'a.toc@href' },
        ruleToc: {
          chapterList: 'li',
          chapterName: 'a@text',
          chapterUrl: 'a@href',
          nextTocUrl: 'a.next@href',
        },
      },
    ]),
  );
});
after(async () => {
  await app?.close();
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('disabling a source stops its requests in flight', async () => {
  const row = await app.store.sources.getByUrl(site.origin);
  assert.ok(row);
  const toc = app.gateway
    .toc(site.origin, { bookUrl: `${site.origin}/book` }, new AbortController().signal)
    .then(
      (entries) => entries.length,
      () => 0,
    );
  while (tocRequests < 3) await new Promise((resolve) => setTimeout(resolve, 10));
  await app.store.sources.setEnabled(row.id, false);
  const entries = await toc;
  assert.ok(tocRequests <= 4, `${tocRequests} TOC pages fetched after the source was disabled`);
  assert.ok(entries < 50, `${entries} entries`);
});

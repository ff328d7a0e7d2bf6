/**
 * Real community sources (../shared/data/booksources/) searching a real captured page
 * (../shared/data/novel-html/wangyige0701-novel/, a 顶点小说 search result), replayed from
 * 127.0.0.1: the sources' own rules, unmodified except for the host they point at.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestClient } from '../../test/sources/fetcher.ts';
import { createSourceDriver } from './driver.ts';
import { importSources } from './import-export.ts';
import type { BookSource } from './types.ts';

const data = new URL('../../../shared/data/', import.meta.url).pathname;
const page = readFileSync(`${data}novel-html/wangyige0701-novel/dingdian-search-results.html`);
const collections = [
  `${data}booksources/bushixuanqi__book-source/书源合集.json`,
  `${data}booksources/shidahuilang__shuyuan/shuyuans_data/4078_aa9b7c79d9bca687023f1e1ae6cce7ab.json`,
];
const wanted = ['幼狮书盟', '🌐全本小说'];

let origin = '';
const paths: string[] = [];
const server = createServer((req, res) => {
  paths.push(req.url ?? '');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
});
const client = createTestClient();
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.close();
  await client.close();
});

function pointAt(source: BookSource, to: string): BookSource {
  const from = new URL(source.bookSourceUrl).origin;
  return { ...source, bookSourceUrl: to, searchUrl: (source.searchUrl ?? '').replace(from, to) };
}

describe('real sources over a captured 顶点 search page', () => {
  const sources = collections.flatMap((f) => importSources(readFileSync(f, 'utf8')).sources);
  for (const name of wanted) {
    test(`${name}: the source's own search rules read the page`, async () => {
      const original = sources.find((s) => s.bookSourceName === name);
      assert.ok(original, `${name} is in the collections`);
      const driver = createSourceDriver({ source: pointAt(original, origin), fetcher: client });
      assert.equal(driver.classification.tier, 'full');
      paths.length = 0;
      const results = await driver.search('斗破苍穹');
      assert.match(decodeURIComponent(paths[0] ?? ''), /^\/ar\.php\?keyWord=斗破苍穹$/);
      assert.ok(results.length >= 20, `${results.length} results`);
      const first = results[0];
      assert.ok(first);
      assert.equal(first.name, '斗破苍穹续集');
      assert.equal(first.bookUrl, `${origin}/b149752/`);
      assert.equal(first.kind.split(',')[0], '历史军事');
      const second = results.find((r) => r.name === '斗破苍穹前传之药老传奇');
      assert.equal(second?.author, '天蚕土豆');
      assert.equal(new Set(results.map((r) => r.bookUrl)).size, results.length, 'de-duplicated');
    });
  }
});

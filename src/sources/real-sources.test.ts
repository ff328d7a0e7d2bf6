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
import { sharedData, sharedDataSkip } from '../../test/support/outside-material.ts';

const skip = sharedDataSkip('novel-html', 'booksources');
const data = `${sharedData('.')}/`;
// Read only when the material is there; the suites below skip otherwise.
const read = (path: string): Buffer => (skip ? Buffer.alloc(0) : readFileSync(path));
const page = read(`${data}novel-html/wangyige0701-novel/dingdian-search-results.html`);
const collections = [
  `${data}booksources/bushixuanqi__book-source/书源合集.json`,
  `${data}booksources/shidahuilang__shuyuan/shuyuans_data/4078_aa9b7c79d9bca687023f1e1ae6cce7ab.json`,
];
const wanted = ['幼狮书盟', '🌐全本小说'];
const rrl = `${data}novel-html/webnovelconverter/`;
const routes: Record<string, Buffer> = {
  '/fiction/5701': read(`${rrl}RoyalRoadlIndex1.html`),
  '/fiction/chapter/42070': read(`${rrl}RoyalRoadLPage1.html`),
};

let origin = '';
const paths: string[] = [];
const server = createServer((req, res) => {
  paths.push(req.url ?? '');
  res
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    .end(routes[req.url ?? ''] ?? page);
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

describe('real sources over a captured 顶点 search page', { skip }, () => {
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

describe(
  'a Legado source for old Royal Road over its captured pages (WebNovelConverter expectations)',
  { skip },
  () => {
    const expectations = JSON.parse(readFileSync(`${rrl}expectations.json`, 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    const source = (): BookSource => ({
      bookSourceUrl: origin,
      bookSourceName: 'RoyalRoadL (captured)',
      ruleBookInfo: {
        name: 'h2[property=name]@text',
        coverUrl: 'img[property=image]@src',
        intro: '[property=description]@html',
      },
      ruleToc: {
        chapterList: 'tr[data-url]',
        chapterName: 'tag.a.0@text',
        chapterUrl: 'tag.a.0@href',
        updateTime: 'tag.time@text',
      },
      ruleContent: { content: 'class.chapter-content@html', title: 'tag.h2.0@text' },
    });

    test('info → TOC → content', async () => {
      const index = expectations['RoyalRoadlIndex1.html'] ?? {};
      const chapterPage = expectations['RoyalRoadLPage1.html'] ?? {};
      const driver = createSourceDriver({ source: source(), fetcher: client });
      const info = await driver.bookInfo({ bookUrl: `${origin}/fiction/5701` });
      assert.equal(info.name, (index['title'] ?? '').replace(/\s+/g, ' '));
      assert.equal(info.coverUrl, index['coverUrl']);
      assert.ok(
        info.intro.startsWith(`\u3000\u3000${index['description_starts_with'] ?? ''}`),
        info.intro.slice(0, 80),
      );
      assert.equal(info.tocUrl, `${origin}/fiction/5701`);
      const chapters = await driver.toc(info);
      assert.equal(chapters.length, 94);
      assert.equal(chapters[0]?.title, 'Prologue: The Shattering of Ways');
      assert.equal(chapters[0]?.url, `${origin}/fiction/chapter/42070`);
      assert.equal(chapters[0]?.tag, '11/28/2015');
      const first = chapters[0];
      assert.ok(first);
      const chapter = await driver.content(first, {
        book: info,
        nextChapterUrl: chapters[1]?.url ?? '',
      });
      assert.equal(chapter.title, 'Prologue: The Shattering of Ways');
      assert.ok(chapter.text.includes(chapterPage['content_contains'] ?? '—'));
      assert.match(
        chapter.text,
        /^\u3000\u3000<img src="http:\/\/www\.ironteethserial\.com\/wp-content\/uploads\/2016\/04\/RRLBanner2\.jpg">/,
      );
    });
  },
);

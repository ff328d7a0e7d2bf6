import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  catalogue,
  chineseNumber,
  paginationLine,
  startDemoSites,
  type DemoCluster,
  type DemoSite,
} from '#demo';
import { blockLines, fetchPage } from './testing.ts';

let cluster: DemoCluster;
let site: DemoSite;

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'paged' }] });
  site = cluster.sites[0]!;
});
after(() => cluster.close());

test('paged: search (UTF-8 GET) links to a book URL that redirects', async () => {
  const page = await fetchPage(site.searchRequest('星河归途').url);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(
    page.text,
    /<h3 class="result-item-title"><a href="\/book\/4" title="星河归途">星河归途<\/a><\/h3>/,
  );
  assert.match(page.text, /<span class="author">南山有雪<\/span>/);
  const redirect = await fetchPage(`${site.origin}/book/4`);
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.get('location'), '/book/4/');
  const book = await fetchPage(`${site.origin}/book/4/`);
  assert.equal(book.status, 200);
  assert.match(
    book.text,
    /<a class="btn-toc" href="index.html">查看目录<\/a>/,
    'relative TOC link',
  );
});

test('paged: the TOC is paginated with relative links and Chinese numerals, some chapters missing', async () => {
  const toc = site.toc(1);
  const titles: string[] = [];
  let url: string | undefined = `${site.origin}/book/1/index.html`;
  let pages = 0;
  while (url) {
    const page = await fetchPage(url);
    assert.equal(page.status, 200);
    pages++;
    for (const m of page.text.matchAll(/<li><a href="(\d+)\.html">([^<]+)<\/a><\/li>/g))
      titles.push(m[2]!);
    const next = /<a href="(index_\d+\.html)">下一页<\/a>/.exec(page.text);
    url = next ? new URL(next[1]!, url).href : undefined;
  }
  assert.equal(pages, Math.ceil(toc.length / 100));
  assert.deepEqual(
    titles,
    toc.map((e) => e.title),
  );
  assert.ok(
    titles.includes(`第${chineseNumber(123)}章 ${catalogue.chapter(1, 122).name}`) ||
      catalogue.missingOnPaged(1, 122),
  );
  assert.ok(toc.length < catalogue.book(1).initialCount, 'chapters missing');
  const missing = Array.from({ length: 200 }, (_, i) => i).find((i) =>
    catalogue.missingOnPaged(1, i),
  )!;
  assert.equal((await fetchPage(site.chapterUrl(1, missing))).status, 404);
});

test('paged: a chapter spans pages joined by 下一页, and the last page links 下一章', async () => {
  const truth = site.truth(4, 2);
  const lines: string[] = [];
  let url = site.chapterUrl(4, 2);
  let guard = 0;
  for (;;) {
    const page = await fetchPage(url);
    assert.equal(page.status, 200);
    lines.push(...blockLines(page.text, /<div id="nr1">/));
    const next = /<a id="pb_next" href="([^"]+)">(下一页|下一章)<\/a>/.exec(page.text)!;
    if (next[2] === '下一章') {
      assert.equal(new URL(next[1]!, url).href, site.chapterUrl(4, 3));
      break;
    }
    url = new URL(next[1]!, url).href;
    assert.ok(++guard < 5);
  }
  assert.ok(guard >= 1, 'two pages at least');
  assert.deepEqual(
    lines,
    truth.lines.map((l) => l.text),
  );
  assert.equal(truth.lines.filter((l) => l.text === paginationLine).length, guard);
  assert.deepEqual(
    truth.lines.filter((l) => l.boilerplate === null).map((l) => l.text),
    catalogue.chapter(4, 2).paragraphs,
  );
});

test('paged: book and TOC pages carry Last-Modified and answer 304', async () => {
  const toc = await fetchPage(site.tocUrl(1));
  assert.ok(toc.headers.get('last-modified'));
  const again = await fetchPage(site.tocUrl(1), {
    headers: { 'if-modified-since': toc.headers.get('last-modified')! },
  });
  assert.equal(again.status, 304);
});

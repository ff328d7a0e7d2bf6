import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { catalogue, startDemoSites, loadSeedChapter, type DemoCluster, type DemoSite } from '#demo';
import { blockLines, fetchPage, gbkBytes } from './testing.ts';
import { sharedDataSkip } from '../../test/support/outside-material.ts';

let cluster: DemoCluster;
let site: DemoSite;

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'biquge' }] });
  site = cluster.sites[0]!;
});
after(() => cluster.close());

test('biquge: POST search with a GBK-encoded query finds the book, in GBK bytes', async () => {
  const req = site.searchRequest('青锋问道');
  assert.ok(
    req.body!.includes(Buffer.from('%C7%E0%B7%E6')),
    'the form value is GBK-encoded (青 = C7E0, 锋 = B7E6)',
  );
  const page = await fetchPage(req.url, {
    method: 'POST',
    body: new Uint8Array(req.body!),
    headers: req.headers!,
  });
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=gbk');
  assert.ok(page.bytes.includes(gbkBytes('青锋问道')), 'the title is in the page as GBK bytes');
  assert.ok(!page.bytes.includes(Buffer.from('青锋问道', 'utf8')), 'and not as UTF-8 bytes');
  assert.match(page.text, /<td class="odd"><a href="\/10_10001\/">青锋问道<\/a><\/td>/);
  assert.match(page.text, /<td class="odd">墨染秋<\/td>/);
});

test('biquge: a query sent as UTF-8 is garbage to a GBK site and finds nothing', async () => {
  const body = `searchkey=${encodeURIComponent('青锋问道')}&searchtype=articlename`;
  const page = await fetchPage(`${site.origin}/modules/article/search.php`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /<tr id="nr">/);
});

test('biquge: search by author with a GBK query string (GET) works too', async () => {
  const page = await fetchPage(
    `${site.origin}/modules/article/search.php?searchkey=%C4%AB%C8%BE%C7%EF`,
  );
  assert.match(page.text, /青锋问道/);
});

test('biquge: the book page carries og:novel meta and the whole TOC after a latest block', async () => {
  const page = await fetchPage(site.bookUrl(1));
  assert.equal(page.status, 200);
  const toc = site.toc(1);
  const last = toc[toc.length - 1]!;
  assert.ok(
    page.text.includes(`<meta property="og:novel:latest_chapter_name" content="${last.title}"/>`),
  );
  assert.match(page.text, /<meta property="og:novel:update_time" content="2025-06-01 08:00:00"\/>/);
  assert.match(page.text, /<meta property="og:novel:book_name" content="青锋问道"\/>/);
  const links = [...page.text.matchAll(/<dd><a href="([^"]+)">([^<]+)<\/a><\/dd>/g)];
  assert.equal(links.length, toc.length + 9, 'nine latest chapters, then all');
  assert.equal(links[0]![2], last.title, 'the latest block lists the newest first');
  assert.equal(links[9]![2], toc[0]!.title);
  assert.ok(links.some((l) => l[2] === '上架感言'));
});

test('biquge: a chapter has the banner and promo lines inside #content and footer lists outside', async () => {
  const book = catalogue.book(4);
  const page = await fetchPage(site.chapterUrl(book.id, 10));
  assert.equal(page.status, 200);
  const truth = site.truth(book.id, 10);
  const lines = blockLines(page.text, /<div id="content">/);
  assert.deepEqual(
    lines,
    truth.lines.map((l) => l.text),
  );
  assert.equal(truth.lines[0]!.boilerplate, 'banner');
  assert.equal(truth.lines.at(-1)!.boilerplate, 'promo');
  const afterContent = page.text.slice(page.text.indexOf('<script>app2();</script>'));
  assert.match(afterContent, /推荐阅读：/);
  assert.match(afterContent, /搜藏榜：/);
  assert.match(afterContent, /最新小说：/);
  assert.match(page.text, /<h1>第11章 /);
});

test(
  'biquge: the seed chapter keeps the captured banner inside #content and its lists outside',
  { skip: process.env.LINHAI_SEED_CHAPTER ? false : sharedDataSkip('seed/chapter.txt') },
  async () => {
    const seed = loadSeedChapter();
    assert.ok(seed, 'the seed chapter is there');
    const book = catalogue.seedBook();
    const page = await fetchPage(site.chapterUrl(book.id, 0));
    const lines = blockLines(page.text, /<div id="content">/);
    assert.equal(lines[0], seed.banner);
    for (const p of seed.paragraphs) assert.ok(lines.includes(p));
    const outside = page.text.slice(page.text.indexOf('<script>app2();</script>'));
    for (const footer of seed.footer) assert.ok(outside.includes(footer), footer.slice(0, 20));
    assert.ok(!blockLines(page.text, /<div id="content">/).some((l) => seed.footer.includes(l)));
  },
);

test('biquge: extra chapters are served, with prev/next links around them', async () => {
  const toc = site.toc(1);
  const extra = toc.find((e) => e.title === '上架感言')!;
  const at = toc.indexOf(extra);
  const book = await fetchPage(site.bookUrl(1));
  const href = [...book.text.matchAll(/<dd><a href="([^"]+)">上架感言<\/a><\/dd>/g)][0]![1]!;
  const page = await fetchPage(site.origin + href);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1>上架感言<\/h1>/);
  assert.ok(page.text.includes(`>上一章</a>`));
  const prevHref = site.chapterUrl(1, toc[at - 1]!.chapterIndex!).slice(site.origin.length);
  assert.ok(page.text.includes(`<a href="${prevHref}">上一章</a>`));
});

test('biquge: TOC answers 304 to a conditional GET until a new chapter is published', async () => {
  const first = await fetchPage(site.bookUrl(1));
  const etag = first.headers.get('etag')!;
  const lastModified = first.headers.get('last-modified')!;
  assert.ok(etag && lastModified);
  const again = await fetchPage(site.bookUrl(1), { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.bytes.length, 0);
  const since = await fetchPage(site.bookUrl(1), {
    headers: { 'if-modified-since': lastModified },
  });
  assert.equal(since.status, 304);
  const book = catalogue.book(1);
  const before = site.toc(1).length;
  cluster.clock.advance(book.intervalMs);
  try {
    assert.equal(site.toc(1).length, before + 1);
    const changed = await fetchPage(site.bookUrl(1), { headers: { 'if-none-match': etag } });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), etag);
    const changedSince = await fetchPage(site.bookUrl(1), {
      headers: { 'if-modified-since': lastModified },
    });
    assert.equal(changedSince.status, 200);
  } finally {
    cluster.clock.set(cluster.clock.now() - book.intervalMs);
  }
});

test('biquge: unpublished chapters are 404, robots.txt is served', async () => {
  const book = catalogue.book(1);
  const unpublished = await fetchPage(site.chapterUrl(1, book.initialCount + 5));
  assert.equal(unpublished.status, 404);
  const robots = await fetchPage(`${site.origin}/robots.txt`);
  assert.equal(robots.status, 200);
  assert.match(robots.text, /User-agent: \*/);
  assert.equal(robots.headers.get('content-type'), 'text/plain; charset=utf-8');
});

test('biquge: the source JSON is Legado-shaped', () => {
  const source = site.source as {
    bookSourceUrl: string;
    searchUrl: string;
    ruleContent: { content: string };
    ruleToc: { chapterList: string };
  };
  assert.equal(source.bookSourceUrl, site.origin);
  assert.match(
    source.searchUrl,
    /,\{"method":"POST","body":"searchkey=\{\{key\}\}&searchtype=articlename","charset":"gbk"\}$/,
  );
  assert.equal(source.ruleContent.content, 'id.content@html');
  assert.equal(source.ruleToc.chapterList, 'id.list@tag.dd@tag.a');
});

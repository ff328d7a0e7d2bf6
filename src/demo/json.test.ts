import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { catalogue, startDemoSites, type DemoCluster, type DemoSite } from '#demo';
import { fetchPage } from './testing.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON
type Json = any;

let cluster: DemoCluster;
let site: DemoSite;

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'json' }] });
  site = cluster.sites[0]!;
});
after(() => cluster.close());

async function getJson(url: string) {
  const page = await fetchPage(url);
  assert.match(page.headers.get('content-type')!, /^application\/json; charset=utf-8$/);
  return { status: page.status, body: JSON.parse(page.text) as Json, headers: page.headers };
}

test('json: search returns the matching books as JSON', async () => {
  const { body } = await getJson(site.searchRequest('长夜').url);
  assert.equal(body.code, 0);
  assert.equal(body.data.list.length, 1);
  assert.equal(body.data.list[0].name, '长夜行歌');
  assert.equal(body.data.list[0].author, '白鹿野');
  const english = await getJson(site.searchRequest('iron ledger').url);
  assert.equal(english.body.data.list[0].name, 'The Iron Ledger');
  const none = await getJson(site.searchRequest('不存在的书').url);
  assert.deepEqual(none.body.data.list, []);
});

test('json: book info, catalog with volumes, chapter content', async () => {
  const info = await getJson(site.bookUrl(1));
  assert.equal(info.body.data.name, '青锋问道');
  assert.ok(info.headers.get('last-modified'));
  const catalog = await getJson(site.tocUrl(1));
  const list = catalog.body.data.list as Array<{ title: string; volume: boolean; url: string }>;
  assert.equal(list[0]!.volume, true);
  assert.match(list[0]!.title, /^第一卷 /);
  const toc = site.toc(1);
  assert.deepEqual(
    list.map((e) => e.title),
    toc.map((e) => e.title),
  );
  const chapter = await getJson(site.origin + list[1]!.url);
  assert.equal(chapter.body.data.title, list[1]!.title);
  assert.deepEqual(chapter.body.data.content.split('\n'), catalogue.chapter(1, 0).paragraphs);
  const missing = await getJson(site.chapterUrl(1, catalogue.book(1).initialCount + 3));
  assert.equal(missing.status, 404);
  assert.equal(missing.body.code, 404);
});

test('json: catalog answers 304 to If-None-Match', async () => {
  const first = await fetchPage(site.tocUrl(2));
  const again = await fetchPage(site.tocUrl(2), {
    headers: { 'if-none-match': first.headers.get('etag')! },
  });
  assert.equal(again.status, 304);
});

test('json: the source JSON uses JSONPath and templates', () => {
  const source = site.source as Json;
  assert.equal(source.searchUrl, '/api/search?keyword={{key}}&page={{page}}');
  assert.equal(source.ruleSearch.bookList, '$.data.list[*]');
  assert.equal(source.ruleSearch.bookUrl, '/api/book/{{$.id}}');
  assert.equal(source.ruleToc.isVolume, '$.volume');
});

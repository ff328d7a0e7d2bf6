import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { catalogue, startDemoSites, type DemoCluster, type DemoSite } from '#demo';
import { blockLines, fetchPage } from './testing.ts';

let cluster: DemoCluster;
let site: DemoSite;

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'english', boilerplate: true }] });
  site = cluster.sites[0]!;
});
after(() => cluster.close());

const ledger = () => catalogue.books().find((b) => b.title === 'The Iron Ledger')!;

test('english: search finds fictions by title, case-insensitively', async () => {
  const page = await fetchPage(site.searchRequest('iron ledger').url);
  assert.equal(page.status, 200);
  assert.match(
    page.text,
    /<h2 class="fiction-title"><a href="\/fiction\/\d+\/the-iron-ledger">The Iron Ledger<\/a><\/h2>/,
  );
  assert.match(page.text, /by <a href="\/profile\/\d+">Mara Quill<\/a>/);
  const none = await fetchPage(site.searchRequest('青锋').url);
  assert.match(none.text, /No results/);
});

test('english: the fiction page lists chapters in #chapters, a short URL redirects to it', async () => {
  const book = ledger();
  const short = await fetchPage(`${site.origin}/fiction/${book.id}`);
  assert.equal(short.status, 301);
  assert.equal(short.headers.get('location'), `/fiction/${book.id}/the-iron-ledger`);
  const page = await fetchPage(site.bookUrl(book.id));
  const rows = [
    ...page.text.matchAll(/<tr [^>]*class="chapter-row"><td><a href="([^"]+)">([^<]+)<\/a>/g),
  ];
  const toc = site.toc(book.id);
  assert.equal(rows.length, toc.length);
  assert.equal(rows[0]![2], `Chapter 1 - ${catalogue.chapter(book.id, 0).name}`);
  assert.equal(site.origin + rows[5]![1], site.chapterUrl(book.id, 5));
});

test('english: chapter text in .chapter-content with a hidden anti-theft line and injected lines', async () => {
  const book = ledger();
  const page = await fetchPage(site.chapterUrl(book.id, 7));
  assert.equal(page.status, 200);
  const truth = site.truth(book.id, 7);
  const lines = blockLines(page.text, /<div class="chapter-inner chapter-content">/);
  assert.deepEqual(
    lines,
    truth.lines.map((l) => l.text),
  );
  const hidden = truth.lines.find((l) => l.boilerplate === 'hidden')!;
  assert.ok(page.text.includes(`.${hidden.className}{display:none;speak:never;}`));
  assert.ok(page.text.includes(`<p class="${hidden.className}">`));
  assert.ok(truth.lines.some((l) => l.boilerplate === 'injected'));
  assert.match(page.text, /Next Chapter<\/a>/);
});

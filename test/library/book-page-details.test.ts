/**
 * Search results of many sites carry no cover or intro; the book page does. Refreshing the TOC
 * reads the book page anyway (Legado's order), so the book gets what it lacked from there, with
 * no extra request.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogue, startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { openApp } from '#app';
import type { App } from '#app';
import { addBook, refreshToc, searchBooks } from '#library';
import type { BookGroup } from '#library';

const dir = mkdtempSync(join(tmpdir(), 'linhai-book-page-'));
const truth = catalogue.books().find((b) => b.title === '星河归途')!;
let cluster: DemoCluster;
let app: App;

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'biquge' }] });
  app = await openApp({ dataDir: dir, allowHosts: ['127.0.0.1'] });
  await app.catalog.import(JSON.stringify(cluster.sites.map((s) => s.source)));
});
after(async () => {
  await app.close();
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the book page fills in the cover and intro the search result lacked', async () => {
  let group: BookGroup | undefined;
  for await (const event of searchBooks(app.library, truth.title)) {
    if (event.type === 'finished') group = event.ranked.find((g) => g.title === truth.title);
  }
  assert.ok(group, 'found on the biquge site');
  const { book } = await addBook(app.library, group);
  assert.equal(book.coverUrl, undefined, 'the biquge search page shows no cover');

  const site = cluster.site('biquge');
  const before = site.requests.length;
  await refreshToc(app.library, book.id);
  const pages = site.requests.slice(before).map((r) => r.path);
  const filled = (await app.store.books.get(book.id))!;
  assert.match(filled.coverUrl ?? '', /\.svg$/, 'the cover from the book page (og:image)');
  assert.equal(new URL(filled.coverUrl!).origin, site.origin);
  assert.ok(filled.intro && filled.intro.length > 10, `intro: ${filled.intro}`);
  assert.equal(
    pages.filter((p) => p === new URL(group.hits[0]!.bookUrl).pathname).length,
    1,
    `the book page was read once: ${pages.join(', ')}`,
  );

  // A second refresh keeps what the book has and writes nothing new.
  await refreshToc(app.library, book.id);
  assert.deepEqual(await app.store.books.get(book.id), filled);
});

/**
 * A chapter whose second page fails, read as `linhai read` and the web reader read it (the app's
 * readChapter over the real driver and a demo site): the first page is served and cached marked
 * incomplete, the cache serves it so for a while, then the chapter is fetched whole again.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '#app';
import type { App } from '#app';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { INCOMPLETE_RETRY_MS, addBook, bookAtUrl, readChapter, refreshToc } from '#library';
import { importSources } from '#sources';

let cluster: DemoCluster;
let app: App;
const dir = mkdtempSync(join(tmpdir(), 'linhai-incomplete-'));
before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'paged' }] });
  app = await openApp({
    dataDir: dir,
    allowHosts: ['127.0.0.1'],
    clock: cluster.clock,
    seedBuiltInSources: false,
  });
  await app.catalog.save(importSources(JSON.stringify(cluster.site('paged').source)).sources);
});
after(async () => {
  await app.close();
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a chapter whose page 2 answers 404 is served from page 1, marked incomplete, and retried later', async () => {
  const site = cluster.site('paged');
  const book = site.books()[0]!;
  const added = await addBook(app.library, await bookAtUrl(app.library, site.bookUrl(book.id)));
  const { chapters } = await refreshToc(app.library, added.book.id);
  const chapter = chapters[2]!;
  const truth = site.truth(book.id, 2).paragraphs;
  const secondPage = new URL(site.chapterUrl(book.id, 2).replace(/\.html$/, '_2.html')).pathname;
  const ref = { bookId: added.book.id, chapterKey: chapter.key };

  site.setFaults([{ kind: 'status', status: 404, path: secondPage }]);
  const partial = await readChapter(app.library, ref);
  assert.equal(partial.fromCache, false);
  assert.ok(partial.incomplete, 'marked incomplete');
  assert.ok(partial.incomplete.url.endsWith(secondPage));
  assert.match(partial.incomplete.message, /404/);
  assert.equal(partial.paragraphs[0], truth[0], 'page 1 is served');
  assert.ok(!partial.paragraphs.includes(truth.at(-1)!));

  // Soon after, the cached part is served as it is (still marked), without asking the site.
  site.clearFaults();
  site.clearRequests();
  const again = await readChapter(app.library, ref);
  assert.equal(again.fromCache, true);
  assert.deepEqual(again.incomplete, partial.incomplete);
  assert.deepEqual(again.paragraphs, partial.paragraphs);
  assert.equal(site.requests.length, 0);

  // Later, the chapter is fetched again: whole now, and cached as complete.
  cluster.clock.advance(INCOMPLETE_RETRY_MS);
  const whole = await readChapter(app.library, ref);
  assert.equal(whole.fromCache, false);
  assert.equal(whole.incomplete, undefined);
  assert.deepEqual(whole.paragraphs, truth);
  const cached = await readChapter(app.library, ref);
  assert.equal(cached.fromCache, true);
  assert.equal(cached.incomplete, undefined);
});

test('a TOC whose page 2 fails: kept on the first read, never allowed to drop chapters the book had', async () => {
  const site = cluster.site('paged');
  const book = site
    .books()
    .find((b) => site.toc(b.id).length > 100 && b.id !== site.books()[0]!.id)!;
  const all = site.toc(book.id).filter((e) => e.kind !== 'volume').length;
  const page2 = new URL(site.tocUrl(book.id).replace(/index\.html$/, 'index_2.html')).pathname;
  site.setFaults([{ kind: 'status', status: 404, path: page2 }]);
  const added = await addBook(app.library, await bookAtUrl(app.library, site.bookUrl(book.id)));
  const first = await refreshToc(app.library, added.book.id);
  const [kept] = first.outcomes;
  assert.equal(kept?.status, 'ok');
  assert.ok(kept?.status === 'ok' && kept.incomplete?.url.endsWith(page2));
  assert.equal(first.chapters.length, 100, 'the first page is kept');

  site.clearFaults();
  const whole = await refreshToc(app.library, added.book.id);
  assert.equal(whole.chapters.length, all);

  site.setFaults([{ kind: 'status', status: 404, path: page2 }]);
  const short = await refreshToc(app.library, added.book.id);
  const [failed] = short.outcomes;
  assert.equal(failed?.status, 'failed');
  assert.match(failed?.status === 'failed' ? failed.error.message : '', /stops short.*404/);
  assert.equal(short.chapters.length, all, 'no chapter lost its link');
  site.clearFaults();
});

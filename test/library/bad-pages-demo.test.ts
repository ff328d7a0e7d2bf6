/**
 * Bad pages through the whole application (openApp: store, HTTP client, driver, cleaner): a site
 * that serves the previous chapter again, or a placeholder, is not cached and the reader gets the
 * chapter from another source.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogue, startDemoSites } from '#demo';
import type { DemoCluster, DemoSite } from '#demo';
import { openApp } from '#app';
import type { App } from '#app';
import { isLinhaiError } from '#model';
import { addBook, readChapter, refreshToc, searchBooks, viewToc } from '#library';
import type { BookGroup } from '#library';

const dir = mkdtempSync(join(tmpdir(), 'linhai-bad-pages-'));
const book = catalogue.books().find((b) => b.title === '星河归途')!;
let cluster: DemoCluster;
let app: App;
let bookId: number;

before(async () => {
  cluster = await startDemoSites({
    sites: [{ template: 'biquge' }, { template: 'paged' }, { template: 'json' }],
  });
  app = await openApp({ dataDir: dir, allowHosts: ['127.0.0.1'] });
  await app.catalog.import(JSON.stringify(cluster.sites.map((s) => s.source)));
  let group: BookGroup | undefined;
  for await (const event of searchBooks(app.library, book.title)) {
    if (event.type === 'finished') group = event.ranked.find((g) => g.title === book.title);
  }
  assert.ok(group && group.sourceCount === 3, 'the book is on all three sites');
  bookId = (await addBook(app.library, group)).book.id;
  await refreshToc(app.library, bookId);
});
after(async () => {
  await app.close();
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The canonical chapter of truth index `index`, and the path each site serves it at. */
async function chapterAt(index: number): Promise<{ key: string; title: string }> {
  const toc = await viewToc(app.library, bookId);
  const title = catalogue.chapter(book.id, index).title;
  const found = toc.find((c) => c.title.includes(title.split(' ').at(-1)!));
  assert.ok(found, `chapter ${index} (${title}) is in the TOC`);
  return found;
}

const pathOf = (site: DemoSite, index: number) => new URL(site.chapterUrl(book.id, index)).pathname;

test('repeated and placeholder pages are not cached; another source serves the chapter', async () => {
  // A few good chapters first, so the cleaner knows the book's norm and the previous chapter.
  for (let i = 0; i < 5; i++)
    await readChapter(app.library, { bookId, chapterKey: (await chapterAt(i)).key });
  const [biquge, paged, json] = cluster.sites as [DemoSite, DemoSite, DemoSite];
  biquge.setFaults([
    { kind: 'repeat-previous', path: pathOf(biquge, 5) },
    { kind: 'placeholder', path: pathOf(biquge, 6) },
  ]);
  // The paged site splits chapters over pages (a fault on one page leaves the rest good): it sits
  // this test out, so the bad biquge pages and the good JSON site are the only offers.
  await app.store.sources.setEnabled((await app.store.sources.getByUrl(paged.origin))!.id, false);

  const jsonId = (await app.store.sources.getByUrl(json.origin))!.id;
  for (const index of [5, 6]) {
    const chapter = await chapterAt(index);
    const row = (await app.store.chapters.getByKey(bookId, chapter.key))!;
    // With the good site switched off, only the bad page is on offer: it is refused,
    // and nothing is cached.
    await app.store.sources.setEnabled(jsonId, false);
    await assert.rejects(readChapter(app.library, { bookId, chapterKey: chapter.key }), (error) => {
      assert.ok(isLinhaiError(error, 'bad-content'), String(error));
      return true;
    });
    assert.deepEqual(await app.store.contents.listForChapter(row.id), [], 'no bad page is cached');
    // With it back, the reader gets the chapter from it.
    await app.store.sources.setEnabled(jsonId, true);
    const result = await readChapter(app.library, { bookId, chapterKey: chapter.key });
    assert.equal(result.sourceKey, json.origin, `chapter ${index} came from the good site`);
    const truth = catalogue.chapter(book.id, index).paragraphs;
    assert.deepEqual(
      result.paragraphs.slice(0, 3),
      truth.slice(0, 3).map((p) => p.trim()),
    );
    const copies = await app.store.contents.listForChapter(row.id);
    assert.deepEqual(
      copies.map((c) => c.sourceId),
      [jsonId],
      'only the good copy is cached',
    );
  }
  biquge.clearFaults();
});

test("each fetch counts once in its source's health, and a refused page counts as a failure", async () => {
  const [biquge, paged, json] = cluster.sites as [DemoSite, DemoSite, DemoSite];
  for (const site of [paged, json])
    await app.store.sources.setEnabled((await app.store.sources.getByUrl(site.origin))!.id, false);
  const biqugeId = (await app.store.sources.getByUrl(biquge.origin))!.id;
  const contentHealth = async () =>
    (await app.store.sources.get(biqugeId))!.health.content ?? { ok: 0, err: 0 };
  const before = await contentHealth();
  await readChapter(app.library, { bookId, chapterKey: (await chapterAt(8)).key });
  assert.deepEqual(await contentHealth(), { ok: before.ok + 1, err: before.err });
  biquge.setFaults([{ kind: 'placeholder', path: pathOf(biquge, 9) }]);
  await assert.rejects(readChapter(app.library, { bookId, chapterKey: (await chapterAt(9)).key }));
  assert.deepEqual(
    await contentHealth(),
    { ok: before.ok + 1, err: before.err + 1 },
    'the placeholder is one failure, not a success and a failure',
  );
  biquge.clearFaults();
});

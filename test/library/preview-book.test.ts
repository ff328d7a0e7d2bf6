/**
 * A preview over the demo sites with a manual clock: the book and its TOC are stored on no
 * shelf; 30 days on, a preview nobody kept is forgotten (listings, chapters and cached text with
 * it) and a book on a shelf stays.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemoClock, startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { openApp } from '#app';
import type { App } from '#app';
import { Explorer, PREVIEW_KEEP_MS, createUser, forgetPreviews, previewBook } from '#library';

const dir = mkdtempSync(join(tmpdir(), 'linhai-preview-'));
const clock = new DemoClock();
let cluster: DemoCluster;
let app: App;

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'json' }], clock });
  app = await openApp({
    dataDir: dir,
    allowHosts: ['127.0.0.1'],
    seedBuiltInSources: false,
    clock,
  });
  await app.catalog.import(JSON.stringify(cluster.sites.map((s) => s.source)));
});
after(async () => {
  await app.close();
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

test('previews are kept 30 days unless someone shelves them', async () => {
  const explorer = new Explorer(app.library);
  const [ranking] = await explorer.home({ limit: 2 });
  const [first, second] = ranking!.cards;
  assert.ok(first && second);
  const kept = await previewBook(app.library, first);
  const left = await previewBook(app.library, second);
  assert.ok(kept.chapters > 0 && left.chapters > 0);
  assert.equal(kept.known, false);
  assert.equal((await previewBook(app.library, first)).known, true);
  const reader = await createUser(app.library, { name: 'reader', password: 'a long password' });
  await app.store.shelves.add(reader.id, kept.book.id, clock.now());

  clock.advance(PREVIEW_KEEP_MS - 60_000);
  assert.equal(await forgetPreviews(app.library), 0, 'not yet');
  clock.advance(120_000);
  assert.equal(await forgetPreviews(app.library), 1);
  assert.equal(await app.store.books.get(left.book.id), undefined);
  assert.deepEqual(await app.store.chapters.listByBook(left.book.id), []);
  assert.deepEqual(await app.store.listings.listByBook(left.book.id), []);
  assert.ok(await app.store.books.get(kept.book.id), 'the shelved book stays');
});

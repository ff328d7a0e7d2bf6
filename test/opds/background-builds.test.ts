/**
 * Shelved books' e-book files are kept built in the background (issue 25): shelving plans the
 * EPUB (the TXT follows it), and a chase check that adds chapters plans both again, so the files
 * in the store always have the book's current chapters before any e-reader asks.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_EPOCH, DemoClock, startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import {
  chaseJobHandlers,
  keepBookFilesBuilt,
  openApp,
  registerJobHandlers,
  startChase,
} from '#app';
import type { App, ChaseJob, ChaseService } from '#app';
import { addBook, addToShelf, createUser, refreshToc, searchBooks, viewToc } from '#library';
import type { BookGroup } from '#library';

const hour = 3_600_000;
// 江城旧事: a chapter every 30 minutes; 30 hours before the demo epoch, more are to come.
const TITLE = '江城旧事';
const clock = new DemoClock(DEMO_EPOCH - 30 * hour);
const dir = mkdtempSync(join(tmpdir(), 'linhai-keep-built-'));
let cluster: DemoCluster;
let app: App;
let chase: ChaseService;
let bookId = 0;

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'biquge' }, { template: 'json' }], clock });
  app = await openApp({ dataDir: dir, allowHosts: ['127.0.0.1'], clock });
  await app.catalog.import(JSON.stringify(cluster.sites.map((s) => s.source)));
  let group: BookGroup | undefined;
  for await (const event of searchBooks(app.library, TITLE, { deadlineMs: 60_000 }))
    if (event.type === 'finished') group = event.ranked.find((g) => g.title === TITLE);
  assert.ok(group);
  bookId = (await addBook(app.library, group)).book.id;
  await refreshToc(app.library, bookId);
  registerJobHandlers(app, app.queue, { extraHandlers: chaseJobHandlers(app, app.queue) });
  chase = startChase(app, { manual: true });
  app.queue.start();
});

after(async () => {
  await chase?.stop();
  await app?.close();
  await cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

const files = async () => ({
  epub: await app.store.bookFiles.get(bookId, 'epub'),
  txt: await app.store.bookFiles.get(bookId, 'txt'),
});

test('a book on no shelf is not built; shelving it builds its EPUB, then its TXT', async () => {
  await keepBookFilesBuilt(app, app.queue, bookId);
  await app.queue.drain();
  assert.deepEqual(await files(), { epub: undefined, txt: undefined });

  const reader = await createUser(app.library, { name: 'reader', password: 'a good passphrase' });
  await addToShelf(app.library, reader.id, bookId);
  await keepBookFilesBuilt(app, app.queue, bookId); // what shelving through the server calls
  await app.queue.drain();
  const chapters = (await viewToc(app.library, bookId)).length;
  const { epub, txt } = await files();
  assert.equal(epub?.state, 'done');
  assert.equal(epub.chapters, chapters);
  assert.equal(txt?.state, 'done');
  assert.equal(txt.chapters, chapters);
});

test('a chase check that adds chapters builds the files again', async () => {
  const before = (await viewToc(app.library, bookId)).length;
  clock.advance(2 * hour); // four new chapters on the sites
  for (const listing of await app.store.listings.listByBook(bookId))
    await app.queue.enqueue<ChaseJob>({
      type: 'chase',
      key: `test-chase:${listing.id}`,
      payload: { listingId: listing.id, force: true },
    });
  await app.queue.drain();
  const after = (await viewToc(app.library, bookId)).length;
  assert.ok(after > before, `the chase found new chapters (${before} → ${after})`);
  const { epub, txt } = await files();
  assert.equal(epub?.state, 'done');
  assert.equal(epub.chapters, after, 'the EPUB has the new chapters');
  assert.equal(txt?.chapters, after, 'so has the TXT');
});

/**
 * A chase pass interrupted by a restart (issue 7): the process stops while checks are running;
 * the next process on the same data folder finishes the pass. No check is lost, none runs twice
 * to a different end, and what the chase learned is still there.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemoClock, startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { chaseJobHandlers, chaseJobKey, openApp, registerJobHandlers, startChase } from '#app';
import type { App, ChaseJob } from '#app';
import { addBook, addToShelf, createUser, refreshToc, searchBooks } from '#library';
import type { BookGroup } from '#library';

const hour = 3_600_000;
const dir = mkdtempSync(join(tmpdir(), 'linhai-chase-restart-'));
/** The same instance, for the same pass run without a restart. */
const referenceDir = `${dir}-reference`;
const clock = new DemoClock();
const titles = ['长夜行歌', '江城旧事', '剑起长安'];
let cluster: DemoCluster;

// The chase alone: no e-book files rebuilt in the background after checks that add chapters
// (draining the queue would wait for whole-book builds; test/opds/background-builds tests them).
process.env.LINHAI_KEEP_BOOK_FILES = '0';

before(async () => {
  cluster = await startDemoSites({
    sites: [{ template: 'biquge' }, { template: 'json' }],
    clock,
  });
  const app = await openApp({ dataDir: dir, allowHosts: ['127.0.0.1'], clock });
  await app.catalog.import(JSON.stringify(cluster.sites.map((s) => s.source)));
  const reader = await createUser(app.library, { name: 'reader', password: 'a good passphrase' });
  for (const title of titles) {
    let group: BookGroup | undefined;
    for await (const event of searchBooks(app.library, title, { deadlineMs: 60_000 }))
      if (event.type === 'finished') group = event.ranked.find((g) => g.title === title);
    assert.ok(group && group.sourceCount === 2, `${title} is found on both sites`);
    const bookId = (await addBook(app.library, group)).book.id;
    await refreshToc(app.library, bookId);
    await addToShelf(app.library, reader.id, bookId);
  }
  await app.close();
});

after(async () => {
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(referenceDir, { recursive: true, force: true });
});

async function open(dataDir = dir): Promise<App> {
  const app = await openApp({ dataDir, allowHosts: ['127.0.0.1'], clock });
  registerJobHandlers(app, app.queue, {
    concurrency: 2,
    extraHandlers: chaseJobHandlers(app, app.queue),
  });
  return app;
}

/** Every book's chapters in order with the listings that carry them: the end state of a pass. */
/** Plans a chase check of every followed listing. */
async function planPass(app: App): Promise<number[]> {
  const listings = await app.store.listings.listFollowed();
  for (const listing of listings)
    await app.queue.enqueue<ChaseJob>({
      type: 'chase',
      key: chaseJobKey(listing.id),
      payload: { listingId: listing.id },
    });
  return listings.map((l) => l.id);
}

async function snapshot(app: App): Promise<string[]> {
  const rows: string[] = [];
  for (const book of await app.store.books.list()) {
    for (const c of await app.store.chapters.listByBook(book.id))
      rows.push(
        `${book.title}|${c.ordinal}|${c.title}|${c.links.map((l) => `${l.listingId}:${l.url}`).join(',')}`,
      );
  }
  return rows;
}

test('a chase pass stopped mid-way by a restart finishes in the next process, each check once', async () => {
  clock.advance(3 * hour); // new chapters are out on every ongoing book
  cpSync(dir, referenceDir, { recursive: true });
  const first = await open();
  // The JSON site answers slowly, so the restart finds its checks running.
  cluster.site('json').setFaults([{ kind: 'latency', ms: 1500 }]);
  const listings = await planPass(first);
  assert.equal(listings.length, titles.length * 2);
  first.queue.start();
  const deadline = Date.now() + 60_000;
  while (
    (await first.queue.counts()).active === 0 ||
    (await first.queue.counts()).completed === 0
  ) {
    assert.ok(Date.now() < deadline, 'some checks finish and others run within a minute');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await first.close(); // stops taking jobs; running checks are aborted and go back to the queue
  cluster.site('json').clearFaults();

  const second = await open();
  const chase = startChase(second, { manual: true });
  second.queue.start();
  await second.queue.drain();
  const counts = await second.queue.counts();
  assert.equal(counts.dead, 0, 'no check failed for good');
  assert.equal(counts.waiting + counts.active, 0);
  // Every listing was checked to the end exactly once: one result each, learned by the runner.
  const results = await second.queue.list({ type: 'chase-result', state: 'completed', limit: 100 });
  const perListing = new Map<number, number>();
  for (const job of results) {
    const id = (job.payload as { listingId: number }).listingId;
    perListing.set(id, (perListing.get(id) ?? 0) + 1);
  }
  assert.deepEqual(
    [...perListing.keys()].sort((a, b) => a - b),
    [...listings].sort((a, b) => a - b),
  );
  assert.ok(
    [...perListing.values()].every((n) => n === 1),
    'one completed check per listing',
  );
  for (const listing of await second.store.listings.listFollowed()) {
    assert.ok(listing.cadence, `listing ${listing.id} has its chase state saved`);
    assert.ok(chase.runner.describe(listing.id), `the runner knows listing ${listing.id}`);
  }
  // The end state is the one the same pass reaches without a restart.
  const reference = await open(referenceDir);
  const referenceChase = startChase(reference, { manual: true });
  await planPass(reference);
  reference.queue.start();
  await reference.queue.drain();
  assert.deepEqual(await snapshot(second), await snapshot(reference));
  await referenceChase.stop();
  await reference.close();
  await chase.stop();
  await second.close();
});

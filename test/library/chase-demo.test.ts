/**
 * The chase end to end on the demo sites and their clock (issue 7): the whole application
 * (store, HTTP client, driver, cleaner, embedded job queue, scheduler) follows one book on two
 * sites, the second showing every chapter two hours late.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_EPOCH, DemoClock, catalogue, startDemoSites } from '#demo';
import type { DemoCluster, DemoSite } from '#demo';
import { openApp } from '#app';
import type { App } from '#app';
import { addBook, addToShelf, createUser, refreshToc, searchBooks, viewToc } from '#library';
import type { BookGroup, ListingChaseView } from '#library';
import { chaseJobHandlers, registerJobHandlers, startChase } from '#app';
import type { ChaseService } from '#app';

// The chase alone: no e-book files rebuilt in the background after each check that adds chapters
// (each step drains the queue; test/opds/background-builds tests those builds).
process.env.LINHAI_KEEP_BOOK_FILES = '0';
const hour = 3_600_000;
const minute = 60_000;
// 江城旧事: a chapter every 30 minutes, on the biquge and JSON templates.
const book = catalogue.books().find((b) => b.title === '江城旧事')!;
const dir = mkdtempSync(join(tmpdir(), 'linhai-chase-'));
// 30 hours before the demo epoch: 70 chapters still to come.
const clock = new DemoClock(DEMO_EPOCH - 30 * hour);
let cluster: DemoCluster;
let fast: DemoSite;
let slow: DemoSite;
let app: App;
let chase: ChaseService;
let bookId: number;
let fastListing: number;
let slowListing: number;

before(async () => {
  cluster = await startDemoSites({
    sites: [{ template: 'biquge' }, { template: 'json', lagMs: 2 * hour }],
    clock,
  });
  [fast, slow] = cluster.sites as [DemoSite, DemoSite];
  app = await openApp({ dataDir: dir, allowHosts: ['127.0.0.1'], clock });
  await app.catalog.import(JSON.stringify(cluster.sites.map((s) => s.source)));
  let group: BookGroup | undefined;
  for await (const event of searchBooks(app.library, book.title, { deadlineMs: 60_000 })) {
    if (event.type === 'finished') group = event.ranked.find((g) => g.title === book.title);
  }
  assert.ok(group && group.sourceCount === 2, 'the book is on both sites');
  bookId = (await addBook(app.library, group)).book.id;
  await refreshToc(app.library, bookId); // as `linhai add` and the web app do
  const reader = await createUser(app.library, { name: 'reader', password: 'a good passphrase' });
  await addToShelf(app.library, reader.id, bookId);
  const listings = await app.store.listings.listByBook(bookId);
  fastListing = listings.find((l) => l.sourceUrl === fast.origin)!.id;
  slowListing = listings.find((l) => l.sourceUrl === slow.origin)!.id;

  registerJobHandlers(app, app.queue, {
    concurrency: 2,
    extraHandlers: chaseJobHandlers(app, app.queue),
  });
  chase = startChase(app, { manual: true });
  app.queue.start();
});

after(async () => {
  await chase.stop();
  await app.close();
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Moves the demo clock on in 10-minute steps, letting the chase plan and run what is due. */
async function chaseFor(ms: number): Promise<void> {
  const end = clock.now() + ms;
  while (clock.now() < end) {
    clock.advance(10 * minute);
    await chase.runner.tick();
    await app.queue.drain();
  }
}

/** Chapter i of the book (0-based, as the catalogue counts): its canonical row, if the book has it. */
async function chapter(index: number) {
  // Titles differ between the sites (the JSON site numbers chapters within volumes): match the name.
  const name = catalogue.chapter(book.id, index).title.split(' ').at(-1)!;
  const toc = await viewToc(app.library, bookId);
  const item = toc.find((c) => c.title.endsWith(name));
  return item && app.store.chapters.getByKey(bookId, item.key);
}

async function chaseView(listingId: number): Promise<ListingChaseView> {
  const listing = (await app.store.listings.listFollowed()).find((l) => l.id === listingId);
  assert.ok(listing?.lag, `listing ${listingId} has a chase state`);
  return listing.lag as ListingChaseView;
}

const published = (index: number) => book.publishedAt(index);

test('new chapters come from the faster site, and its lead is measured', async () => {
  // A new listing is assumed to publish about daily; the chase learns the real pace as it goes.
  await chaseFor(8 * hour);
  const firstNew = book.publishedCount(clock.now());
  await chaseFor(2 * hour + 15 * minute);
  const during = Array.from({ length: 4 }, (_, i) => firstNew + i);
  for (const index of during) {
    const row = await chapter(index);
    assert.ok(row, `chapter ${index + 1} was found`);
    assert.equal(row.firstListingId, fastListing, `chapter ${index + 1} came from the fast site`);
    const delay = row.firstSeenAt - published(index);
    assert.ok(
      delay <= 30 * minute,
      `chapter ${index + 1} found ${delay / minute} min after it came out`,
    );
  }
  const fastView = await chaseView(fastListing);
  const slowView = await chaseView(slowListing);
  assert.equal(fastView.preferred, true, 'the fast site is preferred');
  assert.equal(slowView.preferred, false);
  assert.ok(
    // Measured to the resolution of the backup's checks, which are sparser than the leader's.
    slowView.lagMs !== null && slowView.lagMs > hour && slowView.lagMs < 4 * hour,
    `the slow site's lag is about two hours (${slowView.lagMs && slowView.lagMs / minute} min)`,
  );
  // The book page shows the updates: the newest chapter is the book's latest.
  const latest = await chapter(firstNew + 3);
  assert.equal((await app.store.books.get(bookId))?.latestChapterId, latest?.id);
});

test('when the fast site fails, the slow one serves new chapters and becomes preferred', async () => {
  fast.setFaults([{ kind: 'status', status: 500 }]);
  const firstUnseen = book.publishedCount(clock.now());
  await chaseFor(3 * hour);
  const slowView = await chaseView(slowListing);
  assert.equal(slowView.preferred, true, 'the slow site took over');
  assert.ok((await chaseView(fastListing)).consecutiveFailures > 0);
  // Chapters out on the fast site only while it failed reach us through the slow site.
  const row = await chapter(firstUnseen);
  assert.ok(row, `chapter ${firstUnseen + 1} was found while the fast site was down`);
  assert.equal(row.firstListingId, slowListing);
  fast.clearFaults();
});

test('a placeholder page on the fast site is no update; the real chapter is', async () => {
  // The fast site is back: the chase, backing off from it, sees so within hours.
  for (
    let waited = 0;
    (chase.runner.describe(fastListing)?.consecutiveFailures ?? 1) > 0;
    waited++
  ) {
    assert.ok(waited < 8, 'the fast site is checked again within 8 hours of recovering');
    await chaseFor(hour);
  }
  // The next chapter out on the fast site is a placeholder there; the slow site shows it 2 h later.
  const index = book.publishedCount(clock.now());
  const path = new URL(fast.chapterUrl(book.id, index)).pathname;
  fast.setFaults([{ kind: 'placeholder', path }]);
  const previous = await chapter(index - 1);
  assert.ok(previous, 'the chapter before it is in the book');
  await chaseFor(published(index) + 90 * minute - clock.now());
  assert.equal(await chapter(index), undefined, 'a placeholder does not enter the book');
  assert.equal(
    (await app.store.books.get(bookId))!.latestChapterId,
    previous.id,
    'no update: the latest chapter is still the one before it',
  );
  // Two hours on, the slow site shows the real chapter: that one counts, from the slow site.
  await chaseFor(2 * hour);
  const row = await chapter(index);
  assert.ok(row, 'the real chapter arrived');
  assert.equal(row.firstListingId, slowListing, 'credited to the site whose page was real');
  const cached = await app.store.contents.get(row.id);
  assert.ok(cached && !cached.text.includes('内容更新中'), 'the real text is cached');
  fast.clearFaults();
});

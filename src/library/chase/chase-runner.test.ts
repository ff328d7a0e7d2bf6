import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '#store';
import type { Clock } from '#model';
import { ChaseRunner, isFinished } from './chase-runner.ts';
import type { ListingChaseView, PlannedCheck } from './chase-runner.ts';
import type { ChaseCheckResult } from './check-listing.ts';

const hour = 3_600_000;

function manualClock(start: number): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: async () => undefined,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** A followed book on two sites of one source each, in a real (in-memory) store. */
async function world() {
  const clock = manualClock(Date.UTC(2026, 10, 27, 12));
  const store = openStore({ url: ':memory:', clock });
  await store.migrate();
  const book = await store.books.upsert({ key: 'k', title: '书', author: '人' });
  const ids: number[] = [];
  for (const site of ['a', 'b']) {
    const source = await store.sources.upsert({
      url: `https://${site}.test`,
      name: site,
      rules: '{}',
    });
    ids.push(
      (await store.listings.upsert({ bookId: book.id, sourceId: source.id, bookUrl: `/${site}` }))
        .id,
    );
  }
  const user = await store.users.create({ name: 'reader' });
  await store.shelves.add(user.id, book.id, clock.now());
  const planned: PlannedCheck[] = [];
  const runner = new ChaseRunner({ store, clock }, { plan: async (c) => void planned.push(c) });
  return { clock, store, book, ids, user, planned, runner };
}

const result = (
  listingId: number,
  bookId: number,
  newKeys: string[],
  ok = true,
): ChaseCheckResult => ({
  listingId,
  bookId,
  probe: 'skipped',
  ok,
  newKeys,
  added: newKeys,
  knownFirstSeen: {},
  withheld: 0,
  cached: 0,
  baseline: false,
});

test('the runner plans first checks, learns from results and saves what it learned', async () => {
  const { clock, store, book, ids, planned, runner } = await world();
  assert.equal(await runner.tick(), 2, 'both listings are checked first');
  assert.deepEqual(planned.map((p) => p.listingId).sort(), [...ids].sort());
  assert.equal(await runner.tick(), 0, 'nothing is planned twice while checks are out');

  await runner.record(result(ids[0]!, book.id, []));
  await runner.record(result(ids[1]!, book.id, []));
  clock.advance(hour);
  await runner.record(result(ids[1]!, book.id, ['c1']));
  const listings = await store.listings.listFollowed();
  for (const listing of listings) {
    assert.ok(listing.cadence, 'the saved state is on the listing');
    assert.ok(listing.nextCheckAt! > clock.now() - 1, 'a next check is planned');
    const view = listing.lag as ListingChaseView;
    assert.equal(typeof view.reason, 'string');
  }

  // A restart: a new runner continues from the saved state.
  const again = new ChaseRunner({ store, clock }, { plan: async () => undefined });
  await again.sync();
  const before = runner.describe(ids[1]!)!;
  const after = again.describe(ids[1]!)!;
  assert.equal(after.lastCheckAt, before.lastCheckAt);
  assert.equal(after.preferred, before.preferred);
  await store.close();
});

test('a book no reader follows any more is forgotten; a failed check backs off', async () => {
  const { store, book, ids, user, runner } = await world();
  await runner.tick();
  const failed = await runner.record(result(ids[0]!, book.id, [], false));
  assert.deepEqual(failed.discovered, []);
  assert.match(runner.describe(ids[0]!)!.reason, /backoff/);
  await store.shelves.remove(user.id, book.id);
  await runner.sync();
  assert.equal(runner.describe(ids[0]!), undefined);
  await store.close();
});

test('finished books are recognised from what their sources say', () => {
  for (const status of ['完本', '已完结', 'Completed', 'status: finished'])
    assert.equal(isFinished(status), true, status);
  for (const status of ['连载中', 'ongoing', undefined, '更新至第100章'])
    assert.equal(isFinished(status), false, String(status));
});

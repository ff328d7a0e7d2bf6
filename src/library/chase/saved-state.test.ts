import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChaseScheduler, parseSavedListingChase } from './index.ts';

const hour = 3_600_000;
const t0 = Date.UTC(2026, 10, 29, 16);
const budget = { requestsPerDay: 10_000, perHostPerHour: 1_000 };

/** Two listings of one book; `b` shows each chapter first and `a` an hour later. */
function raced(): { scheduler: ChaseScheduler; now: number } {
  const scheduler = new ChaseScheduler({ budget });
  scheduler.addBook('book', 2);
  scheduler.addListing({ listingId: 'a', bookId: 'book', host: 'a.test' }, t0);
  scheduler.addListing({ listingId: 'b', bookId: 'book', host: 'b.test' }, t0);
  let now = t0;
  scheduler.recordCheck('a', { ok: true, newChapterKeys: [] }, now);
  scheduler.recordCheck('b', { ok: true, newChapterKeys: [] }, now);
  for (let chapter = 1; chapter <= 5; chapter++) {
    now += 10 * 60_000;
    scheduler.recordCheck('a', { ok: true, newChapterKeys: [] }, now);
    now += 10 * 60_000;
    scheduler.recordCheck('b', { ok: true, newChapterKeys: [`c${chapter}`] }, now);
    now += 10 * 60_000;
    scheduler.recordCheck('a', { ok: true, newChapterKeys: [] }, now); // provably behind b
    now += hour;
    scheduler.recordCheck('a', { ok: true, newChapterKeys: [`c${chapter}`] }, now);
    now += 4 * hour;
  }
  return { scheduler, now };
}

test('what the chase learned survives a restart: lag, races, preferred source, failures', () => {
  const { scheduler, now } = raced();
  assert.equal(scheduler.preferredListing('book'), 'b');
  scheduler.recordCheck('a', { ok: false }, now);
  const saved = ['a', 'b'].map((id) => JSON.parse(JSON.stringify(scheduler.save(id))) as unknown);

  const restarted = new ChaseScheduler({ budget });
  restarted.addBook('book', 2);
  for (const [i, id] of ['a', 'b'].entries()) {
    const state = parseSavedListingChase(saved[i]);
    assert.ok(state, 'the saved state parses back');
    restarted.addListing({ listingId: id, bookId: 'book', host: `${id}.test`, saved: state }, now);
  }
  assert.equal(restarted.preferredListing('book'), 'b');
  for (const id of ['a', 'b']) {
    const before = scheduler.describe(id, now)!;
    const after = restarted.describe(id, now)!;
    assert.equal(after.lagMs, before.lagMs);
    assert.equal(after.ledChapters, before.ledChapters);
    assert.equal(after.behindChapters, before.behindChapters);
    assert.equal(after.consecutiveFailures, before.consecutiveFailures);
    assert.equal(restarted.save(id)!.watchedSince, t0, 'when the chase started watching it');
    // The same history gives the same rate (the first scheduler's model may be a few hours old).
    const ratio = after.chaptersPerDay / before.chaptersPerDay;
    assert.ok(
      ratio > 0.75 && ratio < 1.25,
      `rate ${after.chaptersPerDay} vs ${before.chaptersPerDay}`,
    );
  }
  assert.ok(restarted.describe('a', now)!.lagMs! > 30 * 60_000, 'a is about an hour late');
  // A state saved before `watchedSince` was kept still parses, as a listing watched long enough.
  const older: Record<string, unknown> = { ...scheduler.save('a')! };
  delete older['watchedSince'];
  assert.ok(parseSavedListingChase(JSON.parse(JSON.stringify(older))));
});

test('after a restart the store tells which listing had a chapter first', () => {
  const { scheduler, now } = raced();
  const restarted = new ChaseScheduler({ budget });
  restarted.addBook('book', 1);
  for (const id of ['a', 'b'])
    restarted.addListing(
      { listingId: id, bookId: 'book', host: `${id}.test`, saved: scheduler.save(id)! },
      now,
    );
  const known = { c6: { at: now + 5 * 60_000, listingId: 'b' } };
  const late = restarted.recordCheck(
    'a',
    { ok: true, newChapterKeys: ['c6'], knownFirstSeen: known },
    now + hour,
  );
  assert.deepEqual(late.discovered, [], 'a chapter b had first is not a discovery by a');
  const fresh = restarted.recordCheck('a', { ok: true, newChapterKeys: ['c7'] }, now + 2 * hour);
  assert.deepEqual(fresh.discovered, ['c7']);
});

test('a removed listing is forgotten and its book picks another preferred source', () => {
  const { scheduler } = raced();
  scheduler.removeListing('b');
  assert.equal(scheduler.hasListing('b'), false);
  assert.equal(scheduler.preferredListing('book'), 'a');
  scheduler.removeListing('a');
  assert.equal(scheduler.preferredListing('book'), undefined);
});

test('junk in the saved column reads as nothing saved', () => {
  for (const junk of [null, 3, 'x', {}, { v: 2 }, { v: 1, arrivals: [[1]] }])
    assert.equal(parseSavedListingChase(junk), undefined);
});

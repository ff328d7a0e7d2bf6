import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChaseScheduler, learnPublishingModel, planNextCheck } from './index.ts';
import { CheckHeap } from './min-heap.ts';
import { hourOfWeek } from './time-bins.ts';

const hour = 3_600_000;
const day = 24 * hour;
// Monday 2026-11-30 00:00 Beijing time.
const monday = Date.UTC(2026, 10, 29, 16);

/** A listing that published every day at 20:00 Beijing time, seen by checks 10 minutes apart. */
const dailyAt20 = Array.from({ length: 14 }, (_, d) => {
  const at = monday + d * day + 20 * hour + 10 * 60_000;
  return { from: at - 10 * 60_000, to: at };
});

test('the publishing model learns the hour a listing publishes at', () => {
  const model = learnPublishingModel({ arrivals: dailyAt20, now: monday + 14 * day });
  const busiest = model.shape.indexOf(Math.max(...model.shape));
  assert.equal(busiest % 24, 20);
  assert.ok(Math.abs(model.ratePerDay - 1) < 0.15, `rate ${model.ratePerDay}`);
  assert.equal(model.activity, 1);
});

test('a listing quiet for many usual gaps is in hiatus, and a finished one stays finished', () => {
  const hiatus = learnPublishingModel({ arrivals: dailyAt20, now: monday + 30 * day });
  const expectedPerDay = hiatus.ratePerDay * hiatus.activity;
  assert.ok(expectedPerDay < 0.2, `still expects ${expectedPerDay} chapters a day`);
  const finished = learnPublishingModel({
    arrivals: dailyAt20,
    now: monday + 14 * day,
    finished: true,
  });
  assert.equal(finished.finished, true);
});

test('checks concentrate around the usual publishing hour', () => {
  const now = monday + 14 * day;
  const model = learnPublishingModel({ arrivals: dailyAt20, now });
  const checks: number[] = [];
  let t = now;
  for (let i = 0; i < 40; i++) {
    t = planNextCheck({
      model,
      weight: 1,
      fromMs: t,
      c: 0.4,
      minIntervalMs: 5 * 60_000,
      maxIntervalMs: 2 * day,
    });
    checks.push(t);
  }
  const nearPeak = checks.filter((c) => [19, 20, 21].includes(hourOfWeek(c, 480) % 24)).length;
  assert.ok(nearPeak / checks.length > 0.5, `${nearPeak} of ${checks.length} checks near 20:00`);
});

test('a host never gets more requests in an hour than its budget', () => {
  const scheduler = new ChaseScheduler({ budget: { requestsPerDay: 100_000, perHostPerHour: 10 } });
  for (let b = 0; b < 50; b++) {
    scheduler.addBook(`b${b}`, 1);
    scheduler.addListing({ listingId: `l${b}`, bookId: `b${b}`, host: 'one-host' }, monday);
  }
  const first = scheduler.takeDue(monday);
  // Each check reserves room for a probe and a TOC fetch.
  assert.ok(first.length <= 10 && first.length >= 5, `${first.length} checks in the first hour`);
  assert.equal(scheduler.takeDue(monday + 30 * 60_000).length, 0);
  assert.ok(scheduler.takeDue(monday + hour + 11 * 60_000).length > 0);
});

test('a new chapter seen first on a slower source triggers a check of the preferred one', () => {
  const scheduler = new ChaseScheduler({ budget: { requestsPerDay: 1000, perHostPerHour: 100 } });
  scheduler.addBook('book', 3);
  scheduler.addListing({ listingId: 'fast', bookId: 'book', host: 'a' }, monday);
  scheduler.addListing({ listingId: 'slow', bookId: 'book', host: 'b' }, monday);
  scheduler.takeDue(monday);
  scheduler.recordCheck('fast', { ok: true, newChapterKeys: ['1'] }, monday);
  scheduler.recordCheck('slow', { ok: true, newChapterKeys: [] }, monday);
  assert.equal(scheduler.preferredListing('book'), 'fast');
  const later = monday + 3 * hour;
  const result = scheduler.recordCheck('slow', { ok: true, newChapterKeys: ['1', '2'] }, later);
  assert.deepEqual(result.discovered, ['2']);
  assert.deepEqual(result.confirm, ['fast']);
  assert.match(scheduler.describe('fast', later)!.reason, /confirm/);
});

test('when the preferred source keeps failing, the other takes over and is checked soon', () => {
  const scheduler = new ChaseScheduler({ budget: { requestsPerDay: 1000, perHostPerHour: 100 } });
  scheduler.addBook('book', 1);
  // Two listings with a learned history (daily at 20:00), so neither is in its learning phase.
  const arrivals = dailyAt20.map((a) => ({ from: a.from - 14 * day, to: a.to - 14 * day }));
  scheduler.addListing({ listingId: 'a', bookId: 'book', host: 'a', arrivals }, monday);
  scheduler.addListing({ listingId: 'b', bookId: 'book', host: 'b', arrivals }, monday);
  scheduler.recordCheck('a', { ok: true, newChapterKeys: ['1'] }, monday);
  scheduler.recordCheck('b', { ok: true, newChapterKeys: ['1'] }, monday + hour);
  assert.equal(scheduler.preferredListing('book'), 'a');
  scheduler.recordCheck('a', { ok: false }, monday + 2 * hour);
  const result = scheduler.recordCheck(
    'a',
    { ok: false, retryAfterMs: 2 * hour },
    monday + 3 * hour,
  );
  assert.equal(scheduler.preferredListing('book'), 'b');
  assert.deepEqual(result.confirm, ['b']);
  const a = scheduler.describe('a', monday + 3 * hour)!;
  assert.ok(a.nextCheckAt >= monday + 5 * hour, 'Retry-After is respected');
  assert.match(a.reason, /backoff after 2 failed checks/);
});

test("a reader's choice of source (换源) holds against the races while it is healthy", () => {
  const scheduler = new ChaseScheduler({ budget: { requestsPerDay: 1000, perHostPerHour: 100 } });
  scheduler.addBook('book', 1);
  const arrivals = dailyAt20.map((a) => ({ from: a.from - 14 * day, to: a.to - 14 * day }));
  scheduler.addListing({ listingId: 'fast', bookId: 'book', host: 'a', arrivals }, monday);
  scheduler.addListing({ listingId: 'slow', bookId: 'book', host: 'b', arrivals }, monday);
  scheduler.recordCheck('fast', { ok: true, newChapterKeys: ['1'] }, monday);
  scheduler.recordCheck('slow', { ok: true, newChapterKeys: ['1'] }, monday + hour);
  assert.equal(scheduler.preferredListing('book'), 'fast');
  scheduler.choosePreferred('book', 'slow');
  assert.equal(scheduler.preferredListing('book'), 'slow');
  assert.equal(scheduler.describe('slow', monday + hour)!.chosen, true);
  // The fast one wins another race: the reader's choice stays.
  scheduler.recordCheck('fast', { ok: true, newChapterKeys: ['1', '2'] }, monday + 2 * hour);
  scheduler.recordCheck('slow', { ok: true, newChapterKeys: ['1', '2'] }, monday + 3 * hour);
  assert.equal(scheduler.preferredListing('book'), 'slow');
  // Failing twice in a row, the chosen one gives way; healthy again, it is preferred again.
  scheduler.recordCheck('slow', { ok: false }, monday + 4 * hour);
  scheduler.recordCheck('slow', { ok: false }, monday + 5 * hour);
  assert.equal(scheduler.preferredListing('book'), 'fast');
  scheduler.recordCheck('slow', { ok: true, newChapterKeys: ['1', '2'] }, monday + 6 * hour);
  assert.equal(scheduler.preferredListing('book'), 'slow');
  // Given back: the races decide.
  scheduler.choosePreferred('book', undefined);
  assert.equal(scheduler.preferredListing('book'), 'fast');
  assert.equal(scheduler.describe('slow', monday + 6 * hour)!.chosen, false);
});

test('a new listing is checked every 2 hours at most until its pattern is learned', () => {
  const scheduler = new ChaseScheduler({ budget: { requestsPerDay: 1000, perHostPerHour: 100 } });
  scheduler.addBook('book', 1);
  scheduler.addListing(
    { listingId: 'new', bookId: 'book', host: 'h', lastCheckAt: monday },
    monday,
  );
  let now = monday;
  const gaps: number[] = [];
  for (let i = 0; i < 12; i++) {
    const report = scheduler.describe('new', now)!;
    assert.match(report.reason, /until its publishing pattern is learned/);
    gaps.push(report.nextCheckAt - now);
    now = report.nextCheckAt;
    scheduler.recordCheck('new', { ok: true, newChapterKeys: [] }, now);
  }
  assert.ok(Math.max(...gaps) <= 2 * hour, `gaps ${gaps.map((g) => (g / hour).toFixed(1))} h`);
  // Three batches of new chapters teach it; from then on the learned cadence applies.
  for (const key of ['1', '2', '3']) {
    now += day;
    scheduler.recordCheck('new', { ok: true, newChapterKeys: [key] }, now);
  }
  assert.doesNotMatch(scheduler.describe('new', now)!.reason, /learned/);
  // A listing watched for three days without news is no longer new either (a dormant book).
  scheduler.addBook('quiet', 1);
  scheduler.addListing({ listingId: 'q', bookId: 'quiet', host: 'h', lastCheckAt: monday }, monday);
  scheduler.recordCheck('q', { ok: true, newChapterKeys: [] }, monday + 3 * day + hour);
  const quiet = scheduler.describe('q', monday + 3 * day + hour)!;
  assert.doesNotMatch(quiet.reason, /learned/);
  assert.ok(quiet.nextCheckAt - (monday + 3 * day + hour) > 2 * hour);
});

test('the check heap pops in time order, whatever the order of pushes', () => {
  const heap = new CheckHeap();
  const keys: number[] = [];
  let seed = 7;
  for (let i = 0; i < 5000; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const key = seed % 1000; // many equal keys
    keys.push(key);
    heap.push(key, i, i % 3);
  }
  const popped: number[] = [];
  while (heap.size > 0) {
    const slot = heap.peekSlot();
    assert.equal(keys[slot], heap.peekKey());
    assert.equal(heap.peekVersion(), slot % 3);
    popped.push(heap.peekKey()!);
    heap.pop();
  }
  assert.deepEqual(
    popped,
    keys.sort((a, b) => a - b),
  );
  assert.equal(heap.peekKey(), undefined);
});

test('races stay with their listings when another listing of the book is removed', () => {
  const scheduler = new ChaseScheduler({ budget: { requestsPerDay: 1000, perHostPerHour: 100 } });
  scheduler.addBook('book', 1);
  for (const id of ['a', 'b', 'c'])
    scheduler.addListing({ listingId: id, bookId: 'book', host: id }, monday);
  for (const id of ['a', 'b', 'c'])
    scheduler.recordCheck(id, { ok: true, newChapterKeys: [] }, monday);
  // c shows chapters while a provably lacks them; b is removed between the races.
  let now = monday;
  for (let chapter = 1; chapter <= 4; chapter++) {
    now += hour;
    scheduler.recordCheck('c', { ok: true, newChapterKeys: [`k${chapter}`] }, now);
    now += 10 * 60_000;
    scheduler.recordCheck('a', { ok: true, newChapterKeys: [] }, now);
    now += 10 * 60_000;
    scheduler.recordCheck('a', { ok: true, newChapterKeys: [`k${chapter}`] }, now);
    if (chapter === 2) scheduler.removeListing('b');
  }
  assert.equal(scheduler.preferredListing('book'), 'c');
  const saved = scheduler.save('c')!;
  assert.ok(saved.wins.a! > 3, `c beat a in ${saved.wins.a} races`);
  assert.equal(saved.wins.b, undefined);
  assert.ok(scheduler.describe('a', now)!.behindChapters > 3);
  // The removed listing is never due again.
  const due = scheduler.takeDue(now + 30 * day).map((d) => d.listingId);
  assert.deepEqual(due.sort(), ['a', 'c']);
});

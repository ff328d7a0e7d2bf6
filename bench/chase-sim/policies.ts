// The three polling policies run on the same simulated world. Linhai's runs the production
// ChaseScheduler; only the clock (the loop's `now`) and the fetch (visibleCount) are simulated.
import { ChaseScheduler } from '../../src/library/chase/index.ts';
import type { ChaseBudget } from '../../src/library/chase/index.ts';
import { dayMs, hourMs } from '../../src/library/chase/time-bins.ts';
import { Ledger } from './metrics.ts';
import { seededRandom } from '#model';
import { visibleCount } from './world.ts';
import type { SimBook, SimListing } from './world.ts';

export interface SimWindow {
  readonly start: number;
  readonly windowStart: number;
  readonly end: number;
}

export function runLinhai(
  books: readonly SimBook[],
  window: SimWindow,
  budget: ChaseBudget,
): Ledger {
  const ledger = new Ledger(books, window.windowStart, window.end);
  const scheduler = new ChaseScheduler({ budget });
  const listings = new Map<string, SimListing>();
  for (const book of books) {
    scheduler.addBook(`b${book.index}`, book.followers);
    for (const listing of book.listings) {
      listings.set(listing.id, listing);
      scheduler.addListing(
        { listingId: listing.id, bookId: `b${book.index}`, host: listing.host },
        window.start,
      );
    }
  }
  // Chapters each listing showed at its last check: what the real fetch would compare against.
  const known = new Int32Array(listings.size);
  scheduler.rebalance(window.start);
  let nextRebalance = window.start + 6 * hourMs;
  let pending: { book: SimBook; chapter: number; listing: number }[] = [];
  let pendingAt = -1;
  const settle = () => {
    // Serve each new chapter from the book's preferred source if it has it by now (after the
    // confirmation checks made at the same instant), else from the listing that found it.
    for (const p of pending) {
      const preferredId = scheduler.preferredListing(`b${p.book.index}`);
      const preferred = p.book.listings.find((l) => l.id === preferredId);
      const has = preferred !== undefined && known[preferred.ordinal]! > p.chapter;
      ledger.servedFrom[p.book.index]![p.chapter] = has ? preferred.index : p.listing;
    }
    pending = [];
  };
  for (;;) {
    const now = scheduler.nextDueAt();
    if (now === undefined || now >= window.end) break;
    if (now > pendingAt && pending.length > 0) settle();
    if (now >= nextRebalance) {
      scheduler.rebalance(now);
      nextRebalance += 6 * hourMs;
    }
    for (const check of scheduler.takeDue(now)) {
      const listing = listings.get(check.listingId)!;
      const before = known[listing.ordinal]!;
      const visible = visibleCount(listing, now, before);
      ledger.request(listing.hostIndex, now, visible > before ? 2 : 1);
      const keys: string[] = [];
      for (let k = before; k < visible; k++) keys.push(String(k));
      known[listing.ordinal] = visible;
      const result = scheduler.recordCheck(listing.id, { ok: true, newChapterKeys: keys }, now);
      for (const key of result.discovered) {
        const chapter = Number(key);
        const book = books[listing.bookIndex]!;
        ledger.discover(book.index, chapter, now, listing.index);
        pending.push({ book, chapter, listing: listing.index });
        pendingAt = now;
      }
    }
  }
  settle();
  return ledger;
}

/** (a) Every listing polled every `intervalMs`, each at its own phase. */
export function runFixedInterval(
  books: readonly SimBook[],
  window: SimWindow,
  intervalMs: number,
  seed = 7,
): Ledger {
  const ledger = new Ledger(books, window.windowStart, window.end);
  const random = seededRandom(seed);
  for (const book of books) {
    book.listings.forEach((listing, index) => {
      const phase = window.start + random() * intervalMs;
      let before = 0;
      for (let t = phase; t < window.end; t += intervalMs) {
        const visible = visibleCount(listing, t, before);
        ledger.request(listing.hostIndex, t, visible > before ? 2 : 1);
        for (let k = before; k < visible; k++) ledger.discover(book.index, k, t, index);
        before = visible;
      }
    });
  }
  return ledger;
}

/** (b) Polling only when a reader opens the book: every listing is checked at each open. */
export function runOnOpen(
  books: readonly SimBook[],
  window: SimWindow,
  opensPerFollowerPerDay: number,
  seed = 11,
): Ledger {
  const ledger = new Ledger(books, window.windowStart, window.end);
  const random = seededRandom(seed);
  const days = (window.end - window.start) / dayMs;
  for (const book of books) {
    const opens: number[] = [];
    const count = Math.round(book.followers * opensPerFollowerPerDay * days);
    // Readers open books while awake: 08:00–24:00 Beijing time.
    for (let i = 0; i < count; i++) {
      opens.push(window.start + Math.floor(random() * days) * dayMs + (8 + random() * 16) * hourMs);
    }
    opens.sort((a, b) => a - b);
    const before = book.listings.map(() => 0);
    for (const t of opens) {
      for (const listing of book.listings) {
        const index = listing.index;
        const visible = visibleCount(listing, t, before[index]!);
        ledger.request(listing.hostIndex, t, visible > before[index]! ? 2 : 1);
        for (let k = before[index]!; k < visible; k++) ledger.discover(book.index, k, t, index);
        before[index] = visible;
      }
    }
  }
  return ledger;
}

import { checkListing, listShelf, mapLimited } from '#library';
import type { ChaseCheckResult } from '#library';
import { chaseJobKey, learnWaitingResults } from './chase.ts';
import type { ChaseResultJob } from './chase.ts';
import type { App } from './open-app.ts';

/** One book of a shelf update: what it gained, and which of its sources failed and why. */
export interface ShelfUpdateBook {
  readonly bookId: number;
  readonly title: string;
  readonly newChapters: number;
  readonly failed: ReadonlyArray<{
    readonly source: string;
    readonly error: { readonly code: string; readonly message: string };
  }>;
}

export interface ShelfUpdate {
  readonly books: readonly ShelfUpdateBook[];
  /** Listings checked (every enabled source of every shelved book). */
  readonly checked: number;
  readonly newChapters: number;
}

/** How far a shelf update is: `done` of `total` listings checked, the last one's source. */
export interface ShelfUpdateProgress {
  readonly done: number;
  readonly total: number;
  readonly source: string;
}

/**
 * "Update all now": one chase pass over a reader's shelf — every listing of every shelved book
 * checked at once (TOC fetched, new chapters verified), 4 at a time, each result handed to the
 * chase through the queue so it learns from it as from its own checks; one outcome per book.
 * `linhai update` and POST /api/shelf/update both run this.
 */
export async function updateShelf(
  app: App,
  userId: number,
  options: {
    readonly onProgress?: (progress: ShelfUpdateProgress) => void;
    /**
     * Hand the results to the chase now (the CLI: no chase runs in its process). A server leaves
     * them queued for the chase it runs.
     */
    readonly learnNow?: boolean;
  } = {},
): Promise<ShelfUpdate> {
  const shelf = await listShelf(app.library, userId);
  const listings = (
    await Promise.all(shelf.map((entry) => app.store.listings.listByBook(entry.bookId)))
  )
    .flat()
    .filter((l) => l.sourceEnabled);
  let done = 0;
  const results = await mapLimited(listings, 4, async (listing) => {
    const result = await checkListing(app.library, listing.id, { force: true });
    await app.queue.enqueue<ChaseResultJob>({
      type: 'chase-result',
      key: `${chaseJobKey(listing.id)}:update:${app.library.clock.now()}`,
      payload: result,
    });
    options.onProgress?.({ done: ++done, total: listings.length, source: listing.sourceName });
    return { listing, result };
  });
  if (options.learnNow) await learnWaitingResults(app);
  const books = shelf.map((entry): ShelfUpdateBook => {
    const mine = results.filter((r) => r.listing.bookId === entry.bookId);
    return {
      bookId: entry.bookId,
      title: entry.title,
      newChapters: new Set(mine.flatMap((r) => r.result.added)).size,
      failed: mine
        .filter((r) => !r.result.ok)
        .map((r) => ({ source: r.listing.sourceUrl, error: failureOf(r.result) })),
    };
  });
  return {
    books,
    checked: listings.length,
    newChapters: books.reduce((sum, b) => sum + b.newChapters, 0),
  };
}

const failureOf = (result: ChaseCheckResult) =>
  result.error ?? { code: 'internal', message: 'the check failed without a reason' };

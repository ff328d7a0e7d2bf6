import type { BookGroup } from './search-merge/index.ts';
import type { BookRecord, LibraryDeps } from './ports.ts';

/** What happened to one source's hit when the book was added. */
export interface ListingOutcome {
  readonly sourceKey: string;
  readonly status: 'linked' | 'skipped';
  readonly listingId?: number;
  /** Why a hit was skipped (e.g. its source is not in the store). */
  readonly reason?: string;
}

export interface AddBookResult {
  readonly book: BookRecord;
  readonly listings: readonly ListingOutcome[];
}

/**
 * Stores a book found by search and every listing found for it (its source pool). Adding the
 * same book again adds the new listings and keeps the old ones. With `userId`, it also goes on
 * that reader's shelf.
 */
export async function addBook(
  deps: Pick<LibraryDeps, 'store' | 'clock'>,
  group: BookGroup,
  options: { readonly userId?: number } = {},
): Promise<AddBookResult> {
  const { store, clock } = deps;
  const book = await store.books.upsert({
    key: group.key,
    title: group.title,
    author: group.author,
    coverUrl: group.coverUrl,
    intro: group.intro,
    kind: group.kind,
  });
  const listings = await linkListings(deps, book.id, group.hits);
  if (options.userId !== undefined) await store.shelves.add(options.userId, book.id, clock.now());
  return { book, listings };
}

/** Upserts one listing per hit whose source the store knows; one outcome per hit. */
export async function linkListings(
  deps: Pick<LibraryDeps, 'store'>,
  bookId: number,
  hits: BookGroup['hits'],
): Promise<ListingOutcome[]> {
  const outcomes: ListingOutcome[] = [];
  for (const hit of hits) {
    const source = await deps.store.sources.getByUrl(hit.sourceKey);
    if (source === undefined) {
      outcomes.push({
        sourceKey: hit.sourceKey,
        status: 'skipped',
        reason: 'source is not in the store',
      });
      continue;
    }
    const listing = await deps.store.listings.upsert({
      bookId,
      sourceId: source.id,
      bookUrl: hit.bookUrl,
      latestTitle: hit.lastChapter === '' ? undefined : hit.lastChapter,
    });
    outcomes.push({ sourceKey: hit.sourceKey, status: 'linked', listingId: listing.id });
  }
  return outcomes;
}

import { LinhaiError } from '#model';
import { linkListings } from './add-book.ts';
import type { ListingOutcome } from './add-book.ts';
import { searchWithHealth } from './search-with-health.ts';
import type { SearchEvent, SearchOptions } from './search-books.ts';
import type { LibraryDeps } from './ports.ts';

export interface FindMoreSourcesResult {
  /** Listings linked to the book (new ones and ones it already had). */
  readonly listings: readonly ListingOutcome[];
  /** Sources that failed, with their reasons. */
  readonly failures: ReadonlyArray<Extract<SearchEvent, { type: 'source-failed' }>>;
}

/**
 * Searches every source for the book's title and links each result whose normalised key equals
 * the book's. Meant to run in the background (a job); `onEvent` sees the search as it goes.
 */
export async function findMoreSources(
  deps: Pick<LibraryDeps, 'store' | 'gateway' | 'clock'>,
  bookId: number,
  options: SearchOptions & { readonly onEvent?: (event: SearchEvent) => void } = {},
): Promise<FindMoreSourcesResult> {
  const book = await deps.store.books.get(bookId);
  if (book === undefined)
    throw new LinhaiError('not-found', `no book ${bookId}`, { details: { bookId } });
  const failures: Array<Extract<SearchEvent, { type: 'source-failed' }>> = [];
  let hits: Extract<SearchEvent, { type: 'book' }>['group']['hits'] = [];
  for await (const event of searchWithHealth(deps, book.title, options)) {
    options.onEvent?.(event);
    if (event.type === 'source-failed') failures.push(event);
    if (event.type === 'book' && event.group.key === book.key) hits = event.group.hits;
  }
  const listings = await linkListings(deps, book.id, hits);
  return { listings, failures };
}

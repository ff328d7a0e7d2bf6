import { searchRanked } from './book-at-url.ts';
import type { LibraryDeps } from './ports.ts';
import type { BookGroup } from './search-merge/index.ts';

/**
 * The group Linhai's own sources show under `claimed.key` now, found by searching its title
 * again. A group a client sends is a claim, never the data: taken as it is, it could rename a
 * shared book (title, author, intro, cover for every reader) and add listings at any URL. Only
 * what the sources themselves answer may create or change a book.
 */
export async function searchedGroup(
  deps: LibraryDeps,
  claimed: { readonly key: string; readonly title: string },
): Promise<BookGroup | undefined> {
  return (await searchRanked(deps, claimed.title)).find((group) => group.key === claimed.key);
}

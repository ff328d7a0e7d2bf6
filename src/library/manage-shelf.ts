import { LinhaiError } from '#model';
import type { LibraryDeps, ShelfEntryRecord } from './ports.ts';
import { assertBookVisible } from './local-books/local-book-access.ts';

/** Puts a stored book on a reader's shelf (again is fine). */
export async function addToShelf(
  deps: Pick<LibraryDeps, 'store' | 'clock'>,
  userId: number,
  bookId: number,
): Promise<void> {
  const book = await deps.store.books.get(bookId);
  if (book === undefined)
    throw new LinhaiError('not-found', `no book ${bookId}`, { details: { bookId } });
  await assertBookVisible(deps, bookId, userId);
  await deps.store.shelves.add(userId, bookId, deps.clock.now());
}

export async function removeFromShelf(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
  bookId: number,
): Promise<void> {
  await deps.store.shelves.remove(userId, bookId);
}

/**
 * A reader's shelf, most recently read first, with unread counts: the chapters after the one the
 * reading position names (by its stable key, so re-alignment does not shift the count).
 */
export async function listShelf(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
): Promise<ShelfEntryRecord[]> {
  return deps.store.shelves.list(userId);
}

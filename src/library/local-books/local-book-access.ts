import { LinhaiError } from '#model';
import type { LibraryDeps } from '../ports.ts';

/**
 * A local book is its uploader's alone: to anyone else (another reader, a visitor signed out) it
 * answers not-found, as a book that never was. Any other book passes.
 */
export async function assertBookVisible(
  deps: Pick<LibraryDeps, 'store'>,
  bookId: number,
  userId: number | undefined,
): Promise<void> {
  const owner = (await deps.store.localBooks.owners([bookId])).get(bookId);
  if (owner !== undefined && owner !== userId) {
    throw new LinhaiError('not-found', `no book ${bookId}`, { details: { bookId } });
  }
}

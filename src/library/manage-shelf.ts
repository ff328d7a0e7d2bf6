import { LinhaiError, shelfSorts } from '#model';
import type { ShelfSort } from '#model';
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

/** Takes a book off the shelf, and so out of the reader's groups. */
export async function removeFromShelf(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
  bookId: number,
): Promise<void> {
  await deps.store.shelves.remove(userId, bookId);
  await deps.store.shelfGroups.setBookGroups(userId, bookId, []);
}

// The orders are the model's (the web app's types name them through it).
export { shelfSorts };
export type { ShelfSort };

export interface ShelfListing extends ShelfEntryRecord {
  /** The reader's groups this book is in. */
  readonly groupIds: number[];
}

const titleOrder = new Intl.Collator('zh-Hans-CN', { numeric: true });

const lastRead = (e: ShelfEntryRecord): number => e.position?.readAt ?? e.addedAt;

const orders: Readonly<Record<ShelfSort, (a: ShelfEntryRecord, b: ShelfEntryRecord) => number>> = {
  read: (a, b) => lastRead(b) - lastRead(a),
  // Newest chapter found first; books with no chapters yet go last.
  updated: (a, b) => (b.latestChapterAt ?? -1) - (a.latestChapterAt ?? -1),
  title: (a, b) => titleOrder.compare(a.title, b.title),
};

/**
 * A reader's shelf with unread counts (the chapters after the one the reading position names, by
 * its stable key, so re-alignment does not shift the count) and each book's groups. `sort` left
 * out: the reader's kept choice, else most recently read first. `groupId` keeps that group's
 * books (not-found when the group is not the reader's).
 */
export async function listShelf(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
  options: { readonly sort?: ShelfSort; readonly groupId?: number } = {},
): Promise<ShelfListing[]> {
  const [entries, groups, user] = await Promise.all([
    deps.store.shelves.list(userId),
    deps.store.shelfGroups.list(userId),
    options.sort === undefined ? deps.store.users.get(userId) : undefined,
  ]);
  const kept = user?.settings['shelfSort'];
  const sort =
    options.sort ?? (shelfSorts.includes(kept as ShelfSort) ? (kept as ShelfSort) : 'read');
  let wanted: ReadonlySet<number> | undefined;
  if (options.groupId !== undefined) {
    const group = groups.find((g) => g.id === options.groupId);
    if (group === undefined) {
      throw new LinhaiError('not-found', `you have no shelf group ${options.groupId}`, {
        details: { groupId: options.groupId },
      });
    }
    wanted = new Set(group.bookIds);
  }
  return entries
    .filter((e) => wanted === undefined || wanted.has(e.bookId))
    .map((e) => ({
      ...e,
      groupIds: groups.filter((g) => g.bookIds.includes(e.bookId)).map((g) => g.id),
    }))
    .sort((a, b) => orders[sort](a, b) || orders.read(a, b) || a.bookId - b.bookId);
}

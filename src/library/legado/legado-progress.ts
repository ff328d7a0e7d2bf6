import type { LibraryDeps } from '../ports.ts';
import { findLegadoBook } from './legado-book.ts';
import { exportListing, saveLegadoPlace, toLegadoPlace } from './legado-position.ts';
import type { LegadoBookProgress } from './legado-shapes.ts';

/*
 * Legado's WebDAV progress sync (AppWebDav.uploadBookProgress / getBookProgress): one small JSON
 * file per book, named by the book's name and author. A file Legado PUTs becomes the reader's
 * Linhai position when it is newer; a GET answers the reader's Linhai position (which the web
 * reader and KOReader also move), so whichever device moved last is what every device sees.
 */

/** The reader's position in the book named so, as Legado's progress; undefined when none. */
export async function legadoProgressOf(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
  book: { readonly name: string; readonly author: string },
): Promise<LegadoBookProgress | undefined> {
  const found = await findLegadoBook(deps, userId, book);
  if (found === undefined) return undefined;
  const position = (await deps.store.shelves.get(userId, found.id))?.position;
  if (position === undefined) return undefined;
  const [chapters, listings] = await Promise.all([
    deps.store.chapters.listByBook(found.id),
    deps.store.listings.listByBook(found.id),
  ]);
  return {
    name: book.name,
    author: book.author,
    ...toLegadoPlace(chapters, position, exportListing(listings)),
  };
}

/**
 * Applies a progress file Legado sent: `saved` (it is the reader's position now), `kept-newer`
 * (Linhai's is newer), `not-shelved` (the reader does not keep that book in Linhai), `unmapped`
 * (its chapter is not in Linhai's TOC).
 */
export async function applyLegadoProgress(
  deps: Pick<LibraryDeps, 'store' | 'clock'>,
  userId: number,
  progress: LegadoBookProgress,
): Promise<'saved' | 'kept-newer' | 'not-shelved' | 'unmapped'> {
  const found = await findLegadoBook(deps, userId, progress);
  if (found === undefined || (await deps.store.shelves.get(userId, found.id)) === undefined)
    return 'not-shelved';
  const listing = exportListing(await deps.store.listings.listByBook(found.id));
  return saveLegadoPlace(
    deps,
    { userId, bookId: found.id },
    {
      title: progress.durChapterTitle,
      index: progress.durChapterIndex,
      pos: progress.durChapterPos,
      time: progress.durChapterTime,
      listingId: listing?.id,
    },
  );
}

import { BOOKMARK_NOTE_MAX } from '../bookmarks.ts';
import { bookKey } from '../normalize/index.ts';
import type { BookRecord, LibraryDeps } from '../ports.ts';
import type { LegadoImportItem } from './import-legado-backup.ts';
import { listingAt, mapLegadoChapter } from './legado-position.ts';
import type { LegadoBook, LegadoBookmark, Read } from './legado-shapes.ts';

/** How much of the marked text a bookmark keeps (as one made in the reader). */
const EXCERPT_CHARS = 80;

/**
 * One Legado bookmark as a Linhai bookmark of a book this import shelved: its chapter mapped as a
 * position is, Legado's marked text as the excerpt, its note as the note, its time kept (the same
 * bookmark imported again is found by chapter, offset and time, and left alone).
 */
export async function importLegadoBookmarks(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
  read: Read<LegadoBookmark>,
  books: ReadonlyMap<string, { readonly book: BookRecord; readonly legado: LegadoBook }>,
): Promise<LegadoImportItem> {
  if ('skip' in read)
    return { kind: 'bookmark', name: '(a bookmark record)', status: 'skipped', reason: read.skip };
  const mark = read.ok;
  const name = `${mark.bookName}: ${mark.chapterName || `chapter ${mark.chapterIndex + 1}`}`;
  const shelved = books.get(bookKey(mark.bookName, mark.bookAuthor));
  if (shelved === undefined)
    return {
      kind: 'bookmark',
      name,
      status: 'skipped',
      reason: 'its book was not put on the shelf (see that book above)',
    };
  const { book, legado } = shelved;
  const listing = listingAt(await deps.store.listings.listByBook(book.id), legado.origin);
  const mapped = mapLegadoChapter(await deps.store.chapters.listByBook(book.id), {
    title: mark.chapterName,
    index: mark.chapterIndex,
    listingId: listing?.id,
  });
  if (mapped === undefined)
    return {
      kind: 'bookmark',
      name,
      status: 'skipped',
      reason: "its chapter was not found in Linhai's TOC of the book",
      bookId: book.id,
    };
  const existing = await deps.store.bookmarks.listByBook(userId, book.id);
  const offsetChars = mark.chapterPos;
  if (
    existing.some(
      (b) =>
        b.chapterKey === mapped.chapter.key &&
        b.offsetChars === offsetChars &&
        b.createdAt === mark.time,
    )
  )
    return { kind: 'bookmark', name, status: 'unchanged', bookId: book.id };
  const note = mark.content.trim();
  await deps.store.bookmarks.add({
    userId,
    bookId: book.id,
    chapterKey: mapped.chapter.key,
    chapterTitle: mapped.chapter.title,
    anchor: [...mark.bookText.trim()].slice(0, 40).join(''),
    offsetChars,
    excerpt: [...mark.bookText.trim()].slice(0, EXCERPT_CHARS).join(''),
    note: note === '' ? undefined : [...note].slice(0, BOOKMARK_NOTE_MAX).join(''),
    createdAt: mark.time,
  });
  return {
    kind: 'bookmark',
    name,
    status: 'imported',
    bookId: book.id,
    ...(note.length > BOOKMARK_NOTE_MAX
      ? { reason: `its note was cut to ${BOOKMARK_NOTE_MAX} characters` }
      : {}),
  };
}

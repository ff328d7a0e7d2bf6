import { LinhaiError } from '#model';
import type { BookmarkRecord, LibraryDeps } from './ports.ts';
import { shownChapterTitles } from './view-book.ts';

/** The longest note kept (a few paragraphs): longer ones are refused, not cut. */
export const BOOKMARK_NOTE_MAX = 2000;
/** How much of the marked paragraph a bookmark shows. */
const EXCERPT_CHARS = 80;

/** Where a bookmark points: the place a reading position keeps, and the paragraph's text. */
export interface BookmarkPlace {
  readonly chapterKey: string;
  /** A few words at the place: finds it again if the text shifts. */
  readonly anchor: string;
  /** Characters into the chapter's text (paragraphs joined by "\n"). */
  readonly offsetChars: number;
  /** The marked paragraph (shortened for the list). */
  readonly excerpt: string;
}

/** Marks a place in a book for a reader, with an optional note. */
export async function addBookmark(
  deps: Pick<LibraryDeps, 'store' | 'clock'>,
  ref: { readonly userId: number; readonly bookId: number },
  place: BookmarkPlace & { readonly note?: string | undefined },
): Promise<BookmarkRecord> {
  // The whole list: the new mark is titled as the book shows it, which needs every chapter.
  const chapters = await deps.store.chapters.listByBook(ref.bookId);
  const chapter = chapters.find((c) => c.key === place.chapterKey);
  if (chapter === undefined) {
    throw new LinhaiError('not-found', `no chapter ${place.chapterKey} in book ${ref.bookId}`, {
      details: { bookId: ref.bookId, chapter: place.chapterKey },
    });
  }
  const added = await deps.store.bookmarks.add({
    userId: ref.userId,
    bookId: ref.bookId,
    chapterKey: chapter.key,
    chapterTitle: chapter.title,
    anchor: place.anchor.slice(0, 200),
    offsetChars: Math.max(0, Math.round(place.offsetChars)),
    excerpt: [...place.excerpt.trim()].slice(0, EXCERPT_CHARS).join(''),
    note: checkedNote(place.note),
    createdAt: deps.clock.now(),
  });
  const titles = await shownChapterTitles(deps, ref.bookId, chapters);
  return { ...added, chapterTitle: titles.get(added.chapterKey) ?? added.chapterTitle };
}

/**
 * A reader's bookmarks in a book, in reading order (chapter, then place in it), each chapter titled
 * as the book shows it now (the stored title is the one its first source gave).
 */
export async function listBookmarks(
  deps: Pick<LibraryDeps, 'store'>,
  ref: { readonly userId: number; readonly bookId: number },
): Promise<BookmarkRecord[]> {
  const [marks, chapters] = await Promise.all([
    deps.store.bookmarks.listByBook(ref.userId, ref.bookId),
    deps.store.chapters.listByBook(ref.bookId),
  ]);
  const titles = await shownChapterTitles(deps, ref.bookId, chapters);
  const ordinal = new Map(chapters.map((c) => [c.key, c.ordinal]));
  const at = (b: BookmarkRecord) => ordinal.get(b.chapterKey) ?? Infinity;
  return marks
    .sort((a, b) => at(a) - at(b) || a.offsetChars - b.offsetChars || a.id - b.id)
    .map((b) => ({ ...b, chapterTitle: titles.get(b.chapterKey) ?? b.chapterTitle }));
}

/** Changes (or, with an empty note, clears) the note of one of the reader's bookmarks. */
export async function setBookmarkNote(
  deps: Pick<LibraryDeps, 'store' | 'clock'>,
  ref: { readonly userId: number; readonly id: number },
  note: string | undefined,
): Promise<BookmarkRecord> {
  const changed = await deps.store.bookmarks.setNote(
    ref.userId,
    ref.id,
    checkedNote(note),
    deps.clock.now(),
  );
  if (changed === undefined) throw noBookmark(ref.id);
  return changed;
}

export async function removeBookmark(
  deps: Pick<LibraryDeps, 'store'>,
  ref: { readonly userId: number; readonly id: number },
): Promise<void> {
  if (!(await deps.store.bookmarks.remove(ref.userId, ref.id))) throw noBookmark(ref.id);
}

function checkedNote(note: string | undefined): string | undefined {
  const text = note?.trim();
  if (!text) return undefined;
  if (text.length > BOOKMARK_NOTE_MAX) {
    throw new LinhaiError(
      'invalid-input',
      `the note has ${text.length} characters; a bookmark keeps at most ${BOOKMARK_NOTE_MAX}`,
      { details: { max: BOOKMARK_NOTE_MAX } },
    );
  }
  return text;
}

/** Another reader's bookmark is as unknown as one that never was. */
function noBookmark(id: number): LinhaiError {
  return new LinhaiError('not-found', `no bookmark ${id}`, { details: { bookmark: id } });
}

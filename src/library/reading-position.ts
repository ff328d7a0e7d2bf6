import { LinhaiError } from '#model';
import { resolvePosition } from './align/index.ts';
import { toCanonical } from './canonical-chapters.ts';
import type { LibraryDeps } from './ports.ts';
import { assertBookVisible } from './local-books/local-book-access.ts';
import { shownChapterTitles } from './view-book.ts';

/** Where a reader is: a chapter (by stable key), a short text anchor there, and an offset. */
export interface ReadingPosition {
  readonly chapterKey: string;
  /** A few words of text at the reading point: finds the place again if the text shifts. */
  readonly anchor: string;
  /** Characters into the chapter's text (paragraphs joined by "\n"). */
  readonly offsetChars: number;
}

export interface ResolvedPosition extends ReadingPosition {
  readonly chapterTitle: string;
  /** Where the chapter is in today's TOC (it moves when chapters are inserted before it). */
  readonly ordinal: number;
  readonly readAt: number;
}

/** Saves the reading position (the book goes on the shelf if it was not there). */
export async function savePosition(
  deps: Pick<LibraryDeps, 'store' | 'clock'>,
  ref: { readonly userId: number; readonly bookId: number },
  position: ReadingPosition,
): Promise<void> {
  // Someone else's local book is no book to them, whichever way the position came (kosync…).
  await assertBookVisible(deps, ref.bookId, ref.userId);
  const chapter = await deps.store.chapters.getByKey(ref.bookId, position.chapterKey);
  if (chapter === undefined) {
    throw new LinhaiError('not-found', `no chapter ${position.chapterKey} in book ${ref.bookId}`, {
      details: { bookId: ref.bookId, chapter: position.chapterKey },
    });
  }
  await deps.store.shelves.savePosition(ref.userId, ref.bookId, {
    chapterKey: position.chapterKey,
    chapterTitle: chapter.title,
    anchor: position.anchor.slice(0, 200),
    offsetChars: Math.max(0, Math.round(position.offsetChars)),
    readAt: deps.clock.now(),
  });
}

/**
 * The reader's position against today's TOC: the chapter by key (else by its remembered title or
 * number, should alignment ever drop the key), and, when the chapter is cached, the offset moved
 * to the anchor text nearest the saved offset. `undefined` when nothing was read yet.
 */
export async function getPosition(
  deps: Pick<LibraryDeps, 'store'>,
  ref: { readonly userId: number; readonly bookId: number },
): Promise<ResolvedPosition | undefined> {
  const saved = (await deps.store.shelves.get(ref.userId, ref.bookId))?.position;
  if (saved === undefined) return undefined;
  const chapters = await deps.store.chapters.listByBook(ref.bookId);
  const found = resolvePosition(
    chapters.map(toCanonical),
    saved.chapterTitle === undefined
      ? { key: saved.chapterKey }
      : { key: saved.chapterKey, title: saved.chapterTitle },
  );
  const chapter = found && chapters.find((c) => c.key === found.key);
  if (chapter === undefined) return undefined;
  let offsetChars = saved.offsetChars;
  const [cached, titles] = await Promise.all([
    deps.store.contents.get(chapter.id),
    shownChapterTitles(deps, ref.bookId, chapters),
  ]);
  if (cached !== undefined && saved.anchor !== '')
    offsetChars = nearestAnchor(cached.text, saved.anchor, offsetChars);
  return {
    chapterKey: chapter.key,
    chapterTitle: titles.get(chapter.key) ?? chapter.title,
    ordinal: chapter.ordinal,
    anchor: saved.anchor,
    offsetChars,
    readAt: saved.readAt,
  };
}

/** The occurrence of `anchor` in `text` closest to `offset`; `offset` itself when there is none. */
function nearestAnchor(text: string, anchor: string, offset: number): number {
  let best = offset;
  let bestDistance = Infinity;
  for (let at = text.indexOf(anchor); at !== -1; at = text.indexOf(anchor, at + 1)) {
    const distance = Math.abs(at - offset);
    if (distance < bestDistance) [best, bestDistance] = [at, distance];
  }
  return best;
}

import { LinhaiError } from '#model';
import type { LibraryDeps } from './ports.ts';
import { shownChapterTitles } from './view-book.ts';

/** One place a word was found: where (as a position keeps it) and the words around it. */
export interface BookSearchHit {
  readonly chapterKey: string;
  readonly chapterTitle: string;
  readonly ordinal: number;
  /** The paragraph's index in the chapter. */
  readonly paragraph: number;
  /** Characters into the chapter's text (paragraphs joined by "\n"): the paragraph's start. */
  readonly offsetChars: number;
  /** The paragraph's first words, as a position's anchor. */
  readonly anchor: string;
  /** The text around the hit: `before`, the match, `after`. */
  readonly before: string;
  readonly match: string;
  readonly after: string;
}

export interface BookSearchResult {
  readonly hits: BookSearchHit[];
  /** More places matched than `limit`. */
  readonly truncated: boolean;
  /** Chapters whose text is cached (searched) and chapters in the book. */
  readonly chaptersSearched: number;
  readonly chapterCount: number;
}

const CONTEXT_CHARS = 24;
const ANCHOR_CHARS = 16;

/**
 * Search within a book over its cached chapters (the library, not SQL: one implementation for
 * both databases, and a book's cached text is a few megabytes at most). Case-insensitive
 * substring match, in reading order; chapters not cached yet are not searched (the result says
 * how many were). No source is asked for anything.
 */
export async function searchInBook(
  deps: Pick<LibraryDeps, 'store'>,
  bookId: number,
  query: string,
  options: { readonly limit?: number } = {},
): Promise<BookSearchResult> {
  const needle = query.trim().toLowerCase();
  if (needle.length === 0)
    throw new LinhaiError('invalid-input', 'type a word to search the book for');
  const chapters = await deps.store.chapters.listByBook(bookId);
  if (chapters.length === 0 && (await deps.store.books.get(bookId)) === undefined)
    throw new LinhaiError('not-found', `no book ${bookId}`, { details: { bookId } });
  const limit = options.limit ?? 200;
  const last = chapters.at(-1)?.ordinal ?? 0;
  const [cached, titles] = await Promise.all([
    deps.store.contents.latestInOrdinalRange(bookId, 0, last),
    shownChapterTitles(deps, bookId, chapters),
  ]);
  const byOrdinal = new Map(chapters.map((c) => [c.ordinal, c]));
  const hits: BookSearchHit[] = [];
  let truncated = false;
  for (const content of [...cached].sort((a, b) => a.ordinal - b.ordinal)) {
    const chapter = byOrdinal.get(content.ordinal);
    if (chapter === undefined) continue;
    let offset = 0;
    const paragraphs = content.text.split('\n');
    for (const [index, paragraph] of paragraphs.entries()) {
      const at = paragraph.toLowerCase().indexOf(needle);
      if (at >= 0) {
        if (hits.length === limit) {
          truncated = true;
          break;
        }
        hits.push({
          chapterKey: chapter.key,
          chapterTitle: titles.get(chapter.key) ?? chapter.title,
          ordinal: chapter.ordinal,
          paragraph: index,
          offsetChars: offset,
          anchor: paragraph.trim().slice(0, ANCHOR_CHARS),
          before: paragraph.slice(Math.max(0, at - CONTEXT_CHARS), at),
          match: paragraph.slice(at, at + needle.length),
          after: paragraph.slice(at + needle.length, at + needle.length + CONTEXT_CHARS),
        });
      }
      offset += paragraph.length + 1;
    }
    if (truncated) break;
  }
  return { hits, truncated, chaptersSearched: cached.length, chapterCount: chapters.length };
}

/**
 * Reading for anonymous visitors of a public instance: only books that a public source lists, and
 * only chapters already in the cache from a public source. Nothing here fetches: an anonymous
 * visit must never make Linhai ask a source site for anything.
 */
import { LinhaiError } from '#model';
import type { BookRecord, ChapterRecord, LibraryDeps } from './ports.ts';

/** The sources an administrator opened to the public, by their key (`bookSourceUrl`). */
export interface PublicScope {
  readonly sourceUrls: ReadonlySet<string>;
}

export type PublicList = 'latest' | 'newest' | 'popular';

type Deps = Pick<LibraryDeps, 'store'>;

/** The ids of the enabled public sources. */
async function publicSourceIds(deps: Deps, scope: PublicScope): Promise<number[]> {
  const sources = await deps.store.sources.list({ enabledOnly: true });
  return sources.filter((s) => scope.sourceUrls.has(s.url)).map((s) => s.id);
}

/** One of the site's lists, public books only. */
export async function publicBooks(
  deps: Deps,
  scope: PublicScope,
  list: PublicList,
  page: { readonly limit: number; readonly offset?: number },
): Promise<BookRecord[]> {
  const fromSources = await publicSourceIds(deps, scope);
  const { limit, offset = 0 } = page;
  if (list === 'popular') return deps.store.books.mostKept({ limit, offset, fromSources });
  return deps.store.books.list({
    limit,
    offset,
    fromSources,
    order: list === 'newest' ? 'created' : 'updated',
  });
}

/** A public book, or `not-found` (a private book is not found, not forbidden: it is not there). */
export async function publicBook(deps: Deps, scope: PublicScope, bookId: number) {
  const book = await deps.store.books.get(bookId);
  const ids = new Set(await publicSourceIds(deps, scope));
  const listings = book ? await deps.store.listings.listByBook(book.id) : [];
  const publicListings = listings.filter((l) => ids.has(l.sourceId));
  if (book === undefined || publicListings.length === 0)
    throw new LinhaiError('not-found', `no public book ${bookId}`, { details: { bookId } });
  return { book, publicListings };
}

export interface PublicChapter {
  readonly book: BookRecord;
  readonly chapter: ChapterRecord;
  /** The cached text from a public source; undefined when no public copy is cached yet. */
  readonly paragraphs: readonly string[] | undefined;
  readonly sourceUrl: string | undefined;
  readonly prev: ChapterRecord | undefined;
  readonly next: ChapterRecord | undefined;
}

/** A chapter of a public book by its ordinal, read from the cache only. */
export async function publicChapter(
  deps: Deps,
  scope: PublicScope,
  ref: { readonly bookId: number; readonly ordinal: number },
): Promise<PublicChapter> {
  const { book, publicListings } = await publicBook(deps, scope, ref.bookId);
  const { chapters, contents } = deps.store;
  const chapter = await chapters.getByOrdinal(book.id, ref.ordinal);
  if (chapter === undefined)
    throw new LinhaiError('not-found', `no chapter ${ref.ordinal} in book ${book.id}`, {
      details: { bookId: book.id, ordinal: ref.ordinal },
    });
  const [copies, prev, next] = await Promise.all([
    contents.listForChapter(chapter.id),
    chapters.getByOrdinal(book.id, ref.ordinal - 1),
    chapters.getByOrdinal(book.id, ref.ordinal + 1),
  ]);
  // The newest cached copy from a public source; its listing names the source.
  const copy = copies.find((c) => publicListings.some((l) => l.sourceId === c.sourceId));
  const listing = copy && publicListings.find((l) => l.sourceId === copy.sourceId);
  return {
    book,
    chapter,
    paragraphs: copy?.text.split('\n'),
    sourceUrl: listing?.sourceUrl,
    prev,
    next,
  };
}

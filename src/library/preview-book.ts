import { addBook } from './add-book.ts';
import { refreshToc } from './refresh-toc.ts';
import type { BookGroup } from './search-merge/index.ts';
import type { BookRecord, LibraryDeps } from './ports.ts';

/**
 * How long a book on nobody's shelf is kept after it was added (and after its last new chapter):
 * long enough to decide and to read the first chapters over several days, short enough that
 * books opened once and left do not pile up with their TOCs and cached chapters. Previewing it
 * again later stores it again (a second or two).
 */
export const PREVIEW_KEEP_MS = 30 * 24 * 3_600_000;

export interface PreviewResult {
  readonly book: BookRecord;
  readonly chapters: number;
  /** The book was stored already (someone previewed or shelved it before). */
  readonly known: boolean;
}

/**
 * A search or explore result as a book page, without putting it on anyone's shelf: the book and
 * its listings are stored (the book page, the reader and the cover all work on stored books) and
 * its TOC fetched once. It is on no shelf, so the chase leaves it alone and the most-kept ranking
 * does not count it; a book already stored with chapters is only linked to new listings.
 */
export async function previewBook(
  deps: Pick<LibraryDeps, 'store' | 'gateway' | 'clock'>,
  group: BookGroup,
): Promise<PreviewResult> {
  const known = await deps.store.books.getByKey(group.key);
  const { book } = await addBook(deps, group);
  let chapters = (await deps.store.chapters.listByBook(book.id)).length;
  if (chapters === 0) chapters = (await refreshToc(deps, book.id)).chapters.length;
  return { book, chapters, known: known !== undefined };
}

/** Forgets the previews nobody shelved within `PREVIEW_KEEP_MS`; how many books went. */
export async function forgetPreviews(
  deps: Pick<LibraryDeps, 'store' | 'clock'>,
  keepMs = PREVIEW_KEEP_MS,
): Promise<number> {
  return (await deps.store.books.forgetUnkept?.(deps.clock.now() - keepMs)) ?? 0;
}

import { addBook } from './add-book.ts';
import { refreshToc } from './refresh-toc.ts';
import type { BookGroup } from './search-merge/index.ts';
import type { BookRecord, LibraryDeps } from './ports.ts';

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

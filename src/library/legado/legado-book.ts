import { bookKey } from '../normalize/index.ts';
import type { BookRecord, LibraryDeps } from '../ports.ts';

/*
 * Legado names a book by its name and author. Linhai's books from sources are keyed by those
 * (normalised); a reader's own local book (an uploaded TXT/EPUB) is keyed by its file, so it is
 * found among that reader's local books by the same title and author — never another reader's.
 */

/** The reader's own local books by the key of their title and author. */
export async function ownLocalBooksByKey(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
): Promise<ReadonlyMap<string, BookRecord>> {
  const byKey = new Map<string, BookRecord>();
  for (const local of await deps.store.localBooks.listByUser(userId)) {
    const book = await deps.store.books.get(local.bookId);
    if (book !== undefined) byKey.set(bookKey(book.title, book.author), book);
  }
  return byKey;
}

/** The book Legado means by `name` and `author` for this reader: from a source, else their own file. */
export async function findLegadoBook(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
  book: { readonly name: string; readonly author: string },
): Promise<BookRecord | undefined> {
  const key = bookKey(book.name, book.author);
  return (
    (await deps.store.books.getByKey(key)) ?? (await ownLocalBooksByKey(deps, userId)).get(key)
  );
}

import type { BookRecord } from '#library';
import type { ServerContext } from '../context.ts';

/** One page of a feed: its books, and whether a next page exists. */
export interface BookPage {
  readonly books: readonly BookRecord[];
  readonly hasNext: boolean;
}

/** Books per feed page. */
const PAGE_SIZE = 100;

/**
 * The books of each OPDS feed, through the same repository queries as the REST API's lists
 * (`routes/list-routes.ts`), a page at a time: most recently updated, newest, on the most
 * shelves, the reader's own shelf, and a title/author search over the stored books.
 */
export class BookLists {
  readonly #ctx: ServerContext;

  constructor(ctx: ServerContext) {
    this.#ctx = ctx;
  }

  /** Books with new chapters most recently first. */
  latest(page: number): Promise<BookPage> {
    return paged(page, (limit, offset) => this.#books.list({ limit, offset }));
  }

  newest(page: number): Promise<BookPage> {
    return paged(page, (limit, offset) => this.#books.list({ limit, offset, order: 'created' }));
  }

  /** Books on at least one shelf, most followed first. */
  popular(page: number): Promise<BookPage> {
    return paged(page, (limit, offset) => this.#books.mostKept({ limit, offset }));
  }

  get #books() {
    return this.#ctx.deps.library.store.books;
  }

  /** The user's shelf in the shelf's order. */
  async shelf(userId: number): Promise<BookRecord[]> {
    const { store } = this.#ctx.deps.library;
    const entries = await store.shelves.list(userId);
    const books = await Promise.all(entries.map((e) => store.books.get(e.bookId)));
    return books.filter((b): b is BookRecord => b !== undefined);
  }

  /**
   * Stored books whose title or author contains every word of `query` (case and width folded:
   * NFKC is not something SQL can do on both stores, so the newest 10,000 books are searched
   * here).
   */
  async search(query: string, page: number): Promise<BookPage> {
    const words = fold(query).split(/\s+/).filter(Boolean);
    if (words.length === 0) return { books: [], hasNext: false };
    const books = await this.#books.list({ limit: 10_000 });
    const found = books.filter((b) => {
      const text = fold(`${b.title} ${b.author}`);
      return words.every((w) => text.includes(w));
    });
    return paged(page, async (limit, offset) => found.slice(offset, offset + limit));
  }
}

/** Page `page` (1-based) of a list, asking for one book more to learn whether more follow. */
async function paged(
  page: number,
  read: (limit: number, offset: number) => Promise<readonly BookRecord[]>,
): Promise<BookPage> {
  const books = await read(PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
  return { books: books.slice(0, PAGE_SIZE), hasNext: books.length > PAGE_SIZE };
}

/** NFKC and lower case, so "ＡＢＣ" finds "abc". */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

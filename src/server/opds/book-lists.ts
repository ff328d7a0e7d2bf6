import type { BookRecord } from '#library';
import type { ServerContext } from '../context.ts';

const CANDIDATES = 500;

/**
 * The books of each OPDS feed, through the same repositories as the REST API's lists
 * (`routes/list-routes.ts`): most recently updated, newest, on the most shelves, the reader's own
 * shelf, and a title/author search over the stored books.
 */
export class BookLists {
  readonly #ctx: ServerContext;

  constructor(ctx: ServerContext) {
    this.#ctx = ctx;
  }

  /** Books with new chapters most recently first. */
  latest(): Promise<BookRecord[]> {
    return this.#ctx.deps.library.store.books.list({ limit: CANDIDATES });
  }

  async newest(): Promise<BookRecord[]> {
    return (await this.latest()).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Books on at least one shelf, most followed first. */
  async popular(): Promise<BookRecord[]> {
    const books = await this.latest();
    const { shelves } = this.#ctx.deps.store;
    const counts = new Map(
      await Promise.all(
        books.map(async (b) => [b.id, (await shelves.followers(b.id)).length] as const),
      ),
    );
    const count = (b: BookRecord) => counts.get(b.id) ?? 0;
    return books
      .filter((b) => count(b) > 0)
      .sort((a, b) => count(b) - count(a) || b.updatedAt - a.updatedAt);
  }

  /** The user's shelf in the shelf's order. */
  async shelf(userId: number): Promise<BookRecord[]> {
    const { store } = this.#ctx.deps.library;
    const entries = await store.shelves.list(userId);
    const books = await Promise.all(entries.map((e) => store.books.get(e.bookId)));
    return books.filter((b): b is BookRecord => b !== undefined);
  }

  /** Stored books whose title or author contains every word of `query` (case and width folded). */
  async search(query: string): Promise<BookRecord[]> {
    const words = fold(query).split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    const books = await this.#ctx.deps.library.store.books.list({ limit: 10_000 });
    return books.filter((b) => {
      const text = fold(`${b.title} ${b.author}`);
      return words.every((w) => text.includes(w));
    });
  }
}

/** NFKC and lower case, so "ＡＢＣ" finds "abc". */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

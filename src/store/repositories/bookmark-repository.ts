import type { Selectable } from 'kysely';
import type { BookmarkRecord } from '#model';
import type { StoreContext } from '../context.ts';
import type { BookmarkTable } from '../schema.ts';
import { opt } from '../rows.ts';

/** A bookmark as stored: its place in the book, the excerpt it shows and the reader's note. */
export interface BookmarkRow extends BookmarkRecord {
  readonly userId: number;
}

export type BookmarkInput = Omit<BookmarkRow, 'id' | 'updatedAt' | 'note'> & {
  readonly note?: string | undefined;
};

/** Each reader's bookmarks; every query is scoped by the user's id. */
export class BookmarkRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async add(input: BookmarkInput): Promise<BookmarkRow> {
    const row = await this.#ctx.db
      .insertInto('bookmark')
      .values({ ...input, note: input.note ?? null, updatedAt: input.createdAt })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toBookmark(row);
  }

  /** The user's bookmarks in a book, oldest first. */
  async listByBook(userId: number, bookId: number): Promise<BookmarkRow[]> {
    const rows = await this.#ctx.db
      .selectFrom('bookmark')
      .selectAll()
      .where('userId', '=', userId)
      .where('bookId', '=', bookId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
    return rows.map(toBookmark);
  }

  /** Changes the note of one of the user's bookmarks; undefined when the user has no such one. */
  async setNote(
    userId: number,
    id: number,
    note: string | undefined,
    at: number,
  ): Promise<BookmarkRow | undefined> {
    const row = await this.#ctx.db
      .updateTable('bookmark')
      .set({ note: note ?? null, updatedAt: at })
      .where('id', '=', id)
      .where('userId', '=', userId)
      .returningAll()
      .executeTakeFirst();
    return row && toBookmark(row);
  }

  /** Deletes one of the user's bookmarks; false when the user has no such one. */
  async remove(userId: number, id: number): Promise<boolean> {
    const result = await this.#ctx.db
      .deleteFrom('bookmark')
      .where('id', '=', id)
      .where('userId', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toBookmark(row: Selectable<BookmarkTable>): BookmarkRow {
  return {
    id: row.id,
    userId: row.userId,
    bookId: row.bookId,
    chapterKey: row.chapterKey,
    chapterTitle: row.chapterTitle,
    anchor: row.anchor,
    offsetChars: Number(row.offsetChars),
    excerpt: row.excerpt,
    note: opt(row.note),
    createdAt: Number(row.createdAt),
    updatedAt: Number(row.updatedAt),
  };
}

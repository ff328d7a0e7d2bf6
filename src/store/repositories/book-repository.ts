import type { ExpressionBuilder, Selectable } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { BookTable, Database } from '../schema.ts';
import { opt } from '../rows.ts';
import type { BookInput, BookRow } from '../rows.ts';

/** Books, one per normalised title + author key. */
export class BookRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Inserts the book, or updates the one with the same key. On update, a field the input leaves
   * out keeps its stored value (a second source rarely knows more than the first, but may).
   */
  async upsert(input: BookInput): Promise<BookRow> {
    const now = this.#ctx.clock.now();
    const existing = await this.getByKey(input.key);
    if (!existing) {
      const row = await this.#ctx.db
        .insertInto('book')
        .values({
          key: input.key,
          title: input.title,
          author: input.author,
          coverUrl: input.coverUrl ?? null,
          intro: input.intro ?? null,
          kind: input.kind ?? null,
          status: input.status ?? null,
          words: input.words ?? null,
          latestChapterId: null,
          createdAt: now,
          updatedAt: now,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .returningAll()
        .executeTakeFirst();
      // A concurrent insert of the same key won the race: fall through to the update path.
      if (row) return toBook(row);
    }
    const current = existing ?? (await this.getByKey(input.key));
    if (!current) throw new Error(`book ${input.key} vanished during upsert`);
    const row = await this.#ctx.db
      .updateTable('book')
      .set({
        title: input.title || current.title,
        author: input.author || current.author,
        coverUrl: input.coverUrl ?? current.coverUrl ?? null,
        intro: input.intro ?? current.intro ?? null,
        kind: input.kind ?? current.kind ?? null,
        status: input.status ?? current.status ?? null,
        words: input.words ?? current.words ?? null,
        // updatedAt stays: it is the time of the latest chapter ("latest updates" sorts on it).
      })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toBook(row);
  }

  async get(id: number): Promise<BookRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('book')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toBook(row);
  }

  async getByKey(key: string): Promise<BookRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('book')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    return row && toBook(row);
  }

  /** Books, most recently updated first. */
  /**
   * Books by the time of their latest chapter (`updated`, the default: "latest updates") or by the
   * time they were added (`created`: "newest novels"), most recent first.
   */
  async list(
    page: {
      limit?: number;
      offset?: number;
      order?: 'updated' | 'created';
      fromSources?: readonly number[];
    } = {},
  ): Promise<BookRow[]> {
    const { fromSources } = page;
    if (fromSources?.length === 0) return [];
    const rows = await this.#ctx.db
      .selectFrom('book')
      .selectAll()
      .where('book.id', 'not in', notLocal)
      .$if(fromSources !== undefined, (q) =>
        q.where('book.id', 'in', (eb) => listedBy(eb, fromSources!)),
      )
      .orderBy(page.order === 'created' ? 'createdAt' : 'updatedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit ?? 100)
      .offset(page.offset ?? 0)
      .execute();
    return rows.map(toBook);
  }

  /**
   * The most-bookmarked ranking: books on at least one shelf, most shelves first (ties: the most
   * recently updated). `notOnShelfOf` leaves out the books that reader already keeps.
   */
  async mostKept(options: {
    limit: number;
    offset?: number;
    notOnShelfOf?: number;
    fromSources?: readonly number[];
  }): Promise<BookRow[]> {
    const { notOnShelfOf, fromSources } = options;
    if (fromSources?.length === 0) return [];
    const rows = await this.#ctx.db
      .selectFrom('book')
      .innerJoin('shelf', 'shelf.bookId', 'book.id')
      .selectAll('book')
      .where('book.id', 'not in', notLocal)
      .$if(fromSources !== undefined, (q) =>
        q.where('book.id', 'in', (eb) => listedBy(eb, fromSources!)),
      )
      .$if(notOnShelfOf !== undefined, (q) =>
        q.where('book.id', 'not in', (eb) =>
          eb.selectFrom('shelf').select('bookId').where('userId', '=', notOnShelfOf!),
        ),
      )
      .groupBy('book.id')
      .orderBy((eb) => eb.fn.countAll(), 'desc')
      .orderBy('book.updatedAt', 'desc')
      .orderBy('book.id', 'desc')
      .limit(options.limit)
      .offset(options.offset ?? 0)
      .execute();
    return rows.map(toBook);
  }

  /**
   * "Readers of your books also keep": books not on `userId`'s shelf, ranked by how many other
   * readers who share at least one book with them keep each one.
   */
  async keptWith(userId: number, options: { limit: number }): Promise<BookRow[]> {
    const rows = await this.#ctx.db
      .selectFrom('shelf as theirs')
      .innerJoin('book', 'book.id', 'theirs.bookId')
      .selectAll('book')
      .where('theirs.userId', '!=', userId)
      .where('theirs.userId', 'in', (eb) =>
        eb
          .selectFrom('shelf as near')
          .select('near.userId')
          .where('near.bookId', 'in', (inner) =>
            inner.selectFrom('shelf as own').select('own.bookId').where('own.userId', '=', userId),
          ),
      )
      .where('theirs.bookId', 'not in', (eb) =>
        eb.selectFrom('shelf as own').select('own.bookId').where('own.userId', '=', userId),
      )
      .where('book.id', 'not in', (eb) => eb.selectFrom('localBook').select('localBook.bookId'))
      .groupBy('book.id')
      .orderBy((eb) => eb.fn.countAll(), 'desc')
      .orderBy('book.updatedAt', 'desc')
      .orderBy('book.id', 'desc')
      .limit(options.limit)
      .execute();
    return rows.map(toBook);
  }

  async setLatestChapter(id: number, chapterId: number | undefined): Promise<void> {
    await this.#ctx.db
      .updateTable('book')
      .set({ latestChapterId: chapterId ?? null, updatedAt: this.#ctx.clock.now() })
      .where('id', '=', id)
      // Only a new latest chapter is an update: the "latest updates" list sorts on updatedAt.
      .where((eb) =>
        chapterId === undefined
          ? eb('latestChapterId', 'is not', null)
          : eb.or([eb('latestChapterId', 'is', null), eb('latestChapterId', '!=', chapterId)]),
      )
      .execute();
  }

  async remove(id: number): Promise<void> {
    await this.#ctx.db.deleteFrom('book').where('id', '=', id).execute();
  }

  /**
   * Deletes the books on nobody's shelf that were added and last updated before `before` (a
   * preview nobody kept); listings, chapters, cached text, covers and files go with them.
   */
  async forgetUnkept(before: number): Promise<number> {
    const result = await this.#ctx.db
      .deleteFrom('book')
      .where('createdAt', '<', before)
      .where('updatedAt', '<', before)
      .where('id', 'not in', (eb) => eb.selectFrom('shelf').select('shelf.bookId'))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/** The ids of books that one of `sourceIds` lists (a public site shows only those). */
function listedBy(eb: ExpressionBuilder<Database, 'book'>, sourceIds: readonly number[]) {
  return eb
    .selectFrom('listing')
    .select('listing.bookId')
    .where('listing.sourceId', 'in', sourceIds);
}

function toBook(row: Selectable<BookTable>): BookRow {
  return {
    id: row.id,
    key: row.key,
    title: row.title,
    author: row.author,
    coverUrl: opt(row.coverUrl),
    intro: opt(row.intro),
    kind: opt(row.kind),
    status: opt(row.status),
    words: opt(row.words),
    latestChapterId: opt(row.latestChapterId),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Local books (uploads) are their reader's alone: no list of books shows them to others. */
const notLocal = (eb: ExpressionBuilder<Database, 'book'>) =>
  eb.selectFrom('localBook').select('localBook.bookId');

import type { Selectable } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { ShelfTable } from '../schema.ts';
import { opt } from '../rows.ts';
import type { ShelfEntryView, ShelfPosition, ShelfRow } from '../rows.ts';

/** Each reader's shelf: followed books with the reading position. */
export class ShelfRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Puts a book on the shelf; adding it again changes nothing. */
  async add(userId: number, bookId: number, addedAt: number): Promise<void> {
    await this.#ctx.db
      .insertInto('shelf')
      .values({ userId, bookId, addedAt })
      .onConflict((oc) => oc.columns(['userId', 'bookId']).doNothing())
      .execute();
  }

  async remove(userId: number, bookId: number): Promise<void> {
    await this.#ctx.db
      .deleteFrom('shelf')
      .where('userId', '=', userId)
      .where('bookId', '=', bookId)
      .execute();
  }

  async get(userId: number, bookId: number): Promise<ShelfRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('shelf')
      .selectAll()
      .where('userId', '=', userId)
      .where('bookId', '=', bookId)
      .executeTakeFirst();
    return row && toShelf(row);
  }

  /** Stores the reading position, putting the book on the shelf if it was not there. */
  async savePosition(userId: number, bookId: number, position: ShelfPosition): Promise<void> {
    const values = {
      chapterKey: position.chapterKey,
      chapterTitle: position.chapterTitle ?? null,
      anchor: position.anchor,
      offsetChars: position.offsetChars,
      readAt: position.readAt,
    };
    await this.#ctx.db
      .insertInto('shelf')
      .values({ userId, bookId, addedAt: position.readAt, ...values })
      .onConflict((oc) => oc.columns(['userId', 'bookId']).doUpdateSet(values))
      .execute();
  }

  /**
   * The user's shelf with counts, most recently read (else added) first. Unread counts come from
   * the chapter the position names by key, so they stay right after re-alignment.
   */
  async list(userId: number): Promise<ShelfEntryView[]> {
    const rows = await this.#ctx.db
      .selectFrom('shelf')
      .innerJoin('book', 'book.id', 'shelf.bookId')
      .selectAll('shelf')
      .select(['book.key as bookKey', 'book.title', 'book.author', 'book.coverUrl'])
      .select((eb) => [
        eb
          .selectFrom('chapter')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('chapter.bookId', '=', 'shelf.bookId')
          .as('chapterCount'),
        eb
          .selectFrom('chapter')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('chapter.bookId', '=', 'shelf.bookId')
          .where(
            'chapter.ordinal',
            '>',
            eb.fn.coalesce(
              eb
                .selectFrom('chapter as current')
                .select('current.ordinal')
                .whereRef('current.bookId', '=', 'shelf.bookId')
                .whereRef('current.key', '=', 'shelf.chapterKey'),
              eb.lit(-1),
            ),
          )
          .as('unreadCount'),
        eb
          .selectFrom('chapter as latest')
          .select('latest.title')
          .whereRef('latest.id', '=', 'book.latestChapterId')
          .as('latestChapterTitle'),
        // When the newest chapter was found: "sort by latest update" orders by it.
        eb
          .selectFrom('chapter')
          .select((c) => c.fn.max('chapter.firstSeenAt').as('t'))
          .whereRef('chapter.bookId', '=', 'shelf.bookId')
          .as('latestChapterAt'),
      ])
      .where('shelf.userId', '=', userId)
      .orderBy((eb) => eb.fn.coalesce('shelf.readAt', 'shelf.addedAt'), 'desc')
      .orderBy('shelf.bookId')
      .execute();
    return rows.map((row) => ({
      ...toShelf(row),
      bookKey: row.bookKey,
      title: row.title,
      author: row.author,
      coverUrl: opt(row.coverUrl),
      chapterCount: Number(row.chapterCount ?? 0),
      unreadCount: Number(row.unreadCount ?? 0),
      latestChapterTitle: opt(row.latestChapterTitle ?? null),
      latestChapterAt:
        row.latestChapterAt === null || row.latestChapterAt === undefined
          ? undefined
          : Number(row.latestChapterAt),
    }));
  }

  /** Users who follow a book (the chase prefetches for them). */
  async followers(bookId: number): Promise<number[]> {
    const rows = await this.#ctx.db
      .selectFrom('shelf')
      .select('userId')
      .where('bookId', '=', bookId)
      .execute();
    return rows.map((row) => row.userId);
  }
}

function toShelf(row: Selectable<ShelfTable>): ShelfRow {
  const hasPosition = row.chapterKey !== null;
  return {
    userId: row.userId,
    bookId: row.bookId,
    addedAt: row.addedAt,
    position: hasPosition
      ? {
          chapterKey: row.chapterKey as string,
          chapterTitle: opt(row.chapterTitle),
          anchor: row.anchor ?? '',
          offsetChars: row.offsetChars ?? 0,
          readAt: row.readAt ?? row.addedAt,
        }
      : undefined,
  };
}

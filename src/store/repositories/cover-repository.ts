import type { Selectable } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { BookCoverTable } from '../schema.ts';
import type { CoverRow } from '../rows.ts';

/** The cover cache: one row per book, the image fetched once or the failure of the last try. */
export class CoverRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** The book's cached cover or failure; undefined when it was never fetched. */
  async get(bookId: number): Promise<CoverRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('bookCover')
      .selectAll()
      .where('bookId', '=', bookId)
      .executeTakeFirst();
    return row && toCover(row);
  }

  /** The content type of each of `bookIds` whose cover is cached (no bytes are read). */
  async types(bookIds: readonly number[]): Promise<Map<number, string>> {
    if (bookIds.length === 0) return new Map();
    const rows = await this.#ctx.db
      .selectFrom('bookCover')
      .select(['bookId', 'contentType'])
      .where('bookId', 'in', [...bookIds])
      .where('contentType', 'is not', null)
      .execute();
    return new Map(rows.map((r) => [r.bookId, r.contentType!]));
  }

  /** Stores the outcome of a fetch, replacing whatever the book had. */
  async put(cover: CoverRow): Promise<void> {
    const values =
      cover.state === 'image'
        ? {
            sourceUrl: cover.sourceUrl,
            contentType: cover.contentType,
            bytes: cover.bytes,
            fetchedAt: cover.fetchedAt,
            failure: null,
            retryAt: null,
          }
        : {
            sourceUrl: cover.sourceUrl,
            contentType: null,
            bytes: null,
            fetchedAt: cover.fetchedAt,
            failure: cover.failure,
            retryAt: cover.retryAt,
          };
    await this.#ctx.db
      .insertInto('bookCover')
      .values({ bookId: cover.bookId, ...values })
      .onConflict((oc) => oc.column('bookId').doUpdateSet(values))
      .execute();
  }

  async remove(bookId: number): Promise<void> {
    await this.#ctx.db.deleteFrom('bookCover').where('bookId', '=', bookId).execute();
  }
}

function toCover(row: Selectable<BookCoverTable>): CoverRow {
  if (row.bytes !== null && row.contentType !== null)
    return {
      bookId: row.bookId,
      sourceUrl: row.sourceUrl,
      state: 'image',
      contentType: row.contentType,
      // Buffer from both drivers; a plain Uint8Array view keeps callers off Buffer's API.
      bytes: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
      fetchedAt: row.fetchedAt,
    };
  return {
    bookId: row.bookId,
    sourceUrl: row.sourceUrl,
    state: 'failed',
    failure: row.failure ?? 'unknown',
    fetchedAt: row.fetchedAt,
    retryAt: row.retryAt ?? row.fetchedAt,
  };
}

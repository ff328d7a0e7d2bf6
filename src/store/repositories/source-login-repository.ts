import type { StoreContext } from '../context.ts';

/** One user's sealed login for one source (the sealing is the app's; the store keeps text). */
export interface SourceLoginRow {
  readonly userId: number;
  readonly sourceUrl: string;
  readonly sealed: string;
  readonly updatedAt: number;
}

/** Source logins, per user and per source. */
export class SourceLoginRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Stores (or replaces) the user's login for the source. */
  async put(row: SourceLoginRow): Promise<void> {
    await this.#ctx.db
      .insertInto('sourceLogin')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['userId', 'sourceUrl'])
          .doUpdateSet({ sealed: row.sealed, updatedAt: row.updatedAt }),
      )
      .execute();
  }

  async get(userId: number, sourceUrl: string): Promise<SourceLoginRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('sourceLogin')
      .selectAll()
      .where('userId', '=', userId)
      .where('sourceUrl', '=', sourceUrl)
      .executeTakeFirst();
    return row && toRow(row);
  }

  /** The most recently saved login for the source, whoever saved it (what background jobs use). */
  async latest(sourceUrl: string): Promise<SourceLoginRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('sourceLogin')
      .selectAll()
      .where('sourceUrl', '=', sourceUrl)
      .orderBy('updatedAt', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toRow(row);
  }

  /**
   * The login, for this source, of a reader who follows the book the source lists at `bookUrl`:
   * the most recently saved among them (what background work on that book uses).
   */
  async ofFollower(sourceUrl: string, bookUrl: string): Promise<SourceLoginRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('sourceLogin')
      .innerJoin('shelf', 'shelf.userId', 'sourceLogin.userId')
      .innerJoin('listing', 'listing.bookId', 'shelf.bookId')
      .innerJoin('source', 'source.id', 'listing.sourceId')
      .selectAll('sourceLogin')
      .where('sourceLogin.sourceUrl', '=', sourceUrl)
      .where('source.url', '=', sourceUrl)
      .where('listing.bookUrl', '=', bookUrl)
      .orderBy('sourceLogin.updatedAt', 'desc')
      .orderBy('sourceLogin.userId')
      .limit(1)
      .executeTakeFirst();
    return row && toRow(row);
  }

  /** Forgets the user's login for the source; false when there was none. */
  async remove(userId: number, sourceUrl: string): Promise<boolean> {
    const result = await this.#ctx.db
      .deleteFrom('sourceLogin')
      .where('userId', '=', userId)
      .where('sourceUrl', '=', sourceUrl)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toRow(row: SourceLoginRow): SourceLoginRow {
  // PostgreSQL hands bigint timestamps back as strings.
  return { ...row, updatedAt: Number(row.updatedAt) };
}

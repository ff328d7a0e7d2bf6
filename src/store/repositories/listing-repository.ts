import type { Selectable } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { ListingTable } from '../schema.ts';
import { jsonOrNull, opt, parseJson } from '../rows.ts';
import type { ListingCheck, ListingInput, ListingRow, ListingView } from '../rows.ts';

/** Listings: one book as one source presents it (the members of a book's source pool). */
export class ListingRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Inserts a listing or updates the one with the same source and book URL. */
  async upsert(input: ListingInput): Promise<ListingRow> {
    const now = this.#ctx.clock.now();
    const row = await this.#ctx.db
      .insertInto('listing')
      .values({
        bookId: input.bookId,
        sourceId: input.sourceId,
        bookUrl: input.bookUrl,
        tocUrl: input.tocUrl ?? null,
        latestTitle: input.latestTitle ?? null,
        chapterCount: 0,
        errorCount: 0,
        createdAt: now,
      })
      .onConflict((oc) =>
        oc.columns(['sourceId', 'bookUrl']).doUpdateSet((eb) => ({
          bookId: input.bookId,
          // Keep what we knew when the new value is missing.
          tocUrl: input.tocUrl ?? eb.ref('listing.tocUrl'),
          latestTitle: input.latestTitle ?? eb.ref('listing.latestTitle'),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toListing(row);
  }

  async get(id: number): Promise<ListingView | undefined> {
    const row = await this.#view().where('listing.id', '=', id).executeTakeFirst();
    return row && toView(row);
  }

  /** A book's listings with their sources' figures, oldest first. */
  async listByBook(bookId: number): Promise<ListingView[]> {
    const rows = await this.#view()
      .where('listing.bookId', '=', bookId)
      .orderBy('listing.id')
      .execute();
    return rows.map(toView);
  }

  /** Listings whose next check is due at `now`, soonest first (the chase picks these). */
  async listDue(now: number, limit = 100): Promise<ListingView[]> {
    const rows = await this.#view()
      .where('listing.nextCheckAt', '<=', now)
      .where('source.enabled', '=', 1)
      .orderBy('listing.nextCheckAt')
      .limit(limit)
      .execute();
    return rows.map(toView);
  }

  /**
   * Every listing of a book that at least one reader keeps on a shelf, with the number of readers:
   * what the chase watches. Disabled sources are included (the chase drops them itself).
   */
  async listFollowed(): Promise<Array<ListingView & { followers: number }>> {
    const followers = this.#ctx.db
      .selectFrom('shelf')
      .select(['shelf.bookId', (eb) => eb.fn.countAll<number>().as('followers')])
      .groupBy('shelf.bookId')
      .as('f');
    const rows = await this.#view()
      .innerJoin(followers, 'f.bookId', 'listing.bookId')
      .select('f.followers')
      .orderBy('listing.id')
      .execute();
    return rows.map((row) => ({ ...toView(row), followers: Number(row.followers) }));
  }

  /** Saves what the chase learned about a listing and when it checks it next. */
  async saveChaseState(
    id: number,
    state: { nextCheckAt: number; cadence: unknown; lag: unknown },
  ): Promise<void> {
    await this.#ctx.db
      .updateTable('listing')
      .set({
        // Planned times come out of arithmetic (fractions of a ms): PostgreSQL's bigint takes
        // whole numbers only, so both backends store them rounded.
        nextCheckAt: Math.round(state.nextCheckAt),
        cadence: jsonOrNull(state.cadence),
        lag: jsonOrNull(state.lag),
      })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Writes what people see of a listing's chase (`lag`) and nothing else: a reader choosing the
   * book's preferred source changes that view, never the chase's learned cadence or next check.
   */
  async saveLag(id: number, lag: unknown): Promise<void> {
    await this.#ctx.db
      .updateTable('listing')
      .set({ lag: jsonOrNull(lag) })
      .where('id', '=', id)
      .execute();
  }

  /** Records a successful check (probe or TOC fetch) and clears the error streak. */
  async recordCheck(id: number, check: ListingCheck): Promise<void> {
    await this.#ctx.db
      .updateTable('listing')
      .set((eb) => ({
        checkedAt: Math.round(check.checkedAt),
        changedAt:
          check.changedAt === undefined ? eb.ref('changedAt') : Math.round(check.changedAt),
        latestTitle: check.latestTitle ?? eb.ref('latestTitle'),
        chapterCount: check.chapterCount ?? eb.ref('chapterCount'),
        probeEtag: check.probeEtag ?? eb.ref('probeEtag'),
        probeLastModified: check.probeLastModified ?? eb.ref('probeLastModified'),
        nextCheckAt:
          check.nextCheckAt === undefined ? eb.ref('nextCheckAt') : Math.round(check.nextCheckAt),
        cadence: check.cadence === undefined ? eb.ref('cadence') : jsonOrNull(check.cadence),
        lag: check.lag === undefined ? eb.ref('lag') : jsonOrNull(check.lag),
        errorCount: 0,
        lastError: null,
      }))
      .where('id', '=', id)
      .execute();
  }

  /** Counts a failure against this listing (reading falls back past listings that keep failing). */
  async recordError(id: number, message: string): Promise<void> {
    await this.#ctx.db
      .updateTable('listing')
      .set((eb) => ({ errorCount: eb('errorCount', '+', 1), lastError: message }))
      .where('id', '=', id)
      .execute();
  }

  async remove(id: number): Promise<void> {
    await this.#ctx.db.deleteFrom('listing').where('id', '=', id).execute();
  }

  #view() {
    return this.#ctx.db
      .selectFrom('listing')
      .innerJoin('source', 'source.id', 'listing.sourceId')
      .selectAll('listing')
      .select([
        'source.url as sourceUrl',
        'source.name as sourceName',
        'source.enabled as sourceEnabled',
        'source.latencyP50Ms as sourceLatencyP50Ms',
        'source.breakerState as sourceBreakerState',
      ]);
  }
}

type ViewRecord = Selectable<ListingTable> & {
  sourceUrl: string;
  sourceName: string;
  sourceEnabled: number;
  sourceLatencyP50Ms: number | null;
  sourceBreakerState: string;
};

function toView(row: ViewRecord): ListingView {
  return {
    ...toListing(row),
    sourceUrl: row.sourceUrl,
    sourceName: row.sourceName,
    sourceEnabled: row.sourceEnabled === 1,
    sourceLatencyP50Ms: opt(row.sourceLatencyP50Ms),
    sourceBreakerState: row.sourceBreakerState,
  };
}

function toListing(row: Selectable<ListingTable>): ListingRow {
  return {
    id: row.id,
    bookId: row.bookId,
    sourceId: row.sourceId,
    bookUrl: row.bookUrl,
    tocUrl: opt(row.tocUrl),
    latestTitle: opt(row.latestTitle),
    chapterCount: row.chapterCount,
    probeEtag: opt(row.probeEtag),
    probeLastModified: opt(row.probeLastModified),
    checkedAt: opt(row.checkedAt),
    changedAt: opt(row.changedAt),
    nextCheckAt: opt(row.nextCheckAt),
    cadence: parseJson<unknown>(row.cadence, undefined),
    lag: parseJson<unknown>(row.lag, undefined),
    errorCount: row.errorCount,
    lastError: opt(row.lastError),
    createdAt: row.createdAt,
  };
}

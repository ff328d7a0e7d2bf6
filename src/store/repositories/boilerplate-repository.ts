import type { Selectable } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { BoilerplateTable } from '../schema.ts';
import type { BoilerplateRow, BoilerplateStatus } from '../rows.ts';

/**
 * Boilerplate patterns the cleaner learned per source. Implements the cleaner's
 * `BoilerplateStore` port (list / upsert / recordHits) structurally, plus review operations.
 */
export class BoilerplateRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** A source's patterns, most hits first. */
  async list(sourceKey: string): Promise<BoilerplateRow[]> {
    const rows = await this.#ctx.db
      .selectFrom('boilerplate')
      .selectAll()
      .where('sourceKey', '=', sourceKey)
      .orderBy('hits', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toRow);
  }

  /** Writes the whole pattern, keyed by its id. */
  async upsert(pattern: BoilerplateRow): Promise<void> {
    const { id, ...rest } = pattern;
    await this.#ctx.db
      .insertInto('boilerplate')
      .values({ id, ...rest })
      .onConflict((oc) => oc.column('id').doUpdateSet(rest))
      .execute();
  }

  /** Adds to hit counts atomically (two cleaners may count at once). */
  async recordHits(
    hits: ReadonlyArray<{ readonly id: string; readonly count: number }>,
  ): Promise<void> {
    const now = this.#ctx.clock.now();
    await this.#ctx.db.transaction().execute(async (trx) => {
      for (const { id, count } of hits) {
        await trx
          .updateTable('boilerplate')
          .set((eb) => ({ hits: eb('hits', '+', count), updatedAt: now }))
          .where('id', '=', id)
          .execute();
      }
    });
  }

  /** An administrator's review decision. */
  async setStatus(id: string, status: BoilerplateStatus): Promise<void> {
    await this.#ctx.db
      .updateTable('boilerplate')
      .set({ status, updatedAt: this.#ctx.clock.now() })
      .where('id', '=', id)
      .execute();
  }

  async remove(id: string): Promise<void> {
    await this.#ctx.db.deleteFrom('boilerplate').where('id', '=', id).execute();
  }
}

function toRow(row: Selectable<BoilerplateTable>): BoilerplateRow {
  return {
    ...row,
    place: row.place as BoilerplateRow['place'],
    status: row.status as BoilerplateStatus,
  };
}

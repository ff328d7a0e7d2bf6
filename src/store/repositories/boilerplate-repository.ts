import type { Selectable } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { BoilerplateTable } from '../schema.ts';
import type { BoilerplateRow, BoilerplateStatus } from '../rows.ts';

/** Boilerplate patterns the cleaner learned per source, with review status and hit counts. */
export class BoilerplateRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async list(sourceId: number): Promise<BoilerplateRow[]> {
    const rows = await this.#ctx.db
      .selectFrom('boilerplate')
      .selectAll()
      .where('sourceId', '=', sourceId)
      .orderBy('hits', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toRow);
  }

  /** Adds a pattern (as suggested unless told) or, when known, leaves its status alone. */
  async upsert(input: {
    sourceId: number;
    pattern: string;
    status?: BoilerplateStatus;
  }): Promise<BoilerplateRow> {
    const now = this.#ctx.clock.now();
    const row = await this.#ctx.db
      .insertInto('boilerplate')
      .values({
        sourceId: input.sourceId,
        pattern: input.pattern,
        hits: 0,
        status: input.status ?? 'suggested',
        createdAt: now,
        updatedAt: now,
      })
      .onConflict((oc) =>
        oc.columns(['sourceId', 'pattern']).doUpdateSet((eb) => ({
          status: input.status ?? eb.ref('boilerplate.status'),
          updatedAt: now,
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRow(row);
  }

  async recordHits(id: number, hits: number): Promise<void> {
    await this.#ctx.db
      .updateTable('boilerplate')
      .set((eb) => ({ hits: eb('hits', '+', hits), updatedAt: this.#ctx.clock.now() }))
      .where('id', '=', id)
      .execute();
  }

  async setStatus(id: number, status: BoilerplateStatus): Promise<void> {
    await this.#ctx.db
      .updateTable('boilerplate')
      .set({ status, updatedAt: this.#ctx.clock.now() })
      .where('id', '=', id)
      .execute();
  }

  async remove(id: number): Promise<void> {
    await this.#ctx.db.deleteFrom('boilerplate').where('id', '=', id).execute();
  }
}

function toRow(row: Selectable<BoilerplateTable>): BoilerplateRow {
  return { ...row, status: row.status as BoilerplateStatus };
}

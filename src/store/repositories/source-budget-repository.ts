import type { StoreContext } from '../context.ts';

/** An administrator's raised budget for one source; an absent limit keeps the host default. */
export interface SourceBudgetRow {
  readonly sourceUrl: string;
  readonly concurrency: number | null;
  readonly minIntervalMs: number | null;
  readonly updatedAt: number;
}

/** Raised politeness budgets, one per source (migration 013). */
export class SourceBudgetRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Sets (or replaces) the source's raised budget. */
  async put(row: SourceBudgetRow): Promise<void> {
    const { concurrency, minIntervalMs, updatedAt } = row;
    await this.#ctx.db
      .insertInto('sourceBudget')
      .values(row)
      .onConflict((oc) =>
        oc.column('sourceUrl').doUpdateSet({ concurrency, minIntervalMs, updatedAt }),
      )
      .execute();
  }

  async get(sourceUrl: string): Promise<SourceBudgetRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('sourceBudget')
      .selectAll()
      .where('sourceUrl', '=', sourceUrl)
      .executeTakeFirst();
    return row && toRow(row);
  }

  async list(): Promise<SourceBudgetRow[]> {
    const rows = await this.#ctx.db
      .selectFrom('sourceBudget')
      .selectAll()
      .orderBy('sourceUrl')
      .execute();
    return rows.map(toRow);
  }

  /** Back to the host default; false when the source had no raised budget. */
  async remove(sourceUrl: string): Promise<boolean> {
    const result = await this.#ctx.db
      .deleteFrom('sourceBudget')
      .where('sourceUrl', '=', sourceUrl)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toRow(row: SourceBudgetRow): SourceBudgetRow {
  // PostgreSQL hands bigint timestamps back as strings.
  return { ...row, updatedAt: Number(row.updatedAt) };
}

import type { Selectable } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { ReplaceRuleTable } from '../schema.ts';
import { opt } from '../rows.ts';
import type { ReplaceRuleInput, ReplaceRuleRow } from '../rows.ts';

/** Legado-compatible replace rules, applied by the cleaner in `order`. */
export class ReplaceRuleRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async add(input: ReplaceRuleInput): Promise<ReplaceRuleRow> {
    const row = await this.#ctx.db
      .insertInto('replaceRule')
      .values(toRecord(input))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRule(row);
  }

  async update(id: number, input: ReplaceRuleInput): Promise<void> {
    await this.#ctx.db
      .updateTable('replaceRule')
      .set(toRecord(input))
      .where('id', '=', id)
      .execute();
  }

  async list(filter: { enabledOnly?: boolean } = {}): Promise<ReplaceRuleRow[]> {
    let query = this.#ctx.db.selectFrom('replaceRule').selectAll();
    if (filter.enabledOnly) query = query.where('enabled', '=', 1);
    const rows = await query.orderBy('sortOrder').orderBy('id').execute();
    return rows.map(toRule);
  }

  async remove(id: number): Promise<void> {
    await this.#ctx.db.deleteFrom('replaceRule').where('id', '=', id).execute();
  }
}

function toRecord(input: ReplaceRuleInput) {
  return {
    name: input.name,
    groupName: input.group ?? null,
    pattern: input.pattern,
    replacement: input.replacement,
    isRegex: input.isRegex ? 1 : 0,
    scope: input.scope ?? null,
    scopeTitle: input.scopeTitle ? 1 : 0,
    scopeContent: input.scopeContent ? 1 : 0,
    excludeScope: input.excludeScope ?? null,
    enabled: input.enabled ? 1 : 0,
    timeoutMs: input.timeoutMs,
    sortOrder: input.order,
  };
}

function toRule(row: Selectable<ReplaceRuleTable>): ReplaceRuleRow {
  return {
    id: row.id,
    name: row.name,
    group: opt(row.groupName),
    pattern: row.pattern,
    replacement: row.replacement,
    isRegex: row.isRegex === 1,
    scope: opt(row.scope),
    scopeTitle: row.scopeTitle === 1,
    scopeContent: row.scopeContent === 1,
    excludeScope: opt(row.excludeScope),
    enabled: row.enabled === 1,
    timeoutMs: row.timeoutMs,
    order: row.sortOrder,
  };
}

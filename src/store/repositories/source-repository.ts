import type { Selectable } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { SourceTable } from '../schema.ts';
import { opt, parseJson } from '../rows.ts';
import { LOCAL_FILES_SOURCE_URL } from './local-book-repository.ts';
import type { RequestKind, SourceHealth, SourceInput, SourceRow } from '../rows.ts';

const LATENCY_RING = 50;

/** Book sources: their rules, switches and health figures. */
export class SourceRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Inserts a source or updates the one with the same URL (its key); health is kept. */
  async upsert(input: SourceInput): Promise<SourceRow> {
    const now = this.#ctx.clock.now();
    const values = {
      url: input.url,
      name: input.name,
      groupName: input.group ?? null,
      type: input.type ?? 0,
      rules: input.rules,
      enabled: input.enabled === false ? 0 : 1,
      weight: input.weight ?? 0,
      canSearch: input.canSearch === false ? 0 : 1,
      capabilities: JSON.stringify(input.capabilities ?? {}),
    };
    const row = await this.#ctx.db
      .insertInto('source')
      .values({
        ...values,
        health: '{}',
        recentLatencies: '[]',
        breakerState: 'closed',
        createdAt: now,
        updatedAt: now,
      })
      .onConflict((oc) => oc.column('url').doUpdateSet({ ...values, updatedAt: now }))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSource(row);
  }

  async get(id: number): Promise<SourceRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('source')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toSource(row);
  }

  async getByUrl(url: string): Promise<SourceRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('source')
      .selectAll()
      .where('url', '=', url)
      .executeTakeFirst();
    return row && toSource(row);
  }

  /** All sources (the local-files row aside), by weight (higher first) then name. */
  async list(
    filter: { enabledOnly?: boolean; searchableOnly?: boolean } = {},
  ): Promise<SourceRow[]> {
    let query = this.#ctx.db
      .selectFrom('source')
      .selectAll()
      // Local books' text is kept under this row: it is no site (see LocalBookRepository).
      .where('url', '!=', LOCAL_FILES_SOURCE_URL);
    if (filter.enabledOnly) query = query.where('enabled', '=', 1);
    if (filter.searchableOnly) query = query.where('canSearch', '=', 1);
    const rows = await query.orderBy('weight', 'desc').orderBy('name').orderBy('id').execute();
    return rows.map(toSource);
  }

  async setEnabled(id: number, enabled: boolean): Promise<void> {
    await this.#ctx.db
      .updateTable('source')
      .set({ enabled: enabled ? 1 : 0, updatedAt: this.#ctx.clock.now() })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Turns off a source whose site could not be reached, keeping why as its last error (what
   * `linhai sources list` shows): searches skip it instead of failing there every time.
   */
  async disableUnreachable(id: number, reason: string): Promise<void> {
    const now = this.#ctx.clock.now();
    await this.#ctx.db
      .updateTable('source')
      .set({ enabled: 0, lastError: reason, lastErrorAt: now, updatedAt: now })
      .where('id', '=', id)
      .execute();
  }

  async setBreakerState(id: number, breakerState: string): Promise<void> {
    await this.#ctx.db.updateTable('source').set({ breakerState }).where('id', '=', id).execute();
  }

  /** Counts one request's outcome and folds its latency into p50/p95 over the last 50. */
  async recordOutcome(
    id: number,
    outcome: { kind: RequestKind; ok: boolean; latencyMs?: number; error?: string },
  ): Promise<void> {
    await this.#ctx.db.transaction().execute(async (trx) => {
      let read = trx
        .selectFrom('source')
        .select(['health', 'recentLatencies'])
        .where('id', '=', id);
      // Two workers counting at once must not lose a count.
      if (this.#ctx.caps.supportsRowLocks) read = read.forUpdate();
      const row = await read.executeTakeFirst();
      if (!row) return;
      const health = parseJson<Partial<Record<RequestKind, SourceHealth>>>(row.health, {});
      const was = health[outcome.kind] ?? { ok: 0, err: 0 };
      health[outcome.kind] = outcome.ok
        ? { ok: was.ok + 1, err: was.err }
        : { ok: was.ok, err: was.err + 1 };
      const latencies = parseJson<number[]>(row.recentLatencies, []);
      if (outcome.latencyMs !== undefined) latencies.push(Math.round(outcome.latencyMs));
      const recent = latencies.slice(-LATENCY_RING);
      const sorted = [...recent].sort((a, b) => a - b);
      const now = this.#ctx.clock.now();
      await trx
        .updateTable('source')
        .set({
          health: JSON.stringify(health),
          recentLatencies: JSON.stringify(recent),
          latencyP50Ms: percentile(sorted, 0.5),
          latencyP95Ms: percentile(sorted, 0.95),
          ...(outcome.ok ? {} : { lastError: outcome.error ?? 'failed', lastErrorAt: now }),
        })
        .where('id', '=', id)
        .execute();
    });
  }

  async remove(id: number): Promise<void> {
    await this.#ctx.db.deleteFrom('source').where('id', '=', id).execute();
  }
}

function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null;
}

function toSource(row: Selectable<SourceTable>): SourceRow {
  return {
    id: row.id,
    url: row.url,
    name: row.name,
    group: opt(row.groupName),
    type: row.type,
    rules: row.rules,
    enabled: row.enabled === 1,
    weight: row.weight,
    canSearch: row.canSearch === 1,
    capabilities: parseJson(row.capabilities, {}),
    health: parseJson(row.health, {}),
    latencyP50Ms: opt(row.latencyP50Ms),
    latencyP95Ms: opt(row.latencyP95Ms),
    lastError: opt(row.lastError),
    lastErrorAt: opt(row.lastErrorAt),
    breakerState: row.breakerState,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

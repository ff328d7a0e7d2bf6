import type { Selectable } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { JobTable } from '../schema.ts';
import type { JobRow, JobRowState } from '../rows.ts';

/**
 * The embedded queue's persistence (the `JobRepository` port of src/jobs). Each method is one
 * statement or one transaction, so a crash leaves the table consistent; the conditional updates
 * (`where state = 'waiting'`, `where locked_by = owner`) make concurrent claimers safe.
 */
export class JobRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async insert(spec: {
    type: string;
    key: string;
    payload: unknown;
    runAt: number;
    priority: number;
    maxAttempts: number;
    now: number;
  }): Promise<{ id: string; created: boolean }> {
    const pending = () =>
      this.#ctx.db
        .selectFrom('job')
        .select('id')
        .where('type', '=', spec.type)
        .where('key', '=', spec.key)
        .where('state', 'in', ['waiting', 'active'])
        .executeTakeFirst();
    const existing = await pending();
    if (existing) return { id: String(existing.id), created: false };
    try {
      const row = await this.#ctx.db
        .insertInto('job')
        .values({
          type: spec.type,
          key: spec.key,
          payload: JSON.stringify(spec.payload ?? null),
          state: 'waiting',
          priority: spec.priority,
          runAt: spec.runAt,
          attempts: 0,
          maxAttempts: spec.maxAttempts,
          createdAt: spec.now,
          updatedAt: spec.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: String(row.id), created: true };
    } catch (error) {
      // Another process planned the same work between our look and our insert.
      const raced = await pending();
      if (raced) return { id: String(raced.id), created: false };
      throw error;
    }
  }

  async claim(options: {
    types: readonly string[];
    now: number;
    leaseUntil: number;
    owner: string;
  }): Promise<JobRow | undefined> {
    if (options.types.length === 0) return undefined;
    for (let tries = 0; tries < 5; tries++) {
      const next = await this.#ctx.db
        .selectFrom('job')
        .select('id')
        .where('state', '=', 'waiting')
        .where('type', 'in', options.types)
        .where('runAt', '<=', options.now)
        .orderBy('priority')
        .orderBy('runAt')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!next) return undefined;
      const claimed = await this.#ctx.db
        .updateTable('job')
        .set((eb) => ({
          state: 'active',
          lockedBy: options.owner,
          lockedUntil: options.leaseUntil,
          attempts: eb('attempts', '+', 1),
          updatedAt: options.now,
        }))
        .where('id', '=', next.id)
        .where('state', '=', 'waiting')
        .returningAll()
        .executeTakeFirst();
      if (claimed) return toJob(claimed);
      // Someone else took it first; look again.
    }
    return undefined;
  }

  async renew(id: string, owner: string, leaseUntil: number): Promise<void> {
    await this.#ctx.db
      .updateTable('job')
      .set({ lockedUntil: leaseUntil })
      .where('id', '=', Number(id))
      .where('lockedBy', '=', owner)
      .where('state', '=', 'active')
      .execute();
  }

  async complete(id: string, owner: string, now: number): Promise<void> {
    await this.#ctx.db
      .updateTable('job')
      .set({
        state: 'completed',
        lockedBy: null,
        lockedUntil: null,
        finishedAt: now,
        updatedAt: now,
      })
      .where('id', '=', Number(id))
      .where('lockedBy', '=', owner)
      .execute();
  }

  async fail(
    id: string,
    owner: string,
    failure: { error: string; runAt: number; dead: boolean; now: number },
  ): Promise<void> {
    await this.#ctx.db
      .updateTable('job')
      .set({
        state: failure.dead ? 'dead' : 'waiting',
        runAt: failure.runAt,
        lastError: failure.error.slice(0, 2000),
        lockedBy: null,
        lockedUntil: null,
        updatedAt: failure.now,
        finishedAt: failure.dead ? failure.now : null,
      })
      .where('id', '=', Number(id))
      .where('lockedBy', '=', owner)
      .execute();
  }

  async release(id: string, owner: string, now: number): Promise<void> {
    await this.#ctx.db
      .updateTable('job')
      .set((eb) => ({
        state: 'waiting',
        attempts: eb('attempts', '-', 1),
        lockedBy: null,
        lockedUntil: null,
        updatedAt: now,
      }))
      .where('id', '=', Number(id))
      .where('lockedBy', '=', owner)
      .where('state', '=', 'active')
      .execute();
  }

  async recoverExpired(now: number): Promise<number> {
    const result = await this.#ctx.db
      .updateTable('job')
      .set({ state: 'waiting', lockedBy: null, lockedUntil: null, updatedAt: now })
      .where('state', '=', 'active')
      .where('lockedUntil', '<', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async nextRunAt(types: readonly string[]): Promise<number | undefined> {
    if (types.length === 0) return undefined;
    const row = await this.#ctx.db
      .selectFrom('job')
      .select((eb) => eb.fn.min('runAt').as('next'))
      .where('state', '=', 'waiting')
      .where('type', 'in', types)
      .executeTakeFirst();
    return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
  }

  async countByState(): Promise<Record<JobRowState, number>> {
    const rows = await this.#ctx.db
      .selectFrom('job')
      .select(['state', (eb) => eb.fn.countAll().as('n')])
      .groupBy('state')
      .execute();
    const counts: Record<JobRowState, number> = { waiting: 0, active: 0, completed: 0, dead: 0 };
    for (const row of rows) counts[row.state as JobRowState] = Number(row.n);
    return counts;
  }

  /** Jobs per type and state, in one grouped query (the worker's metrics). */
  async countByTypeAndState(): Promise<Record<string, Record<JobRowState, number>>> {
    const rows = await this.#ctx.db
      .selectFrom('job')
      .select(['type', 'state', (eb) => eb.fn.countAll().as('n')])
      .groupBy(['type', 'state'])
      .execute();
    const counts: Record<string, Record<JobRowState, number>> = {};
    for (const row of rows) {
      counts[row.type] ??= { waiting: 0, active: 0, completed: 0, dead: 0 };
      counts[row.type]![row.state as JobRowState] = Number(row.n);
    }
    return counts;
  }

  async pending(types: readonly string[] | undefined, now: number): Promise<number> {
    let query = this.#ctx.db
      .selectFrom('job')
      .select((eb) => eb.fn.countAll().as('n'))
      .where((eb) =>
        eb.or([
          eb('state', '=', 'active'),
          eb.and([eb('state', '=', 'waiting'), eb('runAt', '<=', now)]),
        ]),
      );
    if (types) query = query.where('type', 'in', types.length ? types : ['']);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async list(filter: { state?: JobRowState; type?: string; limit: number }): Promise<JobRow[]> {
    let query = this.#ctx.db.selectFrom('job').selectAll();
    if (filter.state) query = query.where('state', '=', filter.state);
    if (filter.type) query = query.where('type', '=', filter.type);
    const rows = await query.orderBy('runAt').orderBy('id').limit(filter.limit).execute();
    return rows.map(toJob);
  }

  async retry(id: string, now: number): Promise<void> {
    await this.#ctx.db
      .updateTable('job')
      .set({ state: 'waiting', attempts: 0, runAt: now, finishedAt: null, updatedAt: now })
      .where('id', '=', Number(id))
      .where('state', '=', 'dead')
      .execute();
  }
}

function toJob(row: Selectable<JobTable>): JobRow {
  return {
    id: String(row.id),
    type: row.type,
    key: row.key,
    payload: JSON.parse(row.payload) as unknown,
    state: row.state as JobRowState,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    runAt: Number(row.runAt),
    lastError: row.lastError ?? undefined,
    createdAt: Number(row.createdAt),
    finishedAt: row.finishedAt === null ? undefined : Number(row.finishedAt),
  };
}

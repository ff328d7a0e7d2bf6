import type { StoreContext } from '../context.ts';

/**
 * Named JSON documents shared by every process of an installation. `update` is a
 * read-modify-write in one transaction with the row locked (PostgreSQL) or the database's one
 * writer (SQLite), so two processes updating one document at once never lose a change.
 */
export class SharedDocumentRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** The document, parsed; undefined when it was never written. */
  async get(name: string): Promise<unknown> {
    const row = await this.#ctx.db
      .selectFrom('sharedDocument')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirst();
    return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
  }

  /**
   * Replaces the document with what `change` returns for its current value (undefined when new).
   * `change` may throw: nothing is written then, and the error reaches the caller.
   */
  async update<T>(name: string, change: (current: unknown) => T): Promise<T> {
    const now = this.#ctx.clock.now();
    return this.#ctx.db.transaction().execute(async (trx) => {
      // The row exists before it is locked, so a first write by two processes also serialises.
      await trx
        .insertInto('sharedDocument')
        .values({ name, value: 'null', updatedAt: now })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      let read = trx.selectFrom('sharedDocument').select('value').where('name', '=', name);
      if (this.#ctx.caps.supportsRowLocks) read = read.forUpdate();
      const row = await read.executeTakeFirstOrThrow();
      const current = JSON.parse(row.value) as unknown;
      const next = change(current === null ? undefined : current);
      await trx
        .updateTable('sharedDocument')
        .set({ value: JSON.stringify(next), updatedAt: now })
        .where('name', '=', name)
        .execute();
      return next;
    });
  }
}

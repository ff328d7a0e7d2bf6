import type { ShelfGroupRecord } from '#model';
import type { Kysely } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { Database } from '../schema.ts';

/**
 * Each reader's shelf groups and which books are in them. Every query is scoped by the user's id,
 * and memberships only ever name groups of that user, so no one reaches another's groups.
 */
export class ShelfGroupRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** The user's groups in their order, each with its books. */
  async list(userId: number): Promise<ShelfGroupRecord[]> {
    const groups = await this.#ctx.db
      .selectFrom('shelfGroup')
      .select(['id', 'name', 'position'])
      .where('userId', '=', userId)
      .orderBy('position')
      .orderBy('id')
      .execute();
    const members = await this.#ctx.db
      .selectFrom('shelfGroupBook')
      .innerJoin('shelfGroup', 'shelfGroup.id', 'shelfGroupBook.groupId')
      .select(['shelfGroupBook.groupId', 'shelfGroupBook.bookId'])
      .where('shelfGroup.userId', '=', userId)
      .orderBy('shelfGroupBook.bookId')
      .execute();
    return groups.map((g) => ({
      id: g.id,
      name: g.name,
      position: Number(g.position),
      bookIds: members.filter((m) => m.groupId === g.id).map((m) => m.bookId),
    }));
  }

  /** A new group at the end of the user's order; undefined when they have one of that name. */
  async create(
    userId: number,
    name: string,
    createdAt: number,
  ): Promise<ShelfGroupRecord | undefined> {
    if (await this.#named(userId, name)) return undefined;
    const last = await this.#ctx.db
      .selectFrom('shelfGroup')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('userId', '=', userId)
      .executeTakeFirst();
    const position = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1;
    const row = await this.#ctx.db
      .insertInto('shelfGroup')
      .values({ userId, name, position, createdAt })
      .returning(['id', 'name', 'position'])
      .executeTakeFirstOrThrow();
    return { id: row.id, name: row.name, position: Number(row.position), bookIds: [] };
  }

  /** 'renamed', 'missing' (not the user's group) or 'taken' (another of theirs has the name). */
  async rename(userId: number, id: number, name: string): Promise<'renamed' | 'missing' | 'taken'> {
    const owner = await this.#named(userId, name);
    if (owner !== undefined && owner !== id) return 'taken';
    const result = await this.#ctx.db
      .updateTable('shelfGroup')
      .set({ name })
      .where('id', '=', id)
      .where('userId', '=', userId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0 ? 'renamed' : 'missing';
  }

  /** Deletes one of the user's groups (its books stay on the shelf); false when not theirs. */
  async remove(userId: number, id: number): Promise<boolean> {
    return this.#ctx.db.transaction().execute(async (trx) => {
      if (!(await owns(trx, userId, id))) return false;
      // SQLite enforces the cascade only with foreign keys on; deleting members first holds on both.
      await trx.deleteFrom('shelfGroupBook').where('groupId', '=', id).execute();
      await trx.deleteFrom('shelfGroup').where('id', '=', id).execute();
      return true;
    });
  }

  /** Puts the user's groups in the order given; ids not theirs are ignored, the rest follow. */
  async reorder(userId: number, ids: readonly number[]): Promise<void> {
    const current = await this.list(userId);
    const known = new Set(current.map((g) => g.id));
    const order = [...new Set(ids.filter((id) => known.has(id)))];
    for (const g of current) if (!order.includes(g.id)) order.push(g.id);
    await this.#ctx.db.transaction().execute(async (trx) => {
      for (const [position, id] of order.entries()) {
        await trx
          .updateTable('shelfGroup')
          .set({ position })
          .where('id', '=', id)
          .where('userId', '=', userId)
          .execute();
      }
    });
  }

  /**
   * Makes `groupIds` the groups a book is in, for this user (ids not theirs are ignored, so a
   * book can never be put in another reader's group). Returns the ids kept.
   */
  async setBookGroups(
    userId: number,
    bookId: number,
    groupIds: readonly number[],
  ): Promise<number[]> {
    return this.#ctx.db.transaction().execute(async (trx) => {
      const owned = await trx
        .selectFrom('shelfGroup')
        .select('id')
        .where('userId', '=', userId)
        .execute();
      const ownIds = owned.map((g) => g.id);
      const wanted = [...new Set(groupIds)]
        .filter((id) => ownIds.includes(id))
        .sort((a, b) => a - b);
      if (ownIds.length > 0) {
        await trx
          .deleteFrom('shelfGroupBook')
          .where('bookId', '=', bookId)
          .where('groupId', 'in', ownIds)
          .execute();
      }
      if (wanted.length > 0) {
        await trx
          .insertInto('shelfGroupBook')
          .values(wanted.map((groupId) => ({ groupId, bookId })))
          .execute();
      }
      return wanted;
    });
  }

  /** Adds a book to one of the user's groups (again is fine); false when the group is not theirs. */
  async addBook(userId: number, groupId: number, bookId: number): Promise<boolean> {
    if (!(await owns(this.#ctx.db, userId, groupId))) return false;
    await this.#ctx.db
      .insertInto('shelfGroupBook')
      .values({ groupId, bookId })
      .onConflict((oc) => oc.columns(['groupId', 'bookId']).doNothing())
      .execute();
    return true;
  }

  async #named(userId: number, name: string): Promise<number | undefined> {
    const row = await this.#ctx.db
      .selectFrom('shelfGroup')
      .select('id')
      .where('userId', '=', userId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.id;
  }
}

/** Whether the group is the user's. */
async function owns(db: Kysely<Database>, userId: number, id: number): Promise<boolean> {
  const row = await db
    .selectFrom('shelfGroup')
    .select('id')
    .where('id', '=', id)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

import type { Selectable } from 'kysely';
import { LinhaiError, userNameKey } from '#model';
import type { StoreContext } from '../context.ts';
import type { UserTable } from '../schema.ts';
import { opt, parseJson } from '../rows.ts';
import type { SessionRow, UserRow } from '../rows.ts';

/** Readers and administrators. Passwords arrive already hashed (scrypt, by the caller). */
export class UserRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Creates a user; a taken name, or one that looks the same (`userNameKey`), is a `conflict`. */
  async create(input: { name: string; passwordHash?: string; role?: string }): Promise<UserRow> {
    const row = await this.#ctx.db
      .insertInto('user')
      .values({
        name: input.name,
        nameKey: userNameKey(input.name),
        passwordHash: input.passwordHash ?? null,
        role: input.role ?? 'reader',
        settings: '{}',
        createdAt: this.#ctx.clock.now(),
      })
      // No conflict target: the name's and the name key's unique indexes both count.
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      throw new LinhaiError('conflict', `the user name "${input.name}" is taken`, {
        details: { name: input.name },
      });
    }
    return toUser(row);
  }

  async get(id: number): Promise<UserRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('user')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toUser(row);
  }

  /** The user of exactly this name, else the one whose name looks the same (`ALICE`: `alice`). */
  async getByName(name: string): Promise<UserRow | undefined> {
    const rows = await this.#ctx.db
      .selectFrom('user')
      .selectAll()
      .where((eb) => eb.or([eb('name', '=', name), eb('nameKey', '=', userNameKey(name))]))
      .execute();
    const row = rows.find((candidate) => candidate.name === name) ?? rows[0];
    return row && toUser(row);
  }

  async list(): Promise<UserRow[]> {
    const rows = await this.#ctx.db.selectFrom('user').selectAll().orderBy('id').execute();
    return rows.map(toUser);
  }

  async updateSettings(id: number, settings: Readonly<Record<string, unknown>>): Promise<void> {
    await this.#ctx.db
      .updateTable('user')
      .set({ settings: JSON.stringify(settings) })
      .where('id', '=', id)
      .execute();
  }

  async setPasswordHash(id: number, passwordHash: string): Promise<void> {
    await this.#ctx.db.updateTable('user').set({ passwordHash }).where('id', '=', id).execute();
  }

  async remove(id: number): Promise<void> {
    await this.#ctx.db.deleteFrom('user').where('id', '=', id).execute();
  }
}

/** Login sessions, keyed by a hash of the token. */
export class SessionRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async create(session: { id: string; userId: number; expiresAt: number }): Promise<SessionRow> {
    const row = { ...session, createdAt: this.#ctx.clock.now() };
    await this.#ctx.db.insertInto('session').values(row).execute();
    return row;
  }

  /** The session if it exists and has not expired at `now`. */
  async get(id: string, now: number): Promise<SessionRow | undefined> {
    return this.#ctx.db
      .selectFrom('session')
      .selectAll()
      .where('id', '=', id)
      .where('expiresAt', '>', now)
      .executeTakeFirst();
  }

  async remove(id: string): Promise<void> {
    await this.#ctx.db.deleteFrom('session').where('id', '=', id).execute();
  }

  /** Deletes sessions expired at `now`; returns how many. */
  async removeExpired(now: number): Promise<number> {
    const result = await this.#ctx.db
      .deleteFrom('session')
      .where('expiresAt', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toUser(row: Selectable<UserTable>): UserRow {
  return {
    id: row.id,
    name: row.name,
    passwordHash: opt(row.passwordHash),
    role: row.role,
    settings: parseJson(row.settings, {}),
    createdAt: row.createdAt,
  };
}

import type { StoreContext } from '../context.ts';

/** A jar as stored: its version (0 when it has never been written) and its unexpired cookies. */
export interface StoredCookieJar {
  readonly version: number;
  /** Each cookie as its owner serialised it (the store keeps opaque text). */
  readonly cookies: readonly string[];
}

/** One cookie set or removed: `cookie` null removes it. */
export interface CookieChange {
  /** What identifies a cookie in its jar (domain, path and name). */
  readonly cookieKey: string;
  readonly cookie: string | null;
  /** When it expires (ms); null for a session cookie. */
  readonly expiresAt?: number | null;
}

/**
 * Cookie jars shared by every process of the installation (migration 015). A jar's version moves
 * on every save, so a process can keep the jar in memory and ask only for the version.
 */
export class CookieJarRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** The jar's version: 0 when it was never written. One indexed read. */
  async version(jarKey: string): Promise<number> {
    const row = await this.#ctx.db
      .selectFrom('cookieJar')
      .select('version')
      .where('jarKey', '=', jarKey)
      .executeTakeFirst();
    return row ? Number(row.version) : 0;
  }

  /** The jar's version and its cookies unexpired at `now`, read together. */
  async load(jarKey: string, now: number): Promise<StoredCookieJar> {
    return this.#ctx.db.transaction().execute(async (trx) => {
      const jar = await trx
        .selectFrom('cookieJar')
        .select('version')
        .where('jarKey', '=', jarKey)
        .executeTakeFirst();
      if (!jar) return { version: 0, cookies: [] };
      const rows = await trx
        .selectFrom('cookieJarCookie')
        .select('cookie')
        .where('jarKey', '=', jarKey)
        .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', now)]))
        .orderBy('cookieKey')
        .execute();
      return { version: Number(jar.version), cookies: rows.map((r) => r.cookie) };
    });
  }

  /**
   * Applies the changes, drops the jar's expired cookies and bumps its version (atomically: a
   * reader sees all of a save or none). Returns the new version.
   */
  async save(jarKey: string, changes: readonly CookieChange[], now: number): Promise<number> {
    return this.#ctx.db.transaction().execute(async (trx) => {
      // The upsert takes the jar row's lock first, so concurrent saves of one jar run one by one.
      await trx
        .insertInto('cookieJar')
        .values({ jarKey, version: 1, updatedAt: now })
        .onConflict((oc) =>
          oc.column('jarKey').doUpdateSet((eb) => ({
            version: eb('cookieJar.version', '+', 1),
            updatedAt: now,
          })),
        )
        .execute();
      for (const change of changes) {
        if (change.cookie === null) {
          await trx
            .deleteFrom('cookieJarCookie')
            .where('jarKey', '=', jarKey)
            .where('cookieKey', '=', change.cookieKey)
            .execute();
          continue;
        }
        const { cookieKey, cookie } = change;
        const expiresAt = change.expiresAt ?? null;
        await trx
          .insertInto('cookieJarCookie')
          .values({ jarKey, cookieKey, cookie, expiresAt })
          .onConflict((oc) =>
            oc.columns(['jarKey', 'cookieKey']).doUpdateSet({ cookie, expiresAt }),
          )
          .execute();
      }
      await trx
        .deleteFrom('cookieJarCookie')
        .where('jarKey', '=', jarKey)
        .where('expiresAt', '<=', now)
        .execute();
      const row = await trx
        .selectFrom('cookieJar')
        .select('version')
        .where('jarKey', '=', jarKey)
        .executeTakeFirstOrThrow();
      return Number(row.version);
    });
  }

  /** Empties the jar (its version still moves, so every process drops its copy). */
  async clear(jarKey: string, now: number): Promise<void> {
    await this.#ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('cookieJarCookie').where('jarKey', '=', jarKey).execute();
      await trx
        .updateTable('cookieJar')
        .set((eb) => ({ version: eb('version', '+', 1), updatedAt: now }))
        .where('jarKey', '=', jarKey)
        .execute();
    });
  }
}

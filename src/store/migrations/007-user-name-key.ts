import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { userNameKey } from '#model';

/*
 * Each user name's comparison form (NFKC + case fold), unique, so look-alike names (`ALICE` beside
 * `alice`, full-width `ｒｏｏｔ` beside `root`) cannot be registered. Accounts that already
 * collide keep working by their exact name: the later ones get no key (NULLs never collide).
 */
export function userNameKeyMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('user').addColumn('name_key', 'text').execute();
      const users = await sql<{
        id: number;
        name: string;
      }>`select id, name from "user" order by id`.execute(db);
      const taken = new Set<string>();
      for (const user of users.rows) {
        const key = userNameKey(user.name);
        if (taken.has(key)) continue;
        taken.add(key);
        await sql`update "user" set name_key = ${key} where id = ${user.id}`.execute(db);
      }
      await db.schema
        .createIndex('user_name_fold')
        .on('user')
        .column('name_key')
        .unique()
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('user_name_fold').execute();
      await db.schema.alterTable('user').dropColumn('name_key').execute();
    },
  };
}

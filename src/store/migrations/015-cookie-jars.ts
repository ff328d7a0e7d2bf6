import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect/index.ts';

/*
 * Cookie jars in the store (issue 21), so every process of an installation shares them: a script
 * challenge passed or a login made by one worker serves all. One row per cookie (two processes
 * setting different cookies never overwrite each other's), and one row per jar whose version is
 * bumped on every change: a process keeps a jar in memory and only re-reads it when the version moved.
 */
export function cookieJarsMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('cookie_jar')
        .addColumn('jar_key', 'text', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', caps.timestampType, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('cookie_jar_cookie')
        .addColumn('jar_key', 'text', (c) =>
          c.notNull().references('cookie_jar.jar_key').onDelete('cascade'),
        )
        .addColumn('cookie_key', 'text', (c) => c.notNull())
        .addColumn('cookie', 'text', (c) => c.notNull())
        .addColumn('expires_at', caps.timestampType)
        .addPrimaryKeyConstraint('cookie_jar_cookie_pk', ['jar_key', 'cookie_key'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('cookie_jar_cookie').execute();
      await db.schema.dropTable('cookie_jar').execute();
    },
  };
}

import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect/index.ts';

/*
 * Source logins (issue 21): the loginUi fields a user filled in for a source, per user and per
 * source, sealed (AES-256-GCM with the instance key) before they reach the store — the store keeps
 * opaque text and never sees a password.
 */
export function sourceLoginsMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('source_login')
        .addColumn('user_id', 'integer', (c) =>
          c.notNull().references('user.id').onDelete('cascade'),
        )
        .addColumn('source_url', 'text', (c) => c.notNull())
        .addColumn('sealed', 'text', (c) => c.notNull())
        .addColumn('updated_at', caps.timestampType, (c) => c.notNull())
        .addPrimaryKeyConstraint('source_login_pk', ['user_id', 'source_url'])
        .execute();
      await db.schema
        .createIndex('source_login_source')
        .on('source_login')
        .columns(['source_url', 'updated_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('source_login').execute();
    },
  };
}

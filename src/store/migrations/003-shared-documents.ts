import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect/index.ts';

/*
 * Small JSON documents every process of an installation shares (instance settings, e-reader
 * credentials): kept here rather than in files of one machine's data folder.
 */
export function sharedDocumentsMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('shared_document')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', caps.timestampType, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('shared_document').execute();
    },
  };
}

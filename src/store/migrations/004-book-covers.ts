import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect/index.ts';

/*
 * The cover cache: one row per book, the image Linhai fetched once from the source so readers'
 * browsers, e-readers and EPUBs never ask the source's site themselves. A failed fetch is kept too
 * (no bytes, a failure and a retry time), so a missing cover is not fetched again on every view.
 */
export function bookCoversMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('book_cover')
        .addColumn('book_id', 'integer', (c) =>
          c.primaryKey().references('book.id').onDelete('cascade'),
        )
        .addColumn('source_url', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text')
        .addColumn('bytes', caps.bytesType)
        .addColumn('fetched_at', caps.timestampType, (c) => c.notNull())
        .addColumn('failure', 'text')
        .addColumn('retry_at', caps.timestampType)
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('book_cover').execute();
    },
  };
}

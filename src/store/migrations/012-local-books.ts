import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect/index.ts';

/*
 * Local books (issue 22): a book a reader uploaded as a TXT or an EPUB. The book itself is an
 * ordinary `book` row with its chapters and their text in `content` (so reading, search in the
 * book, positions and export work as for any book); this row marks it as that reader's own —
 * private to them, never chased — and keeps what a re-split needs: the TXT's decoded text and the
 * table-of-contents rule that split it.
 */
export function localBooksMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('local_book')
        .addColumn('book_id', 'integer', (c) =>
          c.primaryKey().references('book.id').onDelete('cascade'),
        )
        .addColumn('user_id', 'integer', (c) =>
          c.notNull().references('user.id').onDelete('cascade'),
        )
        .addColumn('file_name', 'text', (c) => c.notNull())
        /** txt | epub */
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('encoding', 'text')
        .addColumn('rule_id', 'integer')
        /** The TXT's decoded text (null for an EPUB): a re-split with another rule reads it. */
        .addColumn('text', 'text')
        .addColumn('created_at', caps.timestampType, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('local_book_user').on('local_book').column('user_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('local_book').execute();
    },
  };
}

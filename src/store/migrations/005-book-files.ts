import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect/index.ts';

/*
 * Whole-book files (EPUB, TXT): one row per book and format, built by an `export` job or by an
 * OPDS download. The bytes live in the database, not on a disk, so every `linhai serve` and
 * `linhai worker` of a scaled-out installation sees the same files. `chapters` is the TOC length
 * the file was built from (a book that gained chapters has a stale file); `done_chapters` is the
 * progress of a build, written every few chapters.
 */
export function bookFilesMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('book_file')
        .addColumn('book_id', 'integer', (c) =>
          c.notNull().references('book.id').onDelete('cascade'),
        )
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('chapters', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('done_chapters', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('bytes', caps.bytesType)
        .addColumn('size', 'integer')
        .addColumn('digest', 'text')
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('created_at', caps.timestampType, (c) => c.notNull())
        .addColumn('updated_at', caps.timestampType, (c) => c.notNull())
        .addPrimaryKeyConstraint('book_file_pk', ['book_id', 'format'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('book_file').execute();
    },
  };
}

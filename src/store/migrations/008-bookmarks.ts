import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect/index.ts';

/*
 * Bookmarks: a reader's marked places in a book, each with an optional note, kept on the server
 * so every device of the reader sees them (like the reading position). A place is kept the way a
 * position is: chapter key (and title, to find it again), anchor text and character offset.
 */
export function bookmarksMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('bookmark')
        .addColumn('id', caps.serialIdType, (col) => {
          const key = col.primaryKey();
          return caps.needsAutoIncrementKeyword ? key.autoIncrement() : key;
        })
        .addColumn('user_id', 'integer', (c) =>
          c.notNull().references('user.id').onDelete('cascade'),
        )
        .addColumn('book_id', 'integer', (c) =>
          c.notNull().references('book.id').onDelete('cascade'),
        )
        .addColumn('chapter_key', 'text', (c) => c.notNull())
        .addColumn('chapter_title', 'text', (c) => c.notNull())
        .addColumn('anchor', 'text', (c) => c.notNull())
        .addColumn('offset_chars', 'integer', (c) => c.notNull())
        .addColumn('excerpt', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', caps.timestampType, (c) => c.notNull())
        .addColumn('updated_at', caps.timestampType, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('bookmark_user_book')
        .on('bookmark')
        .columns(['user_id', 'book_id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('bookmark').execute();
    },
  };
}

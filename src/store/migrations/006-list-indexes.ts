import type { Kysely, Migration } from 'kysely';

/*
 * The home page's lists are queries: latest updates and newest novels order books by time, and
 * the most-bookmarked ranking and "readers of your books also keep" count shelves by book.
 */
export function listIndexesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('book_updated').on('book').column('updated_at').execute();
      await db.schema.createIndex('book_created').on('book').column('created_at').execute();
      await db.schema.createIndex('shelf_book').on('shelf').column('book_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('shelf_book').execute();
      await db.schema.dropIndex('book_created').execute();
      await db.schema.dropIndex('book_updated').execute();
    },
  };
}

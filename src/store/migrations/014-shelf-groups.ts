import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect/index.ts';

/*
 * Shelf groups (issue 20): a reader's own named groups of shelved books, in the reader's order. A
 * book may be in several groups at once, as Legado's bit-mask groups allow, so membership is its
 * own table. Deleting a group deletes its memberships only; the books stay on the shelf.
 * Numbered 014, not 009: Kysely refuses an unapplied migration older than one already run.
 */
export function shelfGroupsMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('shelf_group')
        .addColumn('id', caps.serialIdType, (col) => {
          const key = col.primaryKey();
          return caps.needsAutoIncrementKeyword ? key.autoIncrement() : key;
        })
        .addColumn('user_id', 'integer', (c) =>
          c.notNull().references('user.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('created_at', caps.timestampType, (c) => c.notNull())
        .addUniqueConstraint('shelf_group_user_name', ['user_id', 'name'])
        .execute();
      await db.schema
        .createTable('shelf_group_book')
        .addColumn('group_id', 'integer', (c) =>
          c.notNull().references('shelf_group.id').onDelete('cascade'),
        )
        .addColumn('book_id', 'integer', (c) =>
          c.notNull().references('book.id').onDelete('cascade'),
        )
        .addPrimaryKeyConstraint('shelf_group_book_pk', ['group_id', 'book_id'])
        .execute();
      await db.schema
        .createIndex('shelf_group_book_book')
        .on('shelf_group_book')
        .column('book_id')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('shelf_group_book').execute();
      await db.schema.dropTable('shelf_group').execute();
    },
  };
}

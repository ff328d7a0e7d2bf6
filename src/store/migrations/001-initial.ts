import type { CreateTableBuilder, Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect/index.ts';

/* The first schema: every table of DESIGN.md's data model except the job queue's. */
export function initialMigration(caps: DialectCapabilities): Migration {
  const ts = caps.timestampType;
  return {
    async up(db: Kysely<unknown>) {
      // Every entity table starts with an auto-numbered id; the one dialect difference lives in caps.
      const id = <TB extends string>(builder: CreateTableBuilder<TB, never>) =>
        builder.addColumn('id', caps.serialIdType, (col) => {
          const key = col.primaryKey();
          return caps.needsAutoIncrementKeyword ? key.autoIncrement() : key;
        });

      await id(db.schema.createTable('source'))
        .addColumn('url', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('group_name', 'text')
        .addColumn('type', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rules', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('weight', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('can_search', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('capabilities', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('health', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('recent_latencies', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('latency_p50_ms', 'integer')
        .addColumn('latency_p95_ms', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('last_error_at', ts)
        .addColumn('breaker_state', 'text', (c) => c.notNull().defaultTo('closed'))
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();

      await id(db.schema.createTable('book'))
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('cover_url', 'text')
        .addColumn('intro', 'text')
        .addColumn('kind', 'text')
        .addColumn('status', 'text')
        .addColumn('words', 'integer')
        // Not a foreign key: chapter references book, and a cycle would complicate deletes.
        .addColumn('latest_chapter_id', 'integer')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();

      await id(db.schema.createTable('listing'))
        .addColumn('book_id', 'integer', (c) =>
          c.notNull().references('book.id').onDelete('cascade'),
        )
        .addColumn('source_id', 'integer', (c) =>
          c.notNull().references('source.id').onDelete('cascade'),
        )
        .addColumn('book_url', 'text', (c) => c.notNull())
        .addColumn('toc_url', 'text')
        .addColumn('latest_title', 'text')
        .addColumn('chapter_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('probe_etag', 'text')
        .addColumn('probe_last_modified', 'text')
        .addColumn('checked_at', ts)
        .addColumn('changed_at', ts)
        .addColumn('next_check_at', ts)
        .addColumn('cadence', 'text')
        .addColumn('lag', 'text')
        .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addUniqueConstraint('listing_source_url', ['source_id', 'book_url'])
        .execute();
      await db.schema.createIndex('listing_book').on('listing').column('book_id').execute();
      await db.schema.createIndex('listing_due').on('listing').column('next_check_at').execute();

      await id(db.schema.createTable('chapter'))
        .addColumn('book_id', 'integer', (c) =>
          c.notNull().references('book.id').onDelete('cascade'),
        )
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('ordinal', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('norm_title', 'text')
        .addColumn('number', 'integer')
        .addColumn('volume', 'integer')
        .addColumn('volume_title', 'text')
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('chapter'))
        .addColumn('is_extra', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('first_seen_at', ts, (c) => c.notNull())
        .addColumn('first_listing_id', 'integer')
        .addUniqueConstraint('chapter_book_key', ['book_id', 'key'])
        .execute();
      await db.schema
        .createIndex('chapter_book_ordinal')
        .on('chapter')
        .columns(['book_id', 'ordinal'])
        .execute();

      await db.schema
        .createTable('chapter_link')
        .addColumn('chapter_id', 'integer', (c) =>
          c.notNull().references('chapter.id').onDelete('cascade'),
        )
        .addColumn('listing_id', 'integer', (c) =>
          c.notNull().references('listing.id').onDelete('cascade'),
        )
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('first_seen_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('chapter_link_pk', ['chapter_id', 'listing_id'])
        .execute();
      await db.schema
        .createIndex('chapter_link_listing')
        .on('chapter_link')
        .column('listing_id')
        .execute();

      await db.schema
        .createTable('content')
        .addColumn('chapter_id', 'integer', (c) =>
          c.notNull().references('chapter.id').onDelete('cascade'),
        )
        .addColumn('source_id', 'integer', (c) =>
          c.notNull().references('source.id').onDelete('cascade'),
        )
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('fetched_at', ts, (c) => c.notNull())
        .addColumn('quality', 'text')
        .addPrimaryKeyConstraint('content_pk', ['chapter_id', 'source_id'])
        .execute();

      await id(db.schema.createTable('user'))
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text')
        .addColumn('role', 'text', (c) => c.notNull().defaultTo('reader'))
        .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('session')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) =>
          c.notNull().references('user.id').onDelete('cascade'),
        )
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('expires_at', ts, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('shelf')
        .addColumn('user_id', 'integer', (c) =>
          c.notNull().references('user.id').onDelete('cascade'),
        )
        .addColumn('book_id', 'integer', (c) =>
          c.notNull().references('book.id').onDelete('cascade'),
        )
        .addColumn('added_at', ts, (c) => c.notNull())
        .addColumn('chapter_key', 'text')
        .addColumn('chapter_title', 'text')
        .addColumn('anchor', 'text')
        .addColumn('offset_chars', 'integer')
        .addColumn('read_at', ts)
        .addPrimaryKeyConstraint('shelf_pk', ['user_id', 'book_id'])
        .execute();

      await id(db.schema.createTable('replace_rule'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('group_name', 'text')
        .addColumn('pattern', 'text', (c) => c.notNull())
        .addColumn('replacement', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('is_regex', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('scope', 'text')
        .addColumn('scope_title', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('scope_content', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('exclude_scope', 'text')
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('timeout_ms', 'integer', (c) => c.notNull().defaultTo(3000))
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      // Shaped as the cleaner's BoilerplateStore port: the id derives from source key + skeleton.
      await db.schema
        .createTable('boilerplate')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source_key', 'text', (c) => c.notNull())
        .addColumn('skeleton', 'text', (c) => c.notNull())
        .addColumn('example', 'text', (c) => c.notNull())
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('suggested'))
        .addColumn('support', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('boilerplate_source')
        .on('boilerplate')
        .column('source_key')
        .execute();
    },
  };
}

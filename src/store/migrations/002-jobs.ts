import { sql } from 'kysely';
import type { CreateTableBuilder, Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect/index.ts';

/* The embedded job queue's table (src/jobs/embedded-queue.ts). BullMQ keeps its own in Redis. */
export function jobsMigration(caps: DialectCapabilities): Migration {
  const ts = caps.timestampType;
  return {
    async up(db: Kysely<unknown>) {
      const id = <TB extends string>(builder: CreateTableBuilder<TB, never>) =>
        builder.addColumn('id', caps.serialIdType, (col) => {
          const key = col.primaryKey();
          return caps.needsAutoIncrementKeyword ? key.autoIncrement() : key;
        });
      await id(db.schema.createTable('job'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('run_at', ts, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('locked_by', 'text')
        .addColumn('locked_until', ts)
        .addColumn('last_error', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .addColumn('finished_at', ts)
        .execute();
      // One planned job per piece of work: the same type and key cannot be waiting or active twice.
      await db.schema
        .createIndex('job_pending_key')
        .on('job')
        .columns(['type', 'key'])
        .unique()
        .where(sql.ref('state'), 'in', ['waiting', 'active'])
        .execute();
      await db.schema
        .createIndex('job_due')
        .on('job')
        .columns(['state', 'type', 'priority', 'run_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('job').execute();
    },
  };
}

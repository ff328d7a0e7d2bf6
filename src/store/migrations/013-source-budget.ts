import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect/index.ts';

/*
 * An administrator's raised politeness budget per source (issue 18): kept apart from the source's
 * JSON, which the source's author writes (a source must not raise its own budget) and a re-import
 * replaces. Absent columns keep the host default.
 */
export function sourceBudgetMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('source_budget')
        .addColumn('source_url', 'text', (c) => c.primaryKey())
        .addColumn('concurrency', 'integer')
        .addColumn('min_interval_ms', 'integer')
        .addColumn('updated_at', caps.timestampType, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('source_budget').execute();
    },
  };
}

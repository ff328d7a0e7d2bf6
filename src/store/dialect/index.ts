import type { Dialect } from 'kysely';
import { postgresCapabilities, sqliteCapabilities } from './capabilities.ts';
import type { DialectCapabilities } from './capabilities.ts';
import { createPostgresDialect } from './postgres.ts';
import { createSqliteDialect } from './sqlite.ts';

export type { DialectCapabilities } from './capabilities.ts';

export interface DialectChoice {
  readonly dialect: Dialect;
  readonly capabilities: DialectCapabilities;
}

/** The only place that picks a backend: a `postgres://` URL means PostgreSQL, else SQLite. */
export function chooseDialect(options: {
  url?: string;
  dataDir?: string;
  schema?: string;
}): DialectChoice {
  // postgres://user@host:5432/db or postgresql://…
  if (options.url !== undefined && /^postgres(ql)?:\/\//.test(options.url)) {
    const pgOptions =
      options.schema === undefined
        ? { url: options.url }
        : { url: options.url, schema: options.schema };
    return {
      dialect: createPostgresDialect(pgOptions).dialect,
      capabilities: postgresCapabilities,
    };
  }
  // `:memory:`, or the path of an SQLite file (what `linhai migrate --from` takes).
  const file = options.url === ':memory:' || options.url?.endsWith('.db') ? options.url : undefined;
  const sqliteOptions: { dataDir?: string; file?: string } = {};
  if (file !== undefined) sqliteOptions.file = file;
  else if (options.dataDir !== undefined) sqliteOptions.dataDir = options.dataDir;
  return { dialect: createSqliteDialect(sqliteOptions), capabilities: sqliteCapabilities };
}

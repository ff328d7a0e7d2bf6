import type pg from 'pg';
import { CompiledQuery, PostgresDialect } from 'kysely';
import type { Dialect } from 'kysely';
import { lazyRequire } from '#model';

// Loaded when an installation uses PostgreSQL, not by every store import (SQLite needs none of it).
const postgres = lazyRequire<typeof pg>('pg');

// OIDs of int8 (bigint, also count(*)) and numeric (avg). pg returns both as strings to keep
// precision; our values are millisecond timestamps and counts, well inside 2^53.
const INT8_OID = 20;
const NUMERIC_OID = 1700;

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return postgres().types.getTypeParser(oid, format);
  },
};

/**
 * A pool for `postgres://…`. `schema` sets the search_path of every connection, so tests can
 * run in a fresh schema of their own.
 */
export function createPostgresDialect(options: {
  url: string;
  schema?: string;
  maxConnections?: number;
}): {
  dialect: Dialect;
} {
  const pool = new (postgres().Pool)({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    // While PostgreSQL is unreachable a request fails within seconds instead of waiting (this also
    // bounds the wait for a free connection, so it is generous for a loaded machine).
    connectionTimeoutMillis: 10_000,
    types: types as pg.CustomTypesConfig,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // A restart of the server ends every connection: an idle one reports it on the pool, one in use
  // on its client (its query fails as well). Without listeners the 'error' event kills the
  // process; with them the broken connection is dropped and the next query opens a new one.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const schema = options.schema;
  return {
    dialect: new PostgresDialect({
      pool,
      // A fresh test schema exists before the first query runs in it. The name is ours (see
      // openStore), never user input, and is checked there.
      ...(schema === undefined
        ? {}
        : {
            onCreateConnection: async (connection) =>
              void (await connection.executeQuery(createSchemaQuery(schema))),
          }),
    }),
  };
}

function createSchemaQuery(schema: string) {
  return CompiledQuery.raw(`create schema if not exists "${schema}"`);
}

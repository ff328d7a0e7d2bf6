/**
 * Pins what each dialect is sent. The migration's DDL differs only where the capability flags
 * say (id column, timestamp type), and repository queries differ only in placeholders. Compiled
 * against Kysely's DummyDriver: no database needed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CamelCasePlugin,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { Dialect } from 'kysely';
import { systemClock } from '#model';
import { postgresCapabilities, sqliteCapabilities } from './dialect/capabilities.ts';
import type { DialectCapabilities } from './dialect/capabilities.ts';
import { initialMigration } from './migrations/001-initial.ts';
import { ShelfRepository } from './repositories/shelf-repository.ts';
import { ListingRepository } from './repositories/listing-repository.ts';
import type { Database } from './schema.ts';

function recorder(kind: 'sqlite' | 'postgres'): { db: Kysely<Database>; sql: string[] } {
  const sql: string[] = [];
  const dialect: Dialect =
    kind === 'sqlite'
      ? {
          createAdapter: () => new SqliteAdapter(),
          createDriver: () => new DummyDriver(),
          createIntrospector: (db) => new SqliteIntrospector(db),
          createQueryCompiler: () => new SqliteQueryCompiler(),
        }
      : {
          createAdapter: () => new PostgresAdapter(),
          createDriver: () => new DummyDriver(),
          createIntrospector: (db) => new PostgresIntrospector(db),
          createQueryCompiler: () => new PostgresQueryCompiler(),
        };
  const db = new Kysely<Database>({
    dialect,
    plugins: [new CamelCasePlugin()],
    log: (event) => void sql.push(event.query.sql),
  });
  return { db, sql };
}

async function ddl(kind: 'sqlite' | 'postgres', caps: DialectCapabilities): Promise<string[]> {
  const { db, sql } = recorder(kind);
  await initialMigration(caps).up(db as unknown as Kysely<unknown>);
  return sql;
}

test('the migration differs between dialects only in the id column and the timestamp type', async () => {
  const sqlite = await ddl('sqlite', sqliteCapabilities);
  const postgres = await ddl('postgres', postgresCapabilities);
  assert.equal(sqlite.length, postgres.length);
  assert.ok(
    sqlite[0]?.startsWith(
      'create table "source" ("id" integer primary key autoincrement, "url" text not null unique',
    ),
  );
  assert.ok(
    postgres[0]?.startsWith(
      'create table "source" ("id" serial primary key, "url" text not null unique',
    ),
  );
  assert.match(
    postgres.find((s) => s.startsWith('create table "book"')) ?? '',
    /"created_at" bigint not null/,
  );
  const neutral = (s: string) =>
    s
      .replace('"id" integer primary key autoincrement', '"id" <serial>')
      .replace('"id" serial primary key', '"id" <serial>')
      .replaceAll(/ (bigint|integer)/g, ' <int>');
  assert.deepEqual(sqlite.map(neutral), postgres.map(neutral));
});

test('repository queries are the same SQL on both dialects but for placeholders', async () => {
  const run = async (kind: 'sqlite' | 'postgres') => {
    const { db, sql } = recorder(kind);
    const caps = kind === 'sqlite' ? sqliteCapabilities : postgresCapabilities;
    const ctx = { db, caps, clock: systemClock };
    await new ShelfRepository(ctx).list(1);
    await new ListingRepository(ctx).listDue(0, 10);
    await new ListingRepository(ctx).recordError(1, 'x');
    return sql;
  };
  const sqlite = await run('sqlite');
  const postgres = await run('postgres');
  assert.deepEqual(
    postgres.map((s) => s.replaceAll(/\$\d+/g, '?')),
    sqlite,
  );
  // The unread count: chapters after the one the position names by key (-1 when none).
  assert.match(
    sqlite[0] ?? '',
    /"chapter"\."ordinal" > coalesce\(\(select "current"\."ordinal" from "chapter" as "current" where "current"\."book_id" = "shelf"\."book_id" and "current"\."key" = "shelf"\."chapter_key"\), -1\)\) as "unread_count"/,
  );
});

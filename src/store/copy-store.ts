import { Kysely, sql } from 'kysely';
import { LinhaiError } from '#model';
import { chooseDialect } from './dialect/index.ts';
import { openStore } from './open-store.ts';
import type { StoreOptions } from './open-store.ts';

/**
 * Tables in dependency order: each after the tables its foreign keys point to. Tables a later
 * migration adds and this list does not know yet are copied after these, in name order.
 */
const tableOrder = [
  'source',
  'book',
  'listing',
  'chapter',
  'chapter_link',
  'content',
  'user',
  'session',
  'shelf',
  'replace_rule',
  'boilerplate',
  'job',
  'shared_document',
  'book_cover',
  'book_file',
  'bookmark',
];

export interface CopyProgress {
  readonly table: string;
  readonly copied: number;
  readonly total: number;
}

export interface CopyStoreOptions {
  /** Rows per insert (default 500; fewer when a table has many columns). */
  readonly batchSize?: number;
  /** Empty a target that already holds rows, instead of refusing. */
  readonly force?: boolean;
  readonly onProgress?: (progress: CopyProgress) => void;
}

export interface CopyReport {
  /** Every table copied, in order, with its row count (the same on both sides). */
  readonly tables: readonly { readonly name: string; readonly rows: number }[];
}

// The copy reads and writes raw rows (snake_case columns), table by table, whatever their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Copies an SQLite store into another store (PostgreSQL), row for row with the same ids: both
 * are migrated to the newest schema first, tables go in dependency order and in batches, the
 * target's id sequences are moved past the copied ids, and the row counts are compared at the
 * end. A target with rows is refused (`conflict`) unless `force`, which empties it first.
 */
export async function copyStore(
  from: StoreOptions,
  to: StoreOptions,
  options: CopyStoreOptions = {},
): Promise<CopyReport> {
  for (const side of [from, to]) {
    const store = openStore(side);
    try {
      await store.migrate();
    } finally {
      await store.close();
    }
  }
  const source = rawDb(from);
  const target = rawDb(to);
  try {
    const { tables, withId } = await tablesOf(source);
    await emptyTarget(target, tables, options.force === true);
    const report: { name: string; rows: number }[] = [];
    for (const table of tables) {
      const rows = await copyTable(source, target, table, options);
      if (withId.has(table)) await resetSequence(target, table, to);
      report.push({ name: table, rows });
    }
    for (const { name, rows } of report) {
      const arrived = await countRows(target, name);
      if (arrived !== rows)
        throw new LinhaiError('internal', `${name}: ${rows} rows read but ${arrived} arrived`, {
          details: { table: name, read: rows, arrived },
        });
    }
    return { tables: report };
  } finally {
    await source.destroy();
    await target.destroy();
  }
}

function rawDb(options: StoreOptions): AnyDb {
  const { dialect } = chooseDialect({
    ...(options.url === undefined ? {} : { url: options.url }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.schema === undefined ? {} : { schema: options.schema }),
  });
  return new Kysely({ dialect });
}

/** The source's tables in copy order; `withId`: those whose key is an auto-numbered `id`. */
async function tablesOf(db: AnyDb): Promise<{ tables: string[]; withId: Set<string> }> {
  const found = (await db.introspection.getTables()).filter(
    (t) => !t.name.startsWith('kysely_') && !t.name.startsWith('sqlite_'),
  );
  const names = found.map((t) => t.name);
  const withId = new Set(
    found.filter((t) => t.columns.some((c) => c.name === 'id')).map((t) => t.name),
  );
  const known = tableOrder.filter((name) => names.includes(name));
  return {
    tables: [...known, ...names.filter((name) => !tableOrder.includes(name)).sort()],
    withId,
  };
}

async function countRows(db: AnyDb, table: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function emptyTarget(
  target: AnyDb,
  tables: readonly string[],
  force: boolean,
): Promise<void> {
  const filled: string[] = [];
  for (const table of tables) if ((await countRows(target, table)) > 0) filled.push(table);
  if (filled.length === 0) return;
  if (!force)
    throw new LinhaiError(
      'conflict',
      `the target database already holds data (${filled.join(', ')}); use --force to replace it`,
      { details: { tables: filled.join(',') } },
    );
  // Children first, so no foreign key points at a deleted row.
  for (const table of [...tables].reverse()) await target.deleteFrom(table).execute();
}

/** Copies one table in primary-key order, a batch at a time; returns the rows copied. */
async function copyTable(
  source: AnyDb,
  target: AnyDb,
  table: string,
  options: CopyStoreOptions,
): Promise<number> {
  const total = await countRows(source, table);
  let copied = 0;
  let after = Number.NEGATIVE_INFINITY;
  options.onProgress?.({ table, copied, total });
  for (;;) {
    // SQLite's rowid orders every table, whatever its key: a keyset walk without OFFSET scans.
    const rows = await source
      .selectFrom(table)
      .select(sql<number>`rowid`.as('__rowid'))
      .selectAll()
      .where(sql`rowid`, '>', after)
      .orderBy(sql`rowid`)
      .limit(options.batchSize ?? 500)
      .execute();
    if (rows.length === 0) break;
    after = Number(rows.at(-1)!.__rowid);
    const values = rows.map(({ __rowid: _, ...row }) => row);
    const columns = Object.keys(values[0]!).length;
    // PostgreSQL takes at most 65,535 parameters a statement.
    const perInsert = Math.max(1, Math.floor(30_000 / columns));
    await target.transaction().execute(async (trx) => {
      for (let i = 0; i < values.length; i += perInsert)
        await trx
          .insertInto(table)
          .values(values.slice(i, i + perInsert))
          .execute();
    });
    copied += rows.length;
    options.onProgress?.({ table, copied, total });
  }
  return copied;
}

/** Moves the target's id sequence past the copied ids, so new rows do not collide with them. */
async function resetSequence(target: AnyDb, table: string, to: StoreOptions): Promise<void> {
  if (!to.url || !/^postgres(ql)?:\/\//.test(to.url)) return;
  const qualified = to.schema === undefined ? `"${table}"` : `"${to.schema}"."${table}"`;
  const { rows } = await sql<{ seq: string | null }>`
    select pg_get_serial_sequence(${qualified}, 'id') as seq`.execute(target);
  const seq = rows[0]?.seq;
  if (!seq) return;
  await sql`select setval(${seq}, coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(
    target,
  );
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { Dialect } from 'kysely';

/** Opens `<dataDir>/linhai.db` (or `:memory:`) with the pragmas a server wants. */
export function createSqliteDialect(options: { dataDir?: string; file?: string }): Dialect {
  const file =
    options.file ??
    (options.dataDir === undefined ? ':memory:' : join(options.dataDir, 'linhai.db'));
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  const database = new BetterSqlite3(file);
  // WAL lets readers run beside the one writer; NORMAL is durable enough under WAL (docs/stack.md §2.5).
  if (file !== ':memory:') database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  return new SqliteDialect({ database });
}

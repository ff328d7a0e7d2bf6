/**
 * What differs between the two backends, as flags. Queries and migrations read these flags and
 * never ask which database they run on (docs/style.md §7 "Two backends, one behaviour").
 */
export interface DialectCapabilities {
  /** Shown in logs and test names only; never branch on it. */
  readonly label: 'sqlite' | 'postgres';
  /** The column type of an auto-numbered primary key (`serial` on PostgreSQL). */
  readonly serialIdType: 'integer' | 'serial';
  /** Whether the key column also needs the AUTOINCREMENT keyword (SQLite; never reuse ids). */
  readonly needsAutoIncrementKeyword: boolean;
  /** The column type of a millisecond timestamp (64-bit on PostgreSQL). */
  readonly timestampType: 'integer' | 'bigint';
  /** The column type of raw bytes (cover images): SQLite's blob, PostgreSQL's bytea. */
  readonly bytesType: 'blob' | 'bytea';
  /** Most bind parameters one statement may carry; batch inserts are chunked below it. */
  readonly maxBindParameters: number;
  /**
   * `SELECT … FOR UPDATE` locks the rows a read-modify-write reads (PostgreSQL, many pooled
   * connections). SQLite has no row locks and needs none: one connection runs one transaction.
   */
  readonly supportsRowLocks: boolean;
}

export const sqliteCapabilities: DialectCapabilities = {
  label: 'sqlite',
  serialIdType: 'integer',
  needsAutoIncrementKeyword: true,
  timestampType: 'integer',
  bytesType: 'blob',
  // SQLite ≥ 3.32 allows 32,766; stay well below.
  maxBindParameters: 30_000,
  supportsRowLocks: false,
};

export const postgresCapabilities: DialectCapabilities = {
  label: 'postgres',
  serialIdType: 'serial',
  needsAutoIncrementKeyword: false,
  timestampType: 'bigint',
  bytesType: 'bytea',
  // The wire protocol counts parameters in an Int16.
  maxBindParameters: 60_000,
  supportsRowLocks: true,
};

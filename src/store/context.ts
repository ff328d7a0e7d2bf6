import type { Kysely } from 'kysely';
import type { Clock } from '#model';
import type { DialectCapabilities } from './dialect/index.ts';
import type { Database } from './schema.ts';

/** What every repository is built from. Internal to the store; never leaves it. */
export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly caps: DialectCapabilities;
  readonly clock: Clock;
}

/** Splits rows so that one statement stays under the dialect's bind-parameter limit. */
export function chunkRows<T>(
  rows: readonly T[],
  columnsPerRow: number,
  caps: DialectCapabilities,
): T[][] {
  const size = Math.max(
    1,
    Math.min(1000, Math.floor(caps.maxBindParameters / Math.max(1, columnsPerRow))),
  );
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

/**
 * An administrator's raised politeness budget for a source (`linhai sources budget`), as the
 * driver takes it; stored apart from the source's JSON so a source cannot raise its own.
 */
import type { RaisedBudget } from '#net';
import type { Store } from '#store';

export async function raisedBudgetOf(
  store: Store,
  sourceUrl: string,
): Promise<RaisedBudget | undefined> {
  const row = await store.sourceBudgets.get(sourceUrl);
  if (!row) return undefined;
  return {
    ...(row.concurrency !== null ? { concurrency: row.concurrency } : {}),
    ...(row.minIntervalMs !== null ? { minIntervalMs: row.minIntervalMs } : {}),
  };
}

/**
 * An administrator's raised politeness budget for a source: shown, raised or cleared by
 * `manageSourceBudget` (the one home `linhai sources budget` and the REST API both call), and read
 * by the driver gateway through `raisedBudgetOf`. Stored apart from the source's JSON, so a source
 * cannot raise its own; robots.txt (Disallow, Crawl-delay) and Retry-After still apply.
 */
import { LinhaiError } from '#model';
import type { Clock } from '#model';
import type { RaisedBudget } from '#net';
import type { Store } from '#store';

/** Above these a budget is no longer polite to anyone: a typo, not a choice. */
export const raisedBudgetLimits = { maxConcurrency: 64, maxIntervalMs: 60_000 } as const;

/** A new budget (a limit left out keeps the host default for it), or back to the host default. */
type SourceBudgetChange =
  { readonly clear: true } | { readonly concurrency?: number; readonly minIntervalMs?: number };

interface SourceBudgetView {
  /** The source's URL (its key). */
  readonly source: string;
  /** Undefined: the host default. */
  readonly budget:
    | {
        readonly concurrency: number | null;
        readonly minIntervalMs: number | null;
        readonly updatedAt: number;
      }
    | undefined;
}

interface SourceBudgetDeps {
  readonly store: Pick<Store, 'sourceBudgets'>;
  readonly catalog: {
    list(): Promise<ReadonlyArray<{ readonly bookSourceUrl: string; bookSourceName: string }>>;
  };
  readonly clock: Clock;
}

/** Shows (no change), raises or clears the budget of the source named `source` (name or URL). */
export async function manageSourceBudget(
  deps: SourceBudgetDeps,
  source: string,
  change?: SourceBudgetChange,
): Promise<SourceBudgetView> {
  if (change && !('clear' in change)) checkLimits(change);
  const all = await deps.catalog.list();
  const found = all.find((s) => s.bookSourceName === source || s.bookSourceUrl === source);
  if (!found)
    throw new LinhaiError('not-found', `no stored source named ${source}`, {
      details: { name: source },
    });
  const url = found.bookSourceUrl;
  if (change && 'clear' in change) await deps.store.sourceBudgets.remove(url);
  else if (change && (change.concurrency !== undefined || change.minIntervalMs !== undefined))
    await deps.store.sourceBudgets.put({
      sourceUrl: url,
      concurrency: change.concurrency ?? null,
      minIntervalMs: change.minIntervalMs ?? null,
      updatedAt: deps.clock.now(),
    });
  const row = await deps.store.sourceBudgets.get(url);
  return {
    source: url,
    budget: row && {
      concurrency: row.concurrency,
      minIntervalMs: row.minIntervalMs,
      updatedAt: row.updatedAt,
    },
  };
}

function checkLimits(change: { concurrency?: number; minIntervalMs?: number }): void {
  const { maxConcurrency, maxIntervalMs } = raisedBudgetLimits;
  const { concurrency, minIntervalMs } = change;
  if (
    concurrency !== undefined &&
    !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= maxConcurrency)
  )
    throw new LinhaiError(
      'invalid-input',
      `concurrency ${concurrency} is not a whole number from 1 to ${maxConcurrency}`,
      { details: { field: 'concurrency', concurrency } },
    );
  if (
    minIntervalMs !== undefined &&
    !(Number.isInteger(minIntervalMs) && minIntervalMs >= 0 && minIntervalMs <= maxIntervalMs)
  )
    throw new LinhaiError(
      'invalid-input',
      `the interval ${minIntervalMs} ms is not a whole number from 0 to ${maxIntervalMs}`,
      { details: { field: 'minIntervalMs', minIntervalMs } },
    );
}

export async function raisedBudgetOf(
  store: Pick<Store, 'sourceBudgets'>,
  sourceUrl: string,
): Promise<RaisedBudget | undefined> {
  const row = await store.sourceBudgets.get(sourceUrl);
  if (!row) return undefined;
  return {
    ...(row.concurrency !== null ? { concurrency: row.concurrency } : {}),
    ...(row.minIntervalMs !== null ? { minIntervalMs: row.minIntervalMs } : {}),
  };
}

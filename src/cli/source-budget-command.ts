/**
 * `linhai sources budget <source> [--concurrency n] [--interval-ms ms] [--clear]`: an
 * administrator raises a source's politeness budget (a site they run, or one that allows more),
 * shows it, or clears it. robots.txt (Disallow, Crawl-delay) and Retry-After still apply; requests
 * sent under a raised budget are counted in the network's health, as robots overrides are.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { LinhaiError } from '#model';
import { manageSourceBudget, raisedBudgetLimits } from '#app';
import type { CliContext } from './context.ts';
import { parsePositiveInt } from './parse-options.ts';
import { withApp } from './with-app.ts';

const { maxConcurrency, maxIntervalMs } = raisedBudgetLimits;

function parseInterval(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > maxIntervalMs)
    throw new InvalidArgumentError(`"${value}" is not a whole number of ms (0–${maxIntervalMs}).`);
  return n;
}

function describe(budget: { concurrency: number | null; minIntervalMs: number | null }): string {
  const parts = [
    budget.concurrency !== null ? `${budget.concurrency} in flight` : 'default concurrency',
    budget.minIntervalMs !== null ? `one start per ${budget.minIntervalMs} ms` : 'default interval',
  ];
  return parts.join(', ');
}

export function registerSourceBudgetCommand(sources: Command, context: CliContext): void {
  sources
    .command('budget <source>')
    .description(
      "raise a source's politeness budget (robots.txt still applies); without options, show it",
    )
    .option(
      '--concurrency <n>',
      `requests in flight at once (1–${maxConcurrency})`,
      parsePositiveInt,
    )
    .option('--interval-ms <ms>', 'least time between request starts', parseInterval)
    .option('--clear', 'back to the host default')
    .option('--json', 'print JSON')
    .action(
      async (
        name: string,
        options: { concurrency?: number; intervalMs?: number; clear?: boolean; json?: boolean },
      ) => {
        const setting = options.concurrency !== undefined || options.intervalMs !== undefined;
        if (setting && options.clear)
          throw new LinhaiError('invalid-input', '--clear takes no --concurrency or --interval-ms');
        const change = options.clear
          ? { clear: true as const }
          : {
              ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
              ...(options.intervalMs !== undefined ? { minIntervalMs: options.intervalMs } : {}),
            };
        const { source: url, budget } = await withApp(context, (app) =>
          manageSourceBudget(
            { store: app.store, catalog: app.catalog, clock: app.library.clock },
            name,
            change,
          ),
        );
        if (options.json) {
          context.out(
            JSON.stringify({
              source: url,
              budget: budget ? { sourceUrl: url, ...budget } : null,
            }),
          );
          return;
        }
        context.out(
          budget
            ? `${url}: raised budget: ${describe(budget)} (robots.txt still applies)`
            : `${url}: the host default budget`,
        );
      },
    );
}

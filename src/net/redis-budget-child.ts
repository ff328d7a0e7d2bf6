/**
 * A worker process for the shared-budget tests and the scale-out bench: it fetches the URLs it
 * is given through the real HTTP client, whose per-host budget is a `RedisHostBudget`, and
 * prints one JSON line with what it did. Environment:
 *   BUDGET_REDIS_URL, BUDGET_PREFIX, BUDGET_CONCURRENCY, BUDGET_MIN_INTERVAL_MS,
 *   BUDGET_URLS (JSON array), BUDGET_PARALLEL (callers in this process, default 4),
 *   BUDGET_HOLD (set: take one slot, say "holding", and never let go; for the kill test).
 */
import { createHttpClient } from './client.ts';
import { RedisHostBudget } from './redis-host-budget.ts';

const env = process.env;
const budget = new RedisHostBudget({
  connection: env.BUDGET_REDIS_URL ?? 'redis://127.0.0.1:6379',
  prefix: env.BUDGET_PREFIX,
  defaults: {
    concurrency: Number(env.BUDGET_CONCURRENCY ?? 2),
    minIntervalMs: Number(env.BUDGET_MIN_INTERVAL_MS ?? 0),
  },
  leaseMs: Number(env.BUDGET_LEASE_MS ?? 30_000),
});

if (env.BUDGET_HOLD) {
  await budget.acquire(env.BUDGET_HOLD, 'content');
  console.log(JSON.stringify({ holding: true }));
  setInterval(() => undefined, 60_000); // stays until killed
} else {
  const urls = JSON.parse(env.BUDGET_URLS ?? '[]') as string[];
  const client = createHttpClient({ allowHosts: ['127.0.0.1'], env: {}, budget, robots: false });
  const parallel = Number(env.BUDGET_PARALLEL ?? 4);
  let next = 0;
  let ok = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        const response = await client.fetch({ url, kind: 'content' });
        if (response.status === 200) ok++;
      }
    }),
  );
  console.log(JSON.stringify({ ok, ms: Date.now() - started }));
  await client.close();
  await budget.close();
}

/**
 * One worker process of the scale-out bench (bench/scaleout-workers.bench.ts): takes `content`
 * jobs from BullMQ and downloads each chapter through the real HTTP client, whose per-host
 * budget lives in Redis. Prints "ready" once it takes jobs; SIGTERM stops it gracefully.
 * Environment: SCALEOUT_REDIS_URL, SCALEOUT_PREFIX, SCALEOUT_CONCURRENCY (jobs at once),
 * SCALEOUT_HOST_CONCURRENCY, SCALEOUT_HOST_INTERVAL_MS (the per-host budget).
 */
// Deep imports until the doors export the scale-out classes (see the scale-out report).
import { BullmqQueue } from '#jobs';
import { RedisHostBudget, createHttpClient } from '#net';

const env = process.env;
const redisUrl = env.SCALEOUT_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = env.SCALEOUT_PREFIX ?? 'linhai-bench';
const hostLimits = {
  concurrency: Number(env.SCALEOUT_HOST_CONCURRENCY ?? 2),
  minIntervalMs: Number(env.SCALEOUT_HOST_INTERVAL_MS ?? 40),
};
// SCALEOUT_BUDGET=local: the in-process budget, as a reference for what Redis costs.
const local = env.SCALEOUT_BUDGET === 'local';
const budget = new RedisHostBudget({
  connection: redisUrl,
  prefix: `${prefix}:budget`,
  defaults: hostLimits,
});
const client = createHttpClient({
  allowHosts: ['127.0.0.1'],
  env: {},
  robots: false,
  ...(local ? { politeness: hostLimits } : { budget }),
});
const queue = new BullmqQueue({ connection: redisUrl, prefix, retryBaseMs: 200 });

queue.handle<{ url: string }>(
  'content',
  async ({ job, signal }) => {
    const response = await client.fetch({ url: job.payload.url, kind: 'content', signal });
    if (response.status !== 200) throw new Error(`status ${response.status}`);
  },
  { concurrency: Number(env.SCALEOUT_CONCURRENCY ?? 4) },
);
queue.start();
console.log('ready');

process.once('SIGTERM', () => {
  void (async () => {
    await queue.close({ graceMs: 5_000 });
    await client.close();
    await budget.close();
    process.exit(0);
  })();
});

/**
 * A worker process for the multi-process BullMQ tests: takes `content` jobs (payload `{url}`),
 * downloads the page and records the job's key in the Redis list `<prefix>:test:done`. It prints
 * "ready", then "start <key>" and "done <key>" per job, so a test can kill it mid-job.
 * Environment: CHILD_REDIS_URL, CHILD_PREFIX, CHILD_CONCURRENCY, CHILD_LOCK_MS.
 */
import { Redis } from 'ioredis';
import { BullmqQueue } from './bullmq-queue.ts';

const env = process.env;
const redisUrl = env.CHILD_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = env.CHILD_PREFIX ?? 'linhai-test';
const lockMs = Number(env.CHILD_LOCK_MS ?? 1_000);
const redis = new Redis(redisUrl);
const queue = new BullmqQueue({
  connection: redisUrl,
  prefix,
  lockDurationMs: lockMs,
  stalledIntervalMs: Math.max(100, lockMs / 4),
  retryBaseMs: 50,
  keepCompleted: 100_000,
});

queue.handle<{ url: string }>(
  'content',
  async ({ job, signal }) => {
    console.log(`start ${job.key}`);
    const response = await fetch(job.payload.url, { signal });
    await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${job.payload.url}`);
    await redis.rpush(`${prefix}:test:done`, job.key);
    console.log(`done ${job.key}`);
  },
  { concurrency: Number(env.CHILD_CONCURRENCY ?? 2) },
);
queue.start();
console.log('ready');

process.once('SIGTERM', () => {
  void queue.close({ graceMs: 2_000 }).then(() => {
    redis.disconnect();
    process.exit(0);
  });
});

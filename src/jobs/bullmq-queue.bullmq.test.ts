/**
 * The JobQueue contract against real Redis (LINHAI_TEST_REDIS_URL, as in CI). Every harness
 * uses its own key prefix and deletes its keys afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { BullmqQueue } from './bullmq-queue.ts';
import { runQueueContract } from './queue.contract.ts';
import type { QueueContractHarness } from './queue.contract.ts';
import type { JobQueue } from './types.ts';

const redisUrl = process.env.LINHAI_TEST_REDIS_URL;

/** Deletes every key under `prefix` (SCAN, never KEYS, so a shared Redis is not blocked). */
async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

async function bullmqHarness(): Promise<QueueContractHarness> {
  const prefix = `linhai-test-${randomUUID().slice(0, 8)}`;
  const queues: BullmqQueue[] = [];
  return {
    async create({ retryBaseMs, leaseMs }) {
      const queue = new BullmqQueue({
        connection: redisUrl!,
        prefix,
        retryBaseMs,
        lockDurationMs: leaseMs,
        stalledIntervalMs: Math.max(100, leaseMs / 4),
      });
      queues.push(queue);
      return queue;
    },
    async crash(queue: JobQueue) {
      await (queue as BullmqQueue).abandon();
    },
    async dispose() {
      await Promise.all(queues.map((q) => q.close({ graceMs: 200 })));
      const redis = new Redis(redisUrl!);
      try {
        await deleteKeys(redis, prefix);
      } finally {
        redis.disconnect();
      }
    },
  };
}

runQueueContract('BullMQ on Redis', bullmqHarness, {
  skip: redisUrl ? false : 'LINHAI_TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379)',
});

// A job handed to a capability lane waits for a worker that takes the lane; whether one is running
// is asked of Redis (workers on every machine), so a hand-off into a lane nobody takes is warned of.
test(
  'takers counts the started workers of a type, on every connection',
  { skip: redisUrl ? false : 'LINHAI_TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379)' },
  async () => {
    const harness = await bullmqHarness();
    try {
      const asker = (await harness.create({ retryBaseMs: 100, leaseMs: 2_000 })) as BullmqQueue;
      const worker = await harness.create({ retryBaseMs: 100, leaseMs: 2_000 });
      assert.equal(await asker.takers('toc-browser'), 0, 'nobody takes the lane yet');
      worker.handle('toc-browser', async () => undefined);
      worker.start();
      await waitUntil(async () => (await asker.takers('toc-browser')) === 1);
      assert.equal(await asker.takers('toc'), 0, 'another type is not taken');
      await worker.stop({ graceMs: 100 });
      await waitUntil(async () => (await asker.takers('toc-browser')) === 0);
    } finally {
      await harness.dispose();
    }
  },
);

async function waitUntil(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

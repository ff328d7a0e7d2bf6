/**
 * The JobQueue contract against real Redis (LINHAI_TEST_REDIS_URL, as in CI). Every harness
 * uses its own key prefix and deletes its keys afterwards.
 */
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

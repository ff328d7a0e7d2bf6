import type { Redis } from 'ioredis';
import type * as Ioredis from 'ioredis';
import { lazyRequire } from '#model';

const ioredis = lazyRequire<typeof Ioredis>('ioredis');

/**
 * A Redis connection for requests a reader waits on (login counts, planning a job): while Redis is
 * down a command fails within about a second instead of queueing through ioredis's 20 retries
 * (about 70 s). It reconnects by itself, so work resumes within seconds of Redis coming back.
 */
export function fastFailingRedis(url: string): Redis {
  const redis = new (ioredis().Redis)(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: 2_000,
    connectTimeout: 2_000,
  });
  // Connection errors reach the commands that fail; the event alone must not crash the process.
  redis.on('error', () => undefined);
  return redis;
}

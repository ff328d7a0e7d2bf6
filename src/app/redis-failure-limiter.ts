import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { FailureLimiter, RateLimit } from '#server';

/** One failure: the count goes up; the first failure of a window starts the window's expiry. */
const failScript = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/**
 * Failed-login counts in Redis, so every server of an installation counts the same failures (N
 * servers behind a proxy do not allow N times the attempts). A fixed window per key, as the
 * in-memory limiter has; the window's end is the key's expiry, kept by Redis's own clock.
 */
export class RedisFailureLimiter implements FailureLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly limit: RateLimit;

  /** `prefix` is the installation's (LINHAI_REDIS_PREFIX) and the limiter's scope. */
  constructor(redis: Redis, prefix: string, limit: RateLimit) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.limit = limit;
  }

  async blockedFor(key: string): Promise<number | undefined> {
    const name = this.#key(key);
    const [count, ttl] = await Promise.all([this.#redis.get(name), this.#redis.pttl(name)]);
    if (Number(count ?? 0) < this.limit.max) return undefined;
    return ttl > 0 ? ttl : this.limit.windowMs;
  }

  async fail(key: string): Promise<void> {
    await this.#redis.eval(failScript, 1, this.#key(key), this.limit.windowMs);
  }

  async reset(key: string): Promise<void> {
    await this.#redis.del(this.#key(key));
  }

  /** Keys are hashed: user names and addresses of any length give keys of one size. */
  #key(key: string): string {
    return `${this.#prefix}:${createHash('sha256').update(key).digest('base64url')}`;
  }
}

import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { MemoryFailureLimiter } from '#library';
import type { FailureLimiter, RateLimit } from '#library';

/**
 * Reserves an attempt: 0 and one more failure counted, or (when the key used up its ARGV[2]
 * failures) the milliseconds left in its window and nothing counted. One script: atomic.
 */
const takeScript = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[2]) then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl <= 0 then ttl = tonumber(ARGV[1]) end
  return ttl
end
n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return 0`;

const refundScript = `
if redis.call('DECR', KEYS[1]) <= 0 then redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Failed-login counts in Redis, so every server of an installation counts the same failures (N
 * servers behind a proxy do not allow N times the attempts). A fixed window per key, as the
 * in-memory limiter has; the window's end is the key's expiry, kept by Redis's own clock.
 *
 * While Redis cannot be reached, the counts fall back to this process's memory: logins keep
 * working, limited per process, instead of waiting for Redis (give it a connection that fails
 * fast: `fastFailingRedis`).
 */
export class RedisFailureLimiter implements FailureLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #local: MemoryFailureLimiter;
  readonly limit: RateLimit;

  /** `prefix` is the installation's (LINHAI_REDIS_PREFIX) and the limiter's scope. */
  constructor(redis: Redis, prefix: string, limit: RateLimit) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.limit = limit;
    this.#local = new MemoryFailureLimiter(limit);
  }

  async take(key: string): Promise<number | undefined> {
    return this.#orLocal(
      async () => {
        const args = [this.limit.windowMs, this.limit.max];
        const left = Number(await this.#redis.eval(takeScript, 1, this.#key(key), ...args));
        return left > 0 ? left : undefined;
      },
      () => this.#local.take(key),
    );
  }

  async refund(key: string): Promise<void> {
    await this.#orLocal(
      async () => void (await this.#redis.eval(refundScript, 1, this.#key(key))),
      () => this.#local.refund(key),
    );
  }

  async reset(key: string): Promise<void> {
    await Promise.all([
      this.#local.reset(key),
      this.#orLocal(
        async () => void (await this.#redis.del(this.#key(key))),
        async () => undefined,
      ),
    ]);
  }

  async #orLocal<T>(shared: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    // Known down (reconnecting): straight to memory, not one failed command per call.
    if (this.#redis.status === 'reconnecting') return local();
    try {
      return await shared();
    } catch {
      return local();
    }
  }

  /** Keys are hashed: user names and addresses of any length give keys of one size. */
  #key(key: string): string {
    return `${this.#prefix}:${createHash('sha256').update(key).digest('base64url')}`;
  }
}

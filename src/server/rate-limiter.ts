import { LinhaiError } from '#model';

export interface RateLimit {
  /** Failures allowed inside the window. */
  readonly max: number;
  readonly windowMs: number;
}

/**
 * Counts failures per key (an IP address, a user name) in a fixed window. Only failures count, so
 * a reader who types the password right is never locked out by their own successes. Async, so
 * the counts can live where every server of an installation sees them (Redis, see src/app).
 */
export interface FailureLimiter {
  readonly limit: RateLimit;
  /** How long until `key` may try again, when it used up its failures for this window. */
  blockedFor(key: string): Promise<number | undefined>;
  fail(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

/** Rejects with `too-many-requests` when `key` (an address, a user name: `what`) is blocked. */
export async function assertNotBlocked(
  limiter: FailureLimiter,
  key: string,
  what: string,
): Promise<void> {
  const retryAfterMs = await limiter.blockedFor(key);
  if (retryAfterMs === undefined) return;
  throw new LinhaiError(
    'too-many-requests',
    `too many failed logins for this ${what}; try again in ${Math.ceil(retryAfterMs / 1000)} s`,
    { retryAfterMs, details: { limit: limiter.limit.max, windowMs: limiter.limit.windowMs } },
  );
}

/** Failure counts in this process's memory: enough for one server. */
export class MemoryFailureLimiter implements FailureLimiter {
  readonly limit: RateLimit;
  readonly #now: () => number;
  readonly #windows = new Map<string, { start: number; failures: number }>();

  constructor(limit: RateLimit, now: () => number = Date.now) {
    this.limit = limit;
    this.#now = now;
  }

  async blockedFor(key: string): Promise<number | undefined> {
    const window = this.#current(key);
    return window && window.failures >= this.limit.max
      ? window.start + this.limit.windowMs - this.#now()
      : undefined;
  }

  async fail(key: string): Promise<void> {
    const window = this.#current(key) ?? { start: this.#now(), failures: 0 };
    window.failures += 1;
    this.#windows.set(key, window);
    if (this.#windows.size > 10_000) this.#sweep();
  }

  async reset(key: string): Promise<void> {
    this.#windows.delete(key);
  }

  #current(key: string): { start: number; failures: number } | undefined {
    const window = this.#windows.get(key);
    if (window && this.#now() - window.start >= this.limit.windowMs) {
      this.#windows.delete(key);
      return undefined;
    }
    return window;
  }

  /** Drops expired windows so a flood of addresses cannot grow the map without bound. */
  #sweep(): void {
    for (const key of [...this.#windows.keys()]) this.#current(key);
  }
}

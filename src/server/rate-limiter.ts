import { LinhaiError } from '#model';

export interface RateLimit {
  /** Failures allowed inside the window. */
  readonly max: number;
  readonly windowMs: number;
}

/**
 * Counts failures per key (an IP address, a user name) in a fixed window, in memory: enough for
 * one process; a cluster behind a proxy would keep these in Redis. Only failures count, so a
 * reader who types the password right is never locked out by their own successes.
 */
export class FailureLimiter {
  readonly #limit: RateLimit;
  readonly #now: () => number;
  readonly #windows = new Map<string, { start: number; failures: number }>();

  constructor(limit: RateLimit, now: () => number = Date.now) {
    this.#limit = limit;
    this.#now = now;
  }

  /** Throws `too-many-requests` when the key used up its failures for this window. */
  check(key: string, what: string): void {
    const window = this.#current(key);
    if (window && window.failures >= this.#limit.max) {
      const retryAfterMs = window.start + this.#limit.windowMs - this.#now();
      throw new LinhaiError(
        'too-many-requests',
        `too many failed logins for this ${what}; try again in ${Math.ceil(retryAfterMs / 1000)} s`,
        { retryAfterMs, details: { limit: this.#limit.max, windowMs: this.#limit.windowMs } },
      );
    }
  }

  fail(key: string): void {
    const window = this.#current(key) ?? { start: this.#now(), failures: 0 };
    window.failures += 1;
    this.#windows.set(key, window);
    if (this.#windows.size > 10_000) this.#sweep();
  }

  reset(key: string): void {
    this.#windows.delete(key);
  }

  #current(key: string): { start: number; failures: number } | undefined {
    const window = this.#windows.get(key);
    if (window && this.#now() - window.start >= this.#limit.windowMs) {
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

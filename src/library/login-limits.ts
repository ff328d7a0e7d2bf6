import { LinhaiError, isLinhaiError, userNameKey } from '#model';

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
  /**
   * Reserves one attempt before the work: counts it as a failure at once, atomically, unless the
   * key used up its failures already (then: how long until it may try again, and nothing counted).
   * Concurrent attempts cannot all pass a check made before any of them failed.
   */
  take(key: string): Promise<number | undefined>;
  /** Gives back an attempt `take` reserved (the attempt did not fail). */
  refund(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

/** The limiters a login goes through: one per client address, one per user name. */
export interface LoginLimits {
  readonly byIp: FailureLimiter;
  readonly byName: FailureLimiter;
}

/**
 * Runs one password check under the login limits. The attempt is reserved on both limiters before
 * the check (so N simultaneous tries for one name take N slots, and the N+1st is refused); a right
 * password clears the name's failures and gives the address its slot back; an error that is not
 * a wrong password (the store is down) gives both back.
 */
export async function limitedLogin<T>(
  limits: LoginLimits,
  ip: string,
  name: string,
  check: () => Promise<T>,
): Promise<T> {
  const nameKey = userNameKey(name);
  throwIfBlocked(limits.byIp, await limits.byIp.take(ip), 'address');
  const nameBlocked = await limits.byName.take(nameKey).catch(async (error: unknown) => {
    await limits.byIp.refund(ip);
    throw error;
  });
  if (nameBlocked !== undefined) {
    await limits.byIp.refund(ip);
    throwIfBlocked(limits.byName, nameBlocked, 'user name');
  }
  try {
    const result = await check();
    await Promise.all([limits.byName.reset(nameKey), limits.byIp.refund(ip)]);
    return result;
  } catch (error) {
    if (!isLinhaiError(error, 'unauthorized') && !isLinhaiError(error, 'invalid-input'))
      await Promise.all([limits.byName.refund(nameKey), limits.byIp.refund(ip)]);
    throw error;
  }
}

/** Rejects with `too-many-requests` when `key` (an address, a user name: `what`) is blocked. */
function throwIfBlocked(
  limiter: FailureLimiter,
  retryAfterMs: number | undefined,
  what: string,
): void {
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

  #blockedFor(key: string): number | undefined {
    const window = this.#current(key);
    return window && window.failures >= this.limit.max
      ? window.start + this.limit.windowMs - this.#now()
      : undefined;
  }

  #fail(key: string): void {
    const window = this.#current(key) ?? { start: this.#now(), failures: 0 };
    window.failures += 1;
    this.#windows.set(key, window);
    if (this.#windows.size > 10_000) this.#sweep();
  }

  // No await between the check and the count: that is what makes it atomic in one process.
  async take(key: string): Promise<number | undefined> {
    const blocked = this.#blockedFor(key);
    if (blocked === undefined) this.#fail(key);
    return blocked;
  }

  async refund(key: string): Promise<void> {
    const window = this.#current(key);
    if (window === undefined) return;
    window.failures -= 1;
    if (window.failures <= 0) this.#windows.delete(key);
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

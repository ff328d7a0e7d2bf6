/**
 * A small time-to-live cache that also shares work in flight: two readers asking for the same
 * list at once cause one fetch. Failures are not kept (the next reader tries again). The oldest
 * entries go first once `maxEntries` is reached.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #pending = new Map<string, Promise<V>>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;

  constructor(options: { ttlMs: number; maxEntries: number }) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
  }

  /** The kept value while it is fresh, else `load()`'s (kept for the time to live). */
  async get(
    key: string,
    now: number,
    load: () => Promise<V>,
  ): Promise<{ value: V; cached: boolean }> {
    const kept = this.#entries.get(key);
    if (kept !== undefined && kept.expiresAt > now) return { value: kept.value, cached: true };
    const running = this.#pending.get(key);
    if (running !== undefined) return { value: await running, cached: false };
    const loading = load();
    this.#pending.set(key, loading);
    try {
      const value = await loading;
      this.#entries.delete(key);
      this.#entries.set(key, { value, expiresAt: now + this.#ttlMs });
      while (this.#entries.size > this.#maxEntries) {
        const oldest = this.#entries.keys().next().value as string;
        this.#entries.delete(oldest);
      }
      return { value, cached: false };
    } finally {
      this.#pending.delete(key);
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}

import type { BookGroup } from '#library';

const TTL_MS = 15 * 60_000;

/**
 * The book groups each user's recent searches found, kept a while so `POST /api/books` can add a
 * book by its group key alone. In memory: a restart only means searching again.
 */
export class SearchMemory {
  readonly #byUser = new Map<number, { at: number; groups: Map<string, BookGroup> }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Starts a new search's memory for the user (the previous search's groups are kept too). */
  remember(userId: number, group: BookGroup): void {
    this.#sweep();
    const entry = this.#byUser.get(userId) ?? { at: this.#now(), groups: new Map() };
    entry.at = this.#now();
    entry.groups.set(group.key, group);
    // A user's memory stays small: the oldest groups go first.
    if (entry.groups.size > 500) {
      const oldest = entry.groups.keys().next().value;
      if (oldest !== undefined) entry.groups.delete(oldest);
    }
    this.#byUser.set(userId, entry);
  }

  find(userId: number, key: string): BookGroup | undefined {
    this.#sweep();
    return this.#byUser.get(userId)?.groups.get(key);
  }

  #sweep(): void {
    const now = this.#now();
    for (const [userId, entry] of this.#byUser) {
      if (now - entry.at > TTL_MS) this.#byUser.delete(userId);
    }
  }
}

/**
 * The variables of one list entry (a TOC chapter), for a rule context shared by every entry of a
 * page: building a context per entry (its `book` host object, its variable chain) cost more than
 * the rules themselves on a 3,000-chapter TOC. Writes go to the current entry's own map, made on
 * its first write; `begin()` starts the next entry with none, so no entry sees another's `@put`.
 */
import type { VariableStore } from '#rules';

export class EntryVariables implements VariableStore {
  #own: Map<string, string> | undefined;

  /** Starts a new entry: the previous entry's variables are no longer readable. */
  begin(): void {
    this.#own = undefined;
  }

  get(key: string): string | undefined {
    return this.#own?.get(key);
  }

  put(key: string, value: string): void {
    (this.#own ??= new Map()).set(key, value);
  }

  /** The current entry's variables (a new object each time). */
  toJSON(): Record<string, string> {
    return this.#own ? Object.fromEntries(this.#own) : {};
  }
}

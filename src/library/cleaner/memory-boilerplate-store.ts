/**
 * A `BoilerplateStore` in memory: for tests, benchmarks and the demo. The SQL store implements
 * the same three calls over the `boilerplate` table.
 */
import type { BoilerplatePattern, BoilerplateStore } from './ports.ts';

export class MemoryBoilerplateStore implements BoilerplateStore {
  readonly #rows = new Map<string, BoilerplatePattern>();

  async list(sourceKey: string): Promise<readonly BoilerplatePattern[]> {
    return [...this.#rows.values()].filter((row) => row.sourceKey === sourceKey);
  }

  async upsert(pattern: BoilerplatePattern): Promise<void> {
    this.#rows.set(pattern.id, pattern);
  }

  async recordHits(hits: ReadonlyArray<{ id: string; count: number }>): Promise<void> {
    for (const { id, count } of hits) {
      const row = this.#rows.get(id);
      if (row !== undefined) this.#rows.set(id, { ...row, hits: row.hits + count });
    }
  }
}

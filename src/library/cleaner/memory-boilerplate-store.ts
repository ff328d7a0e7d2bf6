/**
 * A `BoilerplateStore` in memory: for tests, benchmarks and the demo. The SQL store implements
 * the same calls over the `boilerplate` table (and a shared document per source's window).
 */
import type {
  BoilerplatePattern,
  BoilerplateStore,
  CountedChapter,
  SharedPattern,
} from './ports.ts';

export class MemoryBoilerplateStore implements BoilerplateStore {
  readonly #rows = new Map<string, BoilerplatePattern>();
  readonly #windows = new Map<string, Map<string, CountedChapter>>();

  async recentChapters(sourceKey: string): Promise<Array<[string, CountedChapter]>> {
    return [...(this.#windows.get(sourceKey) ?? [])];
  }

  async rememberChapter(
    sourceKey: string,
    chapterKey: string,
    chapter: CountedChapter,
    keep: number,
  ): Promise<void> {
    const window = this.#windows.get(sourceKey) ?? new Map<string, CountedChapter>();
    window.delete(chapterKey);
    window.set(chapterKey, chapter);
    for (const key of [...window.keys()].slice(0, Math.max(0, window.size - keep))) {
      window.delete(key);
    }
    this.#windows.set(sourceKey, window);
  }

  async list(sourceKey: string): Promise<readonly BoilerplatePattern[]> {
    return [...this.#rows.values()].filter((row) => row.sourceKey === sourceKey);
  }

  async elsewhere(sourceKey: string): Promise<readonly SharedPattern[]> {
    return [...this.#rows.values()].filter((row) => row.sourceKey !== sourceKey);
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

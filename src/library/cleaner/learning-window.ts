/**
 * The recent chapters of each source, kept in memory so the cleaner learns while it cleans: a
 * banner that appears in the third chapter of a source is already removed from that chapter.
 * Only the learned patterns are persisted (through `BoilerplateStore`); after a restart the window
 * fills again from new chapters.
 */
import type { ChapterSample } from './boilerplate-learner.ts';

export class LearningWindow {
  readonly #size: number;
  readonly #bySource = new Map<string, Map<string, ChapterSample>>();

  /** `size`: chapters kept per source (the oldest is dropped first). */
  constructor(size = 80) {
    this.#size = size;
  }

  /** The source's samples, with `extra` counted as if it were stored under `key`. */
  samples(sourceKey: string, key?: string, extra?: ChapterSample): ChapterSample[] {
    const stored = this.#bySource.get(sourceKey);
    const out: ChapterSample[] = [];
    for (const [k, sample] of stored ?? []) if (k !== key) out.push(sample);
    if (extra !== undefined) out.push(extra);
    return out;
  }

  /** Remembers a chapter; the same key again (a refetch) replaces the earlier sample. */
  add(sourceKey: string, key: string, sample: ChapterSample): void {
    let stored = this.#bySource.get(sourceKey);
    if (stored === undefined) {
      stored = new Map();
      this.#bySource.set(sourceKey, stored);
    }
    stored.delete(key);
    stored.set(key, sample);
    while (stored.size > this.#size) {
      const oldest = stored.keys().next();
      if (oldest.done === true) break;
      stored.delete(oldest.value);
    }
  }
}

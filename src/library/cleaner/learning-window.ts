/**
 * The recent chapters of each source, kept in memory so the cleaner learns while it cleans: a
 * banner that appears in the third chapter of a source is already removed from that chapter.
 * Counts are kept running (`Tallies`), so judging a chapter's lines costs nothing like recounting
 * the window. Only the learned patterns are persisted (through `BoilerplateStore`); after a
 * restart the window fills again from new chapters.
 */
import { Tallies } from './boilerplate-learner.ts';
import type { ChapterSample, LearnOptions } from './boilerplate-learner.ts';

interface SourceWindow {
  readonly samples: Map<string, ChapterSample>;
  readonly tallies: Tallies;
}

export class LearningWindow {
  readonly #size: number;
  readonly #options: LearnOptions;
  readonly #bySource = new Map<string, SourceWindow>();

  /** `size`: chapters kept per source (the oldest is dropped first). */
  constructor(size = 80, options: LearnOptions = {}) {
    this.#size = size;
    this.#options = options;
  }

  /**
   * Counts a chapter (the same key again, a refetch, replaces the earlier sample) and returns
   * the source's tallies with it, and an `undo` for a page that turned out bad.
   */
  add(
    sourceKey: string,
    key: string,
    sample: ChapterSample,
  ): { tallies: Tallies; undo: () => void } {
    let window = this.#bySource.get(sourceKey);
    if (window === undefined) {
      window = { samples: new Map(), tallies: new Tallies(this.#options) };
      this.#bySource.set(sourceKey, window);
    }
    const { samples, tallies } = window;
    const replaced = samples.get(key);
    if (replaced !== undefined) {
      tallies.remove(replaced);
      samples.delete(key);
    }
    samples.set(key, sample);
    tallies.add(sample);
    const evicted: Array<[string, ChapterSample]> = [];
    while (samples.size > this.#size) {
      const oldest = samples.entries().next();
      if (oldest.done === true) break;
      evicted.push(oldest.value);
      samples.delete(oldest.value[0]);
      tallies.remove(oldest.value[1]);
    }
    const undo = () => {
      if (samples.get(key) === sample) {
        samples.delete(key);
        tallies.remove(sample);
      }
      // Put back what this chapter displaced, oldest first, ahead of newer chapters.
      const restored = [
        ...evicted,
        ...(replaced ? [[key, replaced] as [string, ChapterSample]] : []),
      ];
      const rest = [...samples.entries()];
      samples.clear();
      for (const [k, s] of [...restored, ...rest]) samples.set(k, s);
      for (const [, s] of restored) tallies.add(s);
    };
    return { tallies, undo };
  }
}

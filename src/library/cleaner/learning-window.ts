/**
 * The recent chapters of each source, kept in memory so the cleaner learns while it cleans: a
 * banner that appears in the third chapter of a source is already removed from that chapter.
 * Counts are kept running (`Tallies`), so judging a chapter's lines costs nothing like recounting
 * the window. The window is also stored (as line digests, through `BoilerplateStore`) and
 * resumed after a restart or in another process (`resume`).
 */
import { Tallies } from './boilerplate-learner.ts';
import type { ChapterSample, LearnOptions } from './boilerplate-learner.ts';
import type { CountedChapter } from './ports.ts';

type Counted = ChapterSample | CountedChapter;

interface SourceWindow {
  readonly samples: Map<string, Counted>;
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

  get size(): number {
    return this.#size;
  }

  /**
   * Counts chapters remembered from before (oldest first) into a source's window, behind any this
   * process has counted already.
   */
  resume(sourceKey: string, chapters: ReadonlyArray<readonly [string, CountedChapter]>): void {
    const window = this.#windowOf(sourceKey);
    const newer = [...window.samples.entries()];
    for (const [, sample] of newer) window.tallies.remove(sample);
    window.samples.clear();
    const older = chapters.filter(([key]) => !newer.some(([k]) => k === key));
    for (const [key, sample] of [...older, ...newer].slice(-this.#size)) {
      window.samples.set(key, sample);
      window.tallies.add(sample);
    }
  }

  #windowOf(sourceKey: string): SourceWindow {
    let window = this.#bySource.get(sourceKey);
    if (window === undefined) {
      window = { samples: new Map(), tallies: new Tallies(this.#options) };
      this.#bySource.set(sourceKey, window);
    }
    return window;
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
    const { samples, tallies } = this.#windowOf(sourceKey);
    const replaced = samples.get(key);
    if (replaced !== undefined) {
      tallies.remove(replaced);
      samples.delete(key);
    }
    samples.set(key, sample);
    tallies.add(sample);
    const evicted: Array<[string, Counted]> = [];
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
      const restored = [...evicted, ...(replaced ? [[key, replaced] as [string, Counted]] : [])];
      const rest = [...samples.entries()];
      samples.clear();
      for (const [k, s] of [...restored, ...rest]) samples.set(k, s);
      for (const [, s] of restored) tallies.add(s);
    };
    return { tallies, undo };
  }
}

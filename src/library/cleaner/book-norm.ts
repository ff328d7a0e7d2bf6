/** The book's usual chapter length, from chapters already cached, for the truncation check. */
import type { BookNorm } from './judge-page.ts';
import { lettersOf } from './normalize.ts';

/** Median letters per chapter. Example: chapters of 3000, 3200 and 100 letters → median 3000. */
export function bookNormOf(chapters: ReadonlyArray<readonly string[]>): BookNorm {
  return bookNormOfSizes(chapters.map(lettersInChapter));
}

/** The letters of one chapter, as the norm counts them (callers may keep it per text). */
export function lettersInChapter(paragraphs: readonly string[]): number {
  return paragraphs.reduce((sum, line) => sum + lettersOf(line).length, 0);
}

/** The norm from each chapter's letter count (`lettersInChapter`). */
export function bookNormOfSizes(letterCounts: readonly number[]): BookNorm {
  const sizes = [...letterCounts].sort((a, b) => a - b);
  const middle = Math.floor(sizes.length / 2);
  const median =
    sizes.length === 0
      ? 0
      : sizes.length % 2 === 1
        ? (sizes[middle] ?? 0)
        : ((sizes[middle - 1] ?? 0) + (sizes[middle] ?? 0)) / 2;
  return { medianLetters: median, chapters: sizes.length };
}

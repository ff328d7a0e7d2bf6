import { normalizeChapterTitle, parseChapterTitle } from '../normalize/index.ts';
import type { CanonicalChapter } from './types.ts';

/** What a reading position remembers about its chapter (the shelf keeps this, never an index). */
export interface ReadingAnchor {
  readonly key: string;
  /** The chapter title as the reader saw it: the fallback when the key is gone. */
  readonly title?: string;
}

/**
 * Finds the chapter a reading position points at: by key (keys survive every re-alignment),
 * else by the remembered title (normalised, unique match), else by its chapter number.
 */
export function resolvePosition(
  chapters: readonly CanonicalChapter[],
  anchor: ReadingAnchor,
): CanonicalChapter | undefined {
  const byKey = chapters.find((c) => c.key === anchor.key);
  if (byKey !== undefined || anchor.title === undefined) return byKey;
  const parsed = parseChapterTitle(anchor.title);
  const norm = normalizeChapterTitle(parsed.rest);
  if (norm.length > 0) {
    const byTitle = chapters.filter((c) => c.normTitle === norm);
    if (byTitle.length === 1) return byTitle[0];
  }
  if (parsed.number === undefined) return undefined;
  const byNumber = chapters.filter(
    (c) =>
      c.number === parsed.number &&
      c.kind === parsed.kind &&
      (parsed.volume === undefined || c.volume === undefined || c.volume === parsed.volume),
  );
  return byNumber.length === 1 ? byNumber[0] : undefined;
}

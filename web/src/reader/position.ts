/*
 * Reading positions as the server keeps them (src/library/reading-position.ts): a chapter key,
 * the offset in characters into the chapter's paragraphs joined by "\n", and a short anchor of
 * text at that point, which finds the place again if the text shifted.
 */

export interface SavedPosition {
  chapterKey: string;
  offsetChars: number;
  anchor: string;
  readAt: number;
}

const ANCHOR_CHARS = 16;

/** The position of paragraph `index`. */
export function positionAt(
  chapterKey: string,
  paragraphs: readonly string[],
  index: number,
): SavedPosition {
  let offsetChars = 0;
  for (let i = 0; i < index && i < paragraphs.length; i += 1)
    offsetChars += (paragraphs[i]?.length ?? 0) + 1;
  const anchor = (paragraphs[index] ?? '').trim().slice(0, ANCHOR_CHARS);
  return { chapterKey, offsetChars, anchor, readAt: Date.now() };
}

/**
 * The paragraph a saved position points at: the one holding its offset, moved to the nearest
 * paragraph that starts with the anchor when there is one (the text may have changed since).
 */
export function paragraphOf(
  paragraphs: readonly string[],
  position: Pick<SavedPosition, 'offsetChars' | 'anchor'>,
): number {
  let byOffset = Math.max(0, paragraphs.length - 1);
  let start = 0;
  for (let i = 0; i < paragraphs.length; i += 1) {
    const end = start + (paragraphs[i]?.length ?? 0) + 1;
    if (position.offsetChars < end) {
      byOffset = i;
      break;
    }
    start = end;
  }
  const anchor = position.anchor.trim();
  if (anchor === '') return byOffset;
  let best = -1;
  for (let i = 0; i < paragraphs.length; i += 1) {
    if (!(paragraphs[i] ?? '').includes(anchor)) continue;
    if (best === -1 || Math.abs(i - byOffset) < Math.abs(best - byOffset)) best = i;
  }
  return best === -1 ? byOffset : best;
}

const localKey = (bookId: number) => `linhai.position.${bookId}`;

/** This device's last position in a book (for offline reading; the server's wins online). */
export function localPosition(bookId: number): SavedPosition | undefined {
  try {
    const saved = JSON.parse(localStorage.getItem(localKey(bookId)) ?? 'null') as SavedPosition;
    return saved ?? undefined;
  } catch {
    return undefined;
  }
}

export function keepLocalPosition(bookId: number, position: SavedPosition): void {
  localStorage.setItem(localKey(bookId), JSON.stringify(position));
}

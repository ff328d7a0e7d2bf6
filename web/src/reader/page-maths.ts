/*
 * Pages mode's arithmetic, apart from the DOM so it can be tested: the article is a multi-column
 * box one page high whose columns are as wide as the text, with a gap of twice the side padding,
 * so page n starts exactly n × the box's width to the right (use-paged-layout.ts measures the
 * boxes and hands the numbers here).
 */

/** How many pages a box of `pageWidth` holds when its content is `scrollWidth` wide (at least 1). */
export function pageCountOf(scrollWidth: number, pageWidth: number): number {
  if (pageWidth <= 0) return 1;
  return Math.max(1, Math.round(scrollWidth / pageWidth));
}

/** `index` within the chapter's pages [0, count − 1]. */
export function clampPage(index: number, count: number): number {
  return Math.min(count - 1, Math.max(0, index));
}

/**
 * The page on which something starts, from its left edge and the left edge of page 0 (both in
 * the viewport's coordinates): (1030 − 10) / 500 → page 2.
 */
export function pageOfLeft(left: number, origin: number, pageWidth: number): number {
  return Math.max(0, Math.floor((left - origin) / pageWidth));
}

/** A paragraph and the page it starts on, in reading order. */
export interface ParagraphStart {
  readonly index: number;
  readonly page: number;
}

/**
 * The paragraph at the top of page `page`: the first that starts on it, or, when one paragraph
 * fills the page, the one that carries on from before. Opening that paragraph opens this page.
 */
export function paragraphAtPage(starts: Iterable<ParagraphStart>, page: number): number {
  let before = 0;
  for (const start of starts) {
    if (start.page === page) return start.index;
    if (start.page > page) return before;
    before = start.index;
  }
  return before;
}

/**
 * Where a sideways scroll of the box left it: the nearest page, and whether the box sits on that
 * page's edge (within a pixel) — not on an edge, the browser brought a focused control into view.
 */
export function snapScroll(
  scrollLeft: number,
  pageWidth: number,
): { readonly page: number; readonly aligned: boolean } {
  const page = Math.round(scrollLeft / pageWidth);
  return { page, aligned: Math.abs(scrollLeft - page * pageWidth) <= 1 };
}

/** What turning from `page` of `count` does: another page, or the next or previous chapter. */
export function turnFrom(
  page: number,
  count: number,
  direction: 1 | -1,
): { readonly kind: 'page'; readonly page: number } | { readonly kind: 'next' | 'previous' } {
  const next = page + direction;
  if (next >= count) return { kind: 'next' };
  if (next < 0) return { kind: 'previous' };
  return { kind: 'page', page: next };
}

/**
 * Scroll mode's page step: the window less the top bar and two lines, so the last two lines of
 * one screen are the first two of the next (a 800 px window, 56 px bar, 19 px × 1.8 → 675.6 px).
 */
export function scrollStep(options: {
  readonly windowHeight: number;
  readonly topInset: number;
  readonly fontSize: number;
  readonly lineHeight: number;
}): number {
  const overlap = options.fontSize * options.lineHeight * 2;
  return Math.max(options.fontSize, options.windowHeight - options.topInset - overlap);
}

/**
 * Scroll mode's current paragraph: the first whose bottom is still below the top bar (4 px of
 * slack), given the paragraphs' bottoms in reading order; the last when all are above.
 */
export function firstVisible(bottoms: readonly number[], topInset: number): number {
  for (let i = 0; i < bottoms.length; i += 1) if (bottoms[i]! > topInset + 4) return i;
  return Math.max(0, bottoms.length - 1);
}

/** How far through the chapter scroll mode is, in whole percent (0 at the top, 100 at the end). */
export function scrollProgress(
  scrollTop: number,
  scrollHeight: number,
  viewHeight: number,
): number {
  const room = scrollHeight - viewHeight;
  if (room <= 0) return 100;
  return Math.round(Math.min(1, Math.max(0, scrollTop / room)) * 100);
}

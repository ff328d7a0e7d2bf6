/**
 * KOReader's EPUB positions are crengine XPointers into the book's spine, e.g.
 * `/body/DocFragment[12]/body/section/p[3]/text().15`: spine item 12 (1-based), its third `<p>`,
 * 15 characters in. Linhai's EPUBs put one title page before the chapters (the cover, if any, is
 * on that page), and each chapter's paragraphs are the `<p>` elements of its one `<section>`.
 */
const PAGES_BEFORE_CHAPTERS = 1;

interface EpubPoint {
  /** 0-based chapter in the book's TOC; -1 for the title page. */
  readonly chapter: number;
  /** 0-based paragraph in the chapter, undefined when the pointer is at a heading or the body. */
  readonly paragraph: number | undefined;
  /** Characters into that paragraph. */
  readonly offset: number;
}

/** Reads an XPointer; undefined when it has no DocFragment (PDF page numbers, foreign files). */
export function parseXPointer(progress: string): EpubPoint | undefined {
  // "/body/DocFragment[12]/body/section/p[3]/text().15" → fragment "12", rest "/body/section/p[3]/text().15"
  const fragment = /^\/body\/DocFragment\[(\d+)\](.*)$/.exec(progress.trim());
  if (fragment === null) return undefined;
  const rest = fragment[2]!;
  // the last "/p[3]" or "/p" step before "/text()" or the end: "/body/section/p[3]/text().15" → "3"
  const steps = [...rest.matchAll(/\/p(?:\[(\d+)\])?(?=\/|$|\.)/g)];
  const last = steps.at(-1);
  // ".15" at the very end: "…/text().15" → "15"
  const offset = /\.(\d+)$/.exec(rest);
  return {
    chapter: Number(fragment[1]) - 1 - PAGES_BEFORE_CHAPTERS,
    paragraph: last === undefined ? undefined : Number(last[1] ?? '1') - 1,
    offset: last !== undefined && offset !== null ? Number(offset[1]) : 0,
  };
}

/** The XPointer of a point in a Linhai EPUB. */
export function formatXPointer(point: EpubPoint): string {
  const fragment = `/body/DocFragment[${point.chapter + 1 + PAGES_BEFORE_CHAPTERS}]`;
  if (point.paragraph === undefined) return `${fragment}/body`;
  return `${fragment}/body/section/p[${point.paragraph + 1}]/text().${point.offset}`;
}

/** Characters into the chapter text (paragraphs joined by "\n") of a paragraph and offset. */
export function offsetInChapter(
  paragraphs: readonly string[],
  paragraph: number | undefined,
  offset: number,
): number {
  if (paragraph === undefined || paragraphs.length === 0) return 0;
  const index = Math.min(paragraph, paragraphs.length - 1);
  let chars = 0;
  for (let i = 0; i < index; i++) chars += paragraphs[i]!.length + 1;
  return chars + Math.min(offset, paragraphs[index]!.length);
}

/** The paragraph and offset of a character offset in the chapter text. */
export function paragraphAt(
  paragraphs: readonly string[],
  offsetChars: number,
): { paragraph: number | undefined; offset: number } {
  if (paragraphs.length === 0) return { paragraph: undefined, offset: 0 };
  let left = Math.max(0, offsetChars);
  for (let i = 0; i < paragraphs.length; i++) {
    const length = paragraphs[i]!.length;
    if (left <= length) return { paragraph: i, offset: left };
    left -= length + 1;
  }
  const last = paragraphs.length - 1;
  return { paragraph: last, offset: paragraphs[last]!.length };
}

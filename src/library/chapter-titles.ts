/**
 * One title style for a book's merged chapter list. The alignment keeps each chapter's title from
 * the listing that first showed it, so a list can read 第一百六十二章 → 第5章 独闯渡口 →
 * 第一百六十四章 when one source numbers per volume. What is shown instead: every numbered story
 * chapter in the preferred source's style, numbered through the whole book. The stored titles and
 * the alignment are untouched; notes and unnumbered titles (楔子, 上架感言) are shown as they are.
 */
import { parseChapterTitle, toChineseNumeral } from './normalize/index.ts';

/** How a source writes a chapter's number: 第一百章 / 第100章 / Chapter 100: (with its separator). */
type TitleStyle =
  | { readonly numerals: 'chinese' | 'arabic' }
  | { readonly numerals: 'english'; readonly separator: string };

/** "第一百六十三章 归航" → chinese; "第163章 归航" → arabic; "Chapter 12 - Home" → english " - ". */
export function titleStyleOf(title: string | undefined): TitleStyle | undefined {
  const text = title?.normalize('NFKC').trim() ?? '';
  if (/^第\s*\d+\s*章/u.test(text)) return { numerals: 'arabic' };
  if (/^第\s*[零〇一二两三四五六七八九十百千万]+\s*章/u.test(text)) return { numerals: 'chinese' };
  // "Chapter 12: Home" → ": "; "Chapter 12 - Home" → " - "; "Chapter 12 Home" → " ".
  const english = /^chapter\s+\d+(\s*[:.\-–—]\s*|\s+)/iu.exec(text);
  if (english) return { numerals: 'english', separator: english[1]!.trim() ? english[1]! : ' ' };
  return undefined;
}

/** A chapter as written in `style`: (163, "归航") → 第一百六十三章 归航 / 第163章 归航 / Chapter 163: 归航. */
export function renderTitle(style: TitleStyle, number: number, rest: string): string {
  switch (style.numerals) {
    case 'chinese':
      return `第${toChineseNumeral(number)}章${rest && ` ${rest}`}`;
    case 'arabic':
      return `第${number}章${rest && ` ${rest}`}`;
    case 'english':
      return `Chapter ${number}${rest && `${style.separator}${rest}`}`;
  }
}

/**
 * A gap in a book's numbering larger than this is a per-volume restart or a typo, not chapters
 * every source lacks: the chapter is numbered one past the one before it instead.
 */
const MAX_GAP = 50;

interface TitledChapter {
  readonly title: string;
  /** An author's note or announcement: shown as it is, never numbered. */
  readonly note: boolean;
}

/** The style of the book's preferred source (a reader's 换源 choice, else the chase's pick). */
export function preferredTitleStyle(
  listings: ReadonlyArray<{ readonly latestTitle: string | undefined; readonly lag?: unknown }>,
): TitleStyle | undefined {
  const mark = (l: { lag?: unknown }) =>
    l.lag as { chosen?: boolean; preferred?: boolean } | undefined;
  const preferred =
    listings.find((l) => mark(l)?.chosen) ?? listings.find((l) => mark(l)?.preferred);
  return titleStyleOf(preferred?.latestTitle);
}

/**
 * The titles to show, in order: numbered story chapters renumbered through the book and written
 * in `style` (else the style most of the titles use). A chapter keeps its own number when it
 * follows the one before within `MAX_GAP` (第162章, 第164章: a chapter no source has); a number
 * that goes back or leaps (第5章 after 第162章: numbered per volume) becomes the previous + 1.
 */
export function consistentTitles(
  chapters: readonly TitledChapter[],
  style: TitleStyle | undefined = commonStyle(chapters),
): string[] {
  if (style === undefined) return chapters.map((c) => c.title);
  let previous: number | undefined;
  return chapters.map((chapter) => {
    if (chapter.note) return chapter.title;
    const parsed = parseChapterTitle(chapter.title);
    if (parsed.kind !== 'chapter' || parsed.number === undefined) return chapter.title;
    const fits =
      previous === undefined || (parsed.number > previous && parsed.number <= previous + MAX_GAP);
    const number = fits ? parsed.number : previous! + 1;
    previous = number;
    return renderTitle(style, number, parsed.rest);
  });
}

/** The style most story titles are written in (ties: the first seen), if any has one. */
function commonStyle(chapters: readonly TitledChapter[]): TitleStyle | undefined {
  const counts = new Map<string, { style: TitleStyle; count: number }>();
  for (const chapter of chapters) {
    if (chapter.note) continue;
    const style = titleStyleOf(chapter.title);
    if (style === undefined) continue;
    const key = JSON.stringify(style);
    const entry = counts.get(key) ?? { style, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  let best: { style: TitleStyle; count: number } | undefined;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best?.style;
}

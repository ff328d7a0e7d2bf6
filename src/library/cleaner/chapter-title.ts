/**
 * Chapter titles as they appear inside chapter text: the repeated title at the top (removed), and
 * the chapter number a page claims (used to catch a site serving the wrong chapter).
 */
import { parseChineseNumber } from '../normalize/index.ts';
import { lettersOf } from './normalize.ts';

// The ordinal of a chapter heading. Samples: "第一百二十三章 回家" → 123, "第12回" → 12.
const ordinal = /第\s*([0-9零〇一二两三四五六七八九十百千万]+)\s*[章节回话]/;

/** The chapter number a title or heading line states, if any. */
export function chapterNumberOf(title: string): number | undefined {
  const match = ordinal.exec(title.normalize('NFKC'));
  return match?.[1] === undefined ? undefined : parseChineseNumber(match[1]);
}

// The ordinal and what surrounds it in a heading. Sample: "第十二章：夜雨" → "夜雨".
const ordinalPart = /第\s*[0-9零〇一二两三四五六七八九十百千万]+\s*[章节回话]/g;

/** The chapter's name without its number, as letters. Example: "第12章 夜雨（上）" → "夜雨上". */
export function chapterNameOf(title: string): string {
  return lettersOf(title.normalize('NFKC').replace(ordinalPart, ''));
}

// Replaces every ordinal by its value, so "第一章" and "第1章" compare equal.
// Sample: "第十二章 夜" → "第12章 夜".
const ordinalAll = /第\s*([0-9零〇一二两三四五六七八九十百千万]+)\s*([章节回话])/g;

function comparable(text: string): string {
  return lettersOf(
    text
      .normalize('NFKC')
      .replace(
        ordinalAll,
        (all, n: string, kind: string) => `第${parseChineseNumber(n) ?? n}${kind}`,
      ),
  );
}

/**
 * True when `line` is the chapter's title again: the same letters, perhaps with the book's name
 * or a page counter around it. Sample: ("第1章 开端（1/2）", "第一章 开端") → true.
 */
function isTitleLine(line: string, chapterTitle: string, bookTitle?: string): boolean {
  const title = comparable(chapterTitle);
  if (title.length === 0) return false;
  let text = comparable(line);
  if (bookTitle !== undefined) text = text.replace(comparable(bookTitle), '');
  if (text === title) return true;
  // The site's own numbering (per volume) with the same name: "第2章 锦旗" for "第12章 锦旗".
  const name = chapterNameOf(chapterTitle);
  if (name.length >= 2 && line.length <= 40 && chapterNumberOf(line) !== undefined) {
    if (chapterNameOf(line) === name) return true;
  }
  // Tolerate a short decoration (page counter, site name) but not a sentence that merely
  // begins with the title's words.
  return text.startsWith(title) && text.length - title.length <= 8 && line.length <= 60;
}

/** Removes the title when the site repeats it in the first lines of the text. */
export function stripRepeatedTitle(
  paragraphs: readonly string[],
  chapterTitle: string | undefined,
  bookTitle?: string,
): { paragraphs: string[]; removed: string[] } {
  if (chapterTitle === undefined || chapterTitle.trim() === '') {
    return { paragraphs: [...paragraphs], removed: [] };
  }
  const removed: string[] = [];
  const kept: string[] = [];
  paragraphs.forEach((line, index) => {
    if (index < 3 && removed.length === 0 && isTitleLine(line, chapterTitle, bookTitle)) {
      removed.push(line);
    } else {
      kept.push(line);
    }
  });
  return { paragraphs: kept, removed };
}

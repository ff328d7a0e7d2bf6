/**
 * Moving around a long book's chapter list: find chapters by words or by number, and the entries
 * as the drawer shows them (volume headings, reversed on request). Pure: the drawer renders it.
 */
import type { TocItem } from '../api/types.ts';
// The one parser of Chinese numerals, the server's (pure, no imports): the drawer reads 第二百章
// as the alignment reads chapter titles.
import {
  NUMERAL_CHARS,
  parseChineseNumber,
} from '../../../src/library/normalize/chinese-numeral.ts';

/** A row of the drawer: a volume heading or a chapter with its story number (notes have none). */
export type TocRow =
  | { readonly kind: 'volume'; readonly title: string }
  | { readonly kind: 'chapter'; readonly item: TocItem; readonly number: number | undefined };

/** Notes and announcements (上架感言, 请假条) are listed but are not chapters of the story. */
const isNote = (item: TocItem) => item.note || item.isExtra;

/** Story chapters numbered from 1 in reading order; author's notes and announcements unnumbered. */
export function numberChapters(toc: readonly TocItem[]): Map<string, number> {
  const numbers = new Map<string, number>();
  let n = 0;
  for (const item of toc) if (!isNote(item)) numbers.set(item.key, ++n);
  return numbers;
}

/**
 * The chapter a query names by number: "200", "第200章" or "第二百章" → the 200th story chapter
 * (the same count the drawer shows), when the book has that many.
 */
export function chapterByNumber(toc: readonly TocItem[], query: string): TocItem | undefined {
  const n = numberIn(query.trim());
  if (n === undefined || n < 1) return undefined;
  let seen = 0;
  for (const item of toc) if (!isNote(item) && ++seen === n) return item;
  return undefined;
}

/** The drawer's rows: chapters whose title holds every word of the query, with volume headings. */
export function tocRows(
  toc: readonly TocItem[],
  options: { readonly query?: string; readonly reversed?: boolean } = {},
): TocRow[] {
  const numbers = numberChapters(toc);
  const words = (options.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const byNumber = words.length > 0 ? chapterByNumber(toc, options.query ?? '') : undefined;
  const matches = (item: TocItem) =>
    words.length === 0 ||
    item === byNumber ||
    words.every((w) => item.title.toLowerCase().includes(w));
  const items = toc.filter(matches);
  if (options.reversed) items.reverse();
  const rows: TocRow[] = [];
  let volume: string | undefined;
  for (const item of items) {
    if (item.volumeTitle !== undefined && item.volumeTitle !== volume)
      rows.push({ kind: 'volume', title: item.volumeTitle });
    volume = item.volumeTitle;
    rows.push({ kind: 'chapter', item, number: numbers.get(item.key) });
  }
  return rows;
}

/** A number written in digits or Chinese numerals, alone or as 第…章/回/节: "第二百章" → 200. */
function numberIn(query: string): number | undefined {
  const bare = new RegExp(
    `^(?:第\\s*)?([0-9０-９]+|[${NUMERAL_CHARS}]+)\\s*(?:[章回节話话])?$`,
    'u',
  ).exec(query);
  if (!bare) return undefined;
  // Full-width digits (２００) as typed on a Chinese keyboard.
  const text = bare[1]!.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  return parseChineseNumber(text);
}

// Normalisation for matching: book keys, chapter titles, chapter numbers. Pure functions.
export { foldChinese } from './fold-chinese.ts';
export {
  normalizeTitle,
  normalizeAuthor,
  bookKey,
  normalizeChapterTitle,
  stripNoise,
} from './text.ts';
export { parseChineseNumber, toChineseNumeral } from './chinese-numeral.ts';
export { parseChapterTitle } from './chapter-number.ts';
export type { ChapterKind, ParsedChapterTitle } from './chapter-number.ts';

// Chapter alignment: merges the TOCs of a book's listings into one canonical chapter list.
export { alignTocs, alignAll } from './align-tocs.ts';
export { resolvePosition } from './position.ts';
export type { ReadingAnchor } from './position.ts';
export type {
  AlignResult,
  CanonicalChapter,
  ChapterLink,
  IncomingToc,
  ListingId,
  TocEntry,
} from './types.ts';

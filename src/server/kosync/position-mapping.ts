import { readChapter, viewToc } from '#library';
import type { LibraryDeps, ReadingPosition, TocItem } from '#library';
import { formatXPointer, offsetInChapter, paragraphAt, parseXPointer } from './xpointer.ts';

const ANCHOR_CHARS = 20;

/** KOReader's view of a position: an XPointer and the fraction of the book read. */
interface KoreaderProgress {
  readonly progress: string;
  readonly percentage: number;
}

/**
 * KOReader's progress as a Linhai position: the chapter by DocFragment index (less the title
 * page), the offset and anchor from that paragraph. Without an XPointer the percentage picks the
 * chapter. Undefined for a book without chapters.
 */
export async function toLinhaiPosition(
  library: LibraryDeps,
  bookId: number,
  input: KoreaderProgress,
): Promise<ReadingPosition | undefined> {
  const toc = await viewToc(library, bookId);
  if (toc.length === 0) return undefined;
  const point = parseXPointer(input.progress);
  const fraction = Math.min(1, Math.max(0, input.percentage));
  const index =
    point === undefined
      ? Math.min(toc.length - 1, Math.floor(fraction * toc.length))
      : Math.min(toc.length - 1, Math.max(0, point.chapter));
  const item = toc[index]!;
  // Before the first chapter (the title page) is the start of chapter one.
  if (point === undefined || point.chapter < 0)
    return { chapterKey: item.key, anchor: '', offsetChars: 0 };
  const paragraphs = await paragraphsOf(library, bookId, item);
  const offsetChars = offsetInChapter(paragraphs, point.paragraph, point.offset);
  const at =
    point.paragraph === undefined
      ? undefined
      : paragraphs[Math.min(point.paragraph, paragraphs.length - 1)];
  return { chapterKey: item.key, anchor: (at ?? '').slice(0, ANCHOR_CHARS), offsetChars };
}

/** A Linhai position as KOReader's XPointer and percentage in the served EPUB. */
export async function toKoreaderProgress(
  library: LibraryDeps,
  bookId: number,
  position: { readonly chapterKey: string; readonly offsetChars: number },
): Promise<KoreaderProgress | undefined> {
  const toc = await viewToc(library, bookId);
  const index = toc.findIndex((c) => c.key === position.chapterKey);
  if (index < 0) return undefined;
  const paragraphs = await paragraphsOf(library, bookId, toc[index]!);
  const { paragraph, offset } = paragraphAt(paragraphs, position.offsetChars);
  const length = paragraphs.reduce((sum, p) => sum + p.length + 1, 0);
  const within = length === 0 ? 0 : Math.min(1, position.offsetChars / length);
  return {
    progress: formatXPointer({ chapter: index, paragraph, offset }),
    percentage: Math.round(((index + within) / toc.length) * 10_000) / 10_000,
  };
}

/** The chapter's clean paragraphs (as the EPUB has them); none when it cannot be read now. */
async function paragraphsOf(
  library: LibraryDeps,
  bookId: number,
  item: TocItem,
): Promise<readonly string[]> {
  try {
    return (await readChapter(library, { bookId, chapterKey: item.key })).paragraphs;
  } catch {
    return [];
  }
}

import { resolvePosition } from '../align/index.ts';
import { toCanonical } from '../canonical-chapters.ts';
import type { ChapterRecord, LibraryDeps, ListingRecord, PositionRecord } from '../ports.ts';

/*
 * Legado keeps a place as (chapter title, 0-based index into its source's TOC, characters into
 * the chapter); Linhai as (chapter key, anchor, offset). Title first, because indexes differ
 * between sources and shift when a site inserts a chapter; the index only when the title finds
 * nothing (or several chapters), read at the same source's listing when Linhai has it.
 */

/** Where a Legado place lands in Linhai's TOC, and which of its parts found it. */
interface MappedChapter {
  readonly chapter: ChapterRecord;
  readonly by: 'title' | 'index';
}

export function mapLegadoChapter(
  chapters: readonly ChapterRecord[],
  place: {
    readonly title: string | undefined;
    readonly index: number;
    readonly listingId?: number | undefined;
  },
): MappedChapter | undefined {
  if (chapters.length === 0) return undefined;
  if (place.title !== undefined && place.title.trim() !== '') {
    const found = resolvePosition(chapters.map(toCanonical), { key: '', title: place.title });
    const chapter = found && chapters.find((c) => c.key === found.key);
    if (chapter !== undefined) return { chapter, by: 'title' };
    const same = chapters.filter((c) => c.title.trim() === place.title!.trim());
    if (same.length > 0) {
      // Several chapters with this title: the one nearest the index.
      const nearest = same.reduce((a, b) =>
        Math.abs(b.ordinal - place.index) < Math.abs(a.ordinal - place.index) ? b : a,
      );
      return { chapter: nearest, by: 'title' };
    }
  }
  const atListing =
    place.listingId === undefined
      ? undefined
      : chapters.find((c) =>
          c.links.some((l) => l.listingId === place.listingId && l.position === place.index),
        );
  const chapter = atListing ?? chapters.find((c) => c.ordinal === place.index);
  return chapter === undefined ? undefined : { chapter, by: 'index' };
}

/** The listing a Legado book reads from: the one at its source, if Linhai has that source. */
export function listingAt(
  listings: readonly ListingRecord[],
  origin: string,
): ListingRecord | undefined {
  return listings.find((l) => l.sourceUrl === origin);
}

/** The listing a Legado export names as the book's source: an enabled one, the first kept. */
export function exportListing(listings: readonly ListingRecord[]): ListingRecord | undefined {
  return listings.find((l) => l.sourceEnabled) ?? listings[0];
}

/** A Linhai position as Legado's (index at `listing`, else the canonical ordinal). */
export function toLegadoPlace(
  chapters: readonly ChapterRecord[],
  position: PositionRecord,
  listing: ListingRecord | undefined,
): {
  durChapterIndex: number;
  durChapterPos: number;
  durChapterTitle: string;
  durChapterTime: number;
} {
  const chapter = chapters.find((c) => c.key === position.chapterKey);
  const link = chapter?.links.find((l) => l.listingId === listing?.id);
  return {
    durChapterIndex: link?.position ?? chapter?.ordinal ?? 0,
    durChapterPos: position.offsetChars,
    durChapterTitle: chapter?.title ?? position.chapterTitle ?? '',
    durChapterTime: position.readAt,
  };
}

/**
 * Saves a Legado place as the reader's position when it is newer than the one kept (whichever
 * device moved last wins; the same place again changes nothing). What happened, for the report.
 */
export async function saveLegadoPlace(
  deps: Pick<LibraryDeps, 'store' | 'clock'>,
  ref: { readonly userId: number; readonly bookId: number },
  place: {
    readonly title: string | undefined;
    readonly index: number;
    readonly pos: number;
    readonly time: number;
    readonly listingId?: number | undefined;
  },
): Promise<'saved' | 'kept-newer' | 'unmapped'> {
  const chapters = await deps.store.chapters.listByBook(ref.bookId);
  const mapped = mapLegadoChapter(chapters, place);
  if (mapped === undefined) return 'unmapped';
  const kept = (await deps.store.shelves.get(ref.userId, ref.bookId))?.position;
  // A place without a time is older than any kept one (Legado always sets it; old files may not).
  if (kept !== undefined && (place.time <= 0 || kept.readAt >= place.time)) return 'kept-newer';
  const readAt = place.time > 0 ? place.time : deps.clock.now();
  await deps.store.shelves.savePosition(ref.userId, ref.bookId, {
    chapterKey: mapped.chapter.key,
    chapterTitle: mapped.chapter.title,
    anchor: '',
    offsetChars: Math.max(0, place.pos),
    readAt,
  });
  return 'saved';
}

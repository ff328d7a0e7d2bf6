import { LinhaiError } from '#model';
import type { ListingChaseView } from './chase/index.ts';
import { consistentTitles, preferredTitleStyle } from './chapter-titles.ts';
import type { BookRecord, ChapterRecord, LibraryDeps, ListingRecord } from './ports.ts';

/** One member of a book's source pool, as a book page shows it. */
export interface PoolMember {
  readonly listingId: number;
  readonly sourceKey: string;
  readonly sourceName: string;
  readonly enabled: boolean;
  readonly bookUrl: string;
  readonly chapterCount: number;
  readonly latestTitle: string | undefined;
  readonly checkedAt: number | undefined;
  readonly changedAt: number | undefined;
  readonly latencyP50Ms: number | undefined;
  /** Failures in a row since the last success (0 when healthy). */
  readonly errorCount: number;
  readonly lastError: string | undefined;
  /** The chase: how far behind the first source to show a chapter (ms), when measured. */
  readonly lagMs: number | undefined;
  /** New chapters are served from this listing first. */
  readonly preferred: boolean;
  /** A reader chose it as the book's source (换源); otherwise the chase prefers the fastest. */
  readonly chosen: boolean;
  /** The book's story chapters (notes and announcements left out) this listing carries. */
  readonly storyChapters: number;
  /** Story chapters the fullest listing has and this one lacks (notes never count). */
  readonly behind: number;
  /** When the chase checks it next, and why ("about 2.0 chapters a day", "backoff…"). */
  readonly nextCheckAt: number | undefined;
  readonly checkReason: string | undefined;
}

export interface BookView {
  readonly book: BookRecord;
  readonly pool: readonly PoolMember[];
  readonly chapterCount: number;
  /** Chapters of the story: the TOC without authors' notes and announcements (上架感言, 请假条). */
  readonly storyChapterCount: number;
  readonly latestChapter: { readonly key: string; readonly title: string } | undefined;
}

/** A book with its source pool and chapter figures (the server's book page; `linhai info`). */
export async function viewBook(
  deps: Pick<LibraryDeps, 'store'>,
  bookId: number,
): Promise<BookView> {
  const book = await deps.store.books.get(bookId);
  if (book === undefined)
    throw new LinhaiError('not-found', `no book ${bookId}`, { details: { bookId } });
  const [listings, chapters] = await Promise.all([
    deps.store.listings.listByBook(bookId),
    deps.store.chapters.listByBook(bookId),
  ]);
  const titles = shownTitles(chapters, listings);
  const latestIndex = chapters.findIndex((c) => c.id === book.latestChapterId);
  const latestAt = latestIndex === -1 ? chapters.length - 1 : latestIndex;
  const latest = chapters[latestAt];
  const story = chapters.filter((c) => !isNote(c));
  const carried = new Map<number, number>();
  for (const chapter of story)
    for (const listingId of new Set(chapter.links.map((l) => l.listingId)))
      carried.set(listingId, (carried.get(listingId) ?? 0) + 1);
  const fullest = Math.max(0, ...carried.values());
  return {
    book,
    pool: listings.map((listing) => {
      const storyChapters = carried.get(listing.id) ?? 0;
      return { ...toPoolMember(listing), storyChapters, behind: fullest - storyChapters };
    }),
    chapterCount: chapters.length,
    storyChapterCount: story.length,
    latestChapter: latest && { key: latest.key, title: titles[latestAt]! },
  };
}

/** One canonical chapter as a TOC page lists it. */
export interface TocItem {
  readonly key: string;
  readonly ordinal: number;
  readonly title: string;
  readonly volumeTitle: string | undefined;
  readonly isExtra: boolean;
  /** An author's note or announcement (上架感言, 请假条): listed, not counted as a chapter. */
  readonly note: boolean;
  /** How many sources carry it. */
  readonly sources: number;
  readonly firstSeenAt: number;
}

/**
 * The book's canonical table of contents in reading order, titled in one style (the preferred
 * source's, numbered through the book: chapter-titles.ts).
 */
export async function viewToc(
  deps: Pick<LibraryDeps, 'store'>,
  bookId: number,
): Promise<TocItem[]> {
  const book = await deps.store.books.get(bookId);
  if (book === undefined)
    throw new LinhaiError('not-found', `no book ${bookId}`, { details: { bookId } });
  const [chapters, listings] = await Promise.all([
    deps.store.chapters.listByBook(bookId),
    deps.store.listings.listByBook(bookId),
  ]);
  const titles = shownTitles(chapters, listings);
  return chapters.map((c, i) => ({
    key: c.key,
    ordinal: c.ordinal,
    title: titles[i]!,
    volumeTitle: c.volumeTitle,
    isExtra: c.isExtra,
    note: isNote(c),
    sources: c.links.length,
    firstSeenAt: c.firstSeenAt,
  }));
}

/** Stored books, most recently updated first. */
export async function listBooks(
  deps: Pick<LibraryDeps, 'store'>,
  page: { readonly limit?: number; readonly offset?: number } = {},
): Promise<BookRecord[]> {
  return deps.store.books.list({
    limit: Math.min(page.limit ?? 50, 500),
    offset: page.offset ?? 0,
  });
}

/**
 * Each chapter's title as the book shows it (key → title), for the lists that name chapters beside
 * the table of contents (bookmarks, search in the book): one style everywhere in the reader.
 */
export async function shownChapterTitles(
  deps: Pick<LibraryDeps, 'store'>,
  bookId: number,
  chapters: readonly ChapterRecord[],
): Promise<Map<string, string>> {
  const titles = shownTitles(chapters, await deps.store.listings.listByBook(bookId));
  return new Map(chapters.map((c, i) => [c.key, titles[i]!]));
}

/** The chapters' titles as the book shows them, in the preferred source's style. */
function shownTitles(chapters: readonly ChapterRecord[], listings: readonly ListingRecord[]) {
  return consistentTitles(
    chapters.map((c) => ({ title: c.title, note: isNote(c) })),
    preferredTitleStyle(listings),
  );
}

/** Notes and announcements are in the list but are not chapters of the story. */
function isNote(chapter: ChapterRecord): boolean {
  return chapter.kind === 'announcement' || chapter.isExtra;
}

function toPoolMember(listing: ListingRecord): Omit<PoolMember, 'storyChapters' | 'behind'> {
  const chase = listing.lag as Partial<ListingChaseView> | undefined;
  return {
    listingId: listing.id,
    sourceKey: listing.sourceUrl,
    sourceName: listing.sourceName,
    enabled: listing.sourceEnabled,
    bookUrl: listing.bookUrl,
    chapterCount: listing.chapterCount,
    latestTitle: listing.latestTitle,
    checkedAt: listing.checkedAt,
    changedAt: listing.changedAt,
    latencyP50Ms: listing.sourceLatencyP50Ms,
    errorCount: listing.errorCount,
    lastError: listing.lastError,
    lagMs: chase?.lagMs ?? undefined,
    preferred: chase?.preferred ?? false,
    chosen: chase?.chosen ?? false,
    nextCheckAt: listing.nextCheckAt,
    checkReason: chase?.reason,
  };
}

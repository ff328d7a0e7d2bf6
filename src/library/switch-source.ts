import { LinhaiError } from '#model';
import type { ListingChaseView } from './chase/index.ts';
import type { LibraryDeps, ListingRecord } from './ports.ts';

/**
 * 换源 for a whole book: a reader makes one listing of its pool the preferred source, or gives
 * the choice back to the chase (`undefined`). The choice is the chase's own `preferred` mark in
 * each listing's chase view, with `chosen` saying a reader made it: the chase keeps it while the
 * listing stays healthy, and reads try it first (`rankListings`).
 */
export async function choosePreferredSource(
  deps: Pick<LibraryDeps, 'store'>,
  bookId: number,
  listingId: number | undefined,
): Promise<void> {
  const listings = await deps.store.listings.listByBook(bookId);
  if (listings.length === 0)
    throw new LinhaiError('not-found', `no book ${bookId} with sources`, { details: { bookId } });
  if (listingId !== undefined && !listings.some((l) => l.id === listingId)) {
    throw new LinhaiError('not-found', `source ${listingId} is not one of book ${bookId}'s`, {
      details: { bookId, listingId },
    });
  }
  for (const listing of listings) {
    const view = chaseViewOf(listing);
    const chosen = listing.id === listingId;
    // Given back to the chase: its own pick stays until its next check says otherwise.
    const preferred = listingId === undefined ? (view.preferred ?? false) : chosen;
    await deps.store.listings.saveLag(listing.id, { ...view, preferred, chosen });
  }
}

/** One source that carries a chapter, as the reader's 换源 sheet lists it. */
export interface ChapterSource {
  readonly listingId: number;
  readonly sourceKey: string;
  readonly sourceName: string;
  /** The chapter's address at that source. */
  readonly url: string;
  readonly enabled: boolean;
  /** The book's preferred source (the chase's, or the one a reader chose). */
  readonly preferred: boolean;
  /** The cached copy of the chapter came from it. */
  readonly served: boolean;
}

/** The sources that carry a chapter, preferred first, and which one the cached copy came from. */
export async function listChapterSources(
  deps: Pick<LibraryDeps, 'store'>,
  ref: { readonly bookId: number; readonly chapterKey: string },
): Promise<{ readonly title: string; readonly sources: ChapterSource[] }> {
  const chapter = await deps.store.chapters.getByKey(ref.bookId, ref.chapterKey);
  if (chapter === undefined) {
    throw new LinhaiError('not-found', `no chapter ${ref.chapterKey} in book ${ref.bookId}`, {
      details: { bookId: ref.bookId, chapter: ref.chapterKey },
    });
  }
  const [listings, cached] = await Promise.all([
    deps.store.listings.listByBook(ref.bookId),
    deps.store.contents.get(chapter.id),
  ]);
  const byId = new Map(listings.map((l) => [l.id, l]));
  const seen = new Set<number>();
  const sources: ChapterSource[] = [];
  for (const link of chapter.links) {
    const listing = byId.get(link.listingId);
    if (listing === undefined || seen.has(listing.id)) continue;
    seen.add(listing.id);
    sources.push({
      listingId: listing.id,
      sourceKey: listing.sourceUrl,
      sourceName: listing.sourceName,
      url: link.url,
      enabled: listing.sourceEnabled,
      preferred: chaseViewOf(listing).preferred ?? false,
      served: cached !== undefined && cached.sourceId === listing.sourceId,
    });
  }
  sources.sort((a, b) => Number(b.preferred) - Number(a.preferred));
  return { title: chapter.title, sources };
}

function chaseViewOf(listing: ListingRecord): Partial<ListingChaseView> {
  const lag = listing.lag;
  return typeof lag === 'object' && lag !== null ? (lag as Partial<ListingChaseView>) : {};
}

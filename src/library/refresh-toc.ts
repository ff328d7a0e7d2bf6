import { LinhaiError, isLinhaiError } from '#model';
import { alignTocs } from './align/index.ts';
import type { CanonicalChapter } from './align/index.ts';
import { fromCanonical, toCanonical } from './canonical-chapters.ts';
import { withDeadline } from './with-deadline.ts';
import type {
  BookRecord,
  ChapterGap,
  ChapterRecord,
  LibraryDeps,
  ListingRecord,
  SourceBook,
  SourceTocEntry,
} from './ports.ts';

/** One listing's part in a TOC refresh. */
export type TocOutcome =
  | {
      readonly listingId: number;
      readonly sourceKey: string;
      readonly status: 'ok';
      readonly entries: number;
      readonly added: number;
      /** Keys of chapters this listing shows now and did not show before (new to it). */
      readonly newKeys: readonly string[];
      /** New chapters left out because `acceptNew` refused them (e.g. a placeholder page). */
      readonly withheld: number;
      /** A later TOC page failed; the chapters of the pages before it were merged. */
      readonly incomplete?: ChapterGap;
      readonly elapsedMs: number;
    }
  | {
      readonly listingId: number;
      readonly sourceKey: string;
      readonly status: 'failed';
      readonly error: {
        readonly code: string;
        readonly message: string;
        /** The site asked us to wait this long (429/503 Retry-After, open breaker). */
        readonly retryAfterMs?: number;
      };
      readonly elapsedMs: number;
    };

export interface RefreshTocResult {
  readonly chapters: readonly ChapterRecord[];
  /** Keys of chapters new since the last refresh. */
  readonly added: readonly string[];
  readonly outcomes: readonly TocOutcome[];
}

export interface RefreshTocOptions {
  /** Only these listings (default: every listing of an enabled source). */
  readonly listingIds?: readonly number[];
  /** How long one TOC fetch may take (default 30 s). */
  readonly deadlineMs?: number;
  /** TOCs fetched at once (default 4). */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  /**
   * Asked before chapters new to the book are stored, with those of one listing in TOC order:
   * returns how many of them (a prefix) to take. The chase uses it to credit a chapter only when
   * its page is real, so a placeholder is no update; the rest wait for the next check.
   */
  readonly acceptNew?: (listing: ListingRecord, fresh: readonly NewChapter[]) => Promise<number>;
}

/** A chapter a listing shows that the book did not have. */
export interface NewChapter {
  readonly key: string;
  readonly title: string;
  readonly ordinal: number;
  readonly url: string;
}

/**
 * Fetches the TOC of each of the book's listings and merges them into the canonical chapter list
 * with `alignTocs`: each chapter records which listings carry it, at which URL, and when each
 * first showed it. Listings that fail keep their old links; the failure is in `outcomes`.
 */
export async function refreshToc(
  deps: Pick<LibraryDeps, 'store' | 'gateway' | 'clock'>,
  bookId: number,
  options: RefreshTocOptions = {},
): Promise<RefreshTocResult> {
  const { store, gateway, clock } = deps;
  const book = await store.books.get(bookId);
  if (book === undefined)
    throw new LinhaiError('not-found', `no book ${bookId}`, { details: { bookId } });
  const wanted = options.listingIds === undefined ? undefined : new Set(options.listingIds);
  const listings = (await store.listings.listByBook(bookId)).filter(
    (l) => l.sourceEnabled && (wanted === undefined || wanted.has(l.id)),
  );

  // Book pages read on the way to the TOCs, by listing: they fill in what the book lacks.
  const pages = new Map<number, SourceBook>();
  const fetched: Fetched[] = await mapLimited(
    listings,
    options.concurrency ?? 4,
    async (listing) => {
      const begin = clock.now();
      let gap: ChapterGap | undefined;
      try {
        const entries = await withDeadline(
          (signal) =>
            gateway.toc(
              listing.sourceUrl,
              { bookUrl: listing.bookUrl, tocUrl: listing.tocUrl },
              signal,
              (page) => pages.set(listing.id, page),
              (failed) => (gap = failed),
            ),
          {
            budgetMs: options.deadlineMs ?? 30_000,
            ...(options.signal ? { outer: options.signal } : {}),
            onTimeout: () =>
              new LinhaiError('deadline', `${listing.sourceName} did not send the TOC in time`, {
                details: { source: listing.sourceUrl, url: listing.tocUrl ?? listing.bookUrl },
              }),
          },
        );
        if (gap !== undefined && entries.length < listing.chapterCount)
          throw stoppedShort(listing, gap);
        return {
          listing,
          entries,
          elapsedMs: clock.now() - begin,
          ...(gap ? { incomplete: gap } : {}),
        };
      } catch (error) {
        return { listing, error, elapsedMs: clock.now() - begin };
      }
    },
  );

  // Another process may save the same book's TOC meanwhile (a chase check of another listing):
  // the save then fails with a conflict, and the fetched TOCs are merged again into the new one.
  const now = clock.now();
  for (let attempt = 1; ; attempt++) {
    const stored = await store.chapters.listByBook(bookId);
    const merge = await mergeFetched(stored.map(toCanonical), fetched, now, options);
    try {
      const chapters = await store.chapters.saveToc(bookId, merge.canonical.map(fromCanonical), {
        basedOn: stored,
      });
      for (const result of fetched) await recordListing(deps, result, merge, now);
      const latest =
        [...chapters].reverse().find((c) => !c.isExtra) ?? chapters[chapters.length - 1];
      await store.books.setLatestChapter(bookId, latest?.id);
      await completeBook(deps, book, listings, pages);
      return { chapters, added: merge.added, outcomes: merge.outcomes };
    } catch (error) {
      if (!isLinhaiError(error, 'conflict') || attempt >= 5) throw error;
    }
  }
}

/**
 * A TOC whose later page failed (Legado keeps the pages read) is merged when it shows at least
 * the chapters the listing had (a first read, or a gap past them); when it shows fewer, merging
 * it would drop the links of the rest, so it fails like a TOC that did not load: the old links
 * stay, and the next check reads it again.
 */
function stoppedShort(listing: ListingRecord, gap: ChapterGap): LinhaiError {
  return new LinhaiError(
    'bad-content',
    `${listing.sourceName}: the table of contents stops short (${gap.message}); the ${listing.chapterCount} chapters it had are kept until it is read whole`,
    { details: { source: listing.sourceUrl, url: gap.url, kind: 'incomplete-toc' } },
  );
}

/**
 * Fills in a cover, intro or category the book lacks from the book pages just read, in listing
 * order (search results often carry none of them; the book page usually does). What the book
 * has is kept.
 */
async function completeBook(
  deps: Pick<LibraryDeps, 'store'>,
  book: BookRecord,
  listings: readonly ListingRecord[],
  pages: ReadonlyMap<number, SourceBook>,
): Promise<void> {
  const read = listings.map((l) => pages.get(l.id)).filter((p) => p !== undefined);
  const first = (field: 'coverUrl' | 'intro' | 'kind') =>
    book[field] ? undefined : read.map((p) => p[field]?.trim()).find((v) => v);
  const coverUrl = first('coverUrl');
  const intro = first('intro');
  const kind = first('kind');
  if (coverUrl === undefined && intro === undefined && kind === undefined) return;
  await deps.store.books.upsert({
    key: book.key,
    title: book.title,
    author: book.author,
    ...(coverUrl ? { coverUrl } : {}),
    ...(intro ? { intro } : {}),
    ...(kind ? { kind } : {}),
  });
}

type Fetched =
  | {
      listing: ListingRecord;
      entries: readonly SourceTocEntry[];
      elapsedMs: number;
      incomplete?: ChapterGap;
    }
  | { listing: ListingRecord; error: unknown; elapsedMs: number };

interface Merge {
  readonly canonical: CanonicalChapter[];
  readonly added: string[];
  readonly outcomes: TocOutcome[];
  /** What each listing showed, once refused chapters are left out: its count and latest title. */
  readonly shown: Map<number, readonly SourceTocEntry[]>;
}

/** Merges the fetched TOCs one listing at a time: alignment is incremental. Writes nothing. */
async function mergeFetched(
  start: CanonicalChapter[],
  fetched: readonly Fetched[],
  now: number,
  options: RefreshTocOptions,
): Promise<Merge> {
  let canonical = start;
  const added: string[] = [];
  const outcomes: TocOutcome[] = [];
  const shownBy = new Map<number, readonly SourceTocEntry[]>();
  for (const result of fetched) {
    const { listing, elapsedMs } = result;
    if ('error' in result) {
      const error = describeError(result.error);
      outcomes.push({
        listingId: listing.id,
        sourceKey: listing.sourceUrl,
        status: 'failed',
        error,
        elapsedMs,
      });
      continue;
    }
    let shown: readonly SourceTocEntry[] = result.entries;
    const align = () =>
      alignTocs(canonical, {
        listingId: String(listing.id),
        entries: shown.map((e) => ({ title: e.title, url: e.url })),
        seenAt: now,
      });
    let merged = align();
    let withheld = 0;
    if (options.acceptNew && merged.added.length > 0) {
      const fresh = newChaptersOf(merged.chapters, merged.added, String(listing.id));
      const accepted = await options.acceptNew(listing, fresh);
      if (accepted < fresh.length) {
        // Leave the refused chapter and everything after it out, as if the TOC ended before it.
        const cut = shown.findIndex((e) => e.url === fresh[accepted]!.url);
        shown = shown.slice(0, Math.max(0, cut));
        withheld = fresh.length - accepted;
        merged = align();
      }
    }
    const before = new Set(canonical.filter((c) => hasLink(c, listing.id)).map((c) => c.key));
    const newKeys = merged.chapters
      .filter((c) => hasLink(c, listing.id) && !before.has(c.key))
      .map((c) => c.key);
    canonical = merged.chapters;
    for (const key of merged.added) added.push(key); // no spread: lists can be 200,000 long
    shownBy.set(listing.id, shown);
    outcomes.push({
      listingId: listing.id,
      sourceKey: listing.sourceUrl,
      status: 'ok',
      entries: result.entries.length,
      added: merged.added.length,
      newKeys,
      withheld,
      elapsedMs,
      ...(result.incomplete ? { incomplete: result.incomplete } : {}),
    });
  }
  return { canonical, added, outcomes, shown: shownBy };
}

/** Records on the listing and its source what the fetch found (once the merge is saved). */
async function recordListing(
  deps: Pick<LibraryDeps, 'store'>,
  result: Fetched,
  merge: Merge,
  now: number,
): Promise<void> {
  const { listing, elapsedMs } = result;
  if ('error' in result) {
    const error = describeError(result.error);
    await deps.store.listings.recordError(listing.id, `${error.code}: ${error.message}`);
    await recordOutcome(deps, listing, false, elapsedMs, error.code);
    return;
  }
  const shown = merge.shown.get(listing.id) ?? result.entries;
  const chapterCount = shown.filter((e) => !e.isVolume).length;
  const latestTitle = [...shown].reverse().find((e) => !e.isVolume)?.title;
  await deps.store.listings.recordCheck(listing.id, {
    checkedAt: now,
    chapterCount,
    latestTitle,
    ...(chapterCount !== listing.chapterCount || latestTitle !== listing.latestTitle
      ? { changedAt: now }
      : {}),
  });
  await recordOutcome(deps, listing, true, elapsedMs);
}

async function recordOutcome(
  deps: Pick<LibraryDeps, 'store'>,
  listing: ListingRecord,
  ok: boolean,
  latencyMs: number,
  error?: string,
): Promise<void> {
  await deps.store.sources.recordOutcome(listing.sourceId, {
    kind: 'toc',
    ok,
    latencyMs,
    ...(error === undefined ? {} : { error }),
  });
}

/** An error as a check outcome reports it: code, message, and how long the site asked us to wait. */
export function describeError(error: unknown): {
  code: string;
  message: string;
  retryAfterMs?: number;
} {
  if (isLinhaiError(error))
    return {
      code: error.code,
      message: error.message,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** Maps with at most `limit` calls in flight, keeping input order in the result. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

function hasLink(chapter: CanonicalChapter, listingId: number): boolean {
  return chapter.links.some((link) => String(link.listingId) === String(listingId));
}

/** The chapters of `added`, in canonical order, with this listing's URL of each. */
function newChaptersOf(
  chapters: readonly CanonicalChapter[],
  added: readonly string[],
  listingId: string,
): NewChapter[] {
  const wanted = new Set(added);
  return chapters.flatMap((c) => {
    const link = wanted.has(c.key)
      ? c.links.find((l) => String(l.listingId) === listingId)
      : undefined;
    return link ? [{ key: c.key, title: c.title, ordinal: c.ordinal, url: link.url }] : [];
  });
}

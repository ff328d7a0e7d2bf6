import { LinhaiError } from '#model';
import { cacheChapter, fetchAndClean } from '../read-chapter.ts';
import type { FetchedChapter } from '../read-chapter.ts';
import { describeError, refreshToc } from '../refresh-toc.ts';
import type { NewChapter } from '../refresh-toc.ts';
import { withDeadline } from '../with-deadline.ts';
import type { BookRecord, LibraryDeps, ListingRecord } from '../ports.ts';

/** What one chase check of one listing found. */
export interface ChaseCheckResult {
  readonly listingId: number;
  readonly bookId: number;
  /**
   * `unchanged`: the book page's latest chapter was the one we knew, so the TOC was not fetched;
   * `changed`: it differed and the TOC was fetched; `skipped`: no cheap probe for this listing.
   */
  readonly probe: 'unchanged' | 'changed' | 'skipped';
  readonly ok: boolean;
  /** Chapters this listing shows now and did not before (new to it, maybe not to the book). */
  readonly newKeys: readonly string[];
  /** Of those, chapters new to the book: discovered by this check. */
  readonly added: readonly string[];
  /** For keys other listings had before: when and where the book first saw them. */
  readonly knownFirstSeen: Readonly<Record<string, { at: number; listingId: string }>>;
  /** New chapters not taken because their page was bad (a placeholder…) or did not load. */
  readonly withheld: number;
  /** New chapters whose text was fetched, cleaned and cached during the check. */
  readonly cached: number;
  /**
   * The listing's TOC had never been fetched: what it shows is its back catalogue, not news
   * (the scheduler must not learn a publishing rate from it).
   */
  readonly baseline: boolean;
  readonly error?: { readonly code: string; readonly message: string };
  readonly retryAfterMs?: number;
}

export interface ChaseCheckOptions {
  /** Fetch the TOC even when the probe says nothing changed (`linhai update`). */
  readonly force?: boolean;
  /**
   * At most this many new chapters are fetched and checked in one check (20 by default); more
   * wait for the next check, so a listing back from a long pause is taken in a few steps.
   */
  readonly verifyLimit?: number;
  readonly deadlineMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * One chase check: a cheap probe first (the book page's latest chapter — `og:novel:latest_chapter_name`
 * or the source's `lastChapter` rule), the TOC only when the probe changed or there is none, new
 * chapters merged into the book's canonical list. A new chapter counts only when its page passes
 * the cleaner's bad-page checks: a placeholder on a fast site is no update, and is looked at again
 * on the next check.
 */
export async function checkListing(
  deps: LibraryDeps,
  listingId: number,
  options: ChaseCheckOptions = {},
): Promise<ChaseCheckResult> {
  const { store } = deps;
  const listing = await store.listings.get(listingId);
  const book = listing && (await store.books.get(listing.bookId));
  if (listing === undefined || book === undefined)
    throw new LinhaiError('not-found', `no listing ${listingId}`, { details: { listingId } });
  const base = { listingId, bookId: book.id, baseline: listing.checkedAt === undefined };
  const nothing = { newKeys: [], added: [], knownFirstSeen: {}, withheld: 0, cached: 0 };

  let probe: ChaseCheckResult['probe'] = 'skipped';
  if (!options.force && hasCheapProbe(listing)) {
    try {
      if (await latestUnchanged(deps, listing, options)) {
        await store.listings.recordCheck(listing.id, { checkedAt: deps.clock.now() });
        return { ...base, ...nothing, probe: 'unchanged', ok: true };
      }
      probe = 'changed';
    } catch (error) {
      if (options.signal?.aborted) throw error;
      return { ...base, ...nothing, probe: 'changed', ok: false, ...failure(describeError(error)) };
    }
  }

  const verified = new Map<string, FetchedChapter>();
  const result = await refreshToc(deps, book.id, {
    listingIds: [listing.id],
    ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    // A first fetch brings the back catalogue: nothing in it is news to verify.
    ...(base.baseline
      ? {}
      : { acceptNew: (l, fresh) => verifyNew(deps, book, l, fresh, options, verified) }),
  });
  const outcome = result.outcomes[0];
  if (outcome === undefined) {
    const error = {
      code: 'not-found',
      message: `the source of listing ${listingId} is disabled: enable it to follow the book there`,
    };
    return { ...base, ...nothing, probe, ok: false, error };
  }
  if (outcome.status === 'failed') {
    return { ...base, ...nothing, probe, ok: false, ...failure(outcome.error) };
  }

  const byKey = new Map(result.chapters.map((c) => [c.key, c]));
  let cached = 0;
  for (const [key, { paragraphs, incomplete }] of verified) {
    const chapter = byKey.get(key);
    if (chapter === undefined) continue;
    await cacheChapter(deps, chapter.id, listing.sourceId, paragraphs, incomplete);
    cached++;
  }
  const added = new Set(result.added);
  const knownFirstSeen: Record<string, { at: number; listingId: string }> = {};
  for (const key of outcome.newKeys) {
    const chapter = byKey.get(key);
    if (added.has(key) || chapter?.firstListingId === undefined) continue;
    knownFirstSeen[key] = { at: chapter.firstSeenAt, listingId: String(chapter.firstListingId) };
  }
  return {
    ...base,
    probe,
    ok: true,
    newKeys: outcome.newKeys,
    added: result.added,
    knownFirstSeen,
    withheld: outcome.withheld,
    cached,
  };
}

/** A book page apart from the TOC page, and a latest title to compare with. */
function hasCheapProbe(listing: ListingRecord): boolean {
  return (
    listing.latestTitle !== undefined &&
    listing.tocUrl !== undefined &&
    listing.tocUrl !== listing.bookUrl
  );
}

async function latestUnchanged(
  deps: LibraryDeps,
  listing: ListingRecord,
  options: ChaseCheckOptions,
): Promise<boolean> {
  const begin = deps.clock.now();
  const info = await withDeadline(
    (signal) => deps.gateway.bookInfo(listing.sourceUrl, { bookUrl: listing.bookUrl }, signal),
    {
      budgetMs: options.deadlineMs ?? 20_000,
      ...(options.signal ? { outer: options.signal } : {}),
      onTimeout: () =>
        new LinhaiError('deadline', `${listing.sourceName} did not send the book page in time`, {
          details: { source: listing.sourceUrl, url: listing.bookUrl },
        }),
    },
  );
  await deps.store.sources.recordOutcome(listing.sourceId, {
    kind: 'info',
    ok: true,
    latencyMs: deps.clock.now() - begin,
  });
  const latest = info.lastChapter?.trim();
  return latest !== undefined && latest !== '' && sameTitle(latest, listing.latestTitle!);
}

/** Titles as sites print them: spacing and full-width forms vary between a book page and a TOC. */
function sameTitle(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  return norm(a) === norm(b);
}

/**
 * Fetches each new chapter (oldest first, up to the limit) from the listing that showed it and
 * runs it through the cleaner; returns how many to take: all up to the first bad or missing page.
 * Good pages are kept for the cache: a new chapter is read soon by the book's followers.
 */
async function verifyNew(
  deps: LibraryDeps,
  book: BookRecord,
  listing: ListingRecord,
  fresh: readonly NewChapter[],
  options: ChaseCheckOptions,
  verified: Map<string, FetchedChapter>,
): Promise<number> {
  const limit = Math.min(fresh.length, Math.max(1, options.verifyLimit ?? 20));
  for (let i = 0; i < limit; i++) {
    const chapter = fresh[i]!;
    if (verified.has(chapter.key)) continue; // checked before a merge was retried
    const begin = deps.clock.now();
    try {
      const fetched = await fetchAndClean(
        deps,
        { book, chapter: { ...chapter, bookId: book.id }, listing, url: chapter.url },
        options,
      );
      verified.set(chapter.key, fetched);
      await deps.store.sources.recordOutcome(listing.sourceId, {
        kind: 'content',
        ok: true,
        latencyMs: deps.clock.now() - begin,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const described = describeError(error);
      await deps.store.sources.recordOutcome(listing.sourceId, {
        kind: 'content',
        ok: false,
        latencyMs: deps.clock.now() - begin,
        error: described.code,
      });
      return i;
    }
  }
  return limit;
}

/** A failed step's error, and the wait the site asked for, as the result carries them. */
function failure(described: ReturnType<typeof describeError>): {
  error: { code: string; message: string };
  retryAfterMs?: number;
} {
  const { retryAfterMs, ...error } = described;
  return { error, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

/** Readers this close to the end of a book get its new chapters downloaded ahead. */
const nearEndChapters = 5;

/** Followers of the book whose reading position is within a few chapters of its end. */
export async function readersNearEnd(
  deps: Pick<LibraryDeps, 'store'>,
  bookId: number,
): Promise<number[]> {
  const { store } = deps;
  const followers = await store.shelves.followers(bookId);
  if (followers.length === 0) return [];
  const chapters = (await store.chapters.listByBook(bookId)).filter((c) => !c.isExtra);
  const ordinalOf = new Map(chapters.map((c, i) => [c.key, i]));
  const near: number[] = [];
  for (const userId of followers) {
    const position = (await store.shelves.get(userId, bookId))?.position;
    const at = position && ordinalOf.get(position.chapterKey);
    if (at !== undefined && chapters.length - 1 - at <= nearEndChapters) near.push(userId);
  }
  return near;
}

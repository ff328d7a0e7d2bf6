import { createHash } from 'node:crypto';
import { LinhaiError, isLinhaiError } from '#model';
import type { ErrorCode } from '#model';
import { withDeadline } from './with-deadline.ts';
import type {
  BookRecord,
  ChapterGap,
  ChapterRecord,
  ContentRecord,
  LibraryDeps,
  ListingRecord,
} from './ports.ts';
import { bookNormOfSizes, lettersInChapter } from './cleaner/index.ts';
import type { BookNorm } from './cleaner/index.ts';

/** One source tried while reading, and why it did not serve. */
export interface ReadAttempt {
  readonly sourceKey: string;
  readonly listingId: number;
  readonly code: ErrorCode;
  readonly message: string;
}

export interface ReadChapterResult {
  /** The book as read for this chapter (callers need not read it again). */
  readonly book: BookRecord;
  readonly chapter: { readonly key: string; readonly title: string; readonly ordinal: number };
  /** With `neighbours`: the keys of the chapters before and after it, when there are. */
  readonly prevKey?: string;
  readonly nextKey?: string;
  readonly paragraphs: readonly string[];
  /** The source the text came from (the cached copy's, when from the cache). */
  readonly sourceKey: string | undefined;
  readonly fromCache: boolean;
  /** Sources that failed before one served, best first. */
  readonly attempts: readonly ReadAttempt[];
  /**
   * The text stops short: a later page of the chapter failed. What was read is served (and kept
   * marked incomplete); reading the chapter again after a while tries the whole of it again.
   */
  readonly incomplete?: ChapterGap;
}

/** How long an incomplete copy is served from the cache before the chapter is fetched again. */
export const INCOMPLETE_RETRY_MS = 10 * 60_000;

/** The gap of a cached copy that was stored incomplete. */
function gapOf(content: Pick<ContentRecord, 'quality'>): ChapterGap | undefined {
  const quality = content.quality as { incomplete?: ChapterGap } | undefined;
  return quality?.incomplete;
}

export interface ReadChapterOptions {
  /** Skip the cache and fetch again (the old copy is offered to the cleaner as a cross-check). */
  readonly refresh?: boolean;
  /** How long one source may take (default 20 s). */
  readonly deadlineMs?: number;
  readonly signal?: AbortSignal;
  /** Try only this listing (downloadChapters spreads a book's chapters over its sources). */
  readonly listingId?: number;
  /** The reader reading: sources they logged in to are read with their login (issue 21). */
  readonly forUser?: number;
  /** Also name the chapters before and after it (`prevKey`, `nextKey`: the reader's links). */
  readonly neighbours?: boolean;
}

/**
 * A chapter's text: from the cache, else from the best listing that carries it (healthy, then
 * fastest), falling back to the next when one fails or its page is bad (a placeholder, a ban
 * notice…). The text passes through the cleaner and only a good page is cached.
 */
export async function readChapter(
  deps: LibraryDeps,
  ref: { readonly bookId: number; readonly chapterKey: string },
  options: ReadChapterOptions = {},
): Promise<ReadChapterResult> {
  const { store, clock } = deps;
  const book = await store.books.get(ref.bookId);
  const chapter = book && (await store.chapters.getByKey(ref.bookId, ref.chapterKey));
  if (book === undefined || chapter === undefined) {
    throw new LinhaiError('not-found', `no chapter ${ref.chapterKey} in book ${ref.bookId}`, {
      details: { bookId: ref.bookId, chapter: ref.chapterKey },
    });
  }
  const [prev, next] = options.neighbours
    ? await Promise.all([
        store.chapters.getByOrdinal(book.id, chapter.ordinal - 1),
        store.chapters.getByOrdinal(book.id, chapter.ordinal + 1),
      ])
    : [];
  const summary = {
    book,
    chapter: { key: chapter.key, title: chapter.title, ordinal: chapter.ordinal },
    ...(prev ? { prevKey: prev.key } : {}),
    ...(next ? { nextKey: next.key } : {}),
  };
  const cached = await store.contents.get(chapter.id);
  const cachedGap = cached && gapOf(cached);
  const fromCache = async (copy: ContentRecord, attempts: readonly ReadAttempt[] = []) => {
    const source = (await store.listings.listByBook(book.id)).find(
      (l) => l.sourceId === copy.sourceId,
    );
    const gap = gapOf(copy);
    return {
      ...summary,
      paragraphs: await recheckedCopy(deps, { book, chapter, copy, sourceKey: source?.sourceUrl }),
      sourceKey: source?.sourceUrl,
      fromCache: true,
      attempts,
      ...(gap ? { incomplete: gap } : {}),
    };
  };
  // An incomplete copy is served as it is for a while, then the chapter is fetched again.
  const retryDue =
    cachedGap !== undefined && clock.now() - cached!.fetchedAt >= INCOMPLETE_RETRY_MS;
  if (cached !== undefined && !options.refresh && !retryDue) return fromCache(cached);

  const candidates = rankListings(chapter, await store.listings.listByBook(book.id)).filter(
    (c) => options.listingId === undefined || c.listing.id === options.listingId,
  );
  // A book no listing carries (a local book: its file is the only copy) is served as cached.
  if (candidates.length === 0 && cached !== undefined) return fromCache(cached);
  if (candidates.length === 0) {
    throw new LinhaiError('not-found', `no enabled source carries "${chapter.title}"`, {
      details: { bookId: book.id, chapter: chapter.key },
    });
  }
  const attempts: ReadAttempt[] = [];
  for (const { listing, url } of candidates) {
    const begin = clock.now();
    try {
      const { paragraphs, incomplete } = await fetchAndClean(
        deps,
        { book, chapter, listing, url, cached: cachedGap ? undefined : cached?.text },
        options,
      );
      await store.sources.recordOutcome(listing.sourceId, {
        kind: 'content',
        ok: true,
        latencyMs: clock.now() - begin,
      });
      // A retry that again stops short keeps the longer of the two copies.
      if (incomplete && cachedGap && cached!.text.length > paragraphs.join('\n').length) {
        await cacheChapter(deps, chapter.id, cached!.sourceId, cached!.text.split('\n'), cachedGap);
        return fromCache({ ...cached!, fetchedAt: clock.now() }, attempts);
      }
      await cacheChapter(deps, chapter.id, listing.sourceId, paragraphs, incomplete);
      return {
        ...summary,
        paragraphs,
        sourceKey: listing.sourceUrl,
        fromCache: false,
        attempts,
        ...(incomplete ? { incomplete } : {}),
      };
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const code: ErrorCode = isLinhaiError(error) ? error.code : 'internal';
      const message = error instanceof Error ? error.message : String(error);
      attempts.push({ sourceKey: listing.sourceUrl, listingId: listing.id, code, message });
      await store.listings.recordError(listing.id, `${code}: ${message}`);
      await store.sources.recordOutcome(listing.sourceId, {
        kind: 'content',
        ok: false,
        latencyMs: clock.now() - begin,
        error: code,
      });
    }
  }
  // The retry of an incomplete copy failed: the copy is still the best there is.
  if (cached !== undefined && !options.refresh) return fromCache(cached, attempts);
  const codes = new Set(attempts.map((a) => a.code));
  const only = codes.size === 1 ? attempts[0]?.code : undefined;
  throw new LinhaiError(
    only ?? 'net-connection',
    // Each attempt's own message names its source, URL and rule: what the reader can act on.
    `no source could deliver "${chapter.title}": ${attempts.map((a) => `${a.sourceKey} (${a.code}): ${a.message}`).join('; ')}`,
    { details: { bookId: book.id, chapter: chapter.key, tried: attempts.length } },
  );
}

/**
 * Keeps a good chapter text (one paragraph a line) as the chapter's cached copy; with `incomplete`,
 * marked so (a later page failed), to be fetched again after INCOMPLETE_RETRY_MS.
 */
export async function cacheChapter(
  deps: Pick<LibraryDeps, 'store' | 'clock'>,
  chapterId: number,
  sourceId: number,
  paragraphs: readonly string[],
  incomplete?: ChapterGap,
): Promise<void> {
  const text = paragraphs.join('\n');
  await deps.store.contents.put({
    chapterId,
    sourceId,
    text,
    hash: createHash('sha256').update(text).digest('hex'),
    fetchedAt: deps.clock.now(),
    ...(incomplete ? { quality: { incomplete } } : {}),
  });
}

/**
 * The cached copy's paragraphs, without the lines of patterns its source learned after it was
 * cleaned (`ChapterCleaner.recheck`: a source's first chapters are cached before their notes and
 * adverts recur enough to be learned). A copy that changed is stored again, so it is rechecked only
 * against patterns learned later still; an incomplete one is not (its time says when to retry).
 */
async function recheckedCopy(
  deps: LibraryDeps,
  job: {
    book: BookRecord;
    chapter: ChapterRecord;
    copy: ContentRecord;
    sourceKey?: string | undefined;
  },
): Promise<string[]> {
  const { book, chapter, copy, sourceKey } = job;
  const paragraphs = copy.text.split('\n');
  if (deps.cleaner?.recheck === undefined || sourceKey === undefined) return paragraphs;
  const rechecked = await deps.cleaner.recheck({
    sourceKey,
    bookKey: book.key,
    bookTitle: book.title,
    author: book.author,
    chapterTitle: chapter.title,
    paragraphs,
    cleanedAt: copy.fetchedAt,
  });
  if (rechecked === undefined) return paragraphs;
  // Stored again even when nothing went, so the same patterns are not tried on every read.
  if (gapOf(copy) === undefined && rechecked.paragraphs.length > 0)
    await cacheChapter(deps, chapter.id, copy.sourceId, rechecked.paragraphs);
  return rechecked.paragraphs.length > 0 ? [...rechecked.paragraphs] : paragraphs;
}

/** A chapter as fetched and cleaned: its paragraphs, and where it stops short if it does. */
export interface FetchedChapter {
  readonly paragraphs: string[];
  readonly incomplete?: ChapterGap;
}

/**
 * Healthy listings first (breaker closed, few recent errors), then the book's preferred source
 * (the chase's pick, or the one a reader chose: 换源), then the fastest source.
 */
export function rankListings(
  chapter: ChapterRecord,
  listings: readonly ListingRecord[],
): Array<{ listing: ListingRecord; url: string }> {
  const byId = new Map(listings.map((l) => [l.id, l]));
  const unhealthy = (l: ListingRecord) =>
    l.sourceBreakerState === 'open' ? 2 : l.errorCount >= 3 ? 1 : 0;
  return chapter.links
    .map((link) => ({ listing: byId.get(link.listingId), url: link.url }))
    .filter(
      (c): c is { listing: ListingRecord; url: string } =>
        c.listing !== undefined && c.listing.sourceEnabled,
    )
    .sort(
      (a, b) =>
        unhealthy(a.listing) - unhealthy(b.listing) ||
        Number(isPreferred(b.listing)) - Number(isPreferred(a.listing)) ||
        (a.listing.sourceLatencyP50Ms ?? Infinity) - (b.listing.sourceLatencyP50Ms ?? Infinity) ||
        a.listing.errorCount - b.listing.errorCount ||
        a.listing.id - b.listing.id,
    );
}

/** The chase view (`lag`) marks the book's preferred source. */
function isPreferred(listing: ListingRecord): boolean {
  const lag = listing.lag as { preferred?: unknown } | null | undefined;
  return lag?.preferred === true;
}

/** The chapter facts fetching needs; a chapter not stored yet (the chase's new ones) has them too. */
interface ChapterToFetch {
  readonly bookId: number;
  readonly key: string;
  readonly title: string;
  readonly ordinal: number;
}

/**
 * One chapter from one listing, through the cleaner: its paragraphs, or a `bad-content` error
 * when the page is a placeholder, a ban notice, truncated… Nothing is cached here. A chapter
 * whose later page failed comes back with `incomplete` (its shortness is then no verdict).
 */
export async function fetchAndClean(
  deps: LibraryDeps,
  job: {
    book: BookRecord;
    chapter: ChapterToFetch;
    listing: ListingRecord;
    url: string;
    cached?: string | undefined;
  },
  options: ReadChapterOptions = {},
): Promise<FetchedChapter> {
  const { book, chapter, listing, url } = job;
  const nextUrl = await nextUrlOf(deps, chapter, listing.id);
  const raw = await withDeadline(
    (signal) =>
      deps.gateway.content(
        listing.sourceUrl,
        {
          url,
          title: chapter.title,
          bookUrl: listing.bookUrl,
          bookName: book.title,
          bookAuthor: book.author,
          ...(nextUrl ? { nextUrl } : {}),
          ...(options.forUser !== undefined ? { forUser: options.forUser } : {}),
        },
        signal,
      ),
    {
      budgetMs: options.deadlineMs ?? 20_000,
      ...(options.signal ? { outer: options.signal } : {}),
      onTimeout: () =>
        new LinhaiError(
          'deadline',
          `${listing.sourceName} did not send "${chapter.title}" in time`,
          {
            details: { source: listing.sourceUrl, url },
          },
        ),
    },
  );
  const gap = raw.incomplete ? { incomplete: raw.incomplete } : {};
  if (deps.cleaner === undefined) return { paragraphs: plainParagraphs(raw.text), ...gap };
  const { previous, norm } = await cachedContext(deps, book.id, chapter.ordinal);
  const cleaned = await deps.cleaner.clean({
    sourceKey: listing.sourceUrl,
    bookKey: book.key,
    bookTitle: book.title,
    author: book.author,
    chapterTitle: chapter.title,
    chapterKey: `${book.key}#${chapter.key}`,
    // The source's replaceRegex was applied by the driver (in its full rule language): not again.
    content: raw.text,
    ...(job.cached ? { otherSourceCopy: job.cached.split('\n') } : {}),
    ...(previous ? { neighbours: { previous } } : {}),
    ...(norm ? { bookNorm: norm } : {}),
  });
  // A chapter known to stop short is not judged by its length: the missing pages say why.
  const shortForKnownReason =
    raw.incomplete !== undefined && cleaned.verdict !== 'ok' && cleaned.verdict.bad === 'truncated';
  if (cleaned.verdict !== 'ok' && !shortForKnownReason) {
    throw new LinhaiError(
      'bad-content',
      `${listing.sourceName} sent a bad page: ${cleaned.verdict.reason}`,
      {
        details: { source: listing.sourceUrl, url, kind: cleaned.verdict.bad },
      },
    );
  }
  if (cleaned.paragraphs.length === 0) {
    throw new LinhaiError('bad-content', `${listing.sourceName} sent an empty chapter`, {
      details: { source: listing.sourceUrl, url },
    });
  }
  return { paragraphs: [...cleaned.paragraphs], ...gap };
}

/** The URL of the next chapter this listing carries (looking a few chapters ahead). */
async function nextUrlOf(
  deps: LibraryDeps,
  chapter: ChapterToFetch,
  listingId: number,
): Promise<string | undefined> {
  for (let ordinal = chapter.ordinal + 1; ordinal <= chapter.ordinal + 3; ordinal++) {
    const next = await deps.store.chapters.getByOrdinal(chapter.bookId, ordinal);
    if (next === undefined) return undefined;
    const link = next.links.find((l) => l.listingId === listingId);
    if (link) return link.url;
  }
  return undefined;
}

/** Without a cleaner: one paragraph a line, indentation trimmed, empty lines dropped. */
function plainParagraphs(text: string): string[] {
  const lines = text
    .split(/\r?\n/) // "\u3000\u3000他说。\n\n\u3000\u3000她笑了。" → ["\u3000\u3000他说。", "", "\u3000\u3000她笑了。"]
    .map((line) => line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')) // "\u3000\u3000他说。 " → "他说。"
    .filter((line) => line.length > 0);
  if (lines.length === 0) throw new LinhaiError('bad-content', 'the source sent an empty chapter');
  return lines;
}

/** How many cached chapters before this one inform the book's usual length. */
const normWindow = 12;

/**
 * What the cleaner needs to judge a page against the book: the previous chapter's cached text (a
 * site that serves the previous chapter again is caught) and the usual length of the chapters
 * before it (a truncated page is caught).
 */
async function cachedContext(
  deps: LibraryDeps,
  bookId: number,
  ordinal: number,
): Promise<{ previous: string[] | undefined; norm: BookNorm | undefined }> {
  const sizes: number[] = [];
  let previous: string[] | undefined;
  const cached = await deps.store.contents.latestInOrdinalRange(
    bookId,
    Math.max(0, ordinal - normWindow),
    ordinal - 1,
  );
  for (const content of cached) {
    if (content.ordinal === ordinal - 1) previous = content.text.split('\n');
    sizes.push(lettersOfText(content.text));
  }
  return { previous, norm: sizes.length >= 3 ? bookNormOfSizes(sizes) : undefined };
}

/**
 * Letter counts of cached texts by the text's digest. Reading chapters in order meets each cached
 * text in up to `normWindow` windows; counting letters (NFKC, Unicode classes) was the costliest
 * step of a read, hashing is cheap. Bounded: the oldest entries go first.
 */
const lettersByDigest = new Map<string, number>();
const lettersMemoSize = 4096;

function lettersOfText(text: string): number {
  const digest = createHash('sha256').update(text).digest('base64');
  const known = lettersByDigest.get(digest);
  if (known !== undefined) return known;
  const letters = lettersInChapter(text.split('\n'));
  if (lettersByDigest.size >= lettersMemoSize) {
    lettersByDigest.delete(lettersByDigest.keys().next().value!);
  }
  lettersByDigest.set(digest, letters);
  return letters;
}

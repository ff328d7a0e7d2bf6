/**
 * A book's cover, served by Linhai itself: readers' browsers, e-readers and EPUBs never ask the
 * source's site (which would tell it every reader's address and what they read). The image is
 * fetched once through the source (its headers, the per-host politeness budget, the network
 * guard), checked to be an image by its bytes, and kept in the store. A fetch that failed is kept
 * as a failure with a retry time, so a missing cover costs the site one request a day, not one a
 * page view.
 */
import { LinhaiError, isLinhaiError } from '#model';
import type { CoverRecord, LibraryDeps, ListingRecord } from './ports.ts';

/** Largest cover accepted (a cover is a thumbnail-sized image; 2 MiB is generous). */
export const COVER_MAX_BYTES = 2 * 1024 * 1024;
/** When a cover that could not be had (404, not an image, too large) is asked for again. */
export const COVER_RETRY_MS = 24 * 60 * 60 * 1000;
/** When a cover whose fetch failed for a passing reason (timeout, 5xx, rate limit) is tried again. */
export const COVER_TRANSIENT_RETRY_MS = 60 * 60 * 1000;
/** Longest a cover fetch may take. */
const FETCH_TIMEOUT_MS = 30_000;

export type CoverType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'image/svg+xml';

export interface BookCover {
  readonly bookId: number;
  /** What the bytes are (by their content, not by what the site claimed). */
  readonly contentType: CoverType;
  readonly bytes: Uint8Array;
  /** The cover URL it was fetched from. */
  readonly sourceUrl: string;
  readonly fetchedAt: number;
  /** True when this call fetched it from the source; false when it came from the store. */
  readonly fetched: boolean;
}

/** Fetches in flight, per store and book, so concurrent requests for one cover fetch it once. */
const inFlight = new WeakMap<object, Map<number, Promise<BookCover>>>();

/**
 * The book's cover: the cached one, else fetched once from a source of the book. Fails with
 * `not-found` when the book is unknown, has no cover URL, or its cover could not be had (then
 * `details.reason` says why and `details.retryAt` when it will be tried again).
 */
export async function bookCover(
  deps: Pick<LibraryDeps, 'store' | 'gateway' | 'clock'>,
  bookId: number,
): Promise<BookCover> {
  const book = await deps.store.books.get(bookId);
  if (book === undefined)
    throw new LinhaiError('not-found', `no book ${bookId}`, { details: { bookId } });
  const coverUrl = book.coverUrl;
  if (coverUrl === undefined || coverUrl === '')
    throw new LinhaiError('not-found', `book ${bookId} has no cover`, {
      details: { bookId, reason: 'no-cover' },
    });
  const cached = await deps.store.covers.get(bookId);
  // A book whose cover URL changed (a source updated it) fetches the new one.
  if (cached !== undefined && cached.sourceUrl === coverUrl) {
    if (cached.state === 'image') return fromRecord(cached, false);
    if (cached.retryAt > deps.clock.now()) throw unavailable(cached);
  }
  let pending = inFlight.get(deps.store);
  if (pending === undefined) inFlight.set(deps.store, (pending = new Map()));
  const running = pending.get(bookId);
  if (running !== undefined) return running;
  const fetch = fetchCover(deps, bookId, coverUrl).finally(() => pending.delete(bookId));
  pending.set(bookId, fetch);
  return fetch;
}

async function fetchCover(
  deps: Pick<LibraryDeps, 'store' | 'gateway' | 'clock'>,
  bookId: number,
  coverUrl: string,
): Promise<BookCover> {
  let image: { contentType: CoverType; bytes: Uint8Array };
  try {
    image = await download(deps, bookId, coverUrl);
  } catch (error) {
    const now = deps.clock.now();
    const code = isLinhaiError(error) ? error.code : 'internal';
    const message = error instanceof Error ? error.message : String(error);
    const failed: CoverRecord = {
      bookId,
      sourceUrl: coverUrl,
      state: 'failed',
      failure: `${code}: ${message}`.slice(0, 500),
      fetchedAt: now,
      retryAt: now + (transient(code) ? COVER_TRANSIENT_RETRY_MS : COVER_RETRY_MS),
    };
    await deps.store.covers.put(failed);
    throw unavailable(failed);
  }
  const stored: CoverRecord = {
    bookId,
    sourceUrl: coverUrl,
    state: 'image',
    contentType: image.contentType,
    bytes: image.bytes,
    fetchedAt: deps.clock.now(),
  };
  await deps.store.covers.put(stored);
  return fromRecord(stored, true);
}

async function download(
  deps: Pick<LibraryDeps, 'store' | 'gateway'>,
  bookId: number,
  coverUrl: string,
): Promise<{ contentType: CoverType; bytes: Uint8Array }> {
  const { gateway } = deps;
  if (gateway.image === undefined)
    throw new LinhaiError('capability-missing', 'this installation cannot fetch images');
  const listing = pickListing(await deps.store.listings.listByBook(bookId), coverUrl);
  if (listing === undefined)
    throw new LinhaiError('not-found', `book ${bookId} has no source to fetch its cover from`);
  const { bytes } = await gateway.image(
    listing.sourceUrl,
    coverUrl,
    { maxBytes: COVER_MAX_BYTES },
    AbortSignal.timeout(FETCH_TIMEOUT_MS),
  );
  // The network cap already refuses a longer body; this keeps the promise if a gateway has none.
  if (bytes.length > COVER_MAX_BYTES)
    throw new LinhaiError('net-too-large', `the cover is larger than ${COVER_MAX_BYTES} bytes`, {
      details: { size: bytes.length, maxBytes: COVER_MAX_BYTES },
    });
  const contentType = imageType(bytes);
  if (contentType === undefined)
    throw new LinhaiError(
      'bad-content',
      'the cover URL did not give an image (JPEG, PNG, GIF, WebP or SVG)',
      { details: { url: coverUrl, size: bytes.length } },
    );
  return { contentType, bytes };
}

/**
 * The listing whose site serves the cover (same host), else the first enabled one: the cover is
 * fetched with that source's headers and under that source's politeness.
 */
function pickListing(
  listings: readonly ListingRecord[],
  coverUrl: string,
): ListingRecord | undefined {
  const host = hostOf(coverUrl);
  const usable = listings.filter((l) => l.sourceEnabled);
  return (
    usable.find((l) => host !== undefined && hostOf(l.bookUrl) === host) ??
    usable.find((l) => host !== undefined && hostOf(l.sourceUrl) === host) ??
    usable[0]
  );
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** Failures that say nothing about the cover itself: try again sooner. */
function transient(code: string): boolean {
  return (
    code === 'net-timeout' ||
    code === 'net-connection' ||
    code === 'net-rate-limited' ||
    code === 'net-breaker-open' ||
    code === 'deadline'
  );
}

/**
 * What the bytes are, by their signature: JPEG, PNG, GIF, WebP, or an SVG document (XML whose
 * root element is `svg`). Anything else (an HTML error page, a script) is undefined.
 */
export function imageType(bytes: Uint8Array): CoverType | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  const ascii = (from: number, text: string) =>
    [...text].every((c, i) => bytes[from + i] === c.charCodeAt(0));
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  // SVG: the prolog (XML declaration, comments, doctype) may come before the root element.
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 4096))
    .replace(/^\uFEFF/, '');
  if (/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(head))
    return 'image/svg+xml';
  return undefined;
}

function fromRecord(record: CoverRecord & { state: 'image' }, fetched: boolean): BookCover {
  const contentType = imageType(record.bytes);
  if (contentType === undefined)
    throw new LinhaiError('internal', `the stored cover of book ${record.bookId} is not an image`);
  return {
    bookId: record.bookId,
    contentType,
    bytes: record.bytes,
    sourceUrl: record.sourceUrl,
    fetchedAt: record.fetchedAt,
    fetched,
  };
}

function unavailable(record: CoverRecord & { state: 'failed' }): LinhaiError {
  return new LinhaiError(
    'not-found',
    `the cover of book ${record.bookId} could not be fetched (${record.failure}); ` +
      `it is tried again after ${new Date(record.retryAt).toISOString()}`,
    {
      details: {
        bookId: record.bookId,
        reason: record.failure.split(':', 1)[0],
        retryAt: record.retryAt,
      },
    },
  );
}

import { setMaxListeners } from 'node:events';
import { LinhaiError, isLinhaiError } from '#model';
import type { ErrorCode } from '#model';
import { rankListings, readChapter } from './read-chapter.ts';
import type { ReadAttempt, ReadChapterResult } from './read-chapter.ts';
import type { ChapterRecord, LibraryDeps, ListingRecord } from './ports.ts';

/** One chapter of a download, in the order asked for: its text, or why no source delivered it. */
export type DownloadedChapter =
  | { readonly key: string; readonly ok: true; readonly result: ReadChapterResult }
  | {
      readonly key: string;
      readonly ok: false;
      readonly chapter: { readonly key: string; readonly title: string; readonly ordinal: number };
      readonly error: LinhaiError;
    };

export interface DownloadChaptersOptions {
  readonly signal?: AbortSignal;
  /**
   * Chapters in flight at each of the book's sources (default 4, a host's connections in #net).
   * The host's budget in #net sets the pace; this keeps it busy while chapters are cleaned.
   */
  readonly perSource?: number;
  /** How long one source may take for one chapter (readChapter's default otherwise). */
  readonly deadlineMs?: number;
}

const PER_SOURCE = 4;

/** How unwell a listing looks: tried after the healthier ones that carry the same chapter. */
function unhealthy(listing: ListingRecord): number {
  return listing.sourceBreakerState === 'open' ? 2 : listing.errorCount >= 3 ? 1 : 0;
}

interface Pending {
  readonly index: number;
  readonly chapter: ChapterRecord;
  /** The enabled listings that carry it. */
  readonly carriers: readonly ListingRecord[];
  readonly tried: Set<number>;
  readonly attempts: ReadAttempt[];
  /** The listings reading it now, each with its own stop (at most two: see `stealFor`). */
  readonly running: Map<number, AbortController>;
  settled: boolean;
}

/**
 * The chapters `keys` of a book, yielded in that order: cached ones at once and without a request,
 * the others fetched from every source of the book that carries them at the same time (each
 * source's host keeps its own budget in #net), the earliest chapters first. A chapter that fails
 * at one source is tried at the next that carries it (healthier sources first); one that no source
 * delivers (or whose every copy the cleaner refuses) comes out as `ok: false` with the reasons and
 * does not stop the others. Work goes where it is done: each source's workers take the next
 * chapter as they finish one, so a faster host takes more. At the end, a source with nothing left
 * to take also reads a chapter another (slower) source still has in flight, and the first copy
 * wins (the other read is stopped): the last chapters do not wait on the slowest host. Aborting
 * the signal stops the workers and throws.
 */
export async function* downloadChapters(
  deps: LibraryDeps,
  bookId: number,
  keys: readonly string[],
  options: DownloadChaptersOptions = {},
): AsyncGenerator<DownloadedChapter> {
  const { store } = deps;
  const stop = new AbortController();
  const outer = options.signal;
  const onAbort = () => stop.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  if (outer?.aborted) onAbort();
  const signal = stop.signal;
  const stopped = aborted(signal);
  const [chapters, listings] = await Promise.all([
    store.chapters.listByBook(bookId),
    store.listings.listByBook(bookId),
  ]);
  const byKey = new Map(chapters.map((c) => [c.key, c]));
  const outcomes = keys.map(() => deferred<DownloadedChapter>());
  /** Cached chapters, read from the store when their turn comes (not the whole book at once). */
  const cached = new Map<number, ChapterRecord>();
  const pending: Pending[] = [];
  for (const [index, key] of keys.entries()) {
    const chapter = byKey.get(key);
    if (chapter === undefined) {
      outcomes[index]!.resolve(
        missing(key, { key, title: key, ordinal: -1 }, notInBook(bookId, key)),
      );
      continue;
    }
    // Cached chapters need no source: readChapter serves them from the store.
    if ((await store.contents.get(chapter.id)) !== undefined) {
      cached.set(index, chapter);
      continue;
    }
    const carriers = rankListings(chapter, listings).map((c) => c.listing);
    if (carriers.length === 0) {
      const error = new LinhaiError('not-found', `no enabled source carries "${chapter.title}"`, {
        details: { bookId, chapter: key },
      });
      outcomes[index]!.resolve(missing(key, chapter, error));
      continue;
    }
    pending.push({
      index,
      chapter,
      carriers,
      tried: new Set(),
      attempts: [],
      running: new Map(),
      settled: false,
    });
  }

  let wake = deferred<void>();
  const changed = () => {
    wake.resolve();
    wake = deferred<void>();
  };
  /** The earliest chapter this listing should take now, if any. */
  const nextFor = (listing: ListingRecord): Pending | undefined =>
    pending.find(
      (p) =>
        p.running.size === 0 &&
        !p.tried.has(listing.id) &&
        p.carriers.some((c) => c.id === listing.id) &&
        // Healthier sources that carry it and have not tried it go first.
        p.carriers.every((c) => p.tried.has(c.id) || unhealthy(c) >= unhealthy(listing)),
    );
  /**
   * With nothing left to take: the earliest chapter another source alone is reading that this
   * one carries, has not tried and is healthy enough for (a second copy of the work, never a third).
   */
  const stealFor = (listing: ListingRecord): Pending | undefined =>
    pending.find(
      (p) =>
        p.running.size === 1 &&
        !p.running.has(listing.id) &&
        !p.tried.has(listing.id) &&
        unhealthy(listing) === 0 &&
        p.carriers.some((c) => c.id === listing.id),
    );
  /** Whether this listing may still get work: chapters it carries and has not tried. */
  const mayGetWork = (listing: ListingRecord) =>
    pending.some((p) => !p.tried.has(listing.id) && p.carriers.some((c) => c.id === listing.id));

  const worker = async (listing: ListingRecord) => {
    while (!signal.aborted && mayGetWork(listing)) {
      const job = nextFor(listing) ?? stealFor(listing);
      if (job === undefined) {
        await Promise.race([wake.promise, stopped]);
        continue;
      }
      const own = new AbortController();
      job.running.set(listing.id, own);
      const jobSignal = AbortSignal.any([signal, own.signal]);
      const outcome = await read(deps, bookId, job.chapter, listing.id, jobSignal, options);
      job.running.delete(listing.id);
      if (signal.aborted) break;
      // Another source delivered it first (this read was stopped or lost the race).
      if (job.settled) continue;
      job.tried.add(listing.id);
      if (outcome.ok) {
        settle(job, { ...outcome, result: { ...outcome.result, attempts: job.attempts } });
      } else {
        job.attempts.push(attemptOf(listing, job.chapter, outcome.error));
        if (job.running.size === 0 && job.carriers.every((c) => job.tried.has(c.id))) {
          settle(job, missing(job.chapter.key, job.chapter, noSourceDelivered(job)));
        }
      }
      changed();
    }
  };
  const settle = (job: Pending, outcome: DownloadedChapter) => {
    job.settled = true;
    pending.splice(pending.indexOf(job), 1);
    outcomes[job.index]!.resolve(outcome);
    for (const other of job.running.values()) other.abort();
  };

  const perSource = Math.max(1, options.perSource ?? PER_SOURCE);
  const working = [...new Map(pending.flatMap((p) => p.carriers.map((c) => [c.id, c]))).values()];
  // Every chapter in flight listens on the signal (and the cached read): many is normal here.
  setMaxListeners(working.length * perSource + 10, signal);
  const workers = working.flatMap((listing) =>
    Array.from({ length: perSource }, () => worker(listing)),
  );
  try {
    for (const [index, outcome] of outcomes.entries()) {
      const copy = cached.get(index);
      const next = copy
        ? await read(deps, bookId, copy, undefined, signal, options)
        : await Promise.race([outcome.promise, stopped]);
      signal.throwIfAborted();
      // The text is the caller's now: the list does not keep the whole book.
      outcomes[index] = deferred();
      yield next!;
    }
  } finally {
    // Also when the reader stops early: no worker writes to the store after we return.
    stop.abort(outer?.reason);
    outer?.removeEventListener('abort', onAbort);
    await Promise.allSettled(workers);
  }
}

/** readChapter, limited to one listing (or the cache), as an outcome instead of a throw. */
async function read(
  deps: LibraryDeps,
  bookId: number,
  chapter: ChapterRecord,
  listingId: number | undefined,
  signal: AbortSignal,
  options: DownloadChaptersOptions,
): Promise<DownloadedChapter> {
  try {
    const result = await readChapter(
      deps,
      { bookId, chapterKey: chapter.key },
      {
        signal,
        ...(listingId !== undefined ? { listingId } : {}),
        ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
      },
    );
    return { key: chapter.key, ok: true, result };
  } catch (error) {
    const failure = isLinhaiError(error)
      ? error
      : new LinhaiError('internal', error instanceof Error ? error.message : String(error));
    return missing(chapter.key, chapter, failure);
  }
}

function missing(
  key: string,
  chapter: { readonly key: string; readonly title: string; readonly ordinal: number },
  error: LinhaiError,
): DownloadedChapter {
  return {
    key,
    ok: false,
    chapter: { key: chapter.key, title: chapter.title, ordinal: chapter.ordinal },
    error,
  };
}

/** One listing's failure; readChapter's message already names the source and the code. */
function attemptOf(
  listing: ListingRecord,
  chapter: ChapterRecord,
  error: LinhaiError,
): ReadAttempt {
  const prefix = `no source could deliver "${chapter.title}": `;
  const message = error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : `${listing.sourceUrl} (${error.code}): ${error.message}`;
  return { sourceKey: listing.sourceUrl, listingId: listing.id, code: error.code, message };
}

function noSourceDelivered(job: Pending): LinhaiError {
  const codes = new Set(job.attempts.map((a) => a.code));
  const code: ErrorCode = codes.size === 1 ? job.attempts[0]!.code : 'net-connection';
  return new LinhaiError(
    code,
    `no source could deliver "${job.chapter.title}": ${job.attempts.map((a) => a.message).join('; ')}`,
    {
      details: { bookId: job.chapter.bookId, chapter: job.chapter.key, tried: job.attempts.length },
    },
  );
}

function notInBook(bookId: number, key: string): LinhaiError {
  return new LinhaiError('not-found', `no chapter ${key} in book ${bookId}`, {
    details: { bookId, chapter: key },
  });
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T | Promise<T>) => void } {
  let resolve!: (value: T | Promise<T>) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves (never rejects) once the signal aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

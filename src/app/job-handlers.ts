import { LinhaiError } from '#model';
import type { BookFileFormat } from '#model';
import { downloadChapters, getPosition, readChapter, refreshToc, viewToc } from '#library';
import { buildStoredBookFile } from '#export';
import { handleWithLane } from '#jobs';
import type { JobHandler, JobQueue } from '#jobs';
import { browserLane } from './browser-lane.ts';
import type { App } from './open-app.ts';
import { keepBookFilesBuilt } from './book-file-upkeep.ts';

/** `toc`: refresh one book's merged table of contents (every listing, or these). */
export interface TocJob {
  readonly bookId: number;
  readonly listingIds?: readonly number[];
}

/** `content`: fetch, clean and cache one chapter (nothing when it is cached, unless `refresh`). */
export interface ContentJob {
  readonly bookId: number;
  readonly chapterKey: string;
  readonly refresh?: boolean;
}

/**
 * `prefetch`: download the next `count` chapters not yet cached, after `afterChapterKey`, else
 * after the reader's saved position, else from the first chapter; spread over every source of
 * the book that carries them (`downloadChapters`), so each source's host keeps its own budget.
 */
export interface PrefetchJob {
  readonly bookId: number;
  readonly userId?: number;
  readonly afterChapterKey?: string;
  readonly count?: number;
}

/**
 * `export`: the book's whole EPUB or TXT, built into the store (`store.bookFiles`, progress every
 * few chapters) where every process of the installation finds it. Planned under
 * `exportJobKey`, so a second request while it waits or runs adds nothing.
 */
export interface ExportJob {
  readonly bookId: number;
  readonly format: BookFileFormat;
}

export interface JobHandlerOptions {
  /** Jobs of one type a process runs at once (default 4); per type in `perType`. */
  readonly concurrency?: number;
  readonly perType?: Readonly<Record<string, number>>;
  /** Handlers of other types (the chase service passes `chase` here); same registration. */
  readonly extraHandlers?: Readonly<Record<string, JobHandler<never>>>;
  /** Wraps every handler before it is registered (the worker counts jobs this way). */
  readonly wrap?: (type: string, handler: JobHandler<unknown>) => JobHandler<unknown>;
  /** Where an operator sees warnings: a browser job handed on that no running worker takes. */
  readonly warn?: (line: string) => void;
}

/** The key a content job is planned under: one job per chapter while it waits or runs. */
export function contentJobKey(bookId: number, chapterKey: string): string {
  return `chapter:${bookId}:${chapterKey}`;
}

export { exportJobKey } from './book-file-upkeep.ts';

/**
 * Registers the handlers of every job type the app knows on `queue` (normally `app.queue`). The
 * queue is not started: the caller starts it once everything is registered.
 */
export function registerJobHandlers(
  app: App,
  queue: JobQueue,
  options: JobHandlerOptions = {},
): readonly string[] {
  const handlers: Record<string, JobHandler<never>> = {
    toc: tocHandler(app),
    content: contentHandler(app),
    prefetch: prefetchHandler(app),
    export: exportHandler(app, queue),
    ...options.extraHandlers,
  };
  // Scale-out (BullMQ): a worker without Chromium hands browser jobs to those with it. A lone
  // process has no one to hand them to: there they fail saying how to enable the tier.
  const lane = app.installation.redisUrl ? browserLane(app.hasBrowserTier) : undefined;
  for (const [type, handler] of Object.entries(handlers)) {
    const concurrency = options.perType?.[type] ?? options.concurrency ?? 4;
    const plain = handler as JobHandler<unknown>;
    const wrapped = options.wrap ? options.wrap(type, plain) : plain;
    if (lane)
      handleWithLane(queue, type, wrapped, {
        lane,
        concurrency,
        ...(options.warn ? { warn: options.warn } : {}),
      });
    else queue.handle(type, wrapped, { concurrency });
  }
  return Object.keys(handlers);
}

function tocHandler(app: App): JobHandler<TocJob> {
  return async ({ job, signal }) => {
    const result = await refreshToc(app.library, job.payload.bookId, {
      ...(job.payload.listingIds ? { listingIds: job.payload.listingIds } : {}),
      signal,
    });
    // Every listing failing is a failed job (retried later); some failing is a partial refresh.
    const failed = result.outcomes.flatMap((o) => (o.status === 'failed' ? [o] : []));
    if (result.outcomes.length > 0 && failed.length === result.outcomes.length) {
      throw new LinhaiError(
        'job-failed',
        `no listing of book ${job.payload.bookId} answered: ${failed[0]!.error.message}`,
        { details: { bookId: job.payload.bookId, code: failed[0]!.error.code } },
      );
    }
  };
}

function contentHandler(app: App): JobHandler<ContentJob> {
  return async ({ job, signal }) => {
    const { bookId, chapterKey, refresh } = job.payload;
    await readChapter(app.library, { bookId, chapterKey }, { signal, refresh: refresh === true });
  };
}

function prefetchHandler(app: App): JobHandler<PrefetchJob> {
  return async ({ job, signal }) => {
    const { bookId, userId, afterChapterKey, count = 5 } = job.payload;
    const toc = await viewToc(app.library, bookId);
    const after =
      afterChapterKey ??
      (userId === undefined
        ? undefined
        : (await getPosition(app.library, { userId, bookId }))?.chapterKey);
    const start = after === undefined ? 0 : toc.findIndex((item) => item.key === after) + 1;
    const keys: string[] = [];
    for (const item of toc.slice(start)) {
      if (keys.length >= count) break;
      const chapter = await app.store.chapters.getByKey(bookId, item.key);
      if (chapter === undefined || (await app.store.contents.get(chapter.id))) continue;
      keys.push(item.key);
    }
    // A chapter no source delivers now is left for the reader (or the next prefetch) to try.
    const downloads = downloadChapters(app.library, bookId, keys, { signal });
    for await (const chapter of downloads) void chapter;
  };
}

function exportHandler(app: App, queue: JobQueue): JobHandler<ExportJob> {
  return async ({ job, signal }) => {
    const { bookId, format } = job.payload;
    if (format !== 'epub' && format !== 'txt')
      throw new LinhaiError('invalid-input', `no export format "${String(format)}"`, {
        details: { bookId, format },
      });
    // A failure is recorded on the file's row and thrown again: the queue retries as for any job.
    await buildStoredBookFile(app.library, bookId, format, { signal });
    // A shelved book's TXT follows its EPUB, from the chapters the EPUB just cached.
    if (format === 'epub') await keepBookFilesBuilt(app, queue, bookId, ['txt']);
  };
}

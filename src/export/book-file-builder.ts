import { LinhaiError } from '#model';
import type { ErrorCode } from '#model';
import { downloadChapters, viewBook, viewToc } from '#library';
import type { BookFileFormat, BookFileRecord, LibraryDeps, TocItem } from '#library';
import { exportableBook } from './exportable-book.ts';
import { writeEpub } from './epub-writer.ts';
import { writeTxt } from './txt-writer.ts';
import type { ExportChapter } from './types.ts';

/** The content type a book file is served with. */
export const bookFileTypes: Readonly<Record<BookFileFormat, string>> = {
  epub: 'application/epub+zip',
  txt: 'text/plain; charset=utf-8',
};

/** A title usable as a file name on every e-reader's file system, with the format's extension. */
export function bookFileName(title: string, format: BookFileFormat): string {
  // "a/b: c?" → "a_b_ c_"; control characters are refused by some file systems too.
  // eslint-disable-next-line no-control-regex
  const safe = title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || 'book';
  return `${safe}.${format}`;
}

/** A chapter no source delivered: a marked gap in the file, filled by building it again. */
export interface MissingChapter {
  readonly key: string;
  readonly ordinal: number;
  readonly title: string;
  /** Why: each source's failure (or the cleaner's verdict on its page). */
  readonly reason: string;
  readonly code: ErrorCode;
}

/** The one paragraph that stands in the file for a chapter that could not be had. */
export function gapParagraph(reason: string): string {
  return `〔本章未能下载 · This chapter could not be downloaded: ${reason} Build the file again to fill it in.〕`;
}

/**
 * The chapters of `items` in order, from the cache or downloaded from every source of the book
 * at once (`downloadChapters`); a volume heading is attached to the first chapter of each volume.
 * A chapter no source delivers becomes a gap (`gapParagraph`) and is added to `missing`.
 */
export async function* readChaptersInOrder(
  deps: LibraryDeps,
  bookId: number,
  items: readonly TocItem[],
  options: { readonly signal?: AbortSignal; readonly missing?: MissingChapter[] } = {},
): AsyncGenerator<ExportChapter> {
  const keys = items.map((item) => item.key);
  const downloads = downloadChapters(
    deps,
    bookId,
    keys,
    options.signal ? { signal: options.signal } : {},
  );
  let volume: string | undefined;
  let index = 0;
  for await (const download of downloads) {
    const item = items[index++]!;
    const startsVolume =
      item.volumeTitle && item.volumeTitle !== volume ? item.volumeTitle : undefined;
    volume = item.volumeTitle ?? volume;
    const heading = startsVolume ? { volume: startsVolume } : {};
    if (download.ok) {
      const { chapter, paragraphs } = download.result;
      yield { title: chapter.title, paragraphs, ...heading };
      continue;
    }
    const { message: reason, code } = download.error;
    options.missing?.push({
      key: item.key,
      ordinal: item.ordinal,
      title: item.title,
      reason,
      code,
    });
    yield { title: item.title, paragraphs: [gapParagraph(reason)], ...heading };
  }
}

export interface BuildBookFileOptions {
  /** The chapters to write (a range of the TOC); the whole current TOC by default. */
  readonly items?: readonly TocItem[];
  readonly signal?: AbortSignal;
  /** After each chapter written. */
  readonly onProgress?: (done: number, total: number) => void;
  /** TXT only: GB18030 instead of UTF-8. */
  readonly charset?: 'utf-8' | 'gb18030';
}

export interface BuiltBookFile {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  /** Chapters written, gaps included. */
  readonly chapters: number;
  /** The chapters written as gaps (no source delivered them), in book order. */
  readonly missing: readonly MissingChapter[];
}

/**
 * Builds a book's EPUB or TXT: the metadata and cover from `exportableBook`, the chapters in
 * order, downloaded from all the book's sources at once. The one builder behind `linhai export`,
 * export jobs and OPDS downloads. `not-found` for an unknown book; a chapter that cannot be had
 * is a marked gap, listed in `missing` (when no chapter can be had, the build fails).
 */
export async function buildBookFile(
  deps: LibraryDeps,
  bookId: number,
  format: BookFileFormat,
  options: BuildBookFileOptions = {},
): Promise<BuiltBookFile> {
  const items = options.items ?? (await viewToc(deps, bookId));
  const book = await exportableBook(deps, bookId);
  const missing: MissingChapter[] = [];
  const chapters = readChaptersInOrder(deps, bookId, items, {
    missing,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const total = items.length;
  const onProgress =
    options.onProgress && (({ done }: { done: number }) => options.onProgress!(done, total));
  const progress = onProgress ? { onProgress } : {};
  const bytes =
    format === 'txt'
      ? await writeTxt(book, chapters, {
          total,
          ...progress,
          ...(options.charset ? { charset: options.charset } : {}),
        })
      : await writeEpub(book, chapters, { total, ...progress });
  // A file of gaps only is no book: the build fails with the first reason.
  const first = missing[0];
  if (first !== undefined && missing.length === total) {
    throw new LinhaiError(
      first.code,
      `none of the ${total} chapters could be had: ${first.reason}`,
      {
        details: { bookId },
      },
    );
  }
  return { bytes, fileName: bookFileName(book.title, format), chapters: total, missing };
}

/** Progress is stored after this many chapters (a 2,000-chapter book: 50 writes)… */
function progressStep(total: number): number {
  return Math.min(100, Math.max(5, Math.ceil(total / 50)));
}
/** …or after this long with at least one chapter more, so a slow build still moves. */
const PROGRESS_INTERVAL_MS = 5_000;

/**
 * Builds the book's whole file in `format` and keeps it in the store (`store.bookFiles`): the row
 * is `building` from the start, its `doneChapters` written every few chapters, then `done` with
 * the bytes; chapters no source delivered are gaps, and the row counts only the others (so it
 * reads as stale until a new build fills them). A failure is recorded (`failed`, with the
 * error's message) and thrown again; an
 * abort (the queue shutting down, the job to be resumed) leaves the row `building`.
 */
export async function buildStoredBookFile(
  deps: LibraryDeps,
  bookId: number,
  format: BookFileFormat,
  options: { readonly signal?: AbortSignal } = {},
): Promise<{
  readonly record: BookFileRecord;
  readonly bytes: Uint8Array;
  readonly missing: readonly MissingChapter[];
}> {
  const { store, clock } = deps;
  const [view, toc] = await Promise.all([viewBook(deps, bookId), viewToc(deps, bookId)]);
  const fileName = bookFileName(view.book.title, format);
  await store.bookFiles.start({ bookId, format, chapters: toc.length, fileName });
  const step = progressStep(toc.length);
  let stored = 0;
  let storedAt = clock.now();
  // Progress writes run one after another, never holding up the writer.
  let writes: Promise<void> = Promise.resolve();
  const onProgress = (done: number) => {
    const now = clock.now();
    if (done === toc.length) return; // `finish` records the last one
    if (done - stored < step && !(done > stored && now - storedAt >= PROGRESS_INTERVAL_MS)) return;
    stored = done;
    storedAt = now;
    writes = writes
      .then(() => store.bookFiles.progress(bookId, format, done))
      .catch(() => undefined);
  };
  try {
    const built = await buildBookFile(deps, bookId, format, {
      items: toc,
      onProgress,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await writes;
    const record = await store.bookFiles.finish({
      bookId,
      format,
      // Gaps not counted: a file with gaps reads as stale, so building it again fills them.
      chapters: toc.length - built.missing.length,
      fileName,
      bytes: built.bytes,
    });
    return { record, bytes: built.bytes, missing: built.missing };
  } catch (error) {
    await writes;
    if (!options.signal?.aborted) {
      const message = error instanceof Error ? error.message : String(error);
      await store.bookFiles.fail(bookId, format, message);
    }
    throw error;
  }
}

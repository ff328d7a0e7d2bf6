import { readChapter, viewBook, viewToc } from '#library';
import type { BookFileFormat, BookFileRecord, LibraryDeps, TocItem } from '#library';
import { exportableBook } from './exportable-book.ts';
import { writeEpub } from './epub-writer.ts';
import { writeTxt } from './txt-writer.ts';
import type { ExportChapter } from './types.ts';

/** Chapters read ahead of the writer: uncached ones wait on the network together, not in turn. */
const READ_AHEAD = 4;

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

/**
 * The chapters of `items` in order, read (from the cache, or fetched and cleaned) `readAhead` at
 * a time; a volume heading is attached to the first chapter of each volume. A failed read is
 * thrown when its turn comes.
 */
export async function* readChaptersInOrder(
  deps: LibraryDeps,
  bookId: number,
  items: readonly TocItem[],
  options: { readonly signal?: AbortSignal; readonly readAhead?: number } = {},
): AsyncGenerator<ExportChapter> {
  const { signal } = options;
  const readAhead = Math.max(1, options.readAhead ?? READ_AHEAD);
  const read = (item: TocItem) =>
    readChapter(deps, { bookId, chapterKey: item.key }, signal ? { signal } : {});
  const ahead = items.slice(0, readAhead).map(read);
  // A failure ahead is reported when its turn comes, not as an unhandled rejection.
  for (const p of ahead) p.catch(() => undefined);
  let volume: string | undefined;
  for (const [index, item] of items.entries()) {
    signal?.throwIfAborted();
    const result = await ahead[index]!;
    const next = items[index + readAhead];
    if (next !== undefined) {
      const p = read(next);
      p.catch(() => undefined);
      ahead.push(p);
    }
    const startsVolume =
      item.volumeTitle && item.volumeTitle !== volume ? item.volumeTitle : undefined;
    volume = item.volumeTitle ?? volume;
    yield {
      title: result.chapter.title,
      paragraphs: result.paragraphs,
      ...(startsVolume ? { volume: startsVolume } : {}),
    };
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
  /** Chapters written. */
  readonly chapters: number;
}

/**
 * Builds a book's EPUB or TXT: the metadata and cover from `exportableBook`, the chapters read in
 * order with a few read ahead. The one builder behind `linhai export`, export jobs and OPDS
 * downloads. `not-found` for an unknown book; a chapter that cannot be had fails the build.
 */
export async function buildBookFile(
  deps: LibraryDeps,
  bookId: number,
  format: BookFileFormat,
  options: BuildBookFileOptions = {},
): Promise<BuiltBookFile> {
  const items = options.items ?? (await viewToc(deps, bookId));
  const book = await exportableBook(deps, bookId);
  const chapters = readChaptersInOrder(
    deps,
    bookId,
    items,
    options.signal ? { signal: options.signal } : {},
  );
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
  return { bytes, fileName: bookFileName(book.title, format), chapters: total };
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
 * the bytes. A failure is recorded (`failed`, with the error's message) and thrown again; an
 * abort (the queue shutting down, the job to be resumed) leaves the row `building`.
 */
export async function buildStoredBookFile(
  deps: LibraryDeps,
  bookId: number,
  format: BookFileFormat,
  options: { readonly signal?: AbortSignal } = {},
): Promise<{ readonly record: BookFileRecord; readonly bytes: Uint8Array }> {
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
      chapters: toc.length,
      fileName,
      bytes: built.bytes,
    });
    return { record, bytes: built.bytes };
  } catch (error) {
    await writes;
    if (!options.signal?.aborted) {
      const message = error instanceof Error ? error.message : String(error);
      await store.bookFiles.fail(bookId, format, message);
    }
    throw error;
  }
}

import type { BookFileFormat } from '#model';
import { viewToc } from '#library';
import type { JobQueue } from '#jobs';
import type { App } from './open-app.ts';

/** The export job's payload (`src/app/job-handlers.ts`). */
interface ExportPayload {
  readonly bookId: number;
  readonly format: BookFileFormat;
}

/** The key an export job is planned under: one build per book and format at a time. */
export function exportJobKey(bookId: number, format: BookFileFormat): string {
  return `book:${bookId}:${format}`;
}

/**
 * Plans the `export` job of a book's file (nothing new when one waits or runs already). A
 * `background` build (a shelved book kept built) waits behind the builds readers asked for.
 */
export function planExport(
  queue: JobQueue,
  bookId: number,
  format: BookFileFormat,
  options: { readonly background?: boolean } = {},
): Promise<{ readonly created: boolean }> {
  return queue.enqueue<ExportPayload>({
    type: 'export',
    key: exportJobKey(bookId, format),
    payload: { bookId, format },
    // The reader sees a failure and retries it; an automatic retry would keep the job
    // waiting out its backoff, and a click on "retry" meanwhile would plan nothing.
    maxAttempts: 1,
    ...(options.background ? { priority: 1 } : {}),
  });
}

/** `LINHAI_KEEP_BOOK_FILES=0` turns the background builds off (the files cost database space). */
function keepingBookFiles(): boolean {
  return process.env.LINHAI_KEEP_BOOK_FILES !== '0';
}

/**
 * Keeps the files of a shelved book built, so an e-reader's download is served from the store at
 * once: plans the export job of each of `formats` whose file is not done from the book's current
 * TOC. Called when a book is shelved and after a chase check that added chapters; a book on no
 * shelf, or without chapters, is left alone, and so is every book with LINHAI_KEEP_BOOK_FILES=0.
 */
export async function keepBookFilesBuilt(
  app: Pick<App, 'library' | 'store'>,
  queue: JobQueue,
  bookId: number,
  formats: readonly BookFileFormat[] = ['epub'],
): Promise<void> {
  if (!keepingBookFiles() || (await app.store.shelves.followers(bookId)).length === 0) return;
  const chapters = (await viewToc(app.library, bookId)).length;
  if (chapters === 0) return;
  for (const format of formats) {
    const row = await app.store.bookFiles.get(bookId, format);
    if (row?.state === 'done' && row.chapters === chapters) continue;
    await planExport(queue, bookId, format, { background: true });
  }
}

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LinhaiError } from '#model';
import { viewBook, viewToc } from '#library';
import type { BookFileFormat, LibraryDeps } from '#library';
import { asciiBookFileName, bookFileTypes } from '#export';
import type { DownloadFile } from '../file-reply.ts';
import type { ServerDeps, SharedDocuments } from '../ports.ts';
import { documentNames, partialMd5 } from './document-digest.ts';
import { keyedDocuments, migrateLegacyDocument } from './keyed-documents.ts';

type BookFormat = BookFileFormat;

/** A book file as the download routes send it (`digest` is the stored SHA-256, when known). */
type BookFile = DownloadFile;

/** A download's answer: the file (with its plain ASCII name), or how far its build is. */
/** A `done` file as the store has it. */
interface StoredFile {
  readonly format: BookFormat;
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly digest?: string | undefined;
}

/** A file as it is sent: the bytes and the plain ASCII name for Content-Disposition. */
interface ServedFile {
  readonly ready: true;
  readonly file: BookFile;
  readonly asciiName: string;
}

type BookFileAnswer =
  | ServedFile
  | {
      readonly ready: false;
      readonly done: number;
      readonly total: number;
      /** Why the last build failed (a new one was started). */
      readonly error?: string;
    };

/** How far a book's EPUB build is, for a feed entry that says so. */
interface Preparing {
  readonly done: number;
  readonly total: number;
}

/**
 * Longest a download waits for a build it started or found under way: e-readers give up on a
 * response after 15 s without a byte (KOReader), so the answer comes well before.
 */
const PREPARE_WAIT_MS = 5_000;
const POLL_MS = 200;

/**
 * EPUB and TXT files of whole books for OPDS downloads, from the store (`store.bookFiles`, the
 * rows the export jobs fill, for the web app and for shelved books kept built in the
 * background). A download never builds inline: a file not current is built by the export job
 * (planned here when none is), waited for a few seconds, and otherwise answered as "being
 * prepared". Every EPUB served is remembered by its digests (KOReader's partial MD5, the full
 * MD5, the MD5s of every name it is served or may be saved as) so KOReader's progress finds its
 * book.
 */
export class BookFiles {
  readonly #library: LibraryDeps;
  readonly #jobs: ServerDeps['exportJobs'];
  readonly #documents: SharedDocuments;
  readonly #migrated: Promise<void>;

  constructor(
    library: LibraryDeps,
    exportJobs: ServerDeps['exportJobs'],
    dataDir: string | undefined,
    shared: SharedDocuments | undefined,
  ) {
    this.#library = library;
    this.#jobs = exportJobs;
    this.#documents = keyedDocuments(shared);
    this.#migrated = migrateLegacyDocument<Record<string, number>>(
      shared,
      {
        file: dataDir === undefined ? undefined : join(dataDir, 'exports', 'documents.json'),
        name: 'ebook-digests',
        empty: () => ({}),
      },
      async (old) => {
        for (const [digest, bookId] of Object.entries(old))
          await this.#documents.update(digestDocument(digest), () => ({ bookId }));
      },
    );
    this.#migrated.catch(() => undefined);
  }

  /**
   * The book's file in `format` when it is current (or becomes so within `PREPARE_WAIT_MS`),
   * else an older complete file, else how far its build is. `not-found` for no book, `conflict`
   * for a book without chapters.
   */
  async file(bookId: number, format: BookFormat): Promise<BookFileAnswer> {
    const { store } = this.#library;
    const { book } = await viewBook(this.#library, bookId);
    const chapters = (await viewToc(this.#library, bookId)).length;
    const stored = await store.bookFiles.read(bookId, format);
    if (stored !== undefined && stored.chapters === chapters) return this.#serve(book, stored);
    if (chapters === 0)
      throw new LinhaiError('conflict', `book ${bookId} has no chapters yet`, {
        details: { bookId },
      });
    // The export job builds it (one per book and format: a build under way is not doubled).
    await this.#jobs.enqueue(bookId, format);
    const until = performance.now() + PREPARE_WAIT_MS;
    let row = await store.bookFiles.get(bookId, format);
    while (performance.now() < until && row?.state !== 'failed') {
      if (row?.state === 'done' && row.chapters >= chapters) {
        const built = await store.bookFiles.read(bookId, format);
        if (built !== undefined) return this.#serve(book, built);
      }
      await sleep(POLL_MS);
      row = await store.bookFiles.get(bookId, format);
    }
    // A complete file of fewer chapters is better than none while the new one is made.
    if (stored !== undefined) return this.#serve(book, stored);
    return {
      ready: false,
      done: row?.state === 'building' ? row.doneChapters : 0,
      total: chapters,
      ...(row?.state === 'failed' && row.error ? { error: row.error } : {}),
    };
  }

  /**
   * The books of `bookIds` whose EPUB is being built, and how far each is. With `build`, a book
   * whose EPUB was never built (or failed) gets its build started and counts as being prepared
   * (the shelf: shelved books are kept built).
   */
  async preparing(
    bookIds: readonly number[],
    options: { readonly build?: boolean } = {},
  ): Promise<Map<number, Preparing>> {
    const found = new Map<number, Preparing>();
    for (const bookId of bookIds) {
      const row = await this.#library.store.bookFiles.get(bookId, 'epub');
      if (row?.state === 'building')
        found.set(bookId, { done: row.doneChapters, total: row.chapters });
      else if (options.build && (row === undefined || row.state === 'failed')) {
        const chapters = (await viewToc(this.#library, bookId)).length;
        if (chapters === 0) continue;
        await this.#jobs.enqueue(bookId, 'epub');
        found.set(bookId, { done: 0, total: chapters });
      }
    }
    return found;
  }

  /** The book a KOReader document digest belongs to. */
  async bookOfDocument(document: string): Promise<number | undefined> {
    await this.#migrated;
    const found = (await this.#documents.get(digestDocument(document))) as
      { bookId?: number } | undefined;
    return found?.bookId;
  }

  /**
   * A stored file as it is sent (its plain ASCII name beside the stored UTF-8 one), its digests
   * remembered: the one way both the OPDS and the web app's downloads name a file.
   */
  async served(bookId: number, stored: StoredFile): Promise<ServedFile> {
    const { book } = await viewBook(this.#library, bookId);
    return this.#serve(book, stored);
  }

  async #serve(
    book: { id: number; title: string; author: string },
    stored: StoredFile,
  ): Promise<ServedFile> {
    const asciiName = asciiBookFileName(book.id, book.title, stored.format);
    if (stored.format === 'epub')
      await this.#remember(book, stored.bytes, [stored.fileName, asciiName]);
    const file = {
      bytes: stored.bytes,
      fileName: stored.fileName,
      contentType: bookFileTypes[stored.format],
      digest: stored.digest,
    };
    return { ready: true, file, asciiName };
  }

  /** Remembers the EPUB's digests (once per file: its partial MD5 marks it known). */
  async #remember(
    book: { id: number; title: string; author: string },
    bytes: Uint8Array,
    served: readonly string[],
  ): Promise<void> {
    const md5 = (data: Uint8Array | string) => createHash('md5').update(data).digest('hex');
    const partial = partialMd5(bytes);
    if ((await this.bookOfDocument(partial)) === book.id) return;
    const digests = [
      md5(bytes),
      ...documentNames(book.title, book.author, served).map(md5),
      // Last: a crash before it leaves the file unknown, so the next serve writes them all.
      partial,
    ];
    for (const digest of digests)
      await this.#documents.update(digestDocument(digest), () => ({ bookId: book.id }));
  }
}

const digestDocument = (digest: string) => `ebook-digest:${digest.toLowerCase()}`;

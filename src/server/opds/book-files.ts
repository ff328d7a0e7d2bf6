import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { viewBook, viewToc } from '#library';
import type { BookFileFormat, LibraryDeps } from '#library';
import { bookFileTypes, buildStoredBookFile } from '#export';
import { JsonFile } from './json-file.ts';
import type { DownloadFile } from '../file-reply.ts';
import type { SharedDocuments } from '../ports.ts';
import { documentNames, partialMd5 } from './document-digest.ts';

export type BookFormat = BookFileFormat;

/** A book file as the download routes send it (`digest` is the stored SHA-256, when known). */
export type BookFile = DownloadFile;

/**
 * EPUB and TXT files of whole books for OPDS downloads, kept in the store (`store.bookFiles`, the
 * rows the web app's export jobs fill too): a `done` file built from the book's current TOC
 * length is served as it is; otherwise the file is built inline (the e-reader waits on the
 * response) and stored. Every EPUB served is remembered by its digests (KOReader's partial MD5,
 * the full MD5, the MD5s of the names it may be saved as) so KOReader's progress finds its book.
 */
export class BookFiles {
  readonly #library: LibraryDeps;
  readonly #documents: JsonFile<Record<string, number>>;
  /** Files being built here, so two downloads of a new file build it once in this process. */
  readonly #pending = new Map<string, Promise<BookFile>>();

  constructor(library: LibraryDeps, dataDir: string | undefined, shared?: SharedDocuments) {
    this.#library = library;
    this.#documents = new JsonFile(
      dataDir === undefined ? undefined : join(dataDir, 'exports', 'documents.json'),
      () => ({}),
      { documents: shared, name: 'ebook-digests' },
    );
  }

  /** The book's file in `format`, fetching the chapters not yet cached. `not-found` for no book. */
  async file(bookId: number, format: BookFormat): Promise<BookFile> {
    const view = await viewBook(this.#library, bookId);
    const toc = await viewToc(this.#library, bookId);
    const stored = await this.#library.store.bookFiles.read(bookId, format);
    if (stored !== undefined && stored.chapters === toc.length) {
      const file = {
        bytes: stored.bytes,
        fileName: stored.fileName,
        contentType: bookFileTypes[format],
        digest: stored.digest,
      };
      // An EPUB an export job built was never seen here: its digests are learnt on first serve.
      if (format === 'epub') await this.#remember(view.book, file.bytes, file.fileName, true);
      return file;
    }
    const key = `${bookId}-${toc.length}.${format}`;
    let pending = this.#pending.get(key);
    if (pending === undefined) {
      pending = this.#build(view.book, format);
      this.#pending.set(key, pending);
      void pending.finally(() => this.#pending.delete(key)).catch(() => undefined);
    }
    return pending;
  }

  /** The book a KOReader document digest belongs to. */
  async bookOfDocument(document: string): Promise<number | undefined> {
    return (await this.#documents.read())[document.toLowerCase()];
  }

  async #build(
    book: { id: number; title: string; author: string },
    format: BookFormat,
  ): Promise<BookFile> {
    const { record, bytes } = await buildStoredBookFile(this.#library, book.id, format);
    if (format === 'epub') await this.#remember(book, bytes, record.fileName, false);
    return {
      bytes,
      fileName: record.fileName,
      contentType: bookFileTypes[format],
      digest: record.digest,
    };
  }

  async #remember(
    book: { id: number; title: string; author: string },
    bytes: Uint8Array,
    fileName: string,
    unlessKnown: boolean,
  ): Promise<void> {
    const md5 = (data: Uint8Array | string) => createHash('md5').update(data).digest('hex');
    if (unlessKnown && (await this.#documents.read())[partialMd5(bytes)] === book.id) return;
    const digests = [
      partialMd5(bytes),
      md5(bytes),
      ...documentNames(book.title, book.author, fileName).map(md5),
    ];
    await this.#documents.update((documents) => {
      for (const digest of digests) documents[digest] = book.id;
    });
  }
}

import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readChapter, viewBook, viewToc } from '#library';
import type { LibraryDeps, TocItem } from '#library';
import { exportableBook, writeEpub, writeTxt } from '#export';
import type { ExportChapter } from '#export';
import { JsonFile } from './json-file.ts';
import type { SharedDocuments } from '../ports.ts';
import { documentNames, partialMd5 } from './document-digest.ts';

/** Chapters read ahead of the writer while a file is made. */
const READ_AHEAD = 4;

export type BookFormat = 'epub' | 'txt';

export interface BookFile {
  readonly path: string;
  /** The name offered in Content-Disposition. */
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
}

const contentTypes: Record<BookFormat, string> = {
  epub: 'application/epub+zip',
  txt: 'text/plain; charset=utf-8',
};

/**
 * EPUB and TXT files of whole books, made on demand and kept under `<dataDir>/exports/` as
 * `<bookId>-<chapters>.<ext>`: a book that gained chapters is written again, one that did not is
 * served from disk. Every EPUB served is remembered by its digests (KOReader's partial MD5, the
 * full MD5, the MD5s of the names it may be saved as) so KOReader's progress can find its book.
 */
export class BookFiles {
  readonly #library: LibraryDeps;
  readonly #dir: string;
  readonly #documents: JsonFile<Record<string, number>>;
  /** Files being written, so two downloads of a new file write it once. */
  readonly #pending = new Map<string, Promise<BookFile>>();

  constructor(library: LibraryDeps, dataDir: string | undefined, shared?: SharedDocuments) {
    this.#library = library;
    this.#dir = join(dataDir ?? join(tmpdir(), `linhai-exports-${process.pid}`), 'exports');
    this.#documents = new JsonFile(
      dataDir === undefined ? undefined : join(this.#dir, 'documents.json'),
      () => ({}),
      { documents: shared, name: 'ebook-digests' },
    );
  }

  /** The book's file in `format`, fetching the chapters not yet cached. `not-found` for no book. */
  async file(bookId: number, format: BookFormat): Promise<BookFile> {
    const view = await viewBook(this.#library, bookId);
    const toc = await viewToc(this.#library, bookId);
    const path = join(this.#dir, `${bookId}-${toc.length}.${format}`);
    const fileName = `${safeName(view.book.title)}.${format}`;
    const done = await stat(path).catch(() => undefined);
    if (done !== undefined)
      return { path, fileName, contentType: contentTypes[format], size: done.size };
    let pending = this.#pending.get(path);
    if (pending === undefined) {
      pending = this.#write(view.book, toc, format, path, fileName);
      this.#pending.set(path, pending);
      void pending.finally(() => this.#pending.delete(path)).catch(() => undefined);
    }
    return pending;
  }

  /** The book a KOReader document digest belongs to. */
  async bookOfDocument(document: string): Promise<number | undefined> {
    return (await this.#documents.read())[document.toLowerCase()];
  }

  async #write(
    book: { id: number; title: string; author: string },
    toc: readonly TocItem[],
    format: BookFormat,
    path: string,
    fileName: string,
  ): Promise<BookFile> {
    const exportBook = await exportableBook(this.#library, book.id);
    const stream = this.#chapters(book.id, toc);
    const bytes =
      format === 'epub'
        ? await writeEpub(exportBook, stream, { total: toc.length })
        : await writeTxt(exportBook, stream, { total: toc.length });
    await mkdir(this.#dir, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
    await this.#dropOlder(book.id, format, path);
    if (format === 'epub') await this.#remember(book, bytes, fileName);
    return { path, fileName, contentType: contentTypes[format], size: bytes.length };
  }

  /** Chapters in order, reading a few ahead: uncached ones wait on the network, not on each other. */
  async *#chapters(bookId: number, toc: readonly TocItem[]): AsyncGenerator<ExportChapter> {
    const read = (item: TocItem) => readChapter(this.#library, { bookId, chapterKey: item.key });
    const ahead = toc.slice(0, READ_AHEAD).map(read);
    // A failure ahead is reported when its turn comes, not as an unhandled rejection.
    for (const p of ahead) p.catch(() => undefined);
    let volume: string | undefined;
    for (const [index, item] of toc.entries()) {
      const result = await ahead[index]!;
      const next = toc[index + READ_AHEAD];
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

  async #dropOlder(bookId: number, format: BookFormat, keep: string): Promise<void> {
    const names = await readdir(this.#dir);
    for (const name of names) {
      const path = join(this.#dir, name);
      if (name.startsWith(`${bookId}-`) && name.endsWith(`.${format}`) && path !== keep)
        await rm(path, { force: true });
    }
  }

  async #remember(
    book: { id: number; title: string; author: string },
    bytes: Uint8Array,
    fileName: string,
  ): Promise<void> {
    const md5 = (data: Uint8Array | string) => createHash('md5').update(data).digest('hex');
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

/** A title usable as a file name on every e-reader's file system. */
export function safeName(title: string): string {
  // "a/b: c?" → "a_b_ c_"; control characters are refused by some file systems too.
  // eslint-disable-next-line no-control-regex
  return title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || 'book';
}

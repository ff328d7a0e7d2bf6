import { createHash } from 'node:crypto';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { BookFileTable } from '../schema.ts';
import type { BookFileFormat, BookFileRow, BookFileState } from '../rows.ts';

/**
 * Whole-book files (EPUB, TXT), one row per book and format: a build in progress (`building`,
 * with `doneChapters`), its file (`done`, with the bytes) or its failure (`failed`). A new build
 * replaces the row; the status reads never load the bytes.
 */
export class BookFileRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** The file's status (no bytes); undefined when it was never built. */
  async get(bookId: number, format: BookFileFormat): Promise<BookFileRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('bookFile')
      .select(statusColumns)
      .where('bookId', '=', bookId)
      .where('format', '=', format)
      .executeTakeFirst();
    return row && toRow(row);
  }

  /** The file with its bytes, when it is `done`. */
  async read(
    bookId: number,
    format: BookFileFormat,
  ): Promise<(BookFileRow & { readonly bytes: Uint8Array }) | undefined> {
    const row = await this.#ctx.db
      .selectFrom('bookFile')
      .selectAll()
      .where('bookId', '=', bookId)
      .where('format', '=', format)
      .where('state', '=', 'done')
      .executeTakeFirst();
    if (row === undefined || row.bytes === null) return undefined;
    const bytes = row.bytes;
    // Buffer from both drivers; a plain Uint8Array view keeps callers off Buffer's API.
    return {
      ...toRow(row),
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    };
  }

  /** A build starts: `building` with no chapter done, replacing what the row held. */
  async start(input: {
    bookId: number;
    format: BookFileFormat;
    chapters: number;
    fileName: string;
  }): Promise<void> {
    const values = {
      chapters: input.chapters,
      state: 'building',
      doneChapters: 0,
      bytes: null,
      size: null,
      digest: null,
      fileName: input.fileName,
      error: null,
    };
    await this.#put(input.bookId, input.format, values);
  }

  /** Chapters written so far by the build under way (nothing once it is done or failed). */
  async progress(bookId: number, format: BookFileFormat, doneChapters: number): Promise<void> {
    await this.#whileBuilding(bookId, format, { doneChapters });
  }

  /** The built file: `done` with its bytes, whatever the row held. */
  async finish(input: {
    bookId: number;
    format: BookFileFormat;
    chapters: number;
    fileName: string;
    bytes: Uint8Array;
  }): Promise<BookFileRow> {
    const values = {
      chapters: input.chapters,
      state: 'done',
      doneChapters: input.chapters,
      bytes: input.bytes,
      size: input.bytes.byteLength,
      digest: createHash('sha256').update(input.bytes).digest('hex'),
      fileName: input.fileName,
      error: null,
    };
    await this.#put(input.bookId, input.format, values);
    const row = await this.get(input.bookId, input.format);
    return row!;
  }

  /** The build under way failed with `error` (a file finished meanwhile is kept). */
  async fail(bookId: number, format: BookFileFormat, error: string): Promise<void> {
    await this.#whileBuilding(bookId, format, { state: 'failed', error });
  }

  /** Writes the row of (book, format) whole, a new one or over the old one. */
  async #put(
    bookId: number,
    format: BookFileFormat,
    values: Omit<Insertable<BookFileTable>, 'bookId' | 'format' | 'createdAt' | 'updatedAt'>,
  ): Promise<void> {
    const now = this.#ctx.clock.now();
    const row = { ...values, updatedAt: now };
    await this.#ctx.db
      .insertInto('bookFile')
      .values({ bookId, format, ...row, createdAt: now })
      .onConflict((oc) => oc.columns(['bookId', 'format']).doUpdateSet(row))
      .execute();
  }

  /** Updates the row only while its build is under way: a finished file is never overwritten. */
  async #whileBuilding(
    bookId: number,
    format: BookFileFormat,
    set: Updateable<BookFileTable>,
  ): Promise<void> {
    await this.#ctx.db
      .updateTable('bookFile')
      .set({ ...set, updatedAt: this.#ctx.clock.now() })
      .where('bookId', '=', bookId)
      .where('format', '=', format)
      .where('state', '=', 'building')
      .execute();
  }

  /** Forgets the book's file in `format`, or all its files. */
  async remove(bookId: number, format?: BookFileFormat): Promise<void> {
    let query = this.#ctx.db.deleteFrom('bookFile').where('bookId', '=', bookId);
    if (format !== undefined) query = query.where('format', '=', format);
    await query.execute();
  }
}

const statusColumns = [
  'bookId',
  'format',
  'chapters',
  'state',
  'doneChapters',
  'size',
  'digest',
  'fileName',
  'error',
  'createdAt',
  'updatedAt',
] as const;

function toRow(row: Omit<Selectable<BookFileTable>, 'bytes'>): BookFileRow {
  return {
    bookId: row.bookId,
    format: row.format as BookFileFormat,
    chapters: Number(row.chapters),
    state: row.state as BookFileState,
    doneChapters: Number(row.doneChapters),
    fileName: row.fileName,
    size: row.size ?? undefined,
    digest: row.digest ?? undefined,
    error: row.error ?? undefined,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

import type { Selectable } from 'kysely';
import type { LocalBookRecord } from '#model';
import type { StoreContext } from '../context.ts';
import type { LocalBookTable } from '../schema.ts';
import { opt } from '../rows.ts';

/**
 * The key of the one source row local books' text is kept under: `content` rows name a source,
 * and a local book's chapters come from its file, not from a site. The row is disabled, cannot
 * search, has no rules and is left out of the source list (SourceRepository.list).
 */
export const LOCAL_FILES_SOURCE_URL = 'linhai:local-files';

/** A local book's record: whose it is, what file it came from and how it was split. */
export type LocalBookRow = LocalBookRecord;

export type LocalBookInput = Omit<LocalBookRow, 'createdAt'> & {
  /** The TXT's decoded text (kept for a re-split); none for an EPUB. */
  readonly text?: string | undefined;
};

/** Books readers uploaded (TXT, EPUB): the mark that makes a book one reader's own. */
export class LocalBookRepository {
  readonly #ctx: StoreContext;
  #sourceId: number | undefined;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** The id of the local-files source (made on first use: a copied store brings its own). */
  async sourceId(): Promise<number> {
    if (this.#sourceId !== undefined) return this.#sourceId;
    const now = this.#ctx.clock.now();
    await this.#ctx.db
      .insertInto('source')
      .values({
        url: LOCAL_FILES_SOURCE_URL,
        name: 'Local files',
        groupName: null,
        type: 0,
        rules: '{}',
        enabled: 0,
        weight: 0,
        canSearch: 0,
        capabilities: '{}',
        health: '{}',
        recentLatencies: '[]',
        breakerState: 'closed',
        createdAt: now,
        updatedAt: now,
      })
      .onConflict((oc) => oc.column('url').doNothing())
      .execute();
    const row = await this.#ctx.db
      .selectFrom('source')
      .select('id')
      .where('url', '=', LOCAL_FILES_SOURCE_URL)
      .executeTakeFirstOrThrow();
    this.#sourceId = row.id;
    return row.id;
  }

  /**
   * Marks a book as the reader's own upload, or updates the mark (a re-import, a re-split); the
   * kept text changes only when one is given.
   */
  async put(input: LocalBookInput): Promise<void> {
    const values = {
      userId: input.userId,
      fileName: input.fileName,
      format: input.format,
      encoding: input.encoding ?? null,
      ruleId: input.ruleId ?? null,
      // Without a text the kept one stays (a re-split changes the rule, not the file).
      ...(input.text === undefined ? {} : { text: input.text }),
    };
    await this.#ctx.db
      .insertInto('localBook')
      .values({
        bookId: input.bookId,
        ...values,
        text: input.text ?? null,
        createdAt: this.#ctx.clock.now(),
      })
      .onConflict((oc) => oc.column('bookId').doUpdateSet(values))
      .execute();
  }

  async get(bookId: number): Promise<LocalBookRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('localBook')
      .select(['bookId', 'userId', 'fileName', 'format', 'encoding', 'ruleId', 'createdAt'])
      .where('bookId', '=', bookId)
      .executeTakeFirst();
    return row && toLocalBook(row);
  }

  /** The TXT's decoded text; undefined for an EPUB or no such book. */
  async text(bookId: number): Promise<string | undefined> {
    const row = await this.#ctx.db
      .selectFrom('localBook')
      .select('text')
      .where('bookId', '=', bookId)
      .executeTakeFirst();
    return opt(row?.text ?? null);
  }

  /** Which of `bookIds` are local books, with their owners. */
  async owners(bookIds: readonly number[]): Promise<Map<number, number>> {
    if (bookIds.length === 0) return new Map();
    const rows = await this.#ctx.db
      .selectFrom('localBook')
      .select(['bookId', 'userId'])
      .where('bookId', 'in', [...bookIds])
      .execute();
    return new Map(rows.map((r) => [r.bookId, r.userId]));
  }

  /** The reader's uploads, newest first. */
  async listByUser(userId: number): Promise<LocalBookRow[]> {
    const rows = await this.#ctx.db
      .selectFrom('localBook')
      .select(['bookId', 'userId', 'fileName', 'format', 'encoding', 'ruleId', 'createdAt'])
      .where('userId', '=', userId)
      .orderBy('createdAt', 'desc')
      .orderBy('bookId', 'desc')
      .execute();
    return rows.map(toLocalBook);
  }
}

function toLocalBook(row: Omit<Selectable<LocalBookTable>, 'text'>): LocalBookRow {
  return {
    bookId: row.bookId,
    userId: row.userId,
    fileName: row.fileName,
    format: row.format === 'epub' ? 'epub' : 'txt',
    encoding: opt(row.encoding),
    ruleId: opt(row.ruleId),
    createdAt: Number(row.createdAt),
  };
}

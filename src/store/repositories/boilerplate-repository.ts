import type { Selectable } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { BoilerplateTable } from '../schema.ts';
import type { BoilerplateRow, BoilerplateStatus } from '../rows.ts';
import { SharedDocumentRepository } from './shared-document-repository.ts';

/** One chapter as the cleaner's learner counted it: its book and a digest per line. */
interface CountedChapter {
  readonly bookKey: string;
  readonly keys: readonly string[];
}
type Window = Array<[string, CountedChapter]>;

/**
 * Boilerplate patterns the cleaner learned per source. Implements the cleaner's
 * `BoilerplateStore` port (list / upsert / recordHits) structurally, plus review operations.
 */
export class BoilerplateRepository {
  readonly #ctx: StoreContext;
  readonly #documents: SharedDocumentRepository;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#documents = new SharedDocumentRepository(ctx);
  }

  /**
   * The chapters the cleaner last counted for a source (its learning window), oldest first: kept
   * as one shared document per source, so every process and restart resumes counting.
   */
  async recentChapters(sourceKey: string): Promise<Window> {
    const window = await this.#documents.get(windowName(sourceKey));
    return Array.isArray(window) ? (window as Window) : [];
  }

  /** Adds a chapter to the source's window (replacing one with the same key), keeping `keep`. */
  async rememberChapter(
    sourceKey: string,
    chapterKey: string,
    chapter: CountedChapter,
    keep: number,
  ): Promise<void> {
    await this.#documents.update(windowName(sourceKey), (current) => {
      const window = (Array.isArray(current) ? (current as Window) : []).filter(
        ([key]) => key !== chapterKey,
      );
      window.push([chapterKey, { bookKey: chapter.bookKey, keys: [...chapter.keys] }]);
      return window.slice(-keep);
    });
  }

  /** A source's patterns, most hits first. */
  async list(sourceKey: string): Promise<BoilerplateRow[]> {
    const rows = await this.#ctx.db
      .selectFrom('boilerplate')
      .selectAll()
      .where('sourceKey', '=', sourceKey)
      .orderBy('hits', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toRow);
  }

  /**
   * Every other source's patterns, reduced to what cross-source knowledge reads: the cleaner
   * applies skeletons confirmed on other sources to a new source's first chapters.
   */
  async elsewhere(
    sourceKey: string,
  ): Promise<Array<Pick<BoilerplateRow, 'sourceKey' | 'skeleton' | 'status'>>> {
    const rows = await this.#ctx.db
      .selectFrom('boilerplate')
      .select(['sourceKey', 'skeleton', 'status'])
      .where('sourceKey', '<>', sourceKey)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ ...row, status: row.status as BoilerplateStatus }));
  }

  /** Writes the whole pattern, keyed by its id. */
  async upsert(pattern: BoilerplateRow): Promise<void> {
    const { id, ...rest } = pattern;
    await this.#ctx.db
      .insertInto('boilerplate')
      .values({ id, ...rest })
      .onConflict((oc) => oc.column('id').doUpdateSet(rest))
      .execute();
  }

  /** Adds to hit counts atomically (two cleaners may count at once). */
  async recordHits(
    hits: ReadonlyArray<{ readonly id: string; readonly count: number }>,
  ): Promise<void> {
    const now = this.#ctx.clock.now();
    await this.#ctx.db.transaction().execute(async (trx) => {
      for (const { id, count } of hits) {
        await trx
          .updateTable('boilerplate')
          .set((eb) => ({ hits: eb('hits', '+', count), updatedAt: now }))
          .where('id', '=', id)
          .execute();
      }
    });
  }

  /** An administrator's review decision. */
  async setStatus(id: string, status: BoilerplateStatus): Promise<void> {
    await this.#ctx.db
      .updateTable('boilerplate')
      .set({ status, updatedAt: this.#ctx.clock.now() })
      .where('id', '=', id)
      .execute();
  }

  async remove(id: string): Promise<void> {
    await this.#ctx.db.deleteFrom('boilerplate').where('id', '=', id).execute();
  }
}

function windowName(sourceKey: string): string {
  return `boilerplate-window:${sourceKey}`;
}

function toRow(row: Selectable<BoilerplateTable>): BoilerplateRow {
  return {
    ...row,
    place: row.place as BoilerplateRow['place'],
    status: row.status as BoilerplateStatus,
  };
}

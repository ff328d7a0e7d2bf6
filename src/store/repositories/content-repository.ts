import type { Selectable } from 'kysely';
import type { StoreContext } from '../context.ts';
import { chunkRows } from '../context.ts';
import type { ContentTable } from '../schema.ts';
import { jsonOrNull, parseJson } from '../rows.ts';
import type { ContentRow } from '../rows.ts';

/** The chapter text cache: clean text per chapter and source. */
export class ContentRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** The newest cached copy of a chapter, from `sourceId` when given, else from any source. */
  async get(chapterId: number, sourceId?: number): Promise<ContentRow | undefined> {
    let query = this.#ctx.db.selectFrom('content').selectAll().where('chapterId', '=', chapterId);
    if (sourceId !== undefined) query = query.where('sourceId', '=', sourceId);
    const row = await query
      .orderBy('fetchedAt', 'desc')
      .orderBy('sourceId')
      .limit(1)
      .executeTakeFirst();
    return row && toContent(row);
  }

  /**
   * The newest cached copy (as `get` picks it) of each chapter of a book whose ordinal lies in
   * [fromOrdinal, toOrdinal], nearest the end first, in one query: the reader's cleaner compares a
   * page with the chapters before it.
   */
  async latestInOrdinalRange(
    bookId: number,
    fromOrdinal: number,
    toOrdinal: number,
  ): Promise<Array<ContentRow & { readonly ordinal: number }>> {
    if (toOrdinal < fromOrdinal) return [];
    const rows = await this.#ctx.db
      .selectFrom('content')
      .innerJoin('chapter', 'chapter.id', 'content.chapterId')
      .selectAll('content')
      .select('chapter.ordinal as ordinal')
      .where('chapter.bookId', '=', bookId)
      .where('chapter.ordinal', '>=', fromOrdinal)
      .where('chapter.ordinal', '<=', toOrdinal)
      .orderBy('chapter.ordinal', 'desc')
      .orderBy('content.fetchedAt', 'desc')
      .orderBy('content.sourceId')
      .execute();
    const latest: Array<ContentRow & { readonly ordinal: number }> = [];
    for (const row of rows) {
      if (latest.at(-1)?.chapterId === row.chapterId) continue; // an older or other copy
      latest.push({ ...toContent(row), ordinal: Number(row.ordinal) });
    }
    return latest;
  }

  /** Every cached copy of a chapter (the cleaner cross-checks sources with them). */
  async listForChapter(chapterId: number): Promise<ContentRow[]> {
    const rows = await this.#ctx.db
      .selectFrom('content')
      .selectAll()
      .where('chapterId', '=', chapterId)
      .orderBy('fetchedAt', 'desc')
      .execute();
    return rows.map(toContent);
  }

  /** Stores (or replaces) one source's copy of a chapter. */
  async put(content: Omit<ContentRow, 'quality'> & { quality?: unknown }): Promise<void> {
    const values = {
      text: content.text,
      hash: content.hash,
      fetchedAt: content.fetchedAt,
      quality: jsonOrNull(content.quality),
    };
    await this.#ctx.db
      .insertInto('content')
      .values({ chapterId: content.chapterId, sourceId: content.sourceId, ...values })
      .onConflict((oc) => oc.columns(['chapterId', 'sourceId']).doUpdateSet(values))
      .execute();
  }

  /** Which of these chapters have a cached copy (for "downloaded" marks and prefetch). */
  async cachedChapterIds(chapterIds: readonly number[]): Promise<Set<number>> {
    const found = new Set<number>();
    for (const ids of chunkRows(chapterIds, 1, this.#ctx.caps)) {
      const rows = await this.#ctx.db
        .selectFrom('content')
        .select('chapterId')
        .distinct()
        .where('chapterId', 'in', ids)
        .execute();
      for (const row of rows) found.add(row.chapterId);
    }
    return found;
  }

  async remove(chapterId: number, sourceId?: number): Promise<void> {
    let query = this.#ctx.db.deleteFrom('content').where('chapterId', '=', chapterId);
    if (sourceId !== undefined) query = query.where('sourceId', '=', sourceId);
    await query.execute();
  }
}

function toContent(row: Selectable<ContentTable>): ContentRow {
  return {
    chapterId: row.chapterId,
    sourceId: row.sourceId,
    text: row.text,
    hash: row.hash,
    fetchedAt: row.fetchedAt,
    quality: parseJson<unknown>(row.quality, undefined),
  };
}

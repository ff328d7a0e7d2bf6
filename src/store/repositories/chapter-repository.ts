import type { Selectable } from 'kysely';
import type { StoreContext } from '../context.ts';
import { chunkRows } from '../context.ts';
import type { ChapterTable } from '../schema.ts';
import { opt } from '../rows.ts';
import type { ChapterInput, ChapterLinkRow, ChapterRow } from '../rows.ts';

/** A book's canonical table of contents and, per chapter, the listings that carry it. */
export class ChapterRepository {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** The canonical TOC in reading order, each chapter with its links. */
  async listByBook(bookId: number): Promise<ChapterRow[]> {
    const [chapters, links] = await Promise.all([
      this.#ctx.db
        .selectFrom('chapter')
        .selectAll()
        .where('bookId', '=', bookId)
        .orderBy('ordinal')
        .execute(),
      this.#ctx.db
        .selectFrom('chapterLink')
        .innerJoin('chapter', 'chapter.id', 'chapterLink.chapterId')
        .selectAll('chapterLink')
        .where('chapter.bookId', '=', bookId)
        .orderBy('chapterLink.listingId')
        .execute(),
    ]);
    const byChapter = new Map<number, ChapterLinkRow[]>();
    for (const link of links) {
      const list = byChapter.get(link.chapterId) ?? [];
      list.push({
        listingId: link.listingId,
        url: link.url,
        position: link.position,
        firstSeenAt: link.firstSeenAt,
      });
      byChapter.set(link.chapterId, list);
    }
    return chapters.map((row) => toChapter(row, byChapter.get(row.id) ?? []));
  }

  async get(id: number): Promise<ChapterRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('chapter')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toChapter(row, await this.#links(row.id));
  }

  async getByKey(bookId: number, key: string): Promise<ChapterRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('chapter')
      .selectAll()
      .where('bookId', '=', bookId)
      .where('key', '=', key)
      .executeTakeFirst();
    return row && toChapter(row, await this.#links(row.id));
  }

  async getByOrdinal(bookId: number, ordinal: number): Promise<ChapterRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('chapter')
      .selectAll()
      .where('bookId', '=', bookId)
      .where('ordinal', '=', ordinal)
      .executeTakeFirst();
    return row && toChapter(row, await this.#links(row.id));
  }

  async count(bookId: number): Promise<number> {
    const row = await this.#ctx.db
      .selectFrom('chapter')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('bookId', '=', bookId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Replaces the book's canonical TOC with `chapters` in one transaction. Chapters are matched by
   * their stable key, so a kept chapter keeps its id (and its cached content); chapters whose key
   * is absent are deleted; every chapter's links are replaced by the given ones.
   */
  async saveToc(bookId: number, chapters: readonly ChapterInput[]): Promise<ChapterRow[]> {
    await this.#ctx.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('chapter')
        .select(['id', 'key'])
        .where('bookId', '=', bookId)
        .execute();
      const wanted = new Set(chapters.map((c) => c.key));
      const gone = existing.filter((row) => !wanted.has(row.key)).map((row) => row.id);
      for (const ids of chunkRows(gone, 1, this.#ctx.caps)) {
        await trx.deleteFrom('chapter').where('id', 'in', ids).execute();
      }
      const rows = chapters.map((c) => ({
        bookId,
        key: c.key,
        ordinal: c.ordinal,
        title: c.title,
        normTitle: c.normTitle ?? null,
        number: c.number ?? null,
        volume: c.volume ?? null,
        volumeTitle: c.volumeTitle ?? null,
        kind: c.kind ?? 'chapter',
        isExtra: c.isExtra ? 1 : 0,
        firstSeenAt: c.firstSeenAt,
        firstListingId: c.firstListingId ?? null,
      }));
      const idByKey = new Map<string, number>();
      for (const chunk of chunkRows(rows, 12, this.#ctx.caps)) {
        const saved = await trx
          .insertInto('chapter')
          .values(chunk)
          .onConflict((oc) =>
            oc.columns(['bookId', 'key']).doUpdateSet((eb) => ({
              ordinal: eb.ref('excluded.ordinal'),
              title: eb.ref('excluded.title'),
              normTitle: eb.ref('excluded.normTitle'),
              number: eb.ref('excluded.number'),
              volume: eb.ref('excluded.volume'),
              volumeTitle: eb.ref('excluded.volumeTitle'),
              kind: eb.ref('excluded.kind'),
              isExtra: eb.ref('excluded.isExtra'),
              firstSeenAt: eb.ref('excluded.firstSeenAt'),
              firstListingId: eb.ref('excluded.firstListingId'),
            })),
          )
          .returning(['id', 'key'])
          .execute();
        for (const row of saved) idByKey.set(row.key, row.id);
      }
      const kept = [...idByKey.values()];
      for (const ids of chunkRows(kept, 1, this.#ctx.caps)) {
        await trx.deleteFrom('chapterLink').where('chapterId', 'in', ids).execute();
      }
      const links = chapters.flatMap((c) =>
        c.links.map((link) => ({
          chapterId: idByKey.get(c.key) as number,
          listingId: link.listingId,
          url: link.url,
          position: link.position,
          firstSeenAt: link.firstSeenAt,
        })),
      );
      for (const chunk of chunkRows(links, 5, this.#ctx.caps)) {
        await trx.insertInto('chapterLink').values(chunk).execute();
      }
    });
    return this.listByBook(bookId);
  }

  async #links(chapterId: number): Promise<ChapterLinkRow[]> {
    return this.#ctx.db
      .selectFrom('chapterLink')
      .select(['listingId', 'url', 'position', 'firstSeenAt'])
      .where('chapterId', '=', chapterId)
      .orderBy('listingId')
      .execute();
  }
}

function toChapter(row: Selectable<ChapterTable>, links: readonly ChapterLinkRow[]): ChapterRow {
  return {
    id: row.id,
    bookId: row.bookId,
    key: row.key,
    ordinal: row.ordinal,
    title: row.title,
    normTitle: opt(row.normTitle),
    number: opt(row.number),
    volume: opt(row.volume),
    volumeTitle: opt(row.volumeTitle),
    kind: row.kind,
    isExtra: row.isExtra === 1,
    firstSeenAt: row.firstSeenAt,
    firstListingId: opt(row.firstListingId),
    links,
  };
}

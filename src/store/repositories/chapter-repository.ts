import type { Selectable } from 'kysely';
import type { StoreContext } from '../context.ts';
import { chunkRows } from '../context.ts';
import type { ChapterTable } from '../schema.ts';
import { LinhaiError } from '#model';
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
   * is absent are deleted. Only what changed is written: a poll that adds one chapter writes one
   * chapter and its links, however long the book.
   */
  /**
   * Replaces the book's TOC with `chapters`. With `basedOn` (the TOC the caller read and merged
   * into), nothing is written and a `conflict` error is thrown when another process saved a
   * different TOC since: the caller reads again and merges again, so no merge is lost.
   */
  async saveToc(
    bookId: number,
    chapters: readonly ChapterInput[],
    options: { basedOn?: readonly ChapterRow[] } = {},
  ): Promise<ChapterRow[]> {
    const idByKey = new Map<string, number>();
    await this.#ctx.db.transaction().execute(async (trx) => {
      // Saves of one book's TOC take turns (PostgreSQL; SQLite runs one transaction at a time).
      if (this.#ctx.caps.supportsRowLocks)
        await trx.selectFrom('book').select('id').where('id', '=', bookId).forUpdate().execute();
      const existing = await trx
        .selectFrom('chapter')
        .selectAll()
        .where('bookId', '=', bookId)
        .execute();
      const oldLinks = await trx
        .selectFrom('chapterLink')
        .innerJoin('chapter', 'chapter.id', 'chapterLink.chapterId')
        .selectAll('chapterLink')
        .where('chapter.bookId', '=', bookId)
        .execute();
      const byKey = new Map(existing.map((row) => [row.key, row]));
      const linksOf = new Map<number, ChapterLinkRow[]>();
      for (const link of oldLinks) {
        const list = linksOf.get(link.chapterId) ?? [];
        list.push(link);
        linksOf.set(link.chapterId, list);
      }
      if (options.basedOn !== undefined) {
        const now = existing.map((row) => ({ key: row.key, links: linksOf.get(row.id) ?? [] }));
        if (tocFingerprint(now) !== tocFingerprint(options.basedOn))
          throw new LinhaiError(
            'conflict',
            `the TOC of book ${bookId} changed while it was merged`,
            {
              details: { bookId },
            },
          );
      }

      const wanted = new Set(chapters.map((c) => c.key));
      const gone = existing.filter((row) => !wanted.has(row.key)).map((row) => row.id);
      for (const ids of chunkRows(gone, 1, this.#ctx.caps)) {
        await trx.deleteFrom('chapter').where('id', 'in', ids).execute();
      }

      const rows = chapters.map((c) => toRecord(bookId, c));
      const changed = rows.filter((row) => {
        const old = byKey.get(row.key);
        if (old !== undefined) idByKey.set(row.key, old.id);
        return old === undefined || !sameRecord(old, row);
      });
      for (const chunk of chunkRows(changed, 12, this.#ctx.caps)) {
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

      // Links: rewrite a chapter's links only when they differ from what is stored.
      const relink = chapters.filter((c) => {
        const id = idByKey.get(c.key) as number;
        return !sameLinks(linksOf.get(id) ?? [], c.links);
      });
      const stale = relink.map((c) => idByKey.get(c.key) as number).filter((id) => linksOf.has(id));
      for (const ids of chunkRows(stale, 1, this.#ctx.caps)) {
        await trx.deleteFrom('chapterLink').where('chapterId', 'in', ids).execute();
      }
      const links = relink.flatMap((c) =>
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
    return chapters
      .map((c) =>
        toChapter({ ...toRecord(bookId, c), id: idByKey.get(c.key) as number }, sortLinks(c.links)),
      )
      .sort((x, y) => x.ordinal - y.ordinal);
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

function toRecord(bookId: number, c: ChapterInput): Omit<Selectable<ChapterTable>, 'id'> {
  return {
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
  };
}

const compared = [
  'ordinal',
  'title',
  'normTitle',
  'number',
  'volume',
  'volumeTitle',
  'kind',
  'isExtra',
  'firstSeenAt',
  'firstListingId',
] as const;

function sameRecord(
  old: Selectable<ChapterTable>,
  row: Omit<Selectable<ChapterTable>, 'id'>,
): boolean {
  return compared.every((column) => old[column] === row[column]);
}

function sortLinks(links: readonly ChapterLinkRow[]): ChapterLinkRow[] {
  return [...links]
    .map((l) => ({
      listingId: l.listingId,
      url: l.url,
      position: l.position,
      firstSeenAt: l.firstSeenAt,
    }))
    .sort((a, b) => a.listingId - b.listingId);
}

function sameLinks(old: readonly ChapterLinkRow[], next: readonly ChapterLinkRow[]): boolean {
  if (old.length !== next.length) return false;
  const a = sortLinks(old);
  const b = sortLinks(next);
  return a.every(
    (link, i) =>
      link.listingId === b[i]?.listingId &&
      link.url === b[i]?.url &&
      link.position === b[i]?.position &&
      link.firstSeenAt === b[i]?.firstSeenAt,
  );
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

/** What identifies a TOC's state: its chapter keys and where each listing carries them. */
function tocFingerprint(
  chapters: readonly { key: string; links: readonly { listingId: number; url: string }[] }[],
): string {
  return chapters
    .map(
      (c) =>
        `${c.key}=${c.links
          .map((l) => `${l.listingId}@${l.url}`)
          .sort()
          .join(' ')}`,
    )
    .sort()
    .join('\n');
}

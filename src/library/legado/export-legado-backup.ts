import type { ReplaceRuleFields } from '#model';
import type { LibraryDeps } from '../ports.ts';
import { writeBackupZip } from './backup-zip.ts';
import { legadoGroupsOf } from './legado-groups.ts';
import { exportListing, toLegadoPlace } from './legado-position.ts';

/** What an export may add beyond the reader's own data. */
export interface LegadoExportPorts {
  /** The sources with these keys as Legado JSON records (they go to `bookSource.json`). */
  readonly exportSources?: (keys: readonly string[]) => Promise<readonly unknown[]>;
  /** The instance's replace rules (they go to `replaceRule.json`). */
  readonly replaceRules?: { list(): Promise<readonly ReplaceRuleFields[]> };
}

/**
 * The reader's shelf as a Legado backup zip that Legado restores (我的 → 备份与恢复 → 恢复):
 * `bookshelf.json` (each book at the source Linhai reads it from, its position as Legado's
 * index, offset, title and time), `bookmark.json`, `bookGroup.json`, and with the ports the
 * books' sources (`bookSource.json`) and replace rules (`replaceRule.json`).
 */
export async function exportLegadoBackup(
  deps: Pick<LibraryDeps, 'store'>,
  input: { readonly userId: number; readonly ports?: LegadoExportPorts },
): Promise<{
  zip: Uint8Array;
  books: number;
  skipped: ReadonlyArray<{ title: string; reason: string }>;
}> {
  const { store } = deps;
  const shelf = await store.shelves.list(input.userId);
  const groups = await legadoGroupsOf(deps, input.userId);
  const books: unknown[] = [];
  const bookmarks: unknown[] = [];
  const skipped: Array<{ title: string; reason: string }> = [];
  const sourceKeys = new Set<string>();
  for (const [order, entry] of shelf.entries()) {
    const listing = exportListing(await store.listings.listByBook(entry.bookId));
    if (listing === undefined) {
      // A book without a source (a local file) has nothing Legado could open.
      skipped.push({ title: entry.title, reason: 'no source lists it (a local book)' });
      continue;
    }
    sourceKeys.add(listing.sourceUrl);
    const chapters = await store.chapters.listByBook(entry.bookId);
    const book = await store.books.get(entry.bookId);
    const place = entry.position
      ? toLegadoPlace(chapters, entry.position, listing)
      : {
          durChapterIndex: 0,
          durChapterPos: 0,
          durChapterTitle: chapters[0]?.title ?? '',
          durChapterTime: entry.addedAt,
        };
    books.push({
      bookUrl: listing.bookUrl,
      tocUrl: listing.tocUrl ?? '',
      origin: listing.sourceUrl,
      originName: listing.sourceName,
      name: entry.title,
      author: entry.author,
      kind: book?.kind ?? null,
      coverUrl: entry.coverUrl ?? null,
      intro: book?.intro ?? null,
      type: 0,
      group: groups.books[entry.bookKey] ?? 0,
      latestChapterTitle: entry.latestChapterTitle ?? null,
      latestChapterTime: book?.updatedAt ?? entry.addedAt,
      lastCheckTime: book?.updatedAt ?? entry.addedAt,
      lastCheckCount: 0,
      totalChapterNum: listing.chapterCount || chapters.length,
      ...place,
      canUpdate: true,
      order,
      originOrder: 0,
    });
    for (const mark of await store.bookmarks.listByBook(input.userId, entry.bookId)) {
      const at = toLegadoPlace(
        chapters,
        {
          chapterKey: mark.chapterKey,
          chapterTitle: mark.chapterTitle,
          anchor: mark.anchor,
          offsetChars: mark.offsetChars,
          readAt: mark.createdAt,
        },
        listing,
      );
      bookmarks.push({
        time: mark.createdAt,
        bookUrl: listing.bookUrl,
        bookName: entry.title,
        bookAuthor: entry.author,
        chapterIndex: at.durChapterIndex,
        chapterPos: at.durChapterPos,
        chapterName: at.durChapterTitle,
        bookText: mark.excerpt,
        content: mark.note ?? '',
      });
    }
  }
  const files = new Map<string, unknown>([['bookshelf.json', books]]);
  if (bookmarks.length > 0) files.set('bookmark.json', bookmarks);
  if (groups.groups.length > 0) files.set('bookGroup.json', groups.groups);
  const sources = await input.ports?.exportSources?.([...sourceKeys]);
  if (sources !== undefined && sources.length > 0) files.set('bookSource.json', sources);
  const rules = await input.ports?.replaceRules?.list();
  if (rules !== undefined && rules.length > 0)
    files.set(
      'replaceRule.json',
      rules.map((r, i) => ({
        id: i + 1,
        name: r.name,
        group: r.group ?? null,
        pattern: r.pattern,
        replacement: r.replacement,
        scope: r.scope ?? null,
        scopeTitle: r.scopeTitle,
        scopeContent: r.scopeContent,
        excludeScope: r.excludeScope ?? null,
        isEnabled: r.enabled,
        isRegex: r.isRegex,
        timeoutMillisecond: r.timeoutMs,
        order: r.order,
      })),
    );
  return { zip: await writeBackupZip(files), books: books.length, skipped };
}

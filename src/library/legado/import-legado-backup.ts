import { bookKey } from '../normalize/index.ts';
import { refreshToc } from '../refresh-toc.ts';
import type { BookRecord, LibraryDeps } from '../ports.ts';
import { readBackupZip } from './backup-zip.ts';
import { importLegadoBookmarks } from './import-legado-bookmarks.ts';
import { importLegadoReplaceRules, parseLegadoRules } from './import-legado-rules.ts';
import type { LegadoRulePorts } from './import-legado-rules.ts';
import { keepLegadoGroups } from './legado-groups.ts';
import { ownLocalBooksByKey } from './legado-book.ts';
import { listingAt, saveLegadoPlace } from './legado-position.ts';
import {
  LEGADO_LOCAL_ORIGIN,
  parseListFile,
  readLegadoBook,
  readLegadoBookGroup,
  readLegadoBookmark,
} from './legado-shapes.ts';
import type { LegadoBook } from './legado-shapes.ts';

/** One record of the backup and what became of it. */
export interface LegadoImportItem {
  readonly kind: 'book' | 'bookmark' | 'group' | 'replace-rule' | 'sources' | 'file';
  /** The book's "name / author", the rule's name, the file's name. */
  readonly name: string;
  /** `imported`: stored now; `unchanged`: Linhai had it already; `skipped`: see `reason`. */
  readonly status: 'imported' | 'unchanged' | 'skipped';
  readonly reason?: string;
  readonly bookId?: number;
}

export interface LegadoImportReport {
  readonly items: readonly LegadoImportItem[];
  readonly counts: Readonly<Record<LegadoImportItem['status'], number>>;
}

export interface LegadoImportProgress {
  readonly done: number;
  readonly total: number;
  readonly label: string;
}

/** What an import may do beyond the reader's own data: only an administrator's may. */
export interface LegadoImportPorts extends LegadoRulePorts {
  /** Stores book sources from Legado JSON (`bookSource.json`); absent: sources are not imported. */
  readonly importSources?: (
    text: string,
  ) => Promise<{ readonly report: readonly unknown[]; readonly errors: readonly unknown[] }>;
  /** The stored sources as Legado JSON: a backup whose sources are all kept as they are is not stored again. */
  readonly listSources?: () => Promise<ReadonlyArray<{ readonly bookSourceUrl: string }>>;
}

/** Books imported at once (each new book's TOC is read from its source). */
const BOOKS_AT_ONCE = 4;

/** The files of a backup Linhai reads; any other file is listed as not used. */
const READ = [
  'bookshelf.json',
  'bookSource.json',
  'bookmark.json',
  'bookGroup.json',
  'replaceRule.json',
];
/** Files Legado writes that Linhai has nothing to put in, with why. */
const NOT_USED: Readonly<Record<string, string>> = {
  'readRecord.json': 'Linhai keeps no reading-time totals',
  'txtTocRule.json': "Linhai splits local TXT books with Legado's default rules",
  'rssSources.json': 'Linhai has no RSS reader',
  'rssStar.json': 'Linhai has no RSS reader',
  'searchHistory.json': 'search history stays on the phone',
  'config.xml': "Legado's app settings",
};

/**
 * Imports a Legado backup zip (我的 → 备份与恢复) for a reader: its sources (administrators),
 * books onto the reader's shelf (the library's book by title and author, else the book URL at its
 * source), reading positions mapped onto Linhai's chapters, groups, bookmarks and replace rules
 * (administrators). Every record gets an outcome; importing the same backup again changes nothing.
 * A malformed zip or JSON file fails before anything is stored.
 */
export async function importLegadoBackup(
  deps: Pick<LibraryDeps, 'store' | 'gateway' | 'clock'>,
  input: {
    readonly userId: number;
    readonly zip: Uint8Array;
    readonly fileName?: string;
    readonly ports?: LegadoImportPorts;
    readonly onProgress?: (progress: LegadoImportProgress) => void;
    readonly signal?: AbortSignal;
  },
): Promise<LegadoImportReport> {
  const file = input.fileName ?? 'backup.zip';
  const { files, others } = await readBackupZip(input.zip, READ, file);
  // Parsed in full before any write: a broken file stops the import with nothing half done.
  const shelf = parseListFile('bookshelf.json', files.get('bookshelf.json')) ?? [];
  const marks = parseListFile('bookmark.json', files.get('bookmark.json')) ?? [];
  const groups = parseListFile('bookGroup.json', files.get('bookGroup.json')) ?? [];
  const rulesText = files.get('replaceRule.json');
  if (rulesText !== undefined) parseListFile('replaceRule.json', rulesText);
  const rules = parseLegadoRules(rulesText);
  const sourcesText = files.get('bookSource.json');
  if (sourcesText !== undefined) parseListFile('bookSource.json', sourcesText);

  const items: LegadoImportItem[] = [];
  for (const other of others) {
    const base = other.split('/').at(-1) ?? other;
    items.push({
      kind: 'file',
      name: other,
      status: 'skipped',
      reason: NOT_USED[base] ?? "not a file of Legado's backup that Linhai reads",
    });
  }

  const total = shelf.length + marks.length + 2;
  let done = 0;
  const step = (label: string) => input.onProgress?.({ done: ++done, total, label });

  if (sourcesText !== undefined) items.push(await importSourcesFile(sourcesText, input.ports));
  step('sources');

  const books = new Map<string, { book: BookRecord; legado: LegadoBook }>();
  const records = shelf.map(readLegadoBook);
  const outcomes: LegadoImportItem[] = [];
  // A few books at once (each new one waits for its TOC); records of one book key in turn, so
  // two never refresh the same TOC together. Outcomes stay in the backup's order.
  let localBooks: Promise<ReadonlyMap<string, BookRecord>> | undefined;
  const ownLocal = () => (localBooks ??= ownLocalBooksByKey(deps, input.userId));
  const lanes = new Map<string, number[]>();
  records.forEach((read, at) => {
    const key = 'ok' in read ? bookKey(read.ok.name, read.ok.author) : `#${at}`;
    lanes.set(key, [...(lanes.get(key) ?? []), at]);
  });
  const queue = [...lanes.values()];
  const work = async () => {
    for (let lane = queue.shift(); lane !== undefined; lane = queue.shift()) {
      for (const at of lane) {
        input.signal?.throwIfAborted();
        const read = records[at]!;
        if ('skip' in read) {
          outcomes[at] = {
            kind: 'book',
            name: '(a shelf record)',
            status: 'skipped',
            reason: read.skip,
          };
        } else {
          const outcome = await importBook(deps, input.userId, read.ok, input.signal, ownLocal);
          outcomes[at] = outcome.item;
          if (outcome.book) books.set(outcome.book.key, { book: outcome.book, legado: read.ok });
        }
        step('ok' in read ? read.ok.name : '');
      }
    }
  };
  await Promise.all(Array.from({ length: BOOKS_AT_ONCE }, work));
  items.push(...outcomes);

  items.push(
    ...(await keepLegadoGroups(deps, input.userId, {
      groups: groups.map(readLegadoBookGroup),
      books: [...books.values()].map(({ book, legado }) => ({
        bookId: book.id,
        bits: legado.group,
      })),
    })),
  );
  items.push(...(await importLegadoReplaceRules(rules, input.ports)));
  step('groups and rules');

  for (const value of marks) {
    input.signal?.throwIfAborted();
    items.push(await importLegadoBookmarks(deps, input.userId, readLegadoBookmark(value), books));
    step('bookmarks');
  }
  const counts = { imported: 0, unchanged: 0, skipped: 0 };
  for (const item of items) counts[item.status]++;
  return { items, counts };
}

async function importSourcesFile(
  text: string,
  ports: LegadoImportPorts | undefined,
): Promise<LegadoImportItem> {
  const name = 'bookSource.json';
  if (ports?.importSources === undefined)
    return {
      kind: 'sources',
      name,
      status: 'skipped',
      reason: 'book sources are shared by every reader: an administrator imports them',
    };
  if (
    ports.listSources !== undefined &&
    allKept(JSON.parse(text) as unknown[], await ports.listSources())
  )
    return { kind: 'sources', name, status: 'unchanged' };
  const result = await ports.importSources(text);
  const errors = result.errors.length > 0 ? `; ${result.errors.length} could not be read` : '';
  return {
    kind: 'sources',
    name,
    status: result.report.length > 0 ? 'imported' : 'skipped',
    reason: `${result.report.length} sources stored (a source already kept is replaced by the backup's)${errors}`,
  };
}

/** Whether every source of the file is stored with the same values for each field the file sets. */
function allKept(
  sources: readonly unknown[],
  stored: ReadonlyArray<{ readonly bookSourceUrl: string }>,
): boolean {
  const byUrl = new Map(
    stored.map((s) => [s.bookSourceUrl, s as unknown as Record<string, unknown>]),
  );
  return sources.every((value) => {
    if (typeof value !== 'object' || value === null) return false;
    const source = value as Record<string, unknown>;
    const kept = byUrl.get(String(source['bookSourceUrl']));
    return (
      kept !== undefined &&
      Object.entries(source).every(
        ([key, v]) => v === null || JSON.stringify(kept[key]) === JSON.stringify(v),
      )
    );
  });
}

/** One shelf record: the book found or made, put on the shelf, its place mapped. */
async function importBook(
  deps: Pick<LibraryDeps, 'store' | 'gateway' | 'clock'>,
  userId: number,
  legado: LegadoBook,
  signal: AbortSignal | undefined,
  ownLocalBooks: () => Promise<ReadonlyMap<string, BookRecord>>,
): Promise<{ item: LegadoImportItem; book?: BookRecord }> {
  const { store } = deps;
  const name = legado.author === '' ? legado.name : `${legado.name} / ${legado.author}`;
  const skip = (reason: string) => ({
    item: { kind: 'book', name, status: 'skipped', reason } as const,
  });
  const key = bookKey(legado.name, legado.author);
  const isLocal = legado.origin === LEGADO_LOCAL_ORIGIN || !/^https?:\/\//i.test(legado.bookUrl);
  // A file on the phone is the reader's own local book of that title and author, once uploaded.
  let book = isLocal ? (await ownLocalBooks()).get(key) : await store.books.getByKey(key);
  const source = isLocal ? undefined : await store.sources.getByUrl(legado.origin);
  if (book === undefined) {
    if (isLocal)
      return skip(
        'a local file in Legado: upload the file itself ("linhai import FILE" or the import page), then import this backup again to bring its position',
      );
    if (source === undefined)
      return skip(
        `its source ${legado.originName || legado.origin} is not on this instance (import the backup's bookSource.json as an administrator, or add the book by searching)`,
      );
    book = await store.books.upsert({
      key,
      title: legado.name,
      author: legado.author,
      coverUrl: legado.coverUrl,
      intro: legado.intro,
      kind: legado.kind,
    });
  }
  if (source !== undefined)
    await store.listings.upsert({
      bookId: book.id,
      sourceId: source.id,
      bookUrl: legado.bookUrl,
      tocUrl: legado.tocUrl === '' || legado.tocUrl === legado.bookUrl ? undefined : legado.tocUrl,
      latestTitle: legado.latestChapterTitle,
    });
  const wasShelved = (await store.shelves.get(userId, book.id)) !== undefined;
  await store.shelves.add(userId, book.id, deps.clock.now());

  let tocNote = '';
  if ((await store.chapters.listByBook(book.id)).length === 0) {
    const result = await refreshToc(deps, book.id, signal ? { signal } : {});
    const failed = result.outcomes.find((o) => o.status === 'failed');
    if (result.chapters.length === 0)
      tocNote =
        failed?.status === 'failed'
          ? ` (its TOC could not be read: ${failed.error.message})`
          : ' (its TOC is empty)';
  }
  const listing = listingAt(await store.listings.listByBook(book.id), legado.origin);
  const place = await saveLegadoPlace(
    deps,
    { userId, bookId: book.id },
    {
      title: legado.durChapterTitle,
      index: legado.durChapterIndex,
      pos: legado.durChapterPos,
      time: legado.durChapterTime,
      listingId: listing?.id,
    },
  );
  const base = { kind: 'book', name, bookId: book.id } as const;
  if (place === 'unmapped')
    return {
      book,
      item: {
        ...base,
        status: 'imported',
        reason: `on the shelf; the position (${legado.durChapterTitle ?? `chapter ${legado.durChapterIndex + 1}`}) was not found in Linhai's TOC${tocNote}`,
      },
    };
  const unchanged = wasShelved && place === 'kept-newer';
  return {
    book,
    item: unchanged
      ? { ...base, status: 'unchanged' }
      : {
          ...base,
          status: 'imported',
          ...(place === 'kept-newer'
            ? { reason: "on the shelf; the position kept is newer than the backup's" }
            : {}),
        },
  };
}

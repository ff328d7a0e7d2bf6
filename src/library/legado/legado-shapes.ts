import { LinhaiError } from '#model';

/*
 * Legado's records as its backup and its WebDAV progress files hold them (GSON of the Room
 * entities in io.legado.app.data.entities: Book, Bookmark, BookGroup, BookProgress). Only the
 * fields Linhai reads or writes back are named; a reader keeps the rest of each record untouched.
 */

/** `Book.origin` of a book read from a file on the phone (Legado's BookType.local). */
export const LEGADO_LOCAL_ORIGIN = 'loc_book';

/** One book of `bookshelf.json`. */
export interface LegadoBook {
  readonly bookUrl: string;
  readonly tocUrl: string;
  /** The source's `bookSourceUrl` (its key), or `loc_book`. */
  readonly origin: string;
  readonly originName: string;
  readonly name: string;
  readonly author: string;
  readonly kind?: string | undefined;
  readonly coverUrl?: string | undefined;
  readonly intro?: string | undefined;
  /** Bit set of `BookGroup.groupId`s the book is in (0: none). */
  readonly group: number;
  readonly latestChapterTitle?: string | undefined;
  readonly totalChapterNum: number;
  readonly durChapterTitle?: string | undefined;
  /** 0-based index into the TOC of the book's source. */
  readonly durChapterIndex: number;
  /** Characters into that chapter's text (the first character on the page). */
  readonly durChapterPos: number;
  /** When the reader last opened the book (ms since the epoch). */
  readonly durChapterTime: number;
  readonly order: number;
}

/** One bookmark of `bookmark.json` (its `time` is its key in Legado). */
export interface LegadoBookmark {
  readonly time: number;
  readonly bookUrl: string;
  readonly bookName: string;
  readonly bookAuthor: string;
  readonly chapterIndex: number;
  readonly chapterPos: number;
  readonly chapterName: string;
  /** The marked text. */
  readonly bookText: string;
  /** The reader's note. */
  readonly content: string;
}

/** One group of `bookGroup.json`; ids are single bits, Legado's built-in groups are negative. */
export interface LegadoBookGroup {
  readonly groupId: number;
  readonly groupName: string;
  readonly cover?: string | undefined;
  readonly order: number;
  readonly show: boolean;
}

/** A WebDAV progress file (`bookProgress/<name>_<author>.json`). */
export interface LegadoBookProgress {
  readonly name: string;
  readonly author: string;
  readonly durChapterIndex: number;
  readonly durChapterPos: number;
  readonly durChapterTime: number;
  readonly durChapterTitle?: string | undefined;
}

/** A record, or why it was left out. */
export type Read<T> = { readonly ok: T } | { readonly skip: string };

/** The array a backup file holds; absent files give `undefined`, anything else not an array fails. */
export function parseListFile(file: string, text: string | undefined): unknown[] | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LinhaiError(
      'import-parse',
      `${file} in the backup is not valid JSON (${(error as Error).message}); nothing was imported`,
      { details: { file }, cause: error },
    );
  }
  if (!Array.isArray(value))
    throw new LinhaiError(
      'import-parse',
      `${file} in the backup holds ${value === null ? 'null' : typeof value}, not a list of records; nothing was imported`,
      { details: { file } },
    );
  return value;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const optStr = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;
const int = (v: unknown): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0;

export function readLegadoBook(value: unknown): Read<LegadoBook> {
  if (typeof value !== 'object' || value === null) return { skip: 'not a record' };
  const o = value as Record<string, unknown>;
  const name = str(o['name']).trim();
  if (name === '') return { skip: 'the record has no name' };
  return {
    ok: {
      bookUrl: str(o['bookUrl']),
      tocUrl: str(o['tocUrl']),
      origin: str(o['origin']) || LEGADO_LOCAL_ORIGIN,
      originName: str(o['originName']),
      name,
      author: str(o['author']).trim(),
      kind: optStr(o['kind']),
      coverUrl: optStr(o['customCoverUrl']) ?? optStr(o['coverUrl']),
      intro: optStr(o['customIntro']) ?? optStr(o['intro']),
      group: int(o['group']),
      latestChapterTitle: optStr(o['latestChapterTitle']),
      totalChapterNum: int(o['totalChapterNum']),
      durChapterTitle: optStr(o['durChapterTitle']),
      durChapterIndex: Math.max(0, int(o['durChapterIndex'])),
      durChapterPos: Math.max(0, int(o['durChapterPos'])),
      durChapterTime: Math.max(0, int(o['durChapterTime'])),
      order: int(o['order']),
    },
  };
}

export function readLegadoBookmark(value: unknown): Read<LegadoBookmark> {
  if (typeof value !== 'object' || value === null) return { skip: 'not a record' };
  const o = value as Record<string, unknown>;
  if (str(o['bookName']).trim() === '') return { skip: 'the bookmark names no book' };
  return {
    ok: {
      time: int(o['time']),
      bookUrl: str(o['bookUrl']),
      bookName: str(o['bookName']).trim(),
      bookAuthor: str(o['bookAuthor']).trim(),
      chapterIndex: Math.max(0, int(o['chapterIndex'])),
      chapterPos: Math.max(0, int(o['chapterPos'])),
      chapterName: str(o['chapterName']),
      bookText: str(o['bookText']),
      content: str(o['content']),
    },
  };
}

export function readLegadoBookGroup(value: unknown): Read<LegadoBookGroup> {
  if (typeof value !== 'object' || value === null) return { skip: 'not a record' };
  const o = value as Record<string, unknown>;
  const groupId = int(o['groupId']);
  const groupName = str(o['groupName']).trim();
  if (groupName === '') return { skip: 'the group has no name' };
  // Negative ids are Legado's own views (all, local, audio, ungrouped), not the reader's groups.
  if (groupId <= 0) return { skip: "one of Legado's built-in views, not a group of books" };
  return {
    ok: {
      groupId,
      groupName,
      cover: optStr(o['cover']),
      order: int(o['order']),
      show: o['show'] !== false,
    },
  };
}

/** A progress file as Legado PUTs it; `undefined` when it is not one. */
export function readLegadoProgress(value: unknown): LegadoBookProgress | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const o = value as Record<string, unknown>;
  const name = str(o['name']).trim();
  if (name === '' || typeof o['durChapterIndex'] !== 'number') return undefined;
  return {
    name,
    author: str(o['author']).trim(),
    durChapterIndex: Math.max(0, int(o['durChapterIndex'])),
    durChapterPos: Math.max(0, int(o['durChapterPos'])),
    durChapterTime: Math.max(0, int(o['durChapterTime'])),
    durChapterTitle: optStr(o['durChapterTitle']),
  };
}

/** What the reader asks while reading: a chapter's sources, bookmarks, a search in the book. */
import { request, url, withQuery } from './client.ts';
import type { Bookmark, BookSearchResult, ChapterSources, ChapterView } from './types.ts';

const chapterPath = (bookId: number, key: string) => url`/books/${bookId}/chapters/${key}`;

/** A chapter's address, also its key in this device's offline copies (web/public/sw.js too). */
export const chapterUrl = (bookId: number, key: string) => `/api${chapterPath(bookId, key)}`;

/**
 * A chapter for reading. 换源: `source` reads it from that listing; `refresh` fetches it again.
 * `onHeaders` sees the answer's headers (the service worker marks its offline copies there).
 */
export const readChapter = (
  bookId: number,
  key: string,
  from: { source?: number; refresh?: boolean } = {},
  onHeaders?: (headers: Headers) => void,
) =>
  request<ChapterView>(
    'GET',
    withQuery(
      chapterPath(bookId, key),
      from.source !== undefined ? { source: from.source } : { refresh: from.refresh || undefined },
    ),
    undefined,
    onHeaders ? { onHeaders } : {},
  );

export const chapterSources = (bookId: number, key: string) =>
  request<ChapterSources>('GET', url`/books/${bookId}/chapters/${key}/sources`);

export const bookmarks = (bookId: number) =>
  request<Bookmark[]>('GET', url`/books/${bookId}/bookmarks`);

export const addBookmark = (
  bookId: number,
  mark: { chapterKey: string; anchor: string; offsetChars: number; excerpt: string; note?: string },
) => request<Bookmark>('POST', url`/books/${bookId}/bookmarks`, mark);

export const removeBookmark = (id: number) => request<unknown>('DELETE', url`/bookmarks/${id}`);

export const searchBook = (bookId: number, q: string) =>
  request<BookSearchResult>('GET', withQuery(url`/books/${bookId}/search`, { q }));

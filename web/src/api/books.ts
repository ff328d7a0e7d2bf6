/** Books in the library: a book's page, its TOC, adding one, its sources and whole-book files. */
import { request, url, withQuery } from './client.ts';
import type {
  AddedBook,
  Book,
  BookFileFormat,
  BookFileStatus,
  BookGroup,
  BookView,
  PoolMember,
  PreviewedBook,
  TocItem,
  TocRefresh,
} from './types.ts';

export const viewBook = (id: number) => request<BookView>('GET', url`/books/${id}`);

export const bookToc = (id: number) => request<TocItem[]>('GET', url`/books/${id}/toc`);

/** A book of a search: by its group key (remembered by the server) or the group itself. */
export const addBook = (found: { groupKey: string } | { group: BookGroup }) =>
  request<AddedBook>('POST', '/books', found);

/** A book page for a search or explore result, without shelving it. */
export const previewBook = (group: BookGroup) =>
  request<PreviewedBook>('POST', '/books/preview', { group });

export const refreshBook = (id: number) =>
  request<TocRefresh>('POST', url`/books/${id}/refresh`, {});

export const findMoreSources = (id: number) =>
  request<unknown>('POST', url`/books/${id}/find-sources`, {});

/** Make a listing the book's preferred source; null gives the choice back to the chase. */
export const preferSource = (id: number, listingId: number | null) =>
  request<{ pool: PoolMember[] }>('PUT', url`/books/${id}/preferred-source`, { listingId });

/** One of the lists on the home page (`popular`, `recommended`, …). */
export const bookList = (name: string, limit: number) =>
  request<Book[]>('GET', withQuery(url`/lists/${name}`, { limit }));

const bookFilePath = (id: number, format: BookFileFormat) => url`/books/${id}/files/${format}`;

export const bookFile = (id: number, format: BookFileFormat) =>
  request<BookFileStatus>('GET', bookFilePath(id, format));

export const buildBookFile = (id: number, format: BookFileFormat) =>
  request<BookFileStatus>('POST', bookFilePath(id, format), {});

/** A plain link: the browser saves the file. */
export const bookFileDownloadUrl = (id: number, format: BookFileFormat) =>
  `/api${bookFilePath(id, format)}/download`;

export const bookCoverUrl = (id: number) => `/api${url`/books/${id}/cover`}`;

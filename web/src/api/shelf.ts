/** The reader's shelf: its books, reading positions, groups and the account's settings. */
import { request, url, withQuery } from './client.ts';
import type { Position, ReaderSettings, ShelfEntry, ShelfGroup, ShelfSort } from './types.ts';

export type { ShelfSort };

/** `read` (last read first), `updated` (newest chapter found first) or `title`. */

export const shelf = (sort?: ShelfSort) =>
  request<ShelfEntry[]>('GET', withQuery('/shelf', { sort }));

export const shelve = (bookId: number) => request<unknown>('PUT', url`/shelf/${bookId}`, {});

export const unshelve = (bookId: number) => request<unknown>('DELETE', url`/shelf/${bookId}`);

/** Where the reader is in the book; undefined when nowhere yet (`orNone`: no 404). */
export const readingPosition = (bookId: number) =>
  request<Position | undefined>('GET', withQuery(url`/shelf/${bookId}/position`, { orNone: true }));

/** `keepalive`: sent even as the page closes. */
export const savePosition = (
  bookId: number,
  place: { chapterKey: string; anchor: string; offsetChars: number },
  keepalive = false,
) => request<unknown>('PUT', url`/shelf/${bookId}/position`, place, { keepalive });

export const shelfGroups = () => request<ShelfGroup[]>('GET', '/shelf-groups');

export const createShelfGroup = (name: string) =>
  request<ShelfGroup>('POST', '/shelf-groups', { name });

export const renameShelfGroup = (id: number, name: string) =>
  request<unknown>('PATCH', url`/shelf-groups/${id}`, { name });

export const deleteShelfGroup = (id: number) =>
  request<unknown>('DELETE', url`/shelf-groups/${id}`);

export const setBookGroups = (bookId: number, groupIds: number[]) =>
  request<{ groupIds: number[] }>('PUT', url`/shelf/${bookId}/groups`, { groupIds });

export const accountSettings = () => request<ReaderSettings>('GET', '/settings');

export const saveAccountSettings = (settings: ReaderSettings, keepalive = false) =>
  request<ReaderSettings>('PATCH', '/settings', settings, { keepalive });

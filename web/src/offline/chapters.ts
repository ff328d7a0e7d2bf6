import { ApiError } from '../api/client.ts';
import { chapterUrl, readChapter } from '../api/reading.ts';
import type { ChapterView } from '../api/types.ts';

/** The Cache Storage name of chapters; web/public/sw.js uses the same one. */
export const CHAPTER_CACHE = 'linhai-chapters-v1';
/** Other API answers kept for offline use (book, TOC, shelf), written by the service worker. */
export const API_CACHE = 'linhai-api-v1';
/** Book covers, written by the service worker (they tell which books a reader keeps). */
export const COVER_CACHE = 'linhai-covers-v1';

/** Set by web/public/sw.js on an answer from the kept copy. */
const OFFLINE_HEADER = 'x-linhai-offline';

const hasCaches = typeof caches !== 'undefined';

export interface LoadedChapter extends ChapterView {
  /** Served from this device's copy because the server could not be reached. */
  offline: boolean;
}

/**
 * A chapter for reading: from the server, keeping a copy in Cache Storage, or — when the server
 * cannot be reached — from that copy. The copy is written here rather than only by the service
 * worker, so the first pages read before the worker took control are kept too.
 */
export async function loadChapter(
  bookId: number,
  key: string,
  /** 换源: read it from this listing, or fetch it again; the kept copy is replaced. */
  from: { source?: number; refresh?: boolean } = {},
): Promise<LoadedChapter> {
  const url = chapterUrl(bookId, key);
  const fresh = from.source !== undefined || from.refresh === true;
  try {
    let kept = false;
    // The service worker marks the copies it answers with when the network is gone.
    const chapter = await readChapter(bookId, key, from, (headers) => {
      kept = headers.get(OFFLINE_HEADER) === '1';
    });
    if (!kept) void keep(url, chapter);
    return { ...chapter, offline: kept };
  } catch (error) {
    if (!(error instanceof ApiError && error.offline) || !hasCaches || fresh) throw error;
    const copy = await caches.match(url, { cacheName: CHAPTER_CACHE });
    if (copy === undefined) throw error;
    return { ...((await copy.json()) as ChapterView), offline: true };
  }
}

async function keep(url: string, chapter: ChapterView): Promise<void> {
  if (!hasCaches) return;
  const cache = await caches.open(CHAPTER_CACHE);
  await cache.put(
    url,
    new Response(JSON.stringify(chapter), { headers: { 'content-type': 'application/json' } }),
  );
}

/** Which of these chapter keys have a copy on this device. */
export async function cachedKeys(bookId: number, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (!hasCaches) return found;
  const cache = await caches.open(CHAPTER_CACHE);
  const urls = new Set((await cache.keys()).map((request) => new URL(request.url).pathname));
  for (const key of keys) if (urls.has(chapterUrl(bookId, key))) found.add(key);
  return found;
}

/**
 * Downloads chapters for offline reading, two at a time (the server's politeness budgets pace
 * the sources behind it), skipping those already kept. Stops when `signal` aborts.
 */
export async function downloadChapters(
  bookId: number,
  keys: readonly string[],
  progress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<{ saved: number; failed: number }> {
  const have = await cachedKeys(bookId, keys);
  const todo = keys.filter((k) => !have.has(k));
  const total = todo.length;
  let done = 0;
  let failed = 0;
  progress(0, total);
  const worker = async () => {
    while (!signal.aborted) {
      const key = todo.shift();
      if (key === undefined) return;
      try {
        await keep(chapterUrl(bookId, key), await readChapter(bookId, key));
      } catch {
        failed += 1;
      }
      done += 1;
      progress(done, total);
    }
  };
  await Promise.all([worker(), worker()]);
  return { saved: done - failed, failed };
}

/** Forgets every kept chapter, API answer and cover (signing out on a shared device). */
export async function clearOfflineCopies(): Promise<void> {
  if (!hasCaches) return;
  await Promise.all([
    caches.delete(CHAPTER_CACHE),
    caches.delete(API_CACHE),
    caches.delete(COVER_CACHE),
  ]);
}

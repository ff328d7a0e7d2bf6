/**
 * The SourceGateway the composition root will build, made here for the end-to-end tests: the
 * store's sources, each driven by the real per-source driver over the real HTTP client.
 */
import { LinhaiError } from '#model';
import type { Fetcher } from '#net';
import { createSourceDriver } from '#sources';
import type { BookSource } from '#sources';
import type { SourceGateway } from '#library';

export function driverGateway(sources: readonly BookSource[], fetcher: Fetcher): SourceGateway {
  const byKey = new Map(sources.map((s) => [s.bookSourceUrl, s]));
  const driver = (key: string, signal: AbortSignal) => {
    const source = byKey.get(key);
    if (source === undefined) throw new LinhaiError('not-found', `no source ${key}`);
    return createSourceDriver({ source, fetcher, signal });
  };
  return {
    async searchableSources() {
      return sources
        .filter((s) => s.enabled !== false && typeof s.searchUrl === 'string' && s.searchUrl !== '')
        .map((s) => ({ key: s.bookSourceUrl, name: s.bookSourceName }));
    },
    async search(key, query, signal) {
      return driver(key, signal).search(query);
    },
    async bookInfo(key, book, signal) {
      return driver(key, signal).bookInfo({ bookUrl: book.bookUrl });
    },
    async toc(key, listing, signal) {
      const d = driver(key, signal);
      const info = await d.bookInfo({ bookUrl: listing.bookUrl });
      return d.toc(info);
    },
    async content(key, chapter, signal) {
      const entry = {
        index: 0,
        title: chapter.title,
        url: chapter.url,
        isVolume: false,
        isVip: false,
        isPay: false,
        tag: '',
        variables: {},
      };
      const { text } = await driver(key, signal).content(entry, {
        ...(chapter.bookUrl ? { book: { bookUrl: chapter.bookUrl } } : {}),
        ...(chapter.nextUrl ? { nextChapterUrl: chapter.nextUrl } : {}),
      });
      return { text };
    },
    async replaceRegex(key) {
      const rule = byKey.get(key)?.ruleContent?.replaceRegex;
      return typeof rule === 'string' && rule !== '' ? rule : undefined;
    },
  };
}

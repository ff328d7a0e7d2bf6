import type { SourceGateway } from '#library';
import type { Fetcher } from '#net';
import { createSourceDriver } from '#sources';
import type { SourceDriver, SourceDriverOptions } from '#sources';
import type { Store } from '#store';
import type { SourceCatalog } from './source-catalog.ts';

type Kind = 'search' | 'info' | 'toc' | 'content';

/**
 * The library's view of the sources: each call runs the per-source driver over the network client,
 * and every outcome (ok or error, with its latency) is recorded in the source's health figures.
 */
export function createDriverGateway(deps: {
  store: Store;
  catalog: SourceCatalog;
  fetcher: Fetcher;
  sandbox: () => Promise<SourceDriverOptions['sandbox']>;
}): SourceGateway {
  /**
   * Runs one driver step for a source and records its outcome (ok or error, with its latency)
   * against the source; the source is looked up once for both.
   */
  const measured = async <T>(
    key: string,
    kind: Kind,
    signal: AbortSignal,
    step: (driver: SourceDriver) => Promise<T>,
  ): Promise<T> => {
    const { id, source } = await deps.catalog.entry(key);
    const sandbox = await deps.sandbox();
    const driver = createSourceDriver({
      source,
      fetcher: deps.fetcher,
      signal,
      ...(sandbox ? { sandbox } : {}),
    });
    const started = performance.now();
    try {
      const result = await step(driver);
      await deps.store.sources.recordOutcome(id, {
        kind,
        ok: true,
        latencyMs: performance.now() - started,
      });
      return result;
    } catch (error) {
      await deps.store.sources.recordOutcome(id, {
        kind,
        ok: false,
        latencyMs: performance.now() - started,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  };
  return {
    async searchableSources() {
      const rows = await deps.store.sources.list({ enabledOnly: true, searchableOnly: true });
      return rows.map((row) => ({ key: row.url, name: row.name }));
    },
    search: (key, query, signal) =>
      measured(key, 'search', signal, (driver) => driver.search(query)),
    bookInfo: (key, book, signal) =>
      measured(key, 'info', signal, (driver) => driver.bookInfo({ bookUrl: book.bookUrl })),
    toc: (key, listing, signal) =>
      measured(key, 'toc', signal, async (driver) => {
        // Legado's order: the book page first (its rules may set the TOC URL and variables).
        const book = await driver.bookInfo({ bookUrl: listing.bookUrl });
        return driver.toc(book);
      }),
    content: (key, chapter, signal) =>
      measured(key, 'content', signal, async (driver) => {
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
        const { text } = await driver.content(entry, {
          ...(chapter.bookUrl ? { book: { bookUrl: chapter.bookUrl } } : {}),
          ...(chapter.nextUrl ? { nextChapterUrl: chapter.nextUrl } : {}),
        });
        return { text };
      }),
    async replaceRegex(key) {
      const rule = (await deps.catalog.get(key)).ruleContent?.replaceRegex;
      return typeof rule === 'string' && rule !== '' ? rule : undefined;
    },
  };
}

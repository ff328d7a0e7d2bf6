import type { SourceGateway } from '#library';
import type { Fetcher } from '#net';
import { createSourceDriver } from '#sources';
import type { SourceDriverOptions } from '#sources';
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
  const driverFor = async (key: string, signal: AbortSignal) => {
    const source = await deps.catalog.get(key);
    const sandbox = await deps.sandbox();
    return createSourceDriver({
      source,
      fetcher: deps.fetcher,
      signal,
      ...(sandbox ? { sandbox } : {}),
    });
  };
  /** Runs one driver step and records its outcome against the source. */
  const measured = async <T>(key: string, kind: Kind, step: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const row = await deps.store.sources.getByUrl(key);
    try {
      const result = await step();
      if (row)
        await deps.store.sources.recordOutcome(row.id, {
          kind,
          ok: true,
          latencyMs: performance.now() - started,
        });
      return result;
    } catch (error) {
      if (row) {
        await deps.store.sources.recordOutcome(row.id, {
          kind,
          ok: false,
          latencyMs: performance.now() - started,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      throw error;
    }
  };
  return {
    async searchableSources() {
      const rows = await deps.store.sources.list({ enabledOnly: true, searchableOnly: true });
      return rows.map((row) => ({ key: row.url, name: row.name }));
    },
    search: (key, query, signal) =>
      measured(key, 'search', async () => (await driverFor(key, signal)).search(query)),
    bookInfo: (key, book, signal) =>
      measured(key, 'info', async () =>
        (await driverFor(key, signal)).bookInfo({ bookUrl: book.bookUrl }),
      ),
    toc: (key, listing, signal) =>
      measured(key, 'toc', async () => {
        const driver = await driverFor(key, signal);
        // Legado's order: the book page first (its rules may set the TOC URL and variables).
        const book = await driver.bookInfo({ bookUrl: listing.bookUrl });
        return driver.toc(book);
      }),
    content: (key, chapter, signal) =>
      measured(key, 'content', async () => {
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
        const { text } = await (
          await driverFor(key, signal)
        ).content(entry, {
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

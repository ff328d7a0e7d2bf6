import type { SourceGateway } from '#library';
import { LinhaiError } from '#model';
import type { BrowserTier, Fetcher } from '#net';
import { createSourceDriver } from '#sources';
import type { Sandbox } from '#rules';
import type { BookSource, SourceDriver } from '#sources';
import type { Store } from '#store';
import type { SourceCatalog } from './source-catalog.ts';
import { raisedBudgetOf } from './source-budget.ts';
import { browserWithJar, fetcherWithJar } from './login-jar.ts';
import { noteBrowserNeed } from './browser-lane.ts';
import type { ChosenLogin, LoginCall } from './source-logins.ts';

/**
 * The library's view of the sources: each call runs the per-source driver over the network client.
 * Outcomes are recorded in the sources' health by the library's use cases, which know what a call
 * meant (a placeholder page is a failure even when the fetch succeeded; a search cut by its
 * deadline is a timeout), so they are not recorded here as well.
 */
export function createDriverGateway(deps: {
  store: Store;
  catalog: SourceCatalog;
  fetcher: Fetcher;
  /** The browser tier (WebView steps, script challenges) when this process has Chromium. */
  browser?: BrowserTier;
  /** The stored login a call to a source uses, when it has one (`chooseLogin`). */
  login?: (source: BookSource, call: LoginCall) => Promise<ChosenLogin | undefined>;
  sandbox: () => Promise<Sandbox | undefined>;
}): SourceGateway {
  /** Runs one driver step for a source. */
  const run = async <T>(
    key: string,
    signal: AbortSignal,
    step: (driver: SourceDriver) => Promise<T>,
    call: LoginCall = {},
  ): Promise<T> => {
    const { source } = await deps.catalog.entry(key);
    const chosen = await deps.login?.(source, call);
    // With a user's login, its cookies go to (and come from) that user's jar, not the source's.
    const fetcher = source.enabled === false ? deps.fetcher : stopWhenDisabled(deps, key);
    const browser =
      chosen && deps.browser ? browserWithJar(deps.browser, chosen.cookieJar) : deps.browser;
    // Each source's scripts run in contexts of their own: no source sees another's globals.
    const sandbox = (await deps.sandbox())?.forSource(key);
    const raisedBudget = await raisedBudgetOf(deps.store, key);
    const driver = createSourceDriver({
      source,
      // A source disabled while a call runs makes no further request (an administrator's test of
      // an already disabled source still runs).
      fetcher: chosen ? fetcherWithJar(fetcher, chosen.cookieJar) : fetcher,
      signal,
      ...(raisedBudget ? { raisedBudget } : {}),
      ...(sandbox ? { sandbox } : {}),
      ...(browser ? { browser } : {}),
      ...(chosen ? { login: chosen.login } : {}),
    });
    if (deps.browser) return step(driver);
    try {
      return await step(driver);
    } catch (error) {
      // Without the tier, a worker hands such a job to those that have it (browser-lane.ts).
      noteBrowserNeed(error);
      throw error;
    }
  };
  return {
    async searchableSources() {
      const rows = await deps.store.sources.list({ enabledOnly: true, searchableOnly: true });
      return rows.map((row) => ({ key: row.url, name: row.name }));
    },
    search: (key, query, signal) => run(key, signal, (driver) => driver.search(query)),
    async checkKeyword(key) {
      const { source } = await deps.catalog.entry(key);
      return source.ruleSearch?.checkKeyWord?.trim() || undefined;
    },
    // Legado shows a source's explore lists unless `enabledExplore` is false.
    async explorableSources() {
      const sources = await deps.catalog.list();
      return sources
        .filter((s) => s.enabled !== false && s.enabledExplore !== false && s.exploreUrl?.trim())
        .map((s) => ({ key: s.bookSourceUrl, name: s.bookSourceName }));
    },
    exploreKinds: (key, signal) => run(key, signal, (driver) => driver.exploreKinds()),
    explore: (key, url, page, signal) => run(key, signal, (driver) => driver.explore(url, page)),
    bookInfo: (key, book, signal) =>
      run(
        key,
        signal,
        (driver) =>
          driver.bookInfo({ bookUrl: book.bookUrl }, { requireName: book.requireName === true }),
        { bookUrl: book.bookUrl },
      ),
    toc: (key, listing, signal, onBookInfo, onIncomplete) =>
      run(
        key,
        signal,
        async (driver) => {
          // Legado's order: the book page first (its rules may set the TOC URL and variables).
          const book = await driver.bookInfo({ bookUrl: listing.bookUrl });
          onBookInfo?.(book);
          return driver.toc(book, onIncomplete ? { onIncomplete } : {});
        },
        { bookUrl: listing.bookUrl },
      ),
    content: (key, chapter, signal) =>
      run(
        key,
        signal,
        async (driver) => {
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
          const book = chapter.bookUrl
            ? {
                bookUrl: chapter.bookUrl,
                ...(chapter.bookName ? { name: chapter.bookName } : {}),
                ...(chapter.bookAuthor ? { author: chapter.bookAuthor } : {}),
              }
            : undefined;
          const { text, incomplete } = await driver.content(entry, {
            ...(book ? { book } : {}),
            ...(chapter.nextUrl ? { nextChapterUrl: chapter.nextUrl } : {}),
          });
          return { text, ...(incomplete ? { incomplete } : {}) };
        },
        chapter.forUser !== undefined
          ? { userId: chapter.forUser }
          : chapter.bookUrl
            ? { bookUrl: chapter.bookUrl }
            : {},
      ),
    // A book's cover, fetched as the source fetches its pages (its headers, its politeness).
    image: (key, url, options, signal) =>
      run(key, signal, async (driver) => {
        const { contentType, bytes } = await driver.image(url, options);
        return { contentType, bytes };
      }),
  };
}

/** A fetcher that refuses once the source is disabled in the store (checked before each request). */
function stopWhenDisabled(deps: { store: Store; fetcher: Fetcher }, key: string): Fetcher {
  return {
    async fetch(request) {
      const row = await deps.store.sources.getByUrl(key);
      if (row && !row.enabled) {
        throw new LinhaiError(
          'forbidden',
          `the source ${row.name || key} was disabled: its requests stop here`,
          { details: { source: key, url: request.url } },
        );
      }
      return deps.fetcher.fetch(request);
    },
  };
}

import { LinhaiError } from '#model';
import { bookKey } from './normalize/index.ts';
import type { LibraryDeps } from './ports.ts';
import { createSearchMerger } from './search-merge/index.ts';
import type { BookGroup } from './search-merge/index.ts';
import { searchWithHealth } from './search-with-health.ts';

/** Searches every source and returns the ranked books (errors of single sources are not fatal). */
export async function searchRanked(
  deps: LibraryDeps,
  query: string,
): Promise<readonly BookGroup[]> {
  for await (const event of searchWithHealth(deps, query)) {
    if (event.type === 'finished') return event.ranked;
  }
  return [];
}

/**
 * The book at a URL of a source's site: that source reads the book page, then every source is
 * searched for the same title and author so the book starts with its whole source pool. A page
 * whose name rule finds nothing fails there, naming the source, URL and rule (the driver's
 * `requireName`), rather than searching for an empty title.
 */
export async function bookAtUrl(deps: LibraryDeps, url: string): Promise<BookGroup> {
  const origin = new URL(url).origin;
  const owner = (await deps.store.sources.list({ enabledOnly: true })).find(
    (s) => s.url === origin || url.startsWith(s.url),
  );
  if (!owner) {
    throw new LinhaiError(
      'not-found',
      `no enabled source reads ${origin}; import one with "linhai sources import"`,
      { details: { url } },
    );
  }
  const info = await deps.gateway.bookInfo(
    owner.url,
    { bookUrl: url, requireName: true },
    AbortSignal.timeout(30_000),
  );
  const key = bookKey(info.name, info.author);
  const searchable = await deps.gateway.searchableSources();
  const found =
    searchable.length > 0
      ? (await searchRanked(deps, info.name)).find((g) => g.key === key)
      : undefined;
  if (found) return found;
  const merger = createSearchMerger({ query: info.name });
  return merger.add({ ...info, sourceKey: owner.url, sourceName: owner.name, bookUrl: url })!;
}

/**
 * Discover (发现): each enabled source's explore entries (its `exploreUrl`), one page of one
 * list as book cards merged by the library's book key, and the home sections (rankings, newest,
 * updates, completed) merged across sources, a book that several sources rank high first.
 *
 * Everything goes through the gateway, so the per-host budgets apply as to any other request;
 * each source runs under its own deadline and its failure is reported beside the others' results.
 * Entries are kept 6 h (they change only with the source), list pages 30 min (rankings move
 * slowly, and a reader paging back and forth should not fetch again); failures are not kept.
 */
import { LinhaiError } from '#model';
import { createSearchMerger } from '../search-merge/index.ts';
import type { BookGroup } from '../search-merge/index.ts';
import { mapLimited } from '../refresh-toc.ts';
import { toSearchError } from '../search-books.ts';
import type { SearchError } from '../search-books.ts';
import { withDeadline } from '../with-deadline.ts';
import type { LibraryDeps, SourceRef } from '../ports.ts';
import { exploreSections, pagesByItself, sectionOf } from './sections.ts';
import type { ExploreSection } from './sections.ts';
import { TtlCache } from './ttl-cache.ts';

export interface ExploreEntry {
  readonly title: string;
  /** Empty for a header that groups the entries after it. */
  readonly url: string;
  /** The home section it feeds, if its title says so. */
  readonly section?: ExploreSection;
}

export type SourceExplore =
  | { readonly source: SourceRef; readonly entries: readonly ExploreEntry[] }
  | { readonly source: SourceRef; readonly error: SearchError };

/** A book of an explore list: its hits merged as search merges them, and its id once stored. */
export type ExploreCard = BookGroup & { readonly bookId?: number };

export interface ExplorePage {
  readonly source: SourceRef;
  readonly url: string;
  readonly page: number;
  readonly cards: readonly ExploreCard[];
  /** The next page, when the list pages and this one had books. */
  readonly next: number | undefined;
  /** Served from the cache. */
  readonly cached: boolean;
}

export interface MergedSection {
  readonly section: ExploreSection;
  /** Best first: the sum over sources of 1 / (3 + rank), so agreement beats a single top spot. */
  readonly cards: ReadonlyArray<ExploreCard & { readonly ranks: readonly SectionRank[] }>;
  /** The list each source contributed. */
  readonly lists: ReadonlyArray<{ readonly source: SourceRef; readonly entry: ExploreEntry }>;
  readonly failures: ReadonlyArray<{ readonly source: SourceRef; readonly error: SearchError }>;
}

export interface SectionRank {
  readonly sourceKey: string;
  readonly sourceName: string;
  /** 0-based place in that source's list. */
  readonly rank: number;
}

export interface ExplorerOptions {
  /** How long one source may take for one call (default 15 s). */
  readonly deadlineMs?: number;
  /** Sources asked at once (default 16, as search): a few hundred sources are not a burst. */
  readonly concurrency?: number;
  readonly entriesTtlMs?: number;
  readonly pageTtlMs?: number;
}

export const EXPLORE_ENTRIES_TTL_MS = 6 * 3_600_000;
export const EXPLORE_PAGE_TTL_MS = 30 * 60_000;
const SERVED_CARDS = 5_000;

type Raw = { readonly hits: BookGroup['hits'] };

export class Explorer {
  readonly #deps: Pick<LibraryDeps, 'store' | 'gateway' | 'clock'>;
  readonly #deadlineMs: number;
  readonly #concurrency: number;
  readonly #entries: TtlCache<readonly ExploreEntry[]>;
  readonly #pages: TtlCache<Raw>;
  /** The cards lately served, by book key: a preview takes the book from here, not the client. */
  readonly #served = new Map<string, BookGroup>();

  constructor(
    deps: Pick<LibraryDeps, 'store' | 'gateway' | 'clock'>,
    options: ExplorerOptions = {},
  ) {
    this.#deps = deps;
    this.#deadlineMs = options.deadlineMs ?? 15_000;
    this.#concurrency = options.concurrency ?? 16;
    this.#entries = new TtlCache({
      ttlMs: options.entriesTtlMs ?? EXPLORE_ENTRIES_TTL_MS,
      maxEntries: 2_000,
    });
    this.#pages = new TtlCache({
      ttlMs: options.pageTtlMs ?? EXPLORE_PAGE_TTL_MS,
      maxEntries: 5_000,
    });
  }

  /** Enabled sources with explore lists. */
  async sources(): Promise<readonly SourceRef[]> {
    return (await this.#deps.gateway.explorableSources?.()) ?? [];
  }

  /** Every explorable source's entries (or its error), in the sources' order; `only` picks one. */
  async entries(options: { readonly only?: string } = {}): Promise<SourceExplore[]> {
    let sources = await this.sources();
    if (options.only !== undefined)
      sources = sources.filter((s) => matches(s, options.only as string));
    return mapLimited(sources, this.#concurrency, async (source): Promise<SourceExplore> => {
      try {
        return { source, entries: await this.#entriesOf(source) };
      } catch (error) {
        return { source, error: toSearchError(error, source) };
      }
    });
  }

  /** One page (1-based) of one source's list; fails with the source's error. */
  async page(sourceKey: string, url: string, page = 1): Promise<ExplorePage> {
    const source = await this.#source(sourceKey);
    const raw = await this.#raw(source, url, page);
    const merger = createSearchMerger({ query: '', clock: this.#deps.clock });
    // The source's order, not the merger's rank: a ranking is an order.
    const order = new Map<string, number>();
    for (const hit of raw.value.hits) {
      const group = merger.add(hit);
      if (group && !order.has(group.key)) order.set(group.key, order.size);
    }
    const groups = [...order.keys()].map((key) => merger.get(key) as BookGroup);
    const cards = await this.#withBookIds(groups);
    return {
      source,
      url,
      page,
      cards,
      next:
        cards.length > 0 &&
        pagesByItself(url) &&
        !(await this.#sameAsBefore(source, url, page, raw.value))
          ? page + 1
          : undefined,
      cached: raw.cached,
    };
  }

  /** One home section merged across every source that has a list for it. */
  async section(
    section: ExploreSection,
    options: { readonly limit?: number } = {},
  ): Promise<MergedSection> {
    const limit = options.limit ?? 24;
    const failures: Array<{ source: SourceRef; error: SearchError }> = [];
    const lists: Array<{ source: SourceRef; entry: ExploreEntry }> = [];
    for (const explored of await this.entries()) {
      if ('error' in explored) failures.push(explored);
      else {
        const entry = explored.entries.find((e) => e.url !== '' && e.section === section);
        if (entry) lists.push({ source: explored.source, entry });
      }
    }
    const pages = await mapLimited(lists, this.#concurrency, async ({ source, entry }) => {
      try {
        return { source, raw: (await this.#raw(source, entry.url, 1)).value };
      } catch (error) {
        failures.push({ source, error: toSearchError(error, source) });
        return undefined;
      }
    });
    const merger = createSearchMerger({ query: '', clock: this.#deps.clock });
    const scores = new Map<string, number>();
    const ranks = new Map<string, SectionRank[]>();
    for (const got of pages) {
      if (!got) continue;
      const seen = new Set<string>();
      for (const hit of got.raw.hits) {
        const group = merger.add(hit);
        if (!group || seen.has(group.key)) continue;
        const rank = seen.size;
        seen.add(group.key);
        scores.set(group.key, (scores.get(group.key) ?? 0) + 1 / (3 + rank));
        ranks.set(group.key, [
          ...(ranks.get(group.key) ?? []),
          { sourceKey: got.source.key, sourceName: got.source.name, rank },
        ]);
      }
    }
    const best = [...scores.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([key]) => merger.get(key) as BookGroup);
    const cards = (await this.#withBookIds(best)).map((card) => ({
      ...card,
      ranks: ranks.get(card.key) ?? [],
    }));
    return { section, cards, lists, failures };
  }

  /** Every home section (those no source has are empty). */
  async home(options: { readonly limit?: number } = {}): Promise<MergedSection[]> {
    return Promise.all(exploreSections.map((s) => this.section(s, options)));
  }

  async #source(key: string): Promise<SourceRef> {
    const source = (await this.sources()).find((s) => s.key === key);
    if (source === undefined)
      throw new LinhaiError('not-found', `no enabled source with explore lists: ${key}`, {
        details: { source: key },
      });
    return source;
  }

  #entriesOf(source: SourceRef): Promise<readonly ExploreEntry[]> {
    const { gateway, clock } = this.#deps;
    return this.#entries
      .get(source.key, clock.now(), async () => {
        const kinds = await this.#recorded(source, () =>
          this.#deadline(source, (signal) => gateway.exploreKinds!(source.key, signal)),
        );
        return kinds.map((k) => {
          const section = k.url === '' ? undefined : sectionOf(k.title);
          return { title: k.title, url: k.url, ...(section ? { section } : {}) };
        });
      })
      .then((got) => got.value);
  }

  #raw(source: SourceRef, url: string, page: number): Promise<{ value: Raw; cached: boolean }> {
    const { gateway, clock } = this.#deps;
    return this.#pages.get(`${source.key}\n${url}\n${page}`, clock.now(), async () => {
      const books = await this.#recorded(source, () =>
        this.#deadline(source, (signal) => gateway.explore!(source.key, url, page, signal)),
      );
      const hits = books.map((b) => ({ ...b, sourceKey: source.key, sourceName: source.name }));
      return { hits };
    });
  }

  /** A site that ignores the page number serves page 1 again: then the list has ended. */
  async #sameAsBefore(source: SourceRef, url: string, page: number, raw: Raw): Promise<boolean> {
    if (page <= 1) return false;
    const before = await this.#raw(source, url, page - 1).catch(() => undefined);
    const urls = (r: Raw) => r.hits.map((h) => h.bookUrl).join('\n');
    return before !== undefined && urls(before.value) === urls(raw);
  }

  /** A card this explorer served lately (what its sources answered), by book key. */
  served(key: string): BookGroup | undefined {
    return this.#served.get(key);
  }

  async #withBookIds(groups: readonly BookGroup[]): Promise<ExploreCard[]> {
    for (const group of groups) {
      this.#served.delete(group.key);
      this.#served.set(group.key, group);
    }
    while (this.#served.size > SERVED_CARDS)
      this.#served.delete(this.#served.keys().next().value as string);
    return Promise.all(
      groups.map(async (group) => {
        const book = await this.#deps.store.books.getByKey(group.key);
        return book === undefined ? group : { ...group, bookId: book.id };
      }),
    );
  }

  /** Counts the call in the source's health (kind `explore`), as searches are counted. */
  async #recorded<T>(source: SourceRef, task: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const record = async (ok: boolean, error?: unknown) => {
      const row = await this.#deps.store.sources.getByUrl(source.key);
      if (row === undefined) return;
      const message = error === undefined ? undefined : toSearchError(error, source).message;
      await this.#deps.store.sources.recordOutcome(row.id, {
        kind: 'explore',
        ok,
        latencyMs: performance.now() - started,
        ...(message !== undefined ? { error: message } : {}),
      });
    };
    try {
      const value = await task();
      await record(true).catch(() => undefined);
      return value;
    } catch (error) {
      await record(false, error).catch(() => undefined);
      throw error;
    }
  }

  #deadline<T>(source: SourceRef, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return withDeadline(task, {
      budgetMs: this.#deadlineMs,
      onTimeout: () =>
        new LinhaiError('deadline', `${source.name} did not answer within ${this.#deadlineMs} ms`, {
          details: { source: source.key, deadlineMs: this.#deadlineMs },
        }),
    });
  }
}

/** A source by its key, its name, or a unique part of its name (the CLI's `explore 笔趣阁`). */
function matches(source: SourceRef, wanted: string): boolean {
  return source.key === wanted || source.name === wanted || source.name.includes(wanted);
}

import { setMaxListeners } from 'node:events';
import { LinhaiError, isLinhaiError, systemClock } from '#model';
import type { Clock, ErrorCode } from '#model';
import { EventChannel } from './event-channel.ts';
import { withDeadline } from './with-deadline.ts';
import { createSearchMerger } from './search-merge/index.ts';
import type { BookGroup, SearchHit, SearchMerger } from './search-merge/index.ts';
import type { SourceGateway, SourceRef } from './ports.ts';

/** An error as a search event carries it: what a UI shows beside the results. */
export interface SearchError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details: Readonly<Record<string, string | number | boolean | undefined>>;
}

export type SearchEvent =
  | {
      /** First: how many sources will be asked (a page shows progress from the start). */
      readonly type: 'start';
      readonly sources: number;
    }
  | {
      readonly type: 'book';
      readonly group: BookGroup;
      readonly isNew: boolean;
      readonly atMs: number;
    }
  | {
      readonly type: 'source-done';
      readonly source: SourceRef;
      readonly hits: number;
      /** The source's own response time. */
      readonly elapsedMs: number;
      /** Since the search began. */
      readonly atMs: number;
    }
  | {
      readonly type: 'source-failed';
      readonly source: SourceRef;
      readonly error: SearchError;
      readonly elapsedMs: number;
      readonly atMs: number;
    }
  | {
      readonly type: 'finished';
      readonly elapsedMs: number;
      readonly sources: number;
      readonly failed: number;
      readonly books: number;
      /** Every book found, best first (the merger's rank). */
      readonly ranked: readonly BookGroup[];
    };

export interface SearchOptions {
  /** Sources asked at once (default 16). */
  readonly concurrency?: number;
  /** How long one source may take (default 10 s). */
  readonly deadlineMs?: number;
  /**
   * How long the whole search may take (default: `deadlineMs`). No source runs past it, and a
   * source still queued then is reported as failed with `deadline` without being asked.
   */
  readonly totalDeadlineMs?: number;
  /** Only these source keys (default: every searchable source). */
  readonly sourceKeys?: readonly string[];
  /** The searchable sources, when the caller has read them already (default: the gateway's). */
  readonly sources?: readonly SourceRef[];
  readonly signal?: AbortSignal;
  /** A source's health, 0..1, for ranking (unknown sources count as middling). */
  readonly health?: (sourceKey: string) => number | undefined;
  /** How hits become ranked books (default: the search-merge module's merger for this query). */
  readonly merger?: SearchMerger;
}

/**
 * Searches every enabled searchable source at once and streams what arrives: `start` (how many
 * sources), a `book` event when
 * a group is created or grows, `source-done` / `source-failed` per source, then one `finished`.
 * A slow, hanging or failing source never delays the others.
 * @example
 *   for await (const event of searchBooks({ gateway }, '诡秘之主', { deadlineMs: 8000 })) {
 *     if (event.type === 'book') render(event.group);
 *   }
 */
export function searchBooks(
  deps: { readonly gateway: SourceGateway; readonly clock?: Clock },
  query: string,
  options: SearchOptions = {},
): AsyncIterable<SearchEvent> {
  return {
    [Symbol.asyncIterator]: () => runSearch(deps, query, options)[Symbol.asyncIterator](),
  };
}

async function* runSearch(
  deps: { readonly gateway: SourceGateway; readonly clock?: Clock },
  query: string,
  options: SearchOptions,
): AsyncGenerator<SearchEvent> {
  const clock = deps.clock ?? systemClock;
  const started = clock.now();
  const deadlineMs = options.deadlineMs ?? 10_000;
  const endsAt = started + (options.totalDeadlineMs ?? deadlineMs);
  const merger =
    options.merger ??
    createSearchMerger({ query, clock, ...(options.health ? { health: options.health } : {}) });
  const seen = new Set<string>();
  const stop = new AbortController();
  // Every running source listens on this signal; 50 sources are normal, not a leak.
  setMaxListeners(Math.max(10, options.concurrency ?? 16) + 10, stop.signal);
  const onOuterAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  let sources = options.sources ?? (await deps.gateway.searchableSources());
  if (options.sourceKeys) {
    const wanted = new Set(options.sourceKeys);
    sources = sources.filter((s) => wanted.has(s.key));
  }
  const channel = new EventChannel<SearchEvent>();
  let failed = 0;
  const since = () => clock.now() - started;

  const runOne = async (source: SourceRef): Promise<void> => {
    const begin = clock.now();
    const budgetMs = Math.min(deadlineMs, endsAt - begin);
    try {
      if (budgetMs <= 0) throw deadlineError(source, deadlineMs);
      const hits = await withDeadline((signal) => deps.gateway.search(source.key, query, signal), {
        budgetMs,
        outer: stop.signal,
        onTimeout: () => deadlineError(source, deadlineMs),
      });
      for (const found of hits) {
        const hit: SearchHit = { ...found, sourceKey: source.key, sourceName: source.name };
        const group = merger.add(hit);
        if (group === undefined) continue; // a hit without a title joins no book
        const isNew = !seen.has(group.key);
        seen.add(group.key);
        channel.push({ type: 'book', group, isNew, atMs: since() });
      }
      channel.push({
        type: 'source-done',
        source,
        hits: hits.length,
        elapsedMs: clock.now() - begin,
        atMs: since(),
      });
    } catch (error) {
      failed += 1;
      channel.push({
        type: 'source-failed',
        source,
        error: toSearchError(error, source),
        elapsedMs: clock.now() - begin,
        atMs: since(),
      });
    }
  };

  const concurrency = Math.max(1, options.concurrency ?? 16);
  let next = 0;
  const worker = async () => {
    while (next < sources.length && !stop.signal.aborted) {
      const source = sources[next++] as SourceRef;
      await runOne(source);
    }
  };
  void Promise.all(Array.from({ length: Math.min(concurrency, sources.length) }, worker)).then(
    () => {
      const ranked = merger.groups();
      channel.push({
        type: 'finished',
        elapsedMs: since(),
        sources: sources.length,
        failed,
        books: ranked.length,
        ranked,
      });
      channel.close();
    },
  );

  try {
    yield { type: 'start', sources: sources.length };
    yield* channel;
  } finally {
    // The consumer stopped early (or the search ended): release every source still running.
    stop.abort(new LinhaiError('deadline', 'the search was closed'));
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

function deadlineError(source: SourceRef, deadlineMs: number): LinhaiError {
  return new LinhaiError('deadline', `${source.name} did not answer within ${deadlineMs} ms`, {
    details: { source: source.key, deadlineMs },
  });
}

/** An error as a UI shows it beside one source's name. */
export function toSearchError(error: unknown, source: SourceRef): SearchError {
  if (isLinhaiError(error)) {
    return {
      code: error.code,
      message: error.message,
      details: { source: source.key, ...error.details },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal',
    message: `${source.name}: ${message}`,
    details: { source: source.key },
  };
}

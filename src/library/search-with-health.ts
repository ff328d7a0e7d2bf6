import { searchBooks } from './search-books.ts';
import type { SearchEvent, SearchOptions } from './search-books.ts';
import type { LibraryDeps, SourceRecord } from './ports.ts';

/**
 * `searchBooks` as the server and CLI run it: sources' stored health feeds the ranking, and each
 * source's outcome (ok or its error, with its time) is recorded back on the source.
 */
export async function* searchWithHealth(
  deps: Pick<LibraryDeps, 'store' | 'gateway' | 'clock'>,
  query: string,
  options: SearchOptions = {},
): AsyncGenerator<SearchEvent> {
  // Read once: the sources searched, their health for the ranking, their ids for the outcomes.
  const sources = await deps.store.sources.list({ enabledOnly: true, searchableOnly: true });
  const byUrl = new Map(sources.map((s) => [s.url, s]));
  const scores = new Map(sources.map((s) => [s.url, healthScore(s)]));
  for await (const event of searchBooks(deps, query, {
    health: (key) => scores.get(key),
    sources: sources.map((s) => ({ key: s.url, name: s.name })),
    ...options,
  })) {
    if (event.type === 'source-done' || event.type === 'source-failed') {
      const source = byUrl.get(event.source.key);
      if (source !== undefined) {
        await deps.store.sources.recordOutcome(source.id, {
          kind: 'search',
          ok: event.type === 'source-done',
          latencyMs: event.elapsedMs,
          ...(event.type === 'source-failed'
            ? { error: `${event.error.code}: ${event.error.message}` }
            : {}),
        });
      }
    }
    yield event;
  }
}

/**
 * A source's health, 0..1: its success rate over every request kind (smoothed as if it had one
 * success and one failure, so a new source starts at 0.5), times a latency factor that is 1 for
 * an instant answer and halves at a 2 s median (0.75 when nothing was measured yet).
 */
export function healthScore(source: Pick<SourceRecord, 'health' | 'latencyP50Ms'>): number {
  let ok = 1;
  let err = 1;
  for (const counts of Object.values(source.health)) {
    ok += counts?.ok ?? 0;
    err += counts?.err ?? 0;
  }
  const success = ok / (ok + err);
  const speed = source.latencyP50Ms === undefined ? 0.75 : 1 / (1 + source.latencyP50Ms / 2000);
  return success * speed;
}

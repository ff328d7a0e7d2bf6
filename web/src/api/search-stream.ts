import { withQuery } from './client.ts';
import type { BookGroup, SearchEvents, SourceRef } from './types.ts';

export interface SearchHandlers {
  /** How many sources are asked (the stream's first event). */
  start(sources: number): void;
  book(group: BookGroup): void;
  sourceDone(source: SourceRef, hits: number): void;
  sourceFailed(source: SourceRef, error: SearchEvents['source-failed']['error']): void;
  done(summary: SearchEvents['done']): void;
  /** The stream broke before `done` (offline, signed out, server gone). */
  failed(): void;
}

/**
 * Runs `GET /api/search?q=` as Server-Sent Events (src/server/routes/search-routes.ts). Returns a
 * function that stops it. EventSource would reconnect and search again after `done`: it is
 * closed then.
 */
export function streamSearch(query: string, on: SearchHandlers): () => void {
  const source = new EventSource(withQuery('/api/search', { q: query }));
  let finished = false;
  // Each event's data as the server's schema for that event says (src/server/schemas/search.ts).
  const listen = <Name extends keyof SearchEvents>(
    name: Name,
    use: (d: SearchEvents[Name]) => void,
  ) => source.addEventListener(name, (e) => use(JSON.parse((e as MessageEvent<string>).data)));
  listen('start', (d) => on.start(d.sources));
  listen('book', (d) => on.book(d.group));
  listen('source-done', (d) => on.sourceDone(d.source, d.hits));
  listen('source-failed', (d) => on.sourceFailed(d.source, d.error));
  listen('done', (d) => {
    finished = true;
    source.close();
    on.done(d);
  });
  source.onerror = () => {
    if (finished) return;
    finished = true;
    source.close();
    on.failed();
  };
  return () => {
    finished = true;
    source.close();
  };
}

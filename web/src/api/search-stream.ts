import { withQuery } from './client.ts';
import type { BookGroup, SourceRef } from './types.ts';

export interface SearchHandlers {
  /** How many sources are asked (the stream's first event). */
  start(sources: number): void;
  book(group: BookGroup): void;
  sourceDone(source: SourceRef, hits: number): void;
  sourceFailed(source: SourceRef, error: { code: string; message: string }): void;
  done(summary: { elapsedMs: number; sources: number; books: number; ranked: string[] }): void;
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
  const data = <T>(event: Event) => JSON.parse((event as MessageEvent<string>).data) as T;
  source.addEventListener('start', (e) => on.start(data<{ sources: number }>(e).sources));
  source.addEventListener('book', (e) => on.book(data<{ group: BookGroup }>(e).group));
  source.addEventListener('source-done', (e) => {
    const d = data<{ source: SourceRef; hits: number }>(e);
    on.sourceDone(d.source, d.hits);
  });
  source.addEventListener('source-failed', (e) => {
    const d = data<{ source: SourceRef; error: { code: string; message: string } }>(e);
    on.sourceFailed(d.source, d.error);
  });
  source.addEventListener('done', (e) => {
    finished = true;
    source.close();
    on.done(data(e));
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

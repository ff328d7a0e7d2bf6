/*
 * A search across every source, streamed as Server-Sent Events (`GET /api/search`): the query,
 * and the data of each event by its name. Schemas only: the web app imports their types
 * (web/src/api/types.ts), so nothing here may import server code. The stream is written by hand,
 * not serialised: `search-routes.ts` types each frame's data with these.
 */
import { Type } from 'typebox';
import { FoundBook, SourceError, SourceRef } from './explore.ts';

export const SearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 100, description: 'title or author' }),
  deadlineMs: Type.Optional(
    Type.Integer({ minimum: 500, maximum: 60_000, description: 'per-source limit (default 10 s)' }),
  ),
});

/** Each event's data, by the event's name. */
export const SearchEvents = {
  /** First: how many sources will answer. */
  start: Type.Object({ sources: Type.Integer() }),
  /** A book found, or found at one more source. */
  book: Type.Object({ group: FoundBook, isNew: Type.Boolean(), atMs: Type.Number() }),
  'source-done': Type.Object({
    source: SourceRef,
    hits: Type.Integer(),
    elapsedMs: Type.Number(),
  }),
  'source-failed': Type.Object({
    source: SourceRef,
    error: SourceError,
    elapsedMs: Type.Number(),
  }),
  /** Last: the counts, and the books' keys best first (the books came already). */
  done: Type.Object({
    elapsedMs: Type.Number(),
    sources: Type.Integer(),
    failed: Type.Integer(),
    books: Type.Integer(),
    ranked: Type.Array(Type.String()),
  }),
  /** The search itself broke (not one source: those are `source-failed`). */
  error: Type.Object({ code: Type.String(), message: Type.String() }),
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { setMaxListeners } from 'node:events';
import { searchWithHealth } from '#library';
import type { SearchEvent } from '#library';
import type { ServerContext } from '../context.ts';
import { errors } from '../schemas.ts';
import { SearchQuery } from '../schemas/search.ts';
import type { SearchEvents } from '../schemas/search.ts';
import { userOf } from '../session-auth.ts';

type SearchFrames = { [Name in keyof typeof SearchEvents]: Static<(typeof SearchEvents)[Name]> };

/** One Server-Sent Event: `event: <name>` and its JSON data (as the schema says) on one line. */
function frame<Name extends keyof SearchFrames>(name: Name, data: SearchFrames[Name]): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** What a search event becomes on the wire (`finished` carries counts; the books came already). */
function toFrame(event: SearchEvent): string {
  switch (event.type) {
    case 'start':
      return frame('start', { sources: event.sources });
    case 'book':
      return frame('book', {
        group: { ...event.group, hits: [...event.group.hits] },
        isNew: event.isNew,
        atMs: event.atMs,
      });
    case 'source-done':
      return frame('source-done', {
        source: event.source,
        hits: event.hits,
        elapsedMs: event.elapsedMs,
      });
    case 'source-failed':
      return frame('source-failed', {
        source: event.source,
        error: { ...event.error, details: { ...event.error.details } },
        elapsedMs: event.elapsedMs,
      });
    case 'finished':
      return frame('done', {
        elapsedMs: event.elapsedMs,
        sources: event.sources,
        failed: event.failed,
        books: event.books,
        ranked: event.ranked.map((group) => group.key),
      });
  }
}

/**
 * `GET /api/search?q=` streams a search as Server-Sent Events while the sources answer: `start`
 * (how many sources are asked), `book`
 * (a group found or grown), `source-done`, `source-failed`, then `done`. Closing the connection
 * stops the search. The groups are remembered for `POST /api/books { groupKey }`.
 */
export function searchRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/search',
      {
        schema: {
          tags: ['search'],
          summary: 'Search every enabled source (text/event-stream)',
          description:
            'Events: `start` {sources: how many will answer}, `book` {group, isNew}, `source-done` {source, hits}, `source-failed` {source, error}, `done` {elapsedMs, sources, failed, books, ranked}.',
          querystring: SearchQuery,
          response: errors(400, 401),
        },
      },
      async (request, reply) => {
        const user = userOf(request);
        const controller = new AbortController();
        setMaxListeners(64, controller.signal);
        // The client went away: stop asking the sources.
        reply.raw.on('close', () => controller.abort());
        reply.hijack();
        reply.raw.writeHead(200, {
          ...(reply.getHeaders() as Record<string, string>),
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          'x-accel-buffering': 'no',
          connection: 'keep-alive',
        });
        reply.raw.write(': search started\n\n');
        try {
          for await (const event of searchWithHealth(ctx.deps.library, request.query.q, {
            signal: controller.signal,
            ...(request.query.deadlineMs ? { deadlineMs: request.query.deadlineMs } : {}),
          })) {
            if (controller.signal.aborted) break;
            if (event.type === 'book') ctx.searches.remember(user.id, event.group);
            reply.raw.write(toFrame(event));
          }
        } catch (error) {
          if (!controller.signal.aborted) {
            request.log.warn({ err: error }, 'search failed');
            reply.raw.write(
              frame('error', {
                code: 'internal',
                message: error instanceof Error ? error.message : String(error),
              }),
            );
          }
        } finally {
          reply.raw.end();
        }
      },
    );
  };
}

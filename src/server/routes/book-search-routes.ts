import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { searchInBook } from '#library';
import type { ServerContext } from '../context.ts';
import { IdParams, errors } from '../schemas.ts';
import { BookSearchResult } from '../schemas/reading.ts';
import { userOf } from '../session-auth.ts';

/** `GET /api/books/:id/search?q=`: a word within the book's cached chapters. */
export function bookSearchRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { library } = ctx.deps;
  return async (app) => {
    app.get(
      '/books/:id/search',
      {
        schema: {
          tags: ['reader'],
          summary: "Find a word in the book's cached chapters, in reading order",
          description:
            'Case-insensitive; only chapters cached on the server are searched (chaptersSearched ' +
            'of chapterCount); no source is asked. The text searched is as stored (before replace ' +
            "rules and the reader's script).",
          params: IdParams,
          querystring: Type.Object({
            q: Type.String({ minLength: 1, maxLength: 100 }),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }),
          }),
          response: {
            200: BookSearchResult,
            ...errors(400, 401, 404),
          },
        },
      },
      async (request) => {
        userOf(request);
        return searchInBook(library, request.params.id, request.query.q, {
          limit: request.query.limit,
        });
      },
    );
  };
}

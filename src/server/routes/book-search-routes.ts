import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { searchInBook } from '#library';
import type { ServerContext } from '../context.ts';
import { IdParams, errors } from '../schemas.ts';
import { userOf } from '../session-auth.ts';

const Hit = Type.Object({
  chapterKey: Type.String(),
  chapterTitle: Type.String(),
  ordinal: Type.Integer(),
  paragraph: Type.Integer({ description: "the paragraph's index in the chapter" }),
  offsetChars: Type.Integer({ description: "the paragraph's start, as a position keeps it" }),
  anchor: Type.String(),
  before: Type.String(),
  match: Type.String(),
  after: Type.String(),
});

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
            200: Type.Object({
              hits: Type.Array(Hit),
              truncated: Type.Boolean(),
              chaptersSearched: Type.Integer(),
              chapterCount: Type.Integer(),
            }),
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

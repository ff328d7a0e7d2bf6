import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { choosePreferredSource, listChapterSources, viewBook } from '#library';
import type { ServerContext } from '../context.ts';
import { IdParams, PoolMember, errors } from '../schemas.ts';
import { ChapterParams, ChapterSources } from '../schemas/reading.ts';
import { userOf } from '../session-auth.ts';

/**
 * 换源: which sources carry a chapter (the reader then reads it from one with
 * `GET /books/:id/chapters/:key?source=<listingId>`), and the book's preferred source.
 */
export function sourceSwitchRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { library } = ctx.deps;
  return async (app) => {
    app.get(
      '/books/:id/chapters/:key/sources',
      {
        schema: {
          tags: ['reader'],
          summary: 'The sources that carry a chapter, preferred first, and which one served it',
          params: ChapterParams,
          response: {
            200: ChapterSources,
            ...errors(400, 401, 404),
          },
        },
      },
      async (request) => {
        userOf(request);
        const { id: bookId, key: chapterKey } = request.params;
        const found = await listChapterSources(library, { bookId, chapterKey });
        return { title: found.title, sources: [...found.sources] };
      },
    );

    app.put(
      '/books/:id/preferred-source',
      {
        schema: {
          tags: ['books'],
          summary:
            "Make one source of the book's pool preferred (new chapters and reads go there first)",
          description:
            '`listingId: null` gives the choice back to the chase, which prefers the source that ' +
            'shows new chapters first. A chosen source stays preferred while it is healthy.',
          params: IdParams,
          body: Type.Object({ listingId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) }),
          response: {
            200: Type.Object({ pool: Type.Array(PoolMember) }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        userOf(request);
        const bookId = request.params.id;
        await choosePreferredSource(library, bookId, request.body.listingId ?? undefined);
        // Reads of this book's chapters not yet cached now start at the chosen source.
        ctx.chapters.deleteWhere((_view, key) => key.startsWith(`${bookId}\n`));
        const view = await viewBook(library, bookId);
        return { pool: [...view.pool] };
      },
    );
  };
}

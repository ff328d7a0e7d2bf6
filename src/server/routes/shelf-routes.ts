import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  addToShelf,
  getPosition,
  listShelf,
  removeFromShelf,
  savePosition,
  shelfSorts,
} from '#library';
import { LinhaiError } from '#model';
import type { ServerContext } from '../context.ts';
import { BookIdParams, Ok, Position, ShelfEntry, errors } from '../schemas.ts';
import { userOf } from '../session-auth.ts';

const PositionBody = Type.Object({
  chapterKey: Type.String({ minLength: 1, maxLength: 200 }),
  anchor: Type.String({ maxLength: 1000, default: '' }),
  offsetChars: Type.Integer({ minimum: 0, default: 0 }),
});

/**
 * The signed-in reader's shelf and reading positions. Every route works on the caller's own user
 * id from the session, never on one from the request, so no one can reach another's shelf.
 */
export function shelfRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { library } = ctx.deps;
  return async (app) => {
    app.get(
      '/shelf',
      {
        schema: {
          tags: ['shelf'],
          summary: 'Your shelf with unread counts, in your chosen order, or one group of it',
          querystring: Type.Object({
            sort: Type.Optional(
              Type.Enum(shelfSorts, {
                description: 'left out: your kept choice (settings.shelfSort), else read',
              }),
            ),
            group: Type.Optional(Type.Integer({ minimum: 1, description: 'a shelf group id' })),
          }),
          response: { 200: Type.Array(ShelfEntry), ...errors(400, 401, 404) },
        },
      },
      async (request) =>
        listShelf(library, userOf(request).id, {
          ...(request.query.sort === undefined ? {} : { sort: request.query.sort }),
          ...(request.query.group === undefined ? {} : { groupId: request.query.group }),
        }),
    );

    app.put(
      '/shelf/:bookId',
      {
        schema: {
          tags: ['shelf'],
          summary: 'Put a stored book on your shelf',
          params: BookIdParams,
          response: { 200: Ok, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        await addToShelf(library, userOf(request).id, request.params.bookId);
        await ctx.deps.exportJobs.shelved(request.params.bookId);
        return { ok: true };
      },
    );

    app.delete(
      '/shelf/:bookId',
      {
        schema: {
          tags: ['shelf'],
          summary: 'Take a book off your shelf',
          params: BookIdParams,
          response: { 200: Ok, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        await removeFromShelf(library, userOf(request).id, request.params.bookId);
        return { ok: true };
      },
    );

    app.get(
      '/shelf/:bookId/position',
      {
        schema: {
          tags: ['shelf'],
          summary: "Your reading position in a book, against today's TOC",
          params: BookIdParams,
          querystring: Type.Object({
            orNone: Type.Boolean({
              default: false,
              description:
                'answer 204 rather than 404 when nothing was read yet (the web app on a first visit: no error in the console)',
            }),
          }),
          response: {
            200: Position,
            204: Type.Null({ description: 'nothing read yet (with orNone)' }),
            ...errors(400, 401, 404),
          },
        },
      },
      async (request, reply) => {
        const found = await getPosition(library, {
          userId: userOf(request).id,
          bookId: request.params.bookId,
        });
        if (found === undefined && request.query.orNone) return reply.code(204).send(null);
        if (found === undefined) {
          throw new LinhaiError('not-found', 'no reading position saved for this book yet', {
            details: { bookId: request.params.bookId },
          });
        }
        return found;
      },
    );

    app.put(
      '/shelf/:bookId/position',
      {
        schema: {
          tags: ['shelf'],
          summary: 'Save your reading position (puts the book on your shelf)',
          params: BookIdParams,
          body: PositionBody,
          response: { 200: Ok, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        await savePosition(
          library,
          { userId: userOf(request).id, bookId: request.params.bookId },
          request.body,
        );
        return { ok: true };
      },
    );
  };
}

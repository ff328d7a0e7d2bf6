import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  BOOKMARK_NOTE_MAX,
  addBookmark,
  listBookmarks,
  removeBookmark,
  setBookmarkNote,
} from '#library';
import type { ServerContext } from '../context.ts';
import { IdParams, Ok, errors } from '../schemas.ts';
import { Bookmark } from '../schemas/reading.ts';
import { userOf } from '../session-auth.ts';

const Note = Type.String({ maxLength: BOOKMARK_NOTE_MAX, description: 'empty: no note' });

/**
 * The signed-in reader's bookmarks, kept on the server so each of their devices lists them (like
 * the reading position). Every route works on the session's user id: another reader's bookmark
 * answers 404, as one that never was.
 */
export function bookmarkRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { library } = ctx.deps;
  return async (app) => {
    app.get(
      '/books/:id/bookmarks',
      {
        schema: {
          tags: ['shelf'],
          summary: 'Your bookmarks in a book, in reading order',
          params: IdParams,
          response: { 200: Type.Array(Bookmark), ...errors(400, 401) },
        },
      },
      async (request) =>
        listBookmarks(library, { userId: userOf(request).id, bookId: request.params.id }),
    );

    app.post(
      '/books/:id/bookmarks',
      {
        schema: {
          tags: ['shelf'],
          summary: 'Mark a place in a book, with an optional note',
          params: IdParams,
          body: Type.Object({
            chapterKey: Type.String({ minLength: 1, maxLength: 200 }),
            anchor: Type.String({ maxLength: 1000, default: '' }),
            offsetChars: Type.Integer({ minimum: 0, default: 0 }),
            excerpt: Type.String({ maxLength: 20_000, default: '' }),
            note: Type.Optional(Note),
          }),
          response: { 201: Bookmark, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const mark = await addBookmark(
          library,
          { userId: userOf(request).id, bookId: request.params.id },
          request.body,
        );
        return reply.code(201).send(mark);
      },
    );

    app.patch(
      '/bookmarks/:id',
      {
        schema: {
          tags: ['shelf'],
          summary: "Change a bookmark's note",
          params: IdParams,
          body: Type.Object({ note: Note }),
          response: { 200: Bookmark, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        setBookmarkNote(
          library,
          { userId: userOf(request).id, id: request.params.id },
          request.body.note,
        ),
    );

    app.delete(
      '/bookmarks/:id',
      {
        schema: {
          tags: ['shelf'],
          summary: 'Remove a bookmark',
          params: IdParams,
          response: { 200: Ok, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        await removeBookmark(library, { userId: userOf(request).id, id: request.params.id });
        return { ok: true };
      },
    );
  };
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LinhaiError } from '#model';
import {
  addBook,
  bookCover,
  findMoreSources,
  listBooks,
  refreshToc,
  searchedGroup,
  viewBook,
  viewToc,
} from '#library';
import type { BookGroup, RefreshTocResult } from '#library';
import type { ServerContext } from '../context.ts';
import { Book, BookGroup as BookGroupSchema, IdParams, TocItem, errors } from '../schemas.ts';
import { AddedBook, BookView, TocRefresh } from '../schemas/books.ts';
import { userOf } from '../session-auth.ts';
import { sendCover } from '../cover-reply.ts';

const AddBookBody = Type.Object({
  groupKey: Type.Optional(
    Type.String({ minLength: 1, description: 'a group key from your recent search' }),
  ),
  group: Type.Optional({
    ...BookGroupSchema,
    description:
      'a group from a search, when the server may have forgotten it: only its key and title are read, and the sources are searched again',
  }),
  shelve: Type.Boolean({ default: true, description: 'also put it on your shelf' }),
  fetchToc: Type.Boolean({ default: true, description: 'fetch the table of contents now' }),
});

function tocSummary(result: RefreshTocResult) {
  return {
    chapters: result.chapters.length,
    added: [...result.added],
    outcomes: [...result.outcomes],
  };
}

/** Books in the library: list, view with the source pool, TOC, add from a search, refresh. */
export function bookRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { library } = ctx.deps;
  return async (app) => {
    app.get(
      '/books',
      {
        schema: {
          tags: ['books'],
          summary: 'Stored books, most recently updated first',
          querystring: Type.Object({
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
            offset: Type.Integer({ minimum: 0, default: 0 }),
          }),
          response: { 200: Type.Array(Book), ...errors(400, 401) },
        },
      },
      async (request) => {
        userOf(request);
        return listBooks(library, request.query);
      },
    );

    app.get(
      '/books/:id',
      {
        schema: {
          tags: ['books'],
          summary: 'A book with its source pool (health, lag) and chapter figures',
          params: IdParams,
          response: {
            200: BookView,
            ...errors(400, 401, 404),
          },
        },
      },
      async (request) => {
        userOf(request);
        const view = await viewBook(library, request.params.id);
        return { ...view, pool: [...view.pool] };
      },
    );

    app.get(
      '/books/:id/cover',
      {
        schema: {
          tags: ['books'],
          summary: "The book's cover, fetched once from its source and served from the store",
          description:
            'JPEG, PNG, GIF, WebP or SVG (by content). 404 when the book has no cover or it could ' +
            'not be fetched (details.reason, details.retryAt); the web app then draws one.',
          params: IdParams,
          response: {
            200: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }),
            304: Type.Null({ description: 'the copy you have (If-None-Match) is current' }),
            ...errors(400, 401, 404),
          },
        },
      },
      async (request, reply) => {
        userOf(request);
        return sendCover(request, reply, await bookCover(library, request.params.id));
      },
    );

    app.get(
      '/books/:id/toc',
      {
        schema: {
          tags: ['books'],
          summary: 'The canonical table of contents in reading order',
          params: IdParams,
          response: { 200: Type.Array(TocItem), ...errors(400, 401, 404) },
        },
      },
      async (request) => {
        userOf(request);
        return viewToc(library, request.params.id);
      },
    );

    app.post(
      '/books',
      {
        schema: {
          tags: ['books'],
          summary: 'Add a book found by search (by its group key, or the group itself)',
          body: AddBookBody,
          response: {
            201: AddedBook,
            ...errors(400, 401, 404),
          },
        },
      },
      async (request, reply) => {
        const user = userOf(request);
        const { groupKey, group: sent, shelve, fetchToc } = request.body;
        let group: BookGroup | undefined;
        // A sent group only names the book: what is added is what this server's search found
        // (remembered, or searched again when this process has forgotten it).
        if (sent !== undefined)
          group = ctx.searches.find(user.id, sent.key) ?? (await searchedGroup(library, sent));
        else if (groupKey !== undefined) group = ctx.searches.find(user.id, groupKey);
        else
          throw new LinhaiError('invalid-input', 'body: give "groupKey" or "group"', {
            details: { field: 'groupKey' },
          });
        if (group === undefined)
          throw new LinhaiError(
            'not-found',
            sent !== undefined
              ? `no source lists "${sent.title}" under that key now; search again`
              : `no recent search found "${groupKey}"; search again`,
            { details: { field: sent !== undefined ? 'group' : 'groupKey' } },
          );
        const added = await addBook(library, group, shelve ? { userId: user.id } : {});
        const toc = fetchToc ? tocSummary(await refreshToc(library, added.book.id)) : undefined;
        if (shelve) await ctx.deps.exportJobs.shelved(added.book.id);
        return reply
          .code(201)
          .send({ book: added.book, listings: [...added.listings], ...(toc ? { toc } : {}) });
      },
    );

    app.post(
      '/books/:id/refresh',
      {
        schema: {
          tags: ['books'],
          summary: "Fetch every listing's TOC again and merge it",
          params: IdParams,
          response: { 200: TocRefresh, ...errors(400, 401, 404) },
        },
      },
      async (request) => {
        userOf(request);
        const result = tocSummary(await refreshToc(library, request.params.id));
        ctx.chapters.deleteWhere((_view, key) => key.startsWith(`${request.params.id}\n`));
        return result;
      },
    );

    app.post(
      '/books/:id/find-sources',
      {
        schema: {
          tags: ['books'],
          summary: 'Search every source for this book and add the listings found',
          params: IdParams,
          response: { 200: Type.Unknown(), ...errors(400, 401, 404) },
        },
      },
      async (request) => {
        userOf(request);
        return findMoreSources(library, request.params.id);
      },
    );
  };
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LinhaiError } from '#model';
import type { BookFileFormat } from '#model';
import { assertBookVisible, bookCover } from '#library';
import type { ServerContext } from '../context.ts';
import type { ServerUser } from '../ports.ts';
import { errors } from '../schemas.ts';
import { OpdsLink } from '../schemas/account.ts';
import { sendCover } from '../cover-reply.ts';
import { sendDownload } from '../file-reply.ts';
import { userOf } from '../session-auth.ts';
import { OpdsAuth } from './opds-auth.ts';
import { BookLists } from './book-lists.ts';
import type { BookPage } from './book-lists.ts';
import type { BookRecord } from '#library';
import {
  ACQUISITION_TYPE,
  NAVIGATION_TYPE,
  OPENSEARCH_TYPE,
  acquisitionFeed,
  navigationFeed,
  openSearchDescription,
} from './opds-feeds.ts';
import type { EntryDetails, FeedContext } from './opds-feeds.ts';
import { readerServices } from './reader-services.ts';

type Handler = (
  request: FastifyRequest,
  reply: FastifyReply,
  user: ServerUser,
  feed: FeedContext,
) => Promise<unknown>;

/**
 * The OPDS 1.2 catalog under `/opds` (HTTP Basic) and `/opds/t/<token>` (a per-user link for
 * clients that cannot send credentials), and `GET /api/me/opds-token` that shows the link. Every
 * feed needs a user, like the REST API's lists; the shelf is always the requester's own.
 */
export function opdsRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { credentials, files } = readerServices(ctx);
  const auth = new OpdsAuth(ctx, credentials);
  const lists = new BookLists(ctx);
  const now = () => new Date(ctx.deps.library.clock.now());

  const xml = (reply: FastifyReply, type: string, body: string) =>
    reply.type(`${type}; charset=utf-8`).send(body);

  /** Covers not fetched yet are fetched in the background, a few per feed, for the next one. */
  const COVER_FETCHES_PER_FEED = 10;

  /**
   * Each entry's cover type and whether its EPUB is being prepared; `build` (the shelf) starts
   * the build of a shelved book whose EPUB was never made.
   */
  const entryDetails = async (
    books: readonly BookRecord[],
    build = false,
  ): Promise<Map<number, EntryDetails>> => {
    const ids = books.map((b) => b.id);
    const types = await ctx.deps.library.store.covers.types(ids);
    const preparing = await files.preparing(ids, { build });
    const unfetched = books.filter((b) => b.coverUrl && !types.has(b.id));
    for (const book of unfetched.slice(0, COVER_FETCHES_PER_FEED))
      void bookCover(ctx.deps.library, book.id).catch(() => undefined);
    const details = new Map<number, EntryDetails>();
    for (const id of ids) {
      const type = types.get(id);
      const building = preparing.get(id);
      details.set(id, {
        ...(type === undefined ? {} : { coverType: type }),
        ...(building === undefined ? {} : { preparing: building }),
      });
    }
    return details;
  };

  /** One page of a list as an acquisition feed (`?page=N`, 1-based, with next/previous links). */
  const listFeed = async (
    request: FastifyRequest,
    reply: FastifyReply,
    feed: FeedContext,
    path: string,
    title: string,
    read: (page: number) => Promise<BookPage>,
  ) => {
    const { q, page: asked } = request.query as { q?: unknown; page?: unknown };
    const page = asked === undefined ? 1 : Number(asked);
    if (!Number.isInteger(page) || page < 1 || page > 100_000)
      throw new LinhaiError(
        'invalid-input',
        `page must be a whole number from 1: got ${String(asked)}`,
        {
          details: { page: String(asked) },
        },
      );
    const { books, hasNext } = await read(page);
    return xml(
      reply,
      ACQUISITION_TYPE,
      acquisitionFeed(feed, {
        path,
        title,
        books,
        page,
        hasNext,
        details: await entryDetails(books),
        ...(typeof q === 'string' ? { query: q } : {}),
      }),
    );
  };

  const routes: Record<string, Handler> = {
    '': async (_request, reply, _user, feed) =>
      xml(
        reply,
        NAVIGATION_TYPE,
        navigationFeed(feed, [
          { path: '/shelf', title: 'My shelf', content: 'The books on your shelf' },
          { path: '/latest', title: 'Latest updates', content: 'Books with new chapters' },
          { path: '/popular', title: 'Popular', content: 'Books on the most shelves' },
          { path: '/newest', title: 'Newest', content: 'Books added most recently' },
        ]),
      ),
    '/shelf': async (_request, reply, user, feed) => {
      const books = await lists.shelf(user.id);
      return xml(
        reply,
        ACQUISITION_TYPE,
        acquisitionFeed(feed, {
          path: '/shelf',
          title: 'My shelf',
          books,
          details: await entryDetails(books, true),
        }),
      );
    },
    '/latest': (request, reply, _user, feed) =>
      listFeed(request, reply, feed, '/latest', 'Latest updates', (page) => lists.latest(page)),
    '/popular': (request, reply, _user, feed) =>
      listFeed(request, reply, feed, '/popular', 'Popular', (page) => lists.popular(page)),
    '/newest': (request, reply, _user, feed) =>
      listFeed(request, reply, feed, '/newest', 'Newest', (page) => lists.newest(page)),
    '/search': (request, reply, _user, feed) => {
      const q = (request.query as { q?: unknown }).q;
      const query = typeof q === 'string' ? q : '';
      return listFeed(request, reply, feed, '/search', `Search: ${query}`, (page) =>
        lists.search(query, page),
      );
    },
    '/opensearch.xml': async (_request, reply, _user, feed) =>
      xml(reply, OPENSEARCH_TYPE, openSearchDescription(feed.base)),
    '/books/:file': async (request, reply, user) => {
      const file = (request.params as { file: string }).file;
      // "12.epub" → book 12 as EPUB
      const match = /^(\d{1,10})\.(epub|txt)$/.exec(file);
      if (match === null)
        throw new LinhaiError('not-found', `no book file ${file}: ask for <id>.epub or <id>.txt`, {
          details: { file },
        });
      const format = match[2] as BookFileFormat;
      await assertBookVisible(ctx.deps.library, Number(match[1]), user.id);
      const answer = await files.file(Number(match[1]), format);
      if (answer.ready) return sendDownload(request, reply, answer.file, answer.asciiName);
      // Not ready within a few seconds: say so at once (an e-reader waiting for the bytes would
      // give up after 15 s anyway); the build goes on and the next download gets the file.
      const failed = answer.error === undefined ? '' : ` (the last try failed: ${answer.error})`;
      return reply
        .code(503)
        .header('retry-after', '30')
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send(
          `This book's ${format.toUpperCase()} is being prepared: ${answer.done} of ${answer.total} chapters${failed}. Download it again in a minute.\n`,
        );
    },
    // The cover of a book, for e-readers that sign in the OPDS way (Basic or the token link).
    '/covers/:file': async (request, reply, user) => {
      const file = (request.params as { file: string }).file;
      const match = /^(\d{1,10})$/.exec(file);
      if (match === null)
        throw new LinhaiError('not-found', `no cover ${file}: ask for /covers/<book id>`, {
          details: { file },
        });
      await assertBookVisible(ctx.deps.library, Number(match[1]), user.id);
      return sendCover(request, reply, await bookCover(ctx.deps.library, Number(match[1])));
    },
  };

  // Some clients add a slash to the catalog's address.
  routes['/'] = routes['']!;

  return async (app) => {
    for (const [path, handler] of Object.entries(routes)) {
      const schema = { hide: true };
      app.get(`/opds${path}`, { schema }, async (request, reply) => {
        const user = await auth.user(request, reply, undefined);
        if (user === undefined) return reply;
        return handler(request, reply, user, { base: '/opds', updated: now() });
      });
      app.get(`/opds/t/:token${path}`, { schema }, async (request, reply) => {
        const { token } = request.params as { token: string };
        const user = await auth.user(request, reply, token);
        if (user === undefined) return reply;
        return handler(request, reply, user, { base: `/opds/t/${token}`, updated: now() });
      });
    }

    const view = (token: string) => ({ token, path: `/opds/t/${token}` });
    app.get(
      '/api/me/opds-token',
      {
        schema: {
          tags: ['settings'],
          summary: 'Your OPDS link for e-readers (made on first ask)',
          response: { 200: OpdsLink, ...errors(401) },
        },
      },
      async (request) => view(await credentials.opdsToken(userOf(request).id)),
    );
    app.post(
      '/api/me/opds-token',
      {
        schema: {
          tags: ['settings'],
          summary: 'A new OPDS link; the old one stops working',
          response: { 200: OpdsLink, ...errors(401) },
        },
      },
      async (request) => view(await credentials.renewOpdsToken(userOf(request).id)),
    );
  };
}

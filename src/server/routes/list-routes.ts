import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { BookRecord } from '#library';
import type { ServerContext } from '../context.ts';
import { Book, errors } from '../schemas.ts';
import { userOf } from '../session-auth.ts';

const CANDIDATES = 500;
const POPULARITY_TTL_MS = 30_000;

/**
 * The home page's lists. `latest`: books with new chapters most recently; `newest`: books added
 * most recently; `popular`: on the most shelves; `recommended`: books kept on the same shelves as
 * yours (readers who keep your books also keep…), popularity as the fallback. Computed over the
 * most recently updated books through the repositories, and popularity cached briefly: a
 * self-hosted instance has hundreds of books, not millions.
 */
export function listRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { library, store } = ctx.deps;
  let popularity: { at: number; value: Promise<Map<number, number[]>> } | undefined;
  const followersByBook = () => {
    const now = library.clock.now();
    if (popularity === undefined || now - popularity.at > POPULARITY_TTL_MS) {
      const value = (async () => {
        const books = await library.store.books.list({ limit: CANDIDATES });
        const pairs = await Promise.all(
          books.map(async (b) => [b.id, await store.shelves.followers(b.id)] as const),
        );
        return new Map(pairs);
      })();
      popularity = { at: now, value };
      value.catch(() => (popularity = undefined));
    }
    return popularity.value;
  };
  const popular = async (books: BookRecord[]) => {
    const followers = await followersByBook();
    const count = (b: BookRecord) => followers.get(b.id)?.length ?? 0;
    return books
      .filter((b) => count(b) > 0)
      .sort((a, b) => count(b) - count(a) || b.updatedAt - a.updatedAt);
  };
  return async (app) => {
    app.get(
      '/lists/:name',
      {
        schema: {
          tags: ['books'],
          summary: 'Home page lists: latest, popular, newest, recommended',
          params: Type.Object({
            name: Type.Union([
              Type.Literal('latest'),
              Type.Literal('popular'),
              Type.Literal('newest'),
              Type.Literal('recommended'),
            ]),
          }),
          querystring: Type.Object({
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          }),
          response: { 200: Type.Array(Book), ...errors(400, 401) },
        },
      },
      async (request) => {
        const user = userOf(request);
        const { limit } = request.query;
        const books = await library.store.books.list({ limit: CANDIDATES });
        switch (request.params.name) {
          case 'latest':
            return books.slice(0, limit);
          case 'newest':
            return [...books].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
          case 'popular':
            return (await popular(books)).slice(0, limit);
          case 'recommended':
            return (await recommended(user.id, books)).slice(0, limit);
        }
      },
    );
  };

  async function recommended(userId: number, books: BookRecord[]): Promise<BookRecord[]> {
    const mine = new Set((await library.store.shelves.list(userId)).map((e) => e.bookId));
    const followers = await followersByBook();
    const neighbours = new Set<number>();
    for (const bookId of mine)
      for (const other of followers.get(bookId) ?? []) if (other !== userId) neighbours.add(other);
    const score = new Map<number, number>();
    for (const [bookId, readers] of followers) {
      if (mine.has(bookId)) continue;
      const shared = readers.filter((r) => neighbours.has(r)).length;
      if (shared > 0) score.set(bookId, shared);
    }
    const byScore = books
      .filter((b) => score.has(b.id))
      .sort((a, b) => (score.get(b.id) ?? 0) - (score.get(a.id) ?? 0));
    const fallback = (await popular(books)).filter((b) => !mine.has(b.id) && !score.has(b.id));
    return [...byScore, ...fallback];
  }
}

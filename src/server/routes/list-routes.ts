import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { BookRecord } from '#library';
import type { ServerContext } from '../context.ts';
import { Book, errors } from '../schemas.ts';
import { userOf } from '../session-auth.ts';
import { SHARED_RECOMMENDATIONS_MIN_READERS } from '../instance-settings.ts';

const READER_COUNT_TTL_MS = 60_000;

/**
 * The home page's lists, each one query: `latest`: books with new chapters most recently;
 * `newest`: books added most recently; `popular`: on the most shelves; `recommended`: books kept
 * by the readers who share a book with you ("readers of your books also keep…"), the most-kept
 * books you do not have yet after them. `recommended` is empty while the instance setting keeps
 * other readers' shelves private (`auto` on an instance with few accounts, or `off`).
 */
export function listRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { books } = ctx.deps.library.store;
  const { users } = ctx.deps.store;
  let readers: { count: number; at: number } | undefined;
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
        switch (request.params.name) {
          case 'latest':
            return books.list({ limit });
          case 'newest':
            return books.list({ limit, order: 'created' });
          case 'popular':
            return books.mostKept({ limit });
          case 'recommended':
            return recommended(user.id, limit);
        }
      },
    );
  };

  async function recommended(userId: number, limit: number): Promise<BookRecord[]> {
    if (!(await sharedRecommendations())) return [];
    const kept = await books.keptWith(userId, { limit });
    if (kept.length >= limit) return kept;
    const seen = new Set(kept.map((b) => b.id));
    const fallback = await books.mostKept({ limit: limit + kept.length, notOnShelfOf: userId });
    return [...kept, ...fallback.filter((b) => !seen.has(b.id))].slice(0, limit);
  }

  async function sharedRecommendations(): Promise<boolean> {
    const mode = await ctx.settings.recommendations();
    if (mode !== 'auto') return mode === 'on';
    const now = Date.now();
    if (readers === undefined || now - readers.at > READER_COUNT_TTL_MS)
      readers = { count: (await users.list()).length, at: now };
    return readers.count >= SHARED_RECOMMENDATIONS_MIN_READERS;
  }
}

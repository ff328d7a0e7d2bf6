import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Static } from 'typebox';
import { readChapter } from '#library';
import type { ServerContext } from '../context.ts';
import { scriptOf } from '../display-rules.ts';
import { errors } from '../schemas.ts';
import { ChapterParams, ChapterView } from '../schemas/reading.ts';
import { userOf } from '../session-auth.ts';

/**
 * `GET /api/books/:id/chapters/:key`: a chapter's text for reading (from the cache, else the best
 * source), with the replace rules and the reader's script (zh-Hans/zh-Hant) applied for display.
 * Assembled views are kept a minute in memory, serialized (keyed by script and rules version): a
 * chapter's cached text does not change unless it is refreshed, which replaces the entry.
 */
export function readerRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { library, presenter } = ctx.deps;
  return async (app) => {
    app.get(
      '/books/:id/chapters/:key',
      {
        schema: {
          tags: ['reader'],
          summary: 'A chapter for reading, with its neighbours',
          params: ChapterParams,
          querystring: Type.Object({
            refresh: Type.Boolean({ default: false, description: 'fetch again, skip the cache' }),
            source: Type.Optional(
              Type.Integer({
                minimum: 1,
                description:
                  'read it from this listing (换源, see /books/:id/chapters/:key/sources): fetched from it and kept as the cached copy',
              }),
            ),
          }),
          response: { 200: ChapterView, ...errors(400, 401, 404, 502, 503, 504) },
        },
      },
      async (request, reply) => {
        const user = userOf(request);
        const { id: bookId, key } = request.params;
        const script = scriptOf(user.settings);
        const memoKey = `${bookId}\n${key}\n${script}\n${ctx.displayRules.version}`;
        const { refresh, source } = request.query;
        const fetchAgain = refresh || source !== undefined;
        if (!fetchAgain) {
          const known = ctx.chapters.get(memoKey);
          // Kept serialized: a hit is sent as it is, with no serializing or encoding per request.
          // (The typed reply expects the view object; these bytes are that view's JSON.)
          if (known !== undefined)
            return reply
              .type('application/json; charset=utf-8')
              .send(known as unknown as Static<typeof ChapterView>);
        }
        const result = await readChapter(
          library,
          { bookId, chapterKey: key },
          {
            refresh: fetchAgain,
            neighbours: true,
            forUser: user.id,
            ...(source !== undefined ? { listingId: source } : {}),
          },
        );
        // A new copy: views of the old one in other scripts are stale.
        if (fetchAgain) ctx.chapters.deleteWhere((_view, k) => k.startsWith(`${bookId}\n${key}\n`));
        const rules = await ctx.displayRules.enabled();
        const shown = {
          sourceKey: result.sourceKey ?? '',
          bookTitle: result.book.title,
          rules,
          script,
        };
        const [body, title] = await Promise.all([
          presenter.present({ ...shown, paragraphs: result.paragraphs }),
          presenter.presentTitle(result.chapter.title, shown),
        ]);
        const view = {
          bookId,
          key: result.chapter.key,
          ordinal: result.chapter.ordinal,
          title: title.title,
          paragraphs: body.paragraphs,
          source: result.sourceKey,
          fromCache: result.fromCache,
          prevKey: result.prevKey,
          nextKey: result.nextKey,
          attempts: result.attempts.map((a) => ({
            sourceKey: a.sourceKey,
            code: a.code,
            message: a.message,
          })),
          ...(result.incomplete ? { incomplete: result.incomplete } : {}),
        };
        // The last chapter is not kept: its next key appears when the TOC grows. Nor is an
        // incomplete one: reading it again should try its missing pages again.
        if (view.nextKey !== undefined && result.incomplete === undefined) {
          const cached: Static<typeof ChapterView> = { ...view, fromCache: true, attempts: [] };
          ctx.chapters.set(memoKey, Buffer.from(JSON.stringify(cached)));
        }
        return view;
      },
    );
  };
}

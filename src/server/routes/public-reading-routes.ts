import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LinhaiError } from '#model';
import type { ServerContext } from '../context.ts';
import { errors } from '../schemas.ts';
import { PublicReading } from '../schemas/account.ts';
import { adminOf } from '../session-auth.ts';

/**
 * Public reading (admin): on or off, and which sources' books anonymous visitors may read.
 * `changed` lets the public site drop what it remembers of the old setting.
 */
export function publicReadingRoutes(
  ctx: ServerContext,
  changed: () => void,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/admin/public-reading',
      {
        schema: {
          tags: ['instance (admin)'],
          summary: 'Public reading: whether it is on and which sources are public',
          response: { 200: PublicReading, ...errors(401, 403) },
        },
      },
      async (request) => {
        adminOf(request);
        const { enabled, sources } = await ctx.settings.publicReading();
        return { enabled, sources: [...sources] };
      },
    );

    app.put(
      '/admin/public-reading',
      {
        schema: {
          tags: ['instance (admin)'],
          summary: 'Turn public reading on or off and choose the public sources',
          body: PublicReading,
          response: { 200: PublicReading, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        adminOf(request);
        const known = new Set((await ctx.deps.library.store.sources.list()).map((s) => s.url));
        const unknown = request.body.sources.filter((url) => !known.has(url));
        if (unknown.length > 0)
          throw new LinhaiError('invalid-input', `no source ${unknown.join(', ')}`, {
            details: { unknown: unknown.join(' ') },
          });
        await ctx.settings.setPublicReading(request.body);
        changed();
        return request.body;
      },
    );
  };
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LinhaiError } from '#model';
import type { ServerContext } from '../context.ts';
import { errors } from '../schemas.ts';
import { userOf } from '../session-auth.ts';

/** One Server-Sent Event: `event: <name>` and the JSON data on one line. */
const frame = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * "Update all now" on the shelf: every source of every book on the caller's shelf checked at once
 * (updateShelf in #app, as `linhai update`), its progress streamed so the page can show it. A
 * POST answered with text/event-stream: the page reads it with fetch (EventSource only GETs).
 */
export function shelfUpdateRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/shelf/update',
      {
        schema: {
          tags: ['shelf'],
          summary: 'Check every book on your shelf for new chapters now (text/event-stream)',
          description:
            'Events: `progress` {done, total, source} after each source checked, then `done` {books: [{bookId, title, newChapters, failed: [{source, error}]}], checked, newChapters}, or `error` {code, message}.',
          response: errors(401, 503),
        },
      },
      async (request, reply) => {
        const user = userOf(request);
        const update = ctx.deps.updateShelf;
        if (update === undefined)
          throw new LinhaiError('unavailable', 'this server cannot update shelves');
        reply.hijack();
        reply.raw.writeHead(200, {
          ...(reply.getHeaders() as Record<string, string>),
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          'x-accel-buffering': 'no',
        });
        reply.raw.write(': update started\n\n');
        try {
          const outcome = await update(user.id, (progress) =>
            reply.raw.write(frame('progress', progress)),
          );
          reply.raw.write(frame('done', outcome));
        } catch (error) {
          request.log.warn({ err: error }, 'shelf update failed');
          reply.raw.write(
            frame('error', {
              code: 'internal',
              message: error instanceof Error ? error.message : String(error),
            }),
          );
        } finally {
          reply.raw.end();
        }
      },
    );
  };
}

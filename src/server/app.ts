import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { placeholderPage } from './placeholder-page.ts';

export interface ServerOptions {
  readonly version: string;
  /** pino logger settings; false for silence (tests). */
  readonly logger?: boolean | { level: string };
}

/**
 * Builds the HTTP application: health, API and web app on one port. Routes are composed here from
 * their own modules; the process wiring (store, sources, queue) lives in `main.ts`.
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false });
  app.get('/health', async () => ({ status: 'ok', version: options.version }));
  app.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(placeholderPage(options.version)),
  );
  return app;
}

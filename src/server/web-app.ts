import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { placeholderPage } from './placeholder-page.ts';

/** Where the built Vue app is: `web/dist` at the project root. */
const defaultWebRoot = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * The web app on the same port as the API: `web/dist` when it was built (unknown non-API paths
 * get its index.html, for the app's own routing), else the placeholder page at `/`.
 * Returns whether the built app is served.
 */
export async function registerWebApp(
  app: FastifyInstance,
  version: string,
  webRoot: string = defaultWebRoot,
): Promise<boolean> {
  if (!existsSync(`${webRoot}/index.html`)) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(placeholderPage(version)),
    );
    return false;
  }
  await app.register(fastifyStatic, {
    root: webRoot,
    prefix: '/',
    wildcard: true,
    index: 'index.html',
    // Vite names each file in assets/ by its content hash: it never changes, so keep it for a
    // year. The page, the service worker and the manifest must be asked for again each time, or
    // an update would never reach a browser that has them.
    cacheControl: false,
    setHeaders(reply, path) {
      const hashed = relative(webRoot, path).split(sep)[0] === 'assets';
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return true;
}

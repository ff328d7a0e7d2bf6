import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { Explorer, forgetPreviews } from '#library';
import type { ServerContext } from './context.ts';
import { DisplayRules } from './display-rules.ts';
import { installErrorHandler, sendError } from './error-handler.ts';
import { InstanceSettings } from './instance-settings.ts';
import { MemoCache } from './memo-cache.ts';
import { openApiRoutes, registerOpenApi } from './openapi.ts';
import { opdsRoutes } from './opds/opds-routes.ts';
import { kosyncRoutes } from './kosync/kosync-routes.ts';
import type { ServerDeps } from './ports.ts';
import { publicSite } from './public/public-routes.ts';
import { MemoryFailureLimiter } from '#library';
import type { RateLimit } from '#library';
import { authRoutes } from './routes/auth-routes.ts';
import { bookRoutes } from './routes/book-routes.ts';
import { localBookRoutes } from './routes/local-book-routes.ts';
import { installLocalBookGuard } from './local-book-guard.ts';
import { bookFileRoutes } from './routes/book-file-routes.ts';
import { exploreRoutes } from './routes/explore-routes.ts';
import { listRoutes } from './routes/list-routes.ts';
import { readerRoutes } from './routes/reader-routes.ts';
import { sourceSwitchRoutes } from './routes/source-switch-routes.ts';
import { bookmarkRoutes } from './routes/bookmark-routes.ts';
import { bookSearchRoutes } from './routes/book-search-routes.ts';
import { publicReadingRoutes } from './routes/public-reading-routes.ts';
import { replaceRuleRoutes } from './routes/replace-rule-routes.ts';
import { searchRoutes } from './routes/search-routes.ts';
import { settingsRoutes } from './routes/settings-routes.ts';
import { shelfRoutes } from './routes/shelf-routes.ts';
import { shelfGroupRoutes } from './routes/shelf-group-routes.ts';
import { shelfUpdateRoutes } from './routes/shelf-update-routes.ts';
import { sourceRoutes } from './routes/source-routes.ts';
import { sourceLoginRoutes } from './routes/source-login-routes.ts';
import { SearchMemory } from './search-memory.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { installAuth } from './session-auth.ts';
import { registerWebApp } from './web-app.ts';
import { legadoRoutes } from './routes/legado-routes.ts';
import { webdavRoutes } from './webdav/webdav-routes.ts';

export interface ServerOptions {
  readonly version: string;
  /** pino logger settings; false for silence (tests). */
  readonly logger?: boolean | { level: string };
  /** Failed logins allowed per client address and per user name (default 10 and 5 per 15 min). */
  readonly loginLimits?: { readonly byIp?: RateLimit; readonly byName?: RateLimit };
  /** The built web app (default `web/dist`); the placeholder page when it has no index.html. */
  readonly webRoot?: string;
  /** Trust X-Forwarded-* from a reverse proxy (client address for rate limits, https). */
  readonly trustProxy?: boolean;
  /** Keep assembled chapter views in memory for a minute (default true; off for measuring). */
  readonly chapterMemo?: boolean;
  /**
   * Public reading: pages one anonymous address may view per minute and per hour (default 120
   * and 1,500: a reader never meets them, a crawler meets the hourly budget).
   */
  readonly visitorLimits?: { readonly perMinute?: RateLimit; readonly perHour?: RateLimit };
}

const FIFTEEN_MINUTES = 15 * 60_000;

/**
 * Builds the HTTP application: health, the REST API under `/api` (with its OpenAPI document and
 * docs page) and the web app, on one port. The process wiring (App, listening) is in `main.ts`.
 */
export async function buildServer(
  deps: ServerDeps,
  options: ServerOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 2 * 1024 * 1024,
    // Coerce query and path strings to the schema's types ("?limit=5" → 5); reject unknown body keys.
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const now = () => deps.library.clock.now();
  // Shared counts when the installation provides them (several servers), else this process's.
  const limiter = (scope: string, limit: RateLimit) =>
    deps.failureLimiter?.(scope, limit) ?? new MemoryFailureLimiter(limit, now);
  const ctx: ServerContext = {
    deps,
    settings: new InstanceSettings(deps.dataDir, deps.documents),
    loginLimits: {
      byIp: limiter('ip', options.loginLimits?.byIp ?? { max: 10, windowMs: FIFTEEN_MINUTES }),
      byName: limiter('name', options.loginLimits?.byName ?? { max: 5, windowMs: FIFTEEN_MINUTES }),
    },
    searches: new SearchMemory(now),
    displayRules: new DisplayRules(deps.store),
    sessions: new MemoCache({ ttlMs: 10_000, max: 10_000, now }),
    chapters: new MemoCache({ ttlMs: options.chapterMemo === false ? 0 : 60_000, max: 2_000, now }),
    explorer: new Explorer(deps.library),
  };

  const site = publicSite(ctx, {
    visitorLimits: {
      perMinute: limiter(
        'visitor-minute',
        options.visitorLimits?.perMinute ?? { max: 120, windowMs: 60_000 },
      ),
      perHour: limiter(
        'visitor-hour',
        options.visitorLimits?.perHour ?? { max: 1_500, windowMs: 3_600_000 },
      ),
    },
  });

  // Previews nobody shelved are forgotten after PREVIEW_KEEP_MS. Every server sweeps (several
  // behind a proxy each do: the delete is idempotent), at start and every 6 hours.
  const sweepPreviews = () => void forgetPreviews(deps.library).catch(() => undefined);
  const sweeper = setInterval(sweepPreviews, 6 * 3_600_000).unref();
  app.addHook('onReady', async () => sweepPreviews());
  app.addHook('onClose', async () => clearInterval(sweeper));

  installSecurityHeaders(app);
  site.installHome(app);
  // Before any route: Fastify gives each plugin the handlers its parent has when it loads.
  const spa = await registerWebApp(app, options.version, options.webRoot);
  installErrorHandler(app, {
    notFound: (request, reply) => {
      // The web app routes its own paths: any other GET for a page gets index.html.
      const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/');
      if (spa && wantsPage && (request.headers.accept ?? '').includes('text/html'))
        return reply.type('text/html; charset=utf-8').sendFile('index.html');
      return sendError(reply, 404, {
        code: 'not-found',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
        details: {},
      });
    },
  });
  await app.register(cookie);
  installAuth(app, deps.library, deps.store.users, ctx.sessions);
  installLocalBookGuard(app, deps.library);
  await registerOpenApi(app, options.version);

  app.get('/health', { schema: { hide: true } }, async () => ({
    status: 'ok',
    version: options.version,
  }));
  openApiRoutes(app);
  await app.register(
    async (api) => {
      await api.register(authRoutes(ctx));
      await api.register(searchRoutes(ctx));
      await api.register(bookRoutes(ctx));
      await api.register(bookFileRoutes(ctx));
      await api.register(readerRoutes(ctx));
      await api.register(sourceSwitchRoutes(ctx));
      await api.register(bookmarkRoutes(ctx));
      await api.register(bookSearchRoutes(ctx));
      await api.register(shelfRoutes(ctx));
      await api.register(shelfGroupRoutes(ctx));
      await api.register(shelfUpdateRoutes(ctx));
      await api.register(listRoutes(ctx));
      await api.register(exploreRoutes(ctx));
      await api.register(sourceRoutes(ctx));
      await api.register(sourceLoginRoutes(ctx));
      await api.register(replaceRuleRoutes(ctx));
      await api.register(settingsRoutes(ctx));
      await api.register(legadoRoutes(ctx));
      await api.register(localBookRoutes(ctx));
      await api.register(publicReadingRoutes(ctx, site.forget));
    },
    { prefix: '/api' },
  );
  site.registerRoutes(app, spa);
  await app.register(opdsRoutes(ctx));
  await app.register(kosyncRoutes(ctx));
  await app.register(webdavRoutes(ctx));

  return app;
}

import type { Redis } from 'ioredis';
import { systemClock } from '#model';
import type { Clock } from '#model';
import { RedisHostBudget, createHttpClient, openBrowserTier } from '#net';
import type { HttpClient } from '#net';
import { createRegexEngine, createSandbox } from '#rules';
import { openStore } from '#store';
import type { Store } from '#store';
import { createCleaner } from '#library';
import type { Cleaner, FailureLimiter, LibraryDeps, RateLimit, SourceGateway } from '#library';
import { createDriverGateway } from './driver-gateway.ts';
import { createJobQueue } from './job-queue.ts';
import { fastFailingRedis } from './redis-connection.ts';
import type { AppJobQueue } from './job-queue.ts';
import { SourceCatalog, builtInSourcesWanted } from './source-catalog.ts';
import { createSealer, instanceKey } from './instance-key.ts';
import type { Sealer } from './instance-key.ts';
import {
  chooseLogin,
  isPageLogin,
  logInSource,
  loginDriverFactory,
  loginForm,
  wantsLogin,
} from './source-logins.ts';
import { fetchLoginPageForm } from './page-login.ts';
import type { LoginField } from '#sources';

export interface AppOptions {
  /** Where SQLite, cookie jars and caches live. */
  readonly dataDir: string;
  /** `postgres://…` to use PostgreSQL instead of SQLite (LINHAI_DATABASE_URL). */
  readonly databaseUrl?: string;
  /**
   * PostgreSQL schema to work in (LINHAI_DATABASE_SCHEMA; created if missing): installations or
   * test runs sharing one database keep apart this way.
   */
  readonly databaseSchema?: string;
  /**
   * `redis://…` (LINHAI_REDIS_URL): the per-host politeness budgets live in Redis, so they hold
   * across every process and machine of the installation.
   */
  readonly redisUrl?: string;
  /**
   * Prefix of every Redis key of this installation (LINHAI_REDIS_PREFIX, default `linhai`): the
   * queue's keys start with it, the budgets' with `<prefix>:budget`. Test runs use their own.
   */
  readonly redisPrefix?: string;
  /**
   * How long what a process claimed (a job, a host's request slot in Redis) stays claimed without
   * renewal (LINHAI_LEASE_MS, default 30 s): a process that dies loses its claims after this.
   */
  readonly leaseMs?: number;
  /** Hosts let past the private-network guard, besides LINHAI_ALLOW_HOSTS (the demo's 127.0.0.1). */
  readonly allowHosts?: readonly string[];
  readonly clock?: Clock;
  /**
   * Store the built-in public-domain sources (Wikisource, Project Gutenberg) on first start, so a
   * fresh install can search something real. Default: on, unless LINHAI_BUILTIN_SOURCES=0 (the
   * test runner sets that: tests talk to local sites only).
   */
  readonly seedBuiltInSources?: boolean;
}

/** The databases an installation shares between its processes, as this process resolved them. */
export interface Installation {
  readonly databaseUrl: string | undefined;
  readonly databaseSchema: string | undefined;
  readonly redisUrl: string | undefined;
  readonly redisPrefix: string;
}

/** One running Linhai: the store, the network client, the sources and the library's dependencies. */
export interface App {
  readonly store: Store;
  readonly http: HttpClient;
  readonly catalog: SourceCatalog;
  readonly gateway: SourceGateway;
  /** Whether this process has the browser tier (Chromium found and not turned off). */
  readonly hasBrowserTier: boolean;
  /**
   * Logs a source in for a user: its loginUi fields, sealed with the instance key, then its script;
   * a login page's form fields, or `cookie` (a Cookie header pasted from the user's browser).
   */
  logInSource(
    userId: number,
    sourceUrl: string,
    fields: Record<string, string>,
    cookie?: string,
  ): Promise<void>;
  /**
   * The source's login form (loginUi, or the form of its login page), whether Linhai can run its
   * login, whether it is a page (a pasted cookie works too), and the user's state.
   */
  sourceLoginForm(
    userId: number,
    sourceUrl: string,
  ): Promise<{ fields: LoginField[]; runnable: boolean; page: boolean; loggedIn: boolean }>;
  /** The cleaner, whole: reading uses `clean`, display uses `present` (replace rules, script). */
  readonly cleaner: Cleaner;
  /** What every library use case takes. */
  readonly library: LibraryDeps;
  /** The data folder (exports are written under it). */
  readonly dataDir: string;
  /** Where this installation's shared state lives (the singleton lock uses the same places). */
  readonly installation: Installation;
  /**
   * The job queue: BullMQ on Redis when the installation has Redis, else the embedded queue on the
   * store. Made on first use (commands that queue nothing open no connection) and never started
   * here: whoever registers handlers starts it. Closed by `close()`.
   */
  readonly queue: AppJobQueue;
  /**
   * Failed-login counts shared by every process of the installation (in Redis), or undefined
   * when the installation has no Redis and each server counts its own.
   */
  failureLimiter(scope: string, limit: RateLimit): FailureLimiter | undefined;
  /** Stops the queue (running jobs get `queueGraceMs`, default 10 s), then closes everything. */
  close(options?: { queueGraceMs?: number }): Promise<void>;
}

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;

/**
 * The composition root shared by `linhai serve` and the CLI commands: builds the concrete store,
 * network client, sandbox, gateway and cleaner, and wires them into the library's ports.
 */
export async function openApp(options: AppOptions): Promise<App> {
  const clock = options.clock ?? systemClock;
  const databaseUrl = options.databaseUrl ?? process.env.LINHAI_DATABASE_URL;
  const databaseSchema = options.databaseSchema ?? process.env.LINHAI_DATABASE_SCHEMA;
  const store = openStore({
    dataDir: options.dataDir,
    clock,
    ...(databaseUrl ? { url: databaseUrl } : {}),
    ...(databaseUrl && databaseSchema ? { schema: databaseSchema } : {}),
  });
  await store.migrate();
  const redisUrl = options.redisUrl ?? process.env.LINHAI_REDIS_URL;
  const redisPrefix = options.redisPrefix ?? process.env.LINHAI_REDIS_PREFIX ?? 'linhai';
  const leaseMs = options.leaseMs ?? (Number(process.env.LINHAI_LEASE_MS) || 30_000);
  const budget = redisUrl
    ? new RedisHostBudget({ connection: redisUrl, prefix: `${redisPrefix}:budget`, leaseMs })
    : undefined;
  // Politeness waits run on real time even when the library runs on a demo or test clock.
  const http = createHttpClient({
    // Cookie jars live in the store: every process of the installation shares them.
    cookieStore: store.cookieJars,
    ...(budget ? { budget } : {}),
    ...(options.allowHosts ? { allowHosts: options.allowHosts } : {}),
  });
  // The browser tier when this machine has Chromium (started on the first page that needs it);
  // otherwise those sources keep their tier and their errors say how to enable it.
  const browser = openBrowserTier(http);
  // The QuickJS sandbox loads WebAssembly: made on the first source script, then reused.
  let sandbox: Promise<Sandbox> | undefined;
  const catalog = new SourceCatalog(store, { fetcher: http });
  // The instance key is read (or its file made) on the first login that needs it.
  let sealer: Sealer | undefined;
  const sealing = () => (sealer ??= createSealer(instanceKey(options.dataDir)));
  if (options.seedBuiltInSources ?? builtInSourcesWanted()) {
    await catalog.seedBuiltIns();
  }
  const gateway = createDriverGateway({
    store,
    catalog,
    fetcher: http,
    ...('tier' in browser ? { browser: browser.tier } : {}),
    login: async (source, call) =>
      wantsLogin(source) ? chooseLogin(store, sealing, source.bookSourceUrl, call) : undefined,
    sandbox: () => (sandbox ??= createSandbox()),
  });
  // The library's clock: a cached chapter's time and its source's patterns' times are compared.
  const cleaner = createCleaner({
    boilerplate: store.boilerplate,
    regex: createRegexEngine(),
    now: () => clock.now(),
  });
  const library: LibraryDeps = { store, gateway, clock, cleaner };
  let queue: AppJobQueue | undefined;
  let redis: Redis | undefined;
  // Loaded only by an installation with Redis.
  const redisLimits = redisUrl ? await import('./redis-failure-limiter.ts') : undefined;
  return {
    store,
    http,
    catalog,
    gateway,
    hasBrowserTier: 'tier' in browser,
    async sourceLoginForm(userId, sourceUrl) {
      const { source } = await catalog.entry(sourceUrl);
      const loggedIn = (await store.sourceLogins.get(userId, sourceUrl)) !== undefined;
      if (!isPageLogin(source)) return { ...loginForm(source), page: false, loggedIn };
      // A login page's form, read now as a visitor sees it (a logged-in session would be sent on;
      // jar '' is kept in memory only); without a form, a pasted cookie is the way in.
      const fields = await fetchLoginPageForm(http, source, '').then(
        (form) => form.fields,
        () => [],
      );
      return { fields, runnable: true, page: true, loggedIn };
    },
    async logInSource(userId, sourceUrl, fields, cookie) {
      const { source } = await catalog.entry(sourceUrl);
      await logInSource(
        {
          store,
          sealer: sealing(),
          clock,
          driver: loginDriverFactory({
            fetcher: http,
            sandbox: async (key) => (await (sandbox ??= createSandbox())).forSource(key),
          }),
          page: { fetcher: http, cookieJars: http.cookieJars },
        },
        { userId, source, fields, ...(cookie !== undefined ? { cookie } : {}) },
      );
    },
    cleaner,
    library,
    dataDir: options.dataDir,
    installation: { databaseUrl, databaseSchema, redisUrl, redisPrefix },
    get queue() {
      return (queue ??= createJobQueue({ store, clock, redisUrl, redisPrefix, leaseMs }));
    },
    failureLimiter(scope, limit) {
      if (!redisUrl || !redisLimits) return undefined;
      redis ??= fastFailingRedis(redisUrl);
      return new redisLimits.RedisFailureLimiter(
        redis,
        `${redisPrefix}:login-failures:${scope}`,
        limit,
      );
    },
    async close(closeOptions = {}) {
      // Jobs first: they use the network and the store closed below.
      await queue?.close({ graceMs: closeOptions.queueGraceMs ?? 10_000 });
      if (sandbox) (await sandbox).dispose();
      if ('tier' in browser) await browser.tier.close();
      await http.close();
      await budget?.close();
      await redis?.quit();
      await store.close();
    },
  };
}

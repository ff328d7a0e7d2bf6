import { join } from 'node:path';
import { systemClock } from '#model';
import type { Clock } from '#model';
import { RedisHostBudget, createHttpClient } from '#net';
import type { HttpClient } from '#net';
import { createRegexEngine, createSandbox } from '#rules';
import { openStore } from '#store';
import type { Store } from '#store';
import { createCleaner } from '#library';
import type { Cleaner, LibraryDeps, SourceGateway } from '#library';
import { createDriverGateway } from './driver-gateway.ts';
import { SourceCatalog, builtInSourcesWanted } from './source-catalog.ts';

export interface AppOptions {
  /** Where SQLite, cookie jars and caches live. */
  readonly dataDir: string;
  /** `postgres://…` to use PostgreSQL instead of SQLite (LINHAI_DATABASE_URL). */
  readonly databaseUrl?: string;
  /**
   * `redis://…` (LINHAI_REDIS_URL): the per-host politeness budgets live in Redis, so they hold
   * across every process and machine of the installation.
   */
  readonly redisUrl?: string;
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

/** One running Linhai: the store, the network client, the sources and the library's dependencies. */
export interface App {
  readonly store: Store;
  readonly http: HttpClient;
  readonly catalog: SourceCatalog;
  readonly gateway: SourceGateway;
  /** The cleaner, whole: reading uses `clean`, display uses `present` (replace rules, script). */
  readonly cleaner: Cleaner;
  /** What every library use case takes. */
  readonly library: LibraryDeps;
  close(): Promise<void>;
}

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;

/**
 * The composition root shared by `linhai serve` and the CLI commands: builds the concrete store,
 * network client, sandbox, gateway and cleaner, and wires them into the library's ports.
 */
export async function openApp(options: AppOptions): Promise<App> {
  const clock = options.clock ?? systemClock;
  const databaseUrl = options.databaseUrl ?? process.env.LINHAI_DATABASE_URL;
  const store = openStore({
    dataDir: options.dataDir,
    clock,
    ...(databaseUrl ? { url: databaseUrl } : {}),
  });
  await store.migrate();
  const redisUrl = options.redisUrl ?? process.env.LINHAI_REDIS_URL;
  const budget = redisUrl ? new RedisHostBudget({ connection: redisUrl }) : undefined;
  // Politeness waits run on real time even when the library runs on a demo or test clock.
  const http = createHttpClient({
    cookieDir: join(options.dataDir, 'cookies'),
    ...(budget ? { budget } : {}),
    ...(options.allowHosts ? { allowHosts: options.allowHosts } : {}),
  });
  // The QuickJS sandbox loads WebAssembly: made on the first source script, then reused.
  let sandbox: Promise<Sandbox> | undefined;
  const catalog = new SourceCatalog(store);
  if (options.seedBuiltInSources ?? builtInSourcesWanted()) {
    await catalog.seedBuiltIns();
  }
  const gateway = createDriverGateway({
    store,
    catalog,
    fetcher: http,
    sandbox: () => (sandbox ??= createSandbox()),
  });
  const cleaner = createCleaner({ boilerplate: store.boilerplate, regex: createRegexEngine() });
  const library: LibraryDeps = { store, gateway, clock, cleaner };
  return {
    store,
    http,
    catalog,
    gateway,
    cleaner,
    library,
    async close() {
      if (sandbox) (await sandbox).dispose();
      await http.close();
      await budget?.close();
      await store.close();
    },
  };
}

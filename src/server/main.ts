import {
  chaseJobHandlers,
  exportJobKey,
  keepBookFilesBuilt,
  leadChase,
  manageSourceBudget,
  openApp,
  planExport,
  registerJobHandlers,
  updateShelf,
} from '#app';
import type { App } from '#app';
import { buildServer } from './app.ts';
import type { ServerDeps } from './ports.ts';

interface StartServerOptions {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly version: string;
  readonly quiet?: boolean;
  /** Hosts let past the network guard (the demo's 127.0.0.1), besides LINHAI_ALLOW_HOSTS. */
  readonly allowHosts?: readonly string[];
}

interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** The server's ports over the composition root's App. */
export function serverDeps(app: App, dataDir: string): ServerDeps {
  return {
    library: app.library,
    store: app.store,
    presenter: app.cleaner,
    // An administrator's import tries each new source's site once in the background.
    catalog: {
      import: (text) => app.catalog.import(text, { tryReach: true }),
      list: () => app.catalog.list(),
    },
    fetchText: (url, signal) => app.catalog.fetchCollection(url, signal),
    sourceBudgets: {
      manage: (sourceUrl, change) =>
        manageSourceBudget(
          { store: app.store, catalog: app.catalog, clock: app.library.clock },
          sourceUrl,
          change,
        ),
    },
    sourceLogins: {
      form: (userId, sourceUrl) => app.sourceLoginForm(userId, sourceUrl),
      logIn: (userId, sourceUrl, fields, cookie) =>
        app.logInSource(userId, sourceUrl, fields, cookie),
    },
    // The chase this server runs learns from the results it queues.
    updateShelf: (userId, onProgress) => updateShelf(app, userId, { onProgress }),
    exportJobs: {
      enqueue: (bookId, format) => planExport(app.queue, bookId, format),
      shelved: (bookId) => keepBookFilesBuilt(app, app.queue, bookId),
      async planned(bookId, format) {
        const key = exportJobKey(bookId, format);
        for (const state of ['waiting', 'active'] as const) {
          const jobs = await app.queue.list({ type: 'export', state, limit: 1_000 });
          if (jobs.some((job) => job.key === key)) return true;
        }
        return false;
      },
    },
    dataDir,
    // Instance settings and e-reader credentials in the database: any number of servers.
    documents: app.store.documents,
    // Failed logins counted in Redis when the installation has it: one count for every server.
    failureLimiter: (scope, limit) => app.failureLimiter(scope, limit),
  };
}

/** The composition root of `linhai serve`: opens the App, builds the server and listens. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const linhai = await openApp({
    dataDir: options.dataDir,
    ...(options.allowHosts ? { allowHosts: options.allowHosts } : {}),
  });
  const app = await buildServer(serverDeps(linhai, options.dataDir), {
    version: options.version,
    logger: options.quiet ? false : { level: process.env.LINHAI_LOG_LEVEL ?? 'info' },
    trustProxy: process.env.LINHAI_TRUST_PROXY === '1',
  });
  // Jobs (chase checks, downloads, exports) run here too unless dedicated `linhai worker`
  // processes take them (LINHAI_SERVE_JOBS=0); the chase planner runs in one process only.
  if (process.env.LINHAI_SERVE_JOBS !== '0') {
    registerJobHandlers(linhai, linhai.queue, {
      extraHandlers: chaseJobHandlers(linhai, linhai.queue),
      warn: (line) => app.log.warn(line),
    });
    linhai.queue.start();
  }
  const chase = await leadChase(linhai);
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await chase.release();
    await linhai.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}`,
    async close() {
      await chase.release();
      await app.close();
      await linhai.close();
    },
  };
}

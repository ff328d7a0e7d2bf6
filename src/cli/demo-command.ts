import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePort } from './parse-options.ts';
import type { CliContext } from './context.ts';
import { openApp } from '#app';
import type { PublicDemo } from './demo-public.ts';

interface DemoOptions {
  serve?: boolean;
  public?: boolean;
  port: number;
  json?: boolean;
}

export function registerDemoCommand(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('start the local demo novel sites (offline), print their URLs and book sources')
    .option('--serve', 'also start the Linhai server with the demo sources loaded')
    .option('--public', 'with --serve: public reading on for the demo sources, a few books cached')
    .option('-p, --port <port>', 'port for the server with --serve', parsePort, 4260)
    .option('--json', 'print the sites as JSON')
    .action(async (options: DemoOptions) => {
      // Loaded on demand: only `linhai demo` needs the demo sites' code.
      const { startDemoSites } = await import('#demo');
      const cluster = await startDemoSites();
      const sourcesFile = join(context.dataDir(), 'demo-sources.json');
      writeFileSync(
        sourcesFile,
        JSON.stringify(
          cluster.sites.map((site) => site.source),
          null,
          2,
        ),
      );
      // The demo stays offline: the built-in sources would search the public internet.
      const app = await openApp({ dataDir: context.dataDir() });
      const disabled = await app.catalog.disableBuiltIns().finally(() => app.close());
      const sites = cluster.sites.map((site) => ({
        name: site.name,
        template: site.template,
        url: site.origin,
      }));
      if (options.json) context.out(JSON.stringify({ sites, sourcesFile }));
      else {
        context.out('Demo novel sites (Ctrl-C to stop):');
        for (const site of sites)
          context.out(`  ${site.template.padEnd(8)} ${site.url}  ${site.name}`);
        context.out(`Book sources for these sites: ${sourcesFile}`);
        if (disabled.length > 0)
          context.out(
            `Turned off the built-in internet sources in ${context.dataDir()} so the demo stays offline: ${disabled.join(', ')} (turn them on again on the web app's Sources page).`,
          );
      }
      const publicDemo = options.public
        ? {
            sourceUrls: cluster.sites.map((site) => String(site.source.bookSourceUrl)),
            titles: cluster.sites[0]!.books().map((book) => book.title),
          }
        : undefined;
      const server = options.serve
        ? await serveDemo(context, sourcesFile, options.port, publicDemo)
        : undefined;
      if (server) context.out(`Linhai is serving on ${server.url}`);
      await context.untilStopped();
      await server?.close();
      await cluster.close();
    });
}

/** Loads the demo sources into this instance's store and starts the server, allowed to reach them. */
async function serveDemo(
  context: CliContext,
  sourcesFile: string,
  port: number,
  publicDemo: PublicDemo | undefined,
) {
  // Allowed to reach the demo sites, as the server below is: the public demo reads chapters.
  const app = await openApp({ dataDir: context.dataDir(), allowHosts: ['127.0.0.1'] });
  try {
    await app.catalog.import(readFileSync(sourcesFile, 'utf8'));
    if (publicDemo) {
      context.out('Opening the demo to the public (public reading on, a few books cached)…');
      const { openDemoToPublic } = await import('./demo-public.ts');
      await openDemoToPublic(app, context.dataDir(), publicDemo, context.out);
    }
  } finally {
    await app.close();
  }
  const { startServer } = await import('../server/main.ts');
  return startServer({
    port,
    host: '127.0.0.1',
    dataDir: context.dataDir(),
    version: context.version,
    // The demo sites live on 127.0.0.1, which the fetch guard refuses unless allowed.
    allowHosts: ['127.0.0.1'],
  });
}

import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePort } from './parse-options.ts';
import type { CliContext } from './context.ts';
import { withApp } from './with-app.ts';

interface DemoOptions {
  serve?: boolean;
  port: number;
  json?: boolean;
}

export function registerDemoCommand(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('start the local demo novel sites (offline), print their URLs and book sources')
    .option('--serve', 'also start the Linhai server with the demo sources loaded')
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
      }
      const server = options.serve
        ? await serveDemo(context, sourcesFile, options.port)
        : undefined;
      if (server) context.out(`Linhai is serving on ${server.url}`);
      await context.untilStopped();
      await server?.close();
      await cluster.close();
    });
}

/** Loads the demo sources into this instance's store and starts the server, allowed to reach them. */
async function serveDemo(context: CliContext, sourcesFile: string, port: number) {
  await withApp(context, (app) => app.catalog.import(readFileSync(sourcesFile, 'utf8')));
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

import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../server/main.ts';
import { parsePort } from './parse-options.ts';
import type { CliContext } from './context.ts';

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
        ? await startServer({
            port: options.port,
            host: '127.0.0.1',
            dataDir: context.dataDir(),
            version: context.version,
          })
        : undefined;
      if (server) context.out(`Linhai is serving on ${server.url}`);
      await context.untilStopped();
      await server?.close();
      await cluster.close();
    });
}

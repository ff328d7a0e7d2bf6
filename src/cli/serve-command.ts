import type { Command } from 'commander';
import { parsePort } from './parse-options.ts';
import type { CliContext } from './context.ts';

export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('run the web reader, the API and the background chase on one port')
    .option('-p, --port <port>', 'port to listen on', parsePort, 4260)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (options: { port: number; host: string }) => {
      // Loaded on demand: the other commands need no web server.
      const { startServer } = await import('../server/main.ts');
      const server = await startServer({
        port: options.port,
        host: options.host,
        dataDir: context.dataDir(),
        version: context.version,
      });
      context.out(`Linhai is serving on ${server.url} (data in ${context.dataDir()})`);
      await context.untilStopped();
      await server.close();
    });
}

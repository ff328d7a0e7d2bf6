import type { Command } from 'commander';
import { chaseJobHandlers, openApp, startJobWorker } from '#app';
import type { CliContext } from './context.ts';
import { parsePort, parsePositiveInt } from './parse-options.ts';

interface WorkerOptions {
  concurrency: number;
  metricsPort?: number;
  metricsHost: string;
  grace: number;
}

export function registerWorkerCommand(program: Command, context: CliContext): void {
  program
    .command('worker')
    .description(
      'take jobs (TOC, chapter, prefetch, export, chase) from the queue until stopped; ' +
        'BullMQ on Redis with LINHAI_REDIS_URL, else the embedded queue in the database',
    )
    .option('-c, --concurrency <n>', 'jobs of each type run at once', parsePositiveInt, 4)
    .option(
      '--metrics-port <port>',
      'serve /health and /metrics (Prometheus) on this port',
      parsePort,
    )
    .option('--metrics-host <host>', 'address of the metrics endpoint', '127.0.0.1')
    .option(
      '--grace <seconds>',
      'on SIGTERM, how long running jobs may finish',
      parsePositiveInt,
      30,
    )
    .action(async (options: WorkerOptions) => {
      const app = await openApp({ dataDir: context.dataDir() });
      try {
        const worker = await startJobWorker(app, {
          concurrency: options.concurrency,
          extraHandlers: chaseJobHandlers(app, app.queue),
          metricsHost: options.metricsHost,
          warn: (line) => context.err(line),
          ...(options.metricsPort === undefined ? {} : { metricsPort: options.metricsPort }),
        });
        context.out(
          `Linhai worker: ${app.queue.kind} queue, ${worker.types.join(', ')} jobs, ` +
            `${options.concurrency} of each at once` +
            (app.queue.kind === 'bullmq'
              ? app.hasBrowserTier
                ? '; browser tier on (takes the <type>-browser jobs too)'
                : '; no browser tier (jobs that need it go to workers with Chromium)'
              : '') +
            (worker.metricsUrl ? `; metrics on ${worker.metricsUrl}/metrics` : ''),
        );
        if (app.queue.kind === 'embedded')
          context.err(
            'No LINHAI_REDIS_URL: jobs come from the database, and per-host politeness budgets ' +
              'are this process’s own. Run one worker per installation, or set LINHAI_REDIS_URL.',
          );
        await context.untilStopped();
        context.err(`Stopping: running jobs have ${options.grace} s to finish…`);
        await worker.stop(options.grace * 1000);
      } finally {
        await app.close({ queueGraceMs: 0 });
      }
      context.out('Linhai worker stopped.');
    });
}

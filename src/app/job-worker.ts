import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JobHandler } from '#jobs';
import { registerJobHandlers } from './job-handlers.ts';
import { WorkerJobMetrics, prometheusText } from './job-metrics.ts';
import type { App } from './open-app.ts';

export interface JobWorkerOptions {
  /** Jobs of each type this process runs at once (default 4). */
  readonly concurrency?: number;
  /** Serve `/health` and `/metrics` on this port (0: any free port); none when absent. */
  readonly metricsPort?: number;
  readonly metricsHost?: string;
  /** Handlers besides the app's own (the chase service's `chase`). */
  readonly extraHandlers?: Readonly<Record<string, JobHandler<never>>>;
  /** Where an operator sees warnings (the CLI: standard error). */
  readonly warn?: (line: string) => void;
}

export interface JobWorker {
  readonly types: readonly string[];
  /** `http://host:port` of the health and metrics endpoint, when there is one. */
  readonly metricsUrl: string | undefined;
  /**
   * Stops taking jobs, lets running ones finish for `graceMs`, then aborts the rest (the queue
   * returns them, so another worker takes them), and closes the endpoint. The app stays open.
   */
  stop(graceMs: number): Promise<void>;
}

/** Registers the app's job handlers on its queue, starts it, and serves health and metrics. */
export async function startJobWorker(app: App, options: JobWorkerOptions = {}): Promise<JobWorker> {
  const metrics = new WorkerJobMetrics();
  const types = registerJobHandlers(app, app.queue, {
    concurrency: options.concurrency ?? 4,
    ...(options.extraHandlers ? { extraHandlers: options.extraHandlers } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
    wrap: (type, handler) => metrics.wrap(type, handler),
  });
  let stopping = false;
  const server =
    options.metricsPort === undefined
      ? undefined
      : await listen(
          createServer((request, response) => {
            const path = (request.url ?? '/').split('?')[0];
            if (path === '/health') {
              // 503 while shutting down, so a load balancer or orchestrator stops counting on us.
              response.writeHead(stopping ? 503 : 200, { 'content-type': 'application/json' });
              response.end(
                JSON.stringify({
                  status: stopping ? 'stopping' : 'ok',
                  queue: app.queue.kind,
                  types,
                  // With Redis, a worker without it hands browser jobs to those with it.
                  browserTier: app.hasBrowserTier,
                  running: metrics.running(),
                }),
              );
            } else if (path === '/metrics') {
              prometheusText(app.queue, metrics, app.http.health()).then(
                (text) => {
                  response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
                  response.end(text);
                },
                (error: unknown) => {
                  response.writeHead(500, { 'content-type': 'text/plain' });
                  response.end(`metrics unavailable: ${String(error)}\n`);
                },
              );
            } else {
              response.writeHead(404, { 'content-type': 'text/plain' });
              response.end('not found: try /health or /metrics\n');
            }
          }),
          options.metricsPort,
          options.metricsHost ?? '127.0.0.1',
        );
  app.queue.start();
  const address = server?.address() as AddressInfo | undefined;
  return {
    types,
    metricsUrl: address
      ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
      : undefined,
    async stop(graceMs) {
      stopping = true;
      await app.queue.stop({ graceMs });
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/**
 * Test helpers: a small HTTP server on 127.0.0.1 that logs requests and tracks peak concurrency.
 * Used by the net tests and benchmarks only.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly at: number;
  readonly body: Buffer;
}

export interface TestServer {
  readonly origin: string;
  readonly port: number;
  readonly requests: LoggedRequest[];
  peakConcurrency(): number;
  close(): Promise<void>;
}

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
) => void | Promise<void>;

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: LoggedRequest[] = [];
  let active = 0;
  let peak = 0;
  const server = createServer((req, res) => {
    active++;
    peak = Math.max(peak, active);
    let done = false;
    const finish = () => {
      if (!done) active--;
      done = true;
    };
    res.on('close', finish);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        at: performance.now(),
        body,
      });
      void Promise.resolve(handler(req, res, body)).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e));
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    peakConcurrency: () => peak,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A node:test `skip` value for tests that need Chromium: false when one is found, else the one-line
 * reason (a bare clone without Chromium; CI has it, and CI fails on any skip).
 */
export async function chromiumSkip(): Promise<string | false> {
  const { findChromium } = await import('./browser-launch.ts');
  const found = findChromium({});
  return 'off' in found ? `needs Chromium for the browser tier: ${found.off}` : false;
}

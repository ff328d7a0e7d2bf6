/**
 * Load from a second process (autocannon) against a server in this process: requests per second,
 * latency percentiles and the server's CPU per request. Shared by the server benchmarks.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';

const run$ = promisify(execFile);
export const CONNECTIONS = 32;
export const SECONDS = 8;

export interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  /** The server's CPU time (this process: user + system) per answered request, in µs. */
  readonly cpuUsPerRequest: number;
}

/** autocannon in its own process, so the load generator does not share the server's event loop. */
export async function load(url: string, headers: Record<string, string>): Promise<LoadResult> {
  const headerArgs = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  const bin = new URL('../node_modules/.bin/autocannon', import.meta.url).pathname;
  // A short warm-up run first (JIT, caches), then the measured run.
  await run$(bin, ['-c', '8', '-d', '2', '-j', ...headerArgs, url], { maxBuffer: 1 << 24 });
  const args = ['-c', String(CONNECTIONS), '-d', String(SECONDS), '-j', ...headerArgs, url];
  // The server runs in this process and autocannon in its own, so this process's CPU time is
  // the server's: a figure the other load on a shared machine barely moves.
  const cpuBefore = process.cpuUsage();
  const { stdout } = await run$(bin, args, { maxBuffer: 1 << 24 });
  const cpu = process.cpuUsage(cpuBefore);
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  };
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    cpuUsPerRequest: (cpu.user + cpu.system) / Math.max(1, result.requests.total),
  };
}

export async function listen(server: FastifyInstance): Promise<string> {
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** Registers a reader on the server at `base`; the cookie header that signs its requests in. */
export async function registerReader(base: string): Promise<string> {
  const csrf = 'b'.repeat(32);
  const register = await fetch(`${base}/api/auth/register`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: `linhai_csrf=${csrf}`,
      'x-csrf-token': csrf,
    },
    body: JSON.stringify({ name: 'bench', password: 'bench-password' }),
  });
  const session = /linhai_session=([^;]+)/.exec(register.headers.get('set-cookie') ?? '')?.[1];
  if (!session) throw new Error(`registration failed: ${register.status}`);
  return `linhai_session=${session}; linhai_csrf=${csrf}`;
}

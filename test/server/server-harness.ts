import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { openApp, registerJobHandlers } from '#app';
import type { App } from '#app';
import type { Clock } from '#model';
import { buildServer } from '../../src/server/app.ts';
import type { ServerOptions } from '../../src/server/app.ts';
import { serverDeps } from '../../src/server/main.ts';
import { groupFromSearchStream } from './search-stream.ts';

export interface Harness {
  readonly app: App;
  readonly server: FastifyInstance;
  readonly dataDir: string;
  /** A browser-like client: keeps its cookies and sends the CSRF header on unsafe methods. */
  /** `ip` is the client address the server sees (rate limits count per address). */
  agent(ip?: string): Agent;
  close(): Promise<void>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Agent {
  readonly cookies: Map<string, string>;
  request(
    method: Method,
    url: string,
    body?: unknown,
    options?: { csrf?: boolean; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  /** Registers (or logs in) and returns the response. */
  register(name: string, password?: string, invite?: string): Promise<LightMyRequestResponse>;
  login(name: string, password?: string): Promise<LightMyRequestResponse>;
}

export const PASSWORD = 'correct horse battery';

export async function startHarness(
  options: {
    allowHosts?: readonly string[];
    server?: Partial<ServerOptions>;
    /** Runs the app's job handlers on its embedded queue, as `linhai serve` does by default. */
    jobs?: boolean;
    /** The app's clock (store times, the library's `now`); the system clock by default. */
    clock?: Clock;
  } = {},
): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'linhai-server-'));
  const app = await openApp({
    dataDir,
    ...(options.allowHosts ? { allowHosts: options.allowHosts } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const server = await buildServer(serverDeps(app, dataDir), {
    version: 'test',
    logger: false,
    webRoot: join(dataDir, 'no-web'),
    ...options.server,
  });
  await server.ready();
  if (options.jobs) {
    registerJobHandlers(app, app.queue);
    app.queue.start();
  }
  return {
    app,
    server,
    dataDir,
    agent: (ip = '127.0.0.1') => makeAgent(server, ip),
    async close() {
      await server.close();
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function makeAgent(server: FastifyInstance, ip: string): Agent {
  const cookies = new Map<string, string>();
  const request: Agent['request'] = async (method, url, body, options = {}) => {
    // A first GET gives a fresh client its CSRF cookie, as loading the web app would.
    if (method !== 'GET' && !cookies.has('linhai_csrf')) await request('GET', '/health');
    const headers: Record<string, string> = { ...options.headers };
    if (cookies.size > 0) headers['cookie'] = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && options.csrf !== false)
      headers['x-csrf-token'] = cookies.get('linhai_csrf') ?? '';
    const response = await server.inject({
      method,
      url,
      headers,
      remoteAddress: ip,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    for (const cookie of response.cookies as { name: string; value: string; expires?: Date }[]) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now()))
        cookies.delete(cookie.name);
      else cookies.set(cookie.name, cookie.value);
    }
    return response;
  };
  return {
    cookies,
    request,
    register: (name, password = PASSWORD, invite) =>
      request('POST', '/api/auth/register', {
        name,
        password,
        ...(invite === undefined ? {} : { invite }),
      }),
    login: (name, password = PASSWORD) => request('POST', '/api/auth/login', { name, password }),
  };
}

/** Imports book sources over the API as `admin` (the first user registered); the answer. */
export async function importSources(
  admin: Agent,
  sources: readonly unknown[],
): Promise<LightMyRequestResponse> {
  const imported = await admin.request('POST', '/api/sources', { text: JSON.stringify(sources) });
  assert.equal(imported.statusCode, 200, imported.body);
  return imported;
}

/** Searches the sources for `title` and adds the book the way the web app does (by group key). */
export async function addBookFromSearch(
  agent: Agent,
  title: string,
  options: { shelve?: boolean } = {},
): Promise<{ id: number; title: string }> {
  const search = await agent.request(
    'GET',
    `/api/search?q=${encodeURIComponent(title)}&deadlineMs=8000`,
  );
  const group = groupFromSearchStream(search.body, title);
  const added = await agent.request('POST', '/api/books', {
    groupKey: group.key,
    ...(options.shelve === false ? { shelve: false } : {}),
  });
  assert.equal(added.statusCode, 201, added.body);
  return (JSON.parse(added.body) as { book: { id: number; title: string } }).book;
}

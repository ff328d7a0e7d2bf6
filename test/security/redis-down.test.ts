/**
 * Issue 16 item 14: with Redis down, a login hung for about 70 s (ioredis's retries) and then
 * answered 500, and every source of a search failed (the host budgets live in Redis). Now a
 * login goes on with the failure counts in the process's memory, and a search asks every source
 * on the process's own host budgets, both within seconds. (test/faults/ covers Redis stopping
 * under load and coming back.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { openApp } from '#app';
import type { App } from '#app';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { searchWithHealth } from '#library';
import { buildServer } from '../../src/server/app.ts';
import { serverDeps } from '../../src/server/main.ts';
import { freePort } from '../faults/private-services.ts';

const BOUND_MS = 15_000;
let dataDir: string;
let app: App;
let server: FastifyInstance;
let cluster: DemoCluster;
let cookies = '';
let csrf = '';

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'linhai-redis-down-'));
  cluster = await startDemoSites({ sites: [{ template: 'json' }] });
  // Nothing listens on this port: Redis is down from the start.
  app = await openApp({
    dataDir,
    redisUrl: `redis://127.0.0.1:${await freePort()}`,
    allowHosts: ['127.0.0.1'],
    seedBuiltInSources: false,
  });
  await app.catalog.import(JSON.stringify(cluster.sites.map((site) => site.source)));
  server = await buildServer(serverDeps(app, dataDir), {
    version: 'test',
    logger: false,
    webRoot: join(dataDir, 'no-web'),
  });
  const first = await server.inject({ method: 'GET', url: '/health' });
  csrf = first.cookies.find((cookie) => cookie.name === 'linhai_csrf')!.value;
  cookies = `linhai_csrf=${csrf}`;
});
after(async () => {
  await server.close();
  await app.close({ queueGraceMs: 0 });
  await cluster.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The request, or a failure once it has taken longer than the bound (instead of ~70 s). */
async function within(request: InjectOptions) {
  let timer: NodeJS.Timeout | undefined;
  const started = Date.now();
  const answer = await Promise.race([
    server.inject(request),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${BOUND_MS} ms`)), BOUND_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  return { answer, ms: Date.now() - started };
}

test('with Redis down, register and login answer within seconds, and wrong ones are limited', async (t) => {
  const headers = { cookie: cookies, 'x-csrf-token': csrf };
  const body = { name: 'reader', password: 'correct horse battery' };
  const registered = await within({
    method: 'POST',
    url: '/api/auth/register',
    headers,
    payload: body,
  });
  assert.equal(registered.answer.statusCode, 201, registered.answer.body);
  const login = await within({ method: 'POST', url: '/api/auth/login', headers, payload: body });
  assert.equal(login.answer.statusCode, 200, login.answer.body);
  const statuses: number[] = [];
  for (let i = 0; i < 6; i += 1) {
    const wrong = await within({
      method: 'POST',
      url: '/api/auth/login',
      headers,
      payload: { name: 'reader', password: 'wrong password' },
    });
    statuses.push(wrong.answer.statusCode);
  }
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429], 'the limit holds in memory');
  t.diagnostic(`login ${login.ms} ms`);
});

test('with Redis down, a search still asks every source', async (t) => {
  // The use case the search route streams (the route needs a session, which test 1 covers).
  const title = cluster.site('json').books()[0]!.title;
  const started = Date.now();
  let summary: { sources: number; failed: number } | undefined;
  for await (const event of searchWithHealth(app.library, title, { deadlineMs: 8_000 }))
    if (event.type === 'finished') summary = event;
  assert.ok(summary);
  assert.deepEqual([summary.sources, summary.failed], [1, 0]);
  t.diagnostic(`search ${Date.now() - started} ms`);
});

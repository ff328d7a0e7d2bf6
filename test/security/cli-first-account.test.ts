/**
 * Issue 16 item 13: any CLI command run before `linhai serve` made the CLI's local reader the
 * first account, so the first account registered on the web was an ordinary reader and no
 * administrator could ever be made. The first account registered while there is no administrator
 * now becomes one, whatever the CLI did first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openApp } from '#app';
import type { App } from '#app';
import { buildServer } from '../../src/server/app.ts';
import { serverDeps } from '../../src/server/main.ts';
import { runCli } from '../cli/run-cli.ts';

let dataDir: string;
let app: App;
let server: FastifyInstance;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'linhai-cli-first-'));
  // The CLI first: `linhai shelf` makes the local reader.
  const shelf = await runCli(['shelf', '--data-dir', dataDir]);
  assert.equal(shelf.code, 0, shelf.stderr);
  app = await openApp({ dataDir });
  assert.deepEqual(
    (await app.store.users.list()).map((user) => [user.name, user.role]),
    [['local', 'reader']],
  );
  server = await buildServer(serverDeps(app, dataDir), {
    version: 'test',
    logger: false,
    webRoot: join(dataDir, 'no-web'),
  });
});
after(async () => {
  await server.close();
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('after the CLI, the first account registered on the web is the administrator', async () => {
  const registration = await server.inject({ method: 'GET', url: '/api/auth/registration' });
  assert.equal((JSON.parse(registration.body) as { firstAccount: boolean }).firstAccount, true);
  const csrf = registration.cookies.find((cookie) => cookie.name === 'linhai_csrf')!.value;
  const registered = await server.inject({
    method: 'POST',
    url: '/api/auth/register',
    headers: { cookie: `linhai_csrf=${csrf}`, 'x-csrf-token': csrf },
    payload: { name: 'owner', password: 'correct horse battery' },
  });
  assert.equal(registered.statusCode, 201, registered.body);
  assert.equal((JSON.parse(registered.body) as { role: string }).role, 'admin');
  // The next one needs an invitation, as on any instance with an administrator.
  const second = await server.inject({
    method: 'POST',
    url: '/api/auth/register',
    headers: { cookie: `linhai_csrf=${csrf}`, 'x-csrf-token': csrf },
    payload: { name: 'second', password: 'correct horse battery' },
  });
  assert.equal(second.statusCode, 403, second.body);
});

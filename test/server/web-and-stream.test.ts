/**
 * The web app from web/dist on the same port (with the app's own routes falling back to
 * index.html), Secure cookies behind an https proxy, and a search stream that stops asking the
 * sources when the browser goes away (over a real port, with a source that never answers).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { startHarness } from './server-harness.ts';
import type { Harness } from './server-harness.ts';

let cluster: DemoCluster;
let h: Harness;

before(async () => {
  cluster = await startDemoSites({
    sites: [{ template: 'json' }, { template: 'json', name: 'json-hang' }],
  });
  const webRoot = join(process.env['TMPDIR'] ?? '/tmp', `linhai-web-${process.pid}`);
  await mkdir(join(webRoot, 'assets'), { recursive: true });
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>linhai web</title>');
  await writeFile(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
  h = await startHarness({
    allowHosts: ['127.0.0.1'],
    server: { webRoot, trustProxy: true },
  });
  await h.app.catalog.import(JSON.stringify(cluster.sites.map((s) => s.source)));
});

after(async () => {
  await h?.close();
  await cluster?.close();
});

test('web/dist is served at /, its files, and index.html for the app’s own routes', async () => {
  const agent = h.agent();
  const index = await agent.request('GET', '/');
  assert.equal(index.statusCode, 200, index.body);
  assert.match(index.body, /linhai web/);
  assert.match(String(index.headers['content-security-policy']), /script-src 'self'/);
  const asset = await agent.request('GET', '/assets/app.js');
  assert.equal(asset.statusCode, 200);
  assert.match(String(asset.headers['content-type']), /javascript/);
  // Hashed assets are kept a year; the page itself is asked for again each time.
  assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(index.headers['cache-control'], 'no-cache');
  const route = await agent.request('GET', '/book/12', undefined, {
    headers: { accept: 'text/html' },
  });
  assert.equal(route.statusCode, 200);
  assert.match(route.body, /linhai web/);
  assert.equal(route.headers['cache-control'], 'no-cache');
  const api = await agent.request('GET', '/api/nothing', undefined, {
    headers: { accept: 'text/html' },
  });
  assert.equal(api.statusCode, 404);
  assert.equal(JSON.parse(api.body).error.code, 'not-found');
});

test('behind an https proxy the cookies are Secure', async () => {
  const agent = h.agent();
  const response = await agent.request(
    'POST',
    '/api/auth/register',
    { name: 'first', password: 'long enough' },
    {
      headers: { 'x-forwarded-proto': 'https' },
    },
  );
  assert.equal(response.statusCode, 201);
  assert.match(String(response.headers['set-cookie']), /linhai_session=[^;]+;.*Secure/);
});

test('closing the search stream stops the search (the hanging source is let go)', async () => {
  const agent = h.agent();
  await agent.login('first', 'long enough');
  const hang = cluster.site('json-hang');
  hang.setFaults([{ kind: 'hang', path: 'search' }]);
  hang.clearRequests();
  const address = await h.server.listen({ port: 0, host: '127.0.0.1' });
  const title = cluster.site('json').books()[0]!.title;
  const controller = new AbortController();
  const response = await fetch(
    `${address}/api/search?q=${encodeURIComponent(title)}&deadlineMs=30000`,
    {
      headers: { cookie: `linhai_session=${agent.cookies.get('linhai_session')}` },
      signal: controller.signal,
    },
  );
  assert.equal(response.status, 200);
  const reader = response.body!.getReader();
  let text = '';
  while (!text.includes('event: source-done')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  assert.match(text, /event: book/);
  const searching = hang.requests.find((r) => r.path.includes('search'));
  assert.ok(searching, 'the hanging source was asked');
  assert.equal(searching.endedAt, undefined, 'and is still hanging');
  const closedAt = Date.now();
  controller.abort();
  while (searching.endedAt === undefined && Date.now() - closedAt < 5000)
    await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(searching.endedAt !== undefined, 'the request to the hanging source was closed');
  assert.ok(Date.now() - closedAt < 5000, 'long before the 30 s deadline');
  hang.clearFaults();
});

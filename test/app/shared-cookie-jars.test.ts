/**
 * Cookie jars shared through the store (issue 21), at the network client: clients on separate
 * handles of one database stand for separate processes. A cookie one sets is seen by itself at
 * once; another process trusts its copy for its recheck window (a long one here, so the test
 * does not hang on timing), sees the cookie at once after `refresh`, and a process whose window
 * is 0 sees it on its next request; a removal travels the same way.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpClient } from '#net';
import type { HttpClient } from '#net';
import { openStore } from '#store';
import type { Store } from '#store';

let dir: string;
let server: Server;
let origin: string;
const stores: Store[] = [];
const clients: HttpClient[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linhai-jars-'));
  server = createServer((req, res) => {
    if (req.url === '/set') res.setHeader('set-cookie', 'pass=1; Path=/');
    if (req.url === '/unset') res.setHeader('set-cookie', 'pass=; Path=/; Max-Age=0');
    res.end(req.headers.cookie ?? 'none');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  for (const c of clients) await c.close();
  for (const s of stores) await s.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openProcess(recheckMs: number): Promise<HttpClient> {
  const store = openStore({ dataDir: dir });
  await store.migrate();
  stores.push(store);
  const client = createHttpClient({
    allowHosts: ['127.0.0.1'],
    env: {},
    robots: false,
    cookieStore: store.cookieJars,
    cookieRecheckMs: recheckMs,
  });
  clients.push(client);
  return client;
}

test('a cookie set or removed in one process reaches the others: at once, or after their window', async () => {
  const [a, b, c] = [await openProcess(60_000), await openProcess(60_000), await openProcess(0)];
  const source = { key: 'https://shared.example' };
  const get = (c: HttpClient, path: string) =>
    c.fetch({ url: `${origin}${path}`, kind: 'other', source }).then((r) => r.text);
  assert.equal(await get(b, '/page'), 'none', 'b has its copy of the empty jar');
  assert.equal(await get(a, '/set'), 'none');
  assert.equal(await get(a, '/page'), 'pass=1', 'a sees its own cookie at once');
  assert.equal(await get(b, '/page'), 'none', 'b trusts its copy inside its window');
  assert.equal(await get(c, '/page'), 'pass=1', 'c (window 0) asked the store and re-read it');
  await b.cookieJars.refresh(source.key);
  assert.equal(await get(b, '/page'), 'pass=1', 'after a refresh b has it');
  await get(b, '/unset');
  assert.equal(await get(c, '/page'), 'none', 'the removal reached c');
  await a.cookieJars.refresh(source.key);
  assert.equal(await get(a, '/page'), 'none', 'and a, after a refresh');
  const jar = c.cookieJars.reads;
  assert.ok(jar.checks >= 1 && jar.loads >= 2, `c asked the store: ${JSON.stringify(jar)}`);
});

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createHttpClient } from './client.ts';
import type { HttpClient } from './client.ts';
import type { LinhaiError } from '#model';
import { startServer } from './test-support.ts';
import type { TestServer } from './test-support.ts';

// A resolver we control: no name ever reaches real DNS, and nothing but 127.0.0.1 is contacted.
const table: Record<string, string> = {
  'public.example': '127.0.0.1', // stands in for a public site; allowed by name below
  localhost: '127.0.0.1',
  'evil.example': '10.0.0.5',
  'metadata.example': '169.254.169.254',
  'mapped.example': '::ffff:127.0.0.1',
};
const lookup = async (host: string) => {
  const address = table[host];
  if (!address) throw new Error(`ENOTFOUND ${host}`);
  return [{ address, family: address.includes(':') ? 6 : 4 }];
};

let site: TestServer;
const clients: HttpClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await site?.close();
});

function client(allowHosts: string[]): HttpClient {
  const c = createHttpClient({ allowHosts, lookup, env: {}, robots: false, retry: { retries: 0 } });
  clients.push(c);
  return c;
}

const refused = (host: string) => (e: LinhaiError) => {
  assert.equal(e.code, 'net-refused-guard', e.message);
  assert.ok(e.message.includes(String(e.details.rule)), e.message);
  assert.ok(
    String(e.details.host).includes(host.replace(/^\[|\]$/g, '')) || host === '',
    e.message,
  );
  return true;
};

describe('SSRF guard in the client', () => {
  const targets = [
    '127.0.0.1',
    'localhost',
    '[::1]',
    '[::ffff:127.0.0.1]',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.0.1',
    '169.254.169.254',
    '2130706433',
    '0177.0.0.1',
    'evil.example',
    'metadata.example',
    'mapped.example',
  ];

  test('refuses guarded hosts without sending anything', async () => {
    site = await startServer((_req, res) => void res.end('secret'));
    const c = client([]);
    for (const host of targets) {
      const url = `http://${host}:${site.port}/admin`;
      await assert.rejects(c.fetch({ url, kind: 'other' }), refused(new URL(url).hostname));
    }
    assert.equal(site.requests.length, 0);
  });

  test('refuses a public name redirecting to any of them', async () => {
    const redirector = await startServer((req, res) => {
      const to = decodeURIComponent(req.url!.slice('/go?to='.length));
      res.writeHead(302, { location: `http://${to}:${site.port}/admin` });
      res.end();
    });
    try {
      const c = client(['public.example']);
      for (const host of targets) {
        const url = `http://public.example:${redirector.port}/go?to=${encodeURIComponent(host)}`;
        await assert.rejects(c.fetch({ url, kind: 'other' }), { code: 'net-refused-guard' });
      }
      assert.equal(
        redirector.requests.length,
        targets.length,
        'each first hop reached the allowed name',
      );
      assert.equal(site.requests.length, 0, 'no redirect reached a guarded address');
    } finally {
      await redirector.close();
    }
  });

  test('an allowed address or range goes through', async () => {
    assert.equal(
      (await client(['127.0.0.1']).fetch({ url: `${site.origin}/`, kind: 'other' })).text,
      'secret',
    );
    assert.equal(
      (
        await client(['127.0.0.0/8']).fetch({
          url: `http://localhost:${site.port}/`,
          kind: 'other',
        })
      ).text,
      'secret',
    );
    const viaEnv = createHttpClient({
      env: { LINHAI_ALLOW_HOSTS: 'books.lan, 127.0.0.1' },
      lookup,
      robots: false,
    });
    clients.push(viaEnv);
    assert.equal((await viaEnv.fetch({ url: `${site.origin}/`, kind: 'other' })).text, 'secret');
  });
});

describe('proxies', () => {
  test('a source proxy carries the request (CONNECT tunnel); the target is still guarded', async () => {
    const tunnels: string[] = [];
    const proxy = createServer((socket) => {
      socket.once('data', (head) => {
        const line = head.toString('latin1').split('\r\n')[0]!; // "CONNECT 127.0.0.1:8080 HTTP/1.1"
        tunnels.push(line);
        const [host, port] = line.split(' ')[1]!.split(':');
        const upstream = createConnection(Number(port), host, () => {
          socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.pipe(socket);
          socket.pipe(upstream);
        });
        upstream.on('error', () => socket.destroy());
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const c = client(['127.0.0.1']);
      const source = { key: 'proxied', proxy: proxyUrl };
      assert.equal(
        (await c.fetch({ url: `${site.origin}/`, kind: 'other', source })).text,
        'secret',
      );
      assert.equal(tunnels.length, 1);
      assert.match(tunnels[0]!, /^CONNECT 127\.0\.0\.1:\d+ HTTP\/1\.1$/);
      await assert.rejects(
        c.fetch({ url: `http://evil.example:${site.port}/`, kind: 'other', source }),
        { code: 'net-refused-guard' },
      );
      assert.equal(tunnels.length, 1);
      // From the environment, with NO_PROXY honoured.
      const envClient = createHttpClient({
        allowHosts: ['127.0.0.1'],
        env: { HTTP_PROXY: proxyUrl },
        robots: false,
      });
      clients.push(envClient);
      await envClient.fetch({ url: `${site.origin}/`, kind: 'other' });
      assert.equal(tunnels.length, 2);
      const noProxy = createHttpClient({
        allowHosts: ['127.0.0.1'],
        env: { HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' },
        robots: false,
      });
      clients.push(noProxy);
      await noProxy.fetch({ url: `${site.origin}/`, kind: 'other' });
      assert.equal(tunnels.length, 2);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      clients.length = 0;
      proxy.close();
    }
  });
});

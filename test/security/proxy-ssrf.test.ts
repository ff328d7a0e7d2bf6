/**
 * Issue 16, item 1: a source's `header` may name a proxy. The SSRF guard checked only the target,
 * so `{"proxy": "http://127.0.0.1:…"}` reached loopback; and a proxy that closes without answering
 * CONNECT made undici reconnect in a loop (34,401 connections in 18 s), past the deadline.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { createHttpClient } from '#net';
import type { HttpClient } from '#net';
import { isLinhaiError } from '#model';
import { createSandbox } from '#rules';
import { createSourceDriver, importSources } from '#sources';

// Names never reach real DNS: the target stands for a public site (only ever reached through the
// proxy, which never forwards), the proxy names resolve to loopback.
const table: Record<string, string> = {
  'novels.example': '93.184.216.34',
  'proxy.example': '127.0.0.1',
};
const lookup = async (host: string) => {
  const address = table[host];
  if (!address) throw new Error(`ENOTFOUND ${host}`);
  return [{ address, family: 4 }];
};

/** A TCP "proxy" on 127.0.0.1 that counts connections and answers as `behave` says. */
async function startProxy(behave: (socket: Socket) => void): Promise<{
  port: number;
  connections: () => number;
  close: () => Promise<void>;
}> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    behave(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const clients: HttpClient[] = [];
const closers: (() => Promise<void>)[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(closers.map((c) => c()));
});

function client(allowHosts: string[], totalMs = 30_000): HttpClient {
  const c = createHttpClient({ env: {}, robots: false, lookup, allowHosts, timeouts: { totalMs } });
  clients.push(c);
  return c;
}

describe('a source proxy on a guarded address', () => {
  test('is refused before connecting, as a literal address or a name', async () => {
    const proxy = await startProxy((s) => s.end('HTTP/1.1 200 Connection established\r\n\r\n'));
    closers.push(proxy.close);
    const c = client([]);
    for (const host of ['127.0.0.1', 'proxy.example', '[::ffff:127.0.0.1]']) {
      await assert.rejects(
        c.fetch({
          url: 'http://novels.example/book/1',
          kind: 'toc',
          source: { key: 'hostile', proxy: `http://${host}:${proxy.port}` },
        }),
        (e) => isLinhaiError(e, 'net-refused-guard'),
        host,
      );
    }
    assert.equal(proxy.connections(), 0);
  });

  test('named in a source header (JSON or script) is refused through the driver', async () => {
    const proxy = await startProxy((s) => s.end('HTTP/1.1 200 Connection established\r\n\r\n'));
    closers.push(proxy.close);
    const proxyUrl = `http://127.0.0.1:${proxy.port}`;
    const sandbox = await createSandbox();
    const headers = [
      JSON.stringify({ proxy: proxyUrl }),
      `@js:JSON.stringify({proxy: ${JSON.stringify(proxyUrl)}})`,
    ];
    for (const header of headers) {
      const [source] = importSources(
        JSON.stringify([
          {
            bookSourceUrl: 'http://novels.example',
            bookSourceName: 'hostile',
            header,
            searchUrl: '/search?q={{key}}',
            ruleSearch: { bookList: 'li', name: 'a@text', bookUrl: 'a@href' },
          },
        ]),
      ).sources;
      const driver = createSourceDriver({ source: source!, fetcher: client([]), sandbox });
      await assert.rejects(
        driver.search('x'),
        (e) => isLinhaiError(e, 'net-refused-guard'),
        header,
      );
    }
    assert.equal(proxy.connections(), 0);
    sandbox.dispose();
  });
});

describe('a proxy that closes without answering CONNECT', () => {
  test('fails the request after the bounded retries, and nothing dials it afterwards', async () => {
    const proxy = await startProxy((s) => s.once('data', () => s.end()));
    closers.push(proxy.close);
    // The administrator allowed the proxy's address; the attack is now about time, not reach.
    const c = client(['127.0.0.1'], 3_000);
    const started = performance.now();
    await assert.rejects(
      c.fetch({
        url: 'https://novels.example/book/1',
        kind: 'toc',
        source: { key: 'hostile', proxy: `http://127.0.0.1:${proxy.port}` },
      }),
      (e) => isLinhaiError(e, 'net-connection') || isLinhaiError(e, 'net-timeout'),
    );
    // Generous for a loaded CI machine: the loop ran until killed, never returning.
    assert.ok(performance.now() - started < 15_000, 'the request outlived its deadline');
    const after = proxy.connections();
    assert.ok(after <= 3, `${after} connections for one request with 2 retries`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(proxy.connections(), after, 'connections went on after the request failed');
  });
});

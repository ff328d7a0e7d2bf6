// HTTPS through the guard: the TLS socket connects to the address the guard checked, and the
// certificate is verified against the host name (an internal CA is trusted with `ca`).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpClient } from './client.ts';

const dir = mkdtempSync(join(tmpdir(), 'linhai-tls-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function certificate(): { key: string; cert: string } | undefined {
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=public.example',
        '-addext',
        'subjectAltName=DNS:public.example',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } catch {
    return undefined;
  }
}

const lookup = async (host: string) => {
  const table: Record<string, string> = {
    'public.example': '127.0.0.1',
    'evil.example': '127.0.0.1',
  };
  const address = table[host];
  if (!address) throw new Error(`ENOTFOUND ${host}`);
  return [{ address, family: 4 }];
};

test('HTTPS: guard-checked connect, certificate verified for the name', async (t) => {
  const tls = certificate();
  if (!tls) return t.skip('openssl is not available to make a test certificate');
  const server = createServer(tls, (req, res) => res.end(`secure ${req.headers.host}`));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const client = createHttpClient({
    allowHosts: ['public.example'],
    lookup,
    env: {},
    robots: false,
    ca: tls.cert,
    retry: { retries: 0 },
  });
  const untrusting = createHttpClient({
    allowHosts: ['public.example'],
    lookup,
    env: {},
    robots: false,
    retry: { retries: 0 },
  });
  try {
    const r = await client.fetch({ url: `https://public.example:${port}/`, kind: 'other' });
    assert.equal(r.text, `secure public.example:${port}`);
    // evil.example resolves to the same loopback address but is not allowed: refused before TLS.
    await assert.rejects(client.fetch({ url: `https://evil.example:${port}/`, kind: 'other' }), {
      code: 'net-refused-guard',
    });
    // Without the CA the certificate is not trusted: a connection error, not a silent pass.
    await assert.rejects(
      untrusting.fetch({ url: `https://public.example:${port}/`, kind: 'other' }),
      { code: 'net-connection' },
    );
  } finally {
    await client.close();
    await untrusting.close();
    server.closeAllConnections();
    server.close();
  }
});

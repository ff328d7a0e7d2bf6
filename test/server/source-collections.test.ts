/**
 * One import for the CLI and the server (issue 24): a file that is a `{ "sourceUrls": [...] }`
 * envelope imports the collections it lists, whether it comes through `POST /api/sources` or
 * `linhai sources import`; a listed collection that answers an HTTP error fails the import with
 * that status, and nothing of it is stored.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLinhaiError } from '#model';
import { sourcesCli } from '../cli/sources-in-process.ts';
import { startHarness } from './server-harness.ts';
import type { Harness } from './server-harness.ts';

const source = (n: number) => ({ bookSourceUrl: `https://s${n}.test`, bookSourceName: `S${n}` });
let host: Server;
let base: string;
let h: Harness;
const allowed = process.env.LINHAI_ALLOW_HOSTS;

before(async () => {
  // The collections a listing names: two of them, and one that is gone.
  host = createServer((req, res) => {
    if (req.url === '/a.json') res.end(JSON.stringify([source(1), source(2)]));
    else if (req.url === '/b.json') res.end(JSON.stringify(source(3)));
    else res.writeHead(404).end('gone');
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  h = await startHarness({ allowHosts: ['127.0.0.1'] });
  process.env.LINHAI_ALLOW_HOSTS = '127.0.0.1';
});
after(async () => {
  if (allowed === undefined) delete process.env.LINHAI_ALLOW_HOSTS;
  else process.env.LINHAI_ALLOW_HOSTS = allowed;
  await h.close();
  await new Promise((resolve) => host.close(resolve));
});

const envelope = () => JSON.stringify({ sourceUrls: [`${base}/a.json`, `${base}/b.json`] });

test('POST /api/sources follows the collections a sourceUrls envelope lists', async () => {
  const admin = h.agent();
  assert.equal((await admin.register('admin')).statusCode, 201);
  const imported = await admin.request('POST', '/api/sources', { text: envelope() });
  assert.equal(imported.statusCode, 200, imported.body);
  const report = JSON.parse(imported.body) as { imported: number; sourceUrls: string[] };
  assert.equal(report.imported, 3);
  assert.deepEqual(report.sourceUrls, [`${base}/a.json`, `${base}/b.json`]);
  const listed = JSON.parse((await admin.request('GET', '/api/sources')).body) as {
    url: string;
  }[];
  assert.deepEqual(listed.map((s) => s.url).sort(), [
    'https://s1.test',
    'https://s2.test',
    'https://s3.test',
  ]);

  const gone = await admin.request('POST', '/api/sources', {
    text: JSON.stringify({ sourceUrls: [`${base}/gone.json`] }),
  });
  assert.equal(gone.statusCode, 502, gone.body);
  assert.match(gone.body, /HTTP 404/);
});

test('linhai sources import follows the same envelope from a file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'linhai-collections-'));
  try {
    const cli = sourcesCli(dir);
    const out = cli.out;
    const run = (args: string[]) => cli.run(['sources', ...args]);
    const file = join(dir, 'listing.json');
    writeFileSync(file, envelope());
    await run(['import', file, '--json']);
    assert.equal((JSON.parse(out[0] ?? '{}') as { imported: number }).imported, 3);
    out.length = 0;
    await run(['list', '--json']);
    assert.equal((JSON.parse(out[0] ?? '[]') as unknown[]).length, 3);

    writeFileSync(file, JSON.stringify({ sourceUrls: [`${base}/gone.json`] }));
    await assert.rejects(run(['import', file]), (e) => {
      assert.ok(isLinhaiError(e, 'net-http-status'), String(e));
      assert.equal(e.details['status'], 404);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

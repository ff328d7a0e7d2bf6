/**
 * A source imported from a file is tried once in the background (issue 17): one whose site cannot
 * be reached (a closed port on 127.0.0.1) is turned off with the reason, so later searches skip it
 * instead of reporting the same failure every time; a reachable demo site's source stays on, and
 * importing the file again tries again. `linhai sources import` says which it turned off.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openApp } from '#app';
import type { App } from '#app';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { searchBooks } from '#library';
import { runCli } from '../cli/run-cli.ts';

let cluster: DemoCluster;
let app: App;
let dir: string;
let closedSite: string;

/** A port on 127.0.0.1 that was just free and nobody listens on: connections are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

before(async () => {
  cluster = await startDemoSites({
    sites: [{ template: 'biquge' }, { template: 'paged', name: 'paged-500' }],
  });
  dir = mkdtempSync(join(tmpdir(), 'linhai-unreachable-'));
  app = await openApp({ dataDir: dir, allowHosts: ['127.0.0.1'], seedBuiltInSources: false });
  closedSite = `http://127.0.0.1:${await closedPort()}`;
});

after(async () => {
  await app?.close();
  await cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The demo site's source, and the same rules at the closed port under another name. */
function collection(): string {
  const reachable = cluster.sites[0]!.source;
  const gone = {
    ...reachable,
    bookSourceUrl: closedSite,
    bookSourceName: 'Gone site',
    searchUrl: `${closedSite}/search?q={{key}}`,
  };
  return JSON.stringify([reachable, gone]);
}

async function failedSources(query: string): Promise<string[]> {
  const failed: string[] = [];
  for await (const event of searchBooks(app.library, query)) {
    if (event.type === 'source-failed') failed.push(event.source.key);
  }
  return failed;
}

test('an imported source whose site refuses connections is turned off with the reason', async () => {
  const result = await app.catalog.import(collection(), { tryReach: true });
  assert.equal(result.sources.length, 2);
  const unreachable = await app.catalog.unreachable();
  assert.deepEqual(
    unreachable.map((u) => [u.key, u.code]),
    [[closedSite, 'net-connection']],
  );
  const gone = await app.store.sources.getByUrl(closedSite);
  assert.equal(gone?.enabled, false);
  assert.match(gone?.lastError ?? '', /^unreachable when imported: /);
  const demo = await app.store.sources.getByUrl(String(cluster.sites[0]!.source.bookSourceUrl));
  assert.equal(demo?.enabled, true);
  assert.equal(demo?.lastError, undefined);
});

test('a site that answers, even with 500s, stays on (it exists; a search there may work later)', async () => {
  const failing = cluster.site('paged-500');
  failing.setFaults([{ kind: 'status', status: 500, path: '/^\\/(?!robots\\.txt)/' }]);
  try {
    await app.catalog.import(JSON.stringify([failing.source]), { tryReach: true });
    assert.deepEqual(await app.catalog.unreachable(), []);
    const row = await app.store.sources.getByUrl(String(failing.source.bookSourceUrl));
    assert.equal(row?.enabled, true);
    assert.equal(row?.lastError, undefined);
    await app.store.sources.remove(row!.id); // the tests below count the two sources of collection()
  } finally {
    failing.clearFaults();
  }
});

test('later searches ask only the reachable source and report no failure', async () => {
  assert.deepEqual(await failedSources('星河'), []);
});

test('importing the file again turns the source on and tries it again', async () => {
  await app.catalog.import(collection(), { tryReach: true });
  const again = await app.catalog.unreachable();
  assert.deepEqual(
    again.map((u) => u.key),
    [closedSite],
  );
  assert.equal((await app.store.sources.getByUrl(closedSite))?.enabled, false);
});

test('linhai sources import lists the sources it turned off', async () => {
  const file = join(dir, 'sources.json');
  writeFileSync(file, collection());
  const env = {
    LINHAI_DATA_DIR: join(dir, 'cli'),
    LINHAI_ALLOW_HOSTS: '127.0.0.1',
    LINHAI_BUILTIN_SOURCES: '0',
  };
  const result = await runCli(['sources', 'import', file], env);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`turned off, unreachable: Gone site \\(${closedSite}\\)`));
  assert.match(result.stdout, /^2 sources imported .*, 1 turned off as unreachable/m);
  const list = await runCli(['sources', 'list'], env);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /Gone site .*\(disabled: unreachable when imported: /);
});

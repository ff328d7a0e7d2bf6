/**
 * A script challenge passed by one process serves every process of the installation (issue 21):
 * two apps on one data folder (one SQLite database, as `linhai serve` and a `linhai worker` share
 * it). The first, with Chromium, searches a site behind a cookie-setting script challenge and
 * passes it in the browser; the second, with the browser tier off, then searches the same site
 * plainly: the challenge cookie comes from the shared jar, so it gets the results, not the
 * challenge (without the shared jar it fails with a bad page naming the remedy).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '#app';
import { startBrowserDemoSite } from '#demo';
import { findChromium } from '#net';

const chromium = findChromium();

test(
  'a challenge passed in one process is used by another without a browser',
  { skip: 'off' in chromium ? `no browser tier on this machine: ${chromium.off}` : false },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linhai-shared-challenge-'));
    const site = await startBrowserDemoSite('challenge');
    const options = { dataDir: dir, allowHosts: ['127.0.0.1'], seedBuiltInSources: false };
    const first = await openApp(options);
    const saved = process.env.LINHAI_BROWSER;
    let second: Awaited<ReturnType<typeof openApp>> | undefined;
    try {
      assert.equal(first.hasBrowserTier, true);
      assert.deepEqual((await first.catalog.import(JSON.stringify(site.sources))).errors, []);
      const key = String(site.sources[0]?.bookSourceUrl);
      const title = site.books[0]?.title ?? '';
      const search = async (app: typeof first) =>
        (await app.gateway.search(key, title, new AbortController().signal)).map((b) => b.name);
      assert.ok((await search(first)).includes(title), 'the first process passed the challenge');

      process.env.LINHAI_BROWSER = 'off';
      second = await openApp(options);
      assert.equal(second.hasBrowserTier, false, 'the second process has no browser tier');
      const before = site.requests.length;
      assert.ok((await search(second)).includes(title), 'plain results, with the shared cookie');
      const asked = site.requests.slice(before);
      assert.equal(asked.filter((p) => p.startsWith('/search')).length, 1, 'one plain request');
    } finally {
      if (saved === undefined) delete process.env.LINHAI_BROWSER;
      else process.env.LINHAI_BROWSER = saved;
      await second?.close();
      await first.close();
      await site.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

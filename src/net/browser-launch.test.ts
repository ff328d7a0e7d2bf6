import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findChromium } from './browser-launch.ts';
import { openBrowserTier } from './browser-pool.ts';
import { createHttpClient } from './client.ts';

describe('finding Chromium (the tier is optional)', () => {
  it('LINHAI_BROWSER=off turns the tier off, saying so', () => {
    const found = findChromium({ LINHAI_BROWSER: 'off', LINHAI_CHROMIUM: process.execPath });
    assert.deepEqual(found, { off: 'LINHAI_BROWSER=off turns the browser tier off' });
  });

  it('LINHAI_CHROMIUM that does not exist is off with the way to enable it', () => {
    const found = findChromium({ LINHAI_CHROMIUM: '/nonexistent/chrome' });
    assert.ok('off' in found);
    assert.match(found.off, /does not exist; install Chromium .*LINHAI_CHROMIUM/);
  });

  it('LINHAI_CHROMIUM names the binary to use', () => {
    assert.deepEqual(findChromium({ LINHAI_CHROMIUM: process.execPath }), {
      path: process.execPath,
    });
  });

  it('an app without the tier gets the reason, not a pool', async () => {
    const client = createHttpClient({ env: {} });
    try {
      const tier = openBrowserTier(client, { env: { LINHAI_BROWSER: 'off' } });
      assert.ok('off' in tier);
    } finally {
      await client.close();
    }
  });

  it('a binary that is not a browser fails the first use with capability-missing and the hint', async () => {
    const client = createHttpClient({ env: {}, allowHosts: ['127.0.0.1'] });
    const opened = openBrowserTier(client, { env: { LINHAI_CHROMIUM: '/bin/false' } });
    assert.ok('tier' in opened);
    try {
      await assert.rejects(
        opened.tier.render({ url: 'http://127.0.0.1:9/', kind: 'other' }),
        (e: Error & { code?: string }) =>
          e.code === 'capability-missing' && /apt install chromium/.test(e.message),
      );
    } finally {
      await opened.tier.close();
      await client.close();
    }
  });
});

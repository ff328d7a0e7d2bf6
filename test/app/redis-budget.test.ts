import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startDemoSites } from '#demo';
import { openApp } from '#app';

const redisUrl = process.env.LINHAI_TEST_REDIS_URL;

test(
  'with a Redis URL the app fetches through the shared per-host budget in Redis',
  {
    skip: redisUrl ? false : 'LINHAI_TEST_REDIS_URL is not set: the Redis budget is not exercised',
  },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linhai-redis-app-'));
    const cluster = await startDemoSites({ sites: [{ template: 'json' }] });
    const redis = new Redis(redisUrl!);
    const app = await openApp({
      dataDir: dir,
      redisUrl: redisUrl!,
      allowHosts: ['127.0.0.1'],
      seedBuiltInSources: false,
    });
    try {
      const site = cluster.sites[0]!;
      const host = new URL(site.origin).host;
      const response = await app.http.fetch({ url: `${site.origin}/robots.txt`, kind: 'other' });
      assert.equal(response.status, 200);
      const keys = await redis.keys(`linhai:budget*${host}*`);
      assert.ok(keys.length > 0, `the budget of ${host} is kept in Redis`);
    } finally {
      await app.close();
      await cluster.close();
      await redis.quit();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

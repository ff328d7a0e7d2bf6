// The "against the demo sites" tests: the real client against the demo sites of #demo.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoSites } from '#demo';
import type { DemoCluster, DemoSite } from '#demo';
import type { LinhaiError } from '#model';
import { createHttpClient } from './client.ts';
import type { HttpClient } from './client.ts';
import type { HttpClientOptions } from './options.ts';

let cluster: DemoCluster;
let site: DemoSite;
const clients: HttpClient[] = [];

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'biquge' }] });
  site = cluster.site('biquge');
});
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cluster.close();
});

function client(options: HttpClientOptions = {}): HttpClient {
  const c = createHttpClient({
    allowHosts: ['127.0.0.1'],
    env: {},
    politeness: { concurrency: 8, minIntervalMs: 0 },
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    ...options,
  });
  clients.push(c);
  return c;
}

const pathOf = (url: string) => new URL(url).pathname;

describe('against the demo sites', () => {
  test('per-host limits hold under concurrent callers: measured rate and concurrency', async (t) => {
    site.clearFaults();
    site.setFaults([{ kind: 'latency', ms: 120, path: '.html' }]);
    site.clearRequests();
    const c = client({ politeness: { concurrency: 3, minIntervalMs: 50 } });
    const urls = Array.from({ length: 30 }, (_, i) => site.chapterUrl(1, i));
    // Six callers (users, books, the scheduler) share one budget.
    await Promise.all(
      Array.from({ length: 6 }, async (_, caller) => {
        for (let i = caller; i < urls.length; i += 6)
          await c.fetch({ url: urls[i]!, kind: 'content' });
      }),
    );
    const starts = site.requests.filter((r) => r.path !== '/robots.txt').map((r) => r.startedAt);
    starts.sort((a, b) => a - b);
    const rate = (starts.length - 1) / ((starts[starts.length - 1]! - starts[0]!) / 1000);
    t.diagnostic(
      `budget 3 at once, 20/s: achieved ${rate.toFixed(1)} req/s, peak concurrency ${site.peakConcurrency()}`,
    );
    assert.ok(site.peakConcurrency() <= 3, `peak ${site.peakConcurrency()}`);
    // Server-side timestamps jitter on a busy machine; the bench measures precision.
    assert.ok(rate <= 22, `rate ${rate}`);
    site.clearFaults();
  });

  test('Retry-After is honoured', async () => {
    const url = site.chapterUrl(2, 0);
    site.setFaults([{ kind: 'retry-after', retryAfterSeconds: 1, times: 1, path: pathOf(url) }]);
    site.clearRequests();
    const c = client();
    const r = await c.fetch({ url, kind: 'content' });
    assert.equal(r.status, 200);
    const hits = site.requests.filter((q) => q.path === pathOf(url));
    assert.equal(hits.length, 2);
    assert.equal(hits[0]!.status, 429);
    assert.ok(
      hits[1]!.startedAt - hits[0]!.startedAt >= 950,
      `waited ${hits[1]!.startedAt - hits[0]!.startedAt} ms`,
    );
  });

  test('the breaker opens on repeated failures and recovers', async () => {
    site.setFaults([{ kind: 'status', status: 500 }]);
    const c = client({
      retry: { retries: 0 },
      breaker: { failureThreshold: 3, openMs: 400 },
      robots: false,
    });
    for (let i = 0; i < 3; i++) {
      await assert.rejects(c.fetch({ url: site.chapterUrl(1, i), kind: 'content' }), {
        code: 'net-http-status',
      });
    }
    site.clearRequests();
    await assert.rejects(c.fetch({ url: site.chapterUrl(1, 4), kind: 'content' }), {
      code: 'net-breaker-open',
    });
    assert.equal(site.requests.length, 0);
    site.clearFaults();
    await new Promise((r) => setTimeout(r, 450));
    assert.equal((await c.fetch({ url: site.chapterUrl(1, 4), kind: 'content' })).status, 200);
    assert.equal(c.health().hosts[0]!.breaker, 'closed');
  });

  test('a hanging server times out; a 50 MB page is cut at the cap; a redirect loop ends', async () => {
    const c = client({
      timeouts: { firstByteMs: 500, totalMs: 5000 },
      maxBodyBytes: 2 * 1024 * 1024,
      retry: { retries: 0 },
    });
    const [hang, huge, loop] = [1, 2, 3].map((i) => site.chapterUrl(1, i)) as [
      string,
      string,
      string,
    ];
    site.setFaults([
      { kind: 'hang', path: pathOf(hang) },
      { kind: 'huge', path: pathOf(huge) },
      { kind: 'redirect-loop', path: pathOf(loop) },
    ]);
    try {
      await assert.rejects(c.fetch({ url: hang, kind: 'content' }), (e: LinhaiError) => {
        assert.equal(e.code, 'net-timeout');
        assert.equal(e.details.phase, 'first-byte');
        return true;
      });
      await assert.rejects(c.fetch({ url: huge, kind: 'content' }), {
        code: 'net-too-large',
      });
      await assert.rejects(c.fetch({ url: loop, kind: 'content' }), {
        code: 'net-too-many-redirects',
      });
    } finally {
      site.clearFaults();
    }
  });

  test('a mislabelled GBK page decodes correctly', async () => {
    const c = client();
    const url = site.chapterUrl(1, 5);
    const truth = await c.fetch({ url, kind: 'content' });
    assert.equal(truth.charset, 'gb18030');
    for (const variant of ['header', 'none', 'meta'] as const) {
      site.setFaults([{ kind: 'wrong-charset', variant, path: pathOf(url) }]);
      const r = await c.fetch({ url, kind: 'content' });
      // The fault rewrites the <meta> tag itself; everything else must decode identically.
      const noMeta = (html: string) => html.replace(/<meta[^>]*charset[^>]*>/gi, ''); // <meta charset="gbk" />
      assert.equal(noMeta(r.text), noMeta(truth.text), `variant ${variant}`);
      assert.match(r.text, /第6章/);
    }
    site.clearFaults();
  });

  test('a 304 is used on the second poll', async () => {
    const c = client();
    site.clearRequests();
    const first = await c.fetch({ url: site.bookUrl(1), kind: 'toc', conditional: true });
    assert.equal(first.notModified, false);
    const second = await c.fetch({ url: site.bookUrl(1), kind: 'toc', conditional: true });
    assert.equal(second.notModified, true);
    assert.deepEqual(
      site.requests.filter((r) => r.path === pathOf(site.bookUrl(1))).map((r) => r.status),
      [200, 304],
    );
  });
});

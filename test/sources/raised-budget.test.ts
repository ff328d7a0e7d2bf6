/**
 * An administrator's raised politeness budget for a source (issue 18), over local demo sites with
 * the real network client and its default-style spacing: the raised rate takes effect, and
 * robots.txt (its Disallow rules and Crawl-delay) still applies under it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isLinhaiError } from '#model';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { createHttpClient } from '#net';
import type { HttpClient } from '#net';
import { createSourceDriver, importSources } from '#sources';
import type { BookSource, SourceDriver, TocEntry } from '#sources';

/** The host's default spacing in this test: one request start per 400 ms. */
const intervalMs = 400;

describe('a raised politeness budget per source', () => {
  let cluster: DemoCluster;
  let client: HttpClient;
  before(async () => {
    cluster = await startDemoSites({
      sites: [
        { template: 'biquge', name: 'open' },
        {
          template: 'biquge',
          name: 'strict',
          robots: 'User-agent: *\nCrawl-delay: 1\nDisallow: /10_10001/5010003.html\n',
        },
      ],
    });
    cluster.clock.advance(20 * 365 * 24 * 3_600_000); // every chapter published
    client = createHttpClient({
      allowHosts: ['127.0.0.1'],
      politeness: { concurrency: 2, minIntervalMs: intervalMs },
      retry: { retries: 0 },
    });
  });
  after(async () => {
    await client.close();
    await cluster.close();
  });

  const sourceOf = (name: string): BookSource => {
    const [source] = importSources(JSON.stringify(cluster.site(name).source)).sources;
    assert.ok(source);
    return source;
  };
  const chaptersOf = async (driver: SourceDriver, name: string): Promise<TocEntry[]> =>
    (await driver.toc({ bookUrl: `${cluster.site(name).origin}/10_10001/` })).filter(
      (c) => !c.isVolume && c.title.startsWith('第'),
    );
  const elapsed = async (work: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };

  test('the raised rate takes effect: requests are no longer spaced by the host default', async () => {
    const source = sourceOf('open');
    const plain = createSourceDriver({ source, fetcher: client });
    const raised = createSourceDriver({
      source,
      fetcher: client,
      raisedBudget: { concurrency: 8, minIntervalMs: 0 },
    });
    const chapters = (await chaptersOf(plain, 'open')).slice(0, 8);
    assert.equal(chapters.length, 8);
    const plainMs = await elapsed(() => Promise.all(chapters.map((c) => plain.content(c))));
    // 8 starts on the budget's grid: 7 intervals, less the half interval a late start may catch up.
    assert.ok(plainMs >= 6.5 * intervalMs - 50, `default spacing took only ${plainMs} ms`);
    const raisedMs = await elapsed(() => Promise.all(chapters.map((c) => raised.content(c))));
    assert.ok(raisedMs < plainMs / 2, `raised: ${raisedMs} ms, default: ${plainMs} ms`);
    const record = client.health().budgetRaises.find((r) => r.source === source.bookSourceUrl);
    assert.deepEqual(record && { ...record, requests: record.requests >= 8 }, {
      source: source.bookSourceUrl,
      concurrency: 8,
      minIntervalMs: 0,
      requests: true,
    });
  });

  test('robots.txt still applies under a raised budget: Crawl-delay spaces, Disallow refuses', async () => {
    const source = sourceOf('strict');
    const raised = createSourceDriver({
      source,
      fetcher: client,
      raisedBudget: { concurrency: 8, minIntervalMs: 0 },
    });
    const chapters = await chaptersOf(raised, 'strict');
    const allowed = chapters.filter((c) => !c.url.endsWith('/5010003.html')).slice(0, 3);
    const ms = await elapsed(() => Promise.all(allowed.map((c) => raised.content(c))));
    // 3 starts 1 s apart on the grid (less the half interval a late start may catch up).
    assert.ok(ms >= 1500 - 50, `Crawl-delay 1 s was not kept: 3 chapters in ${ms} ms`);
    const disallowed = chapters.find((c) => c.url.endsWith('/5010003.html'));
    assert.ok(disallowed);
    await assert.rejects(raised.content(disallowed), (e) => isLinhaiError(e, 'net-refused-robots'));
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogue, DEMO_EPOCH, DemoClock, startDemoSites, writeDemoSources } from '#demo';
import { fetchPage } from './testing.ts';

test('by default one site of each of the four templates, each on its own port with robots.txt', async () => {
  const cluster = await startDemoSites();
  try {
    assert.deepEqual(cluster.sites.map((s) => s.template).sort(), [
      'biquge',
      'english',
      'json',
      'paged',
    ]);
    assert.equal(new Set(cluster.sites.map((s) => s.origin)).size, 4);
    for (const site of cluster.sites) {
      assert.match(site.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
      const robots = await fetchPage(`${site.origin}/robots.txt`);
      assert.equal(robots.status, 200);
      assert.match(robots.text, /^User-agent: \*/);
      assert.equal(site.source.bookSourceUrl, site.origin);
      const home = await fetchPage(`${site.origin}/`);
      assert.equal(home.status, 200);
    }
    const dir = mkdtempSync(join(tmpdir(), 'linhai-demo-'));
    try {
      const file = join(dir, 'sources.json');
      await writeDemoSources(cluster.sites, file);
      const sources = JSON.parse(readFileSync(file, 'utf8')) as Array<{ bookSourceUrl: string }>;
      assert.deepEqual(
        sources.map((s) => s.bookSourceUrl),
        cluster.sites.map((s) => s.origin),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await cluster.close();
  }
});

test('a book on two sites, one lagging by two hours: chapters appear there later', async () => {
  const clock = new DemoClock();
  const cluster = await startDemoSites({
    clock,
    sites: [{ template: 'biquge' }, { template: 'biquge', lagMs: 2 * 3600_000 }],
  });
  try {
    const [fast, slow] = cluster.sites as [(typeof cluster.sites)[0], (typeof cluster.sites)[0]];
    assert.equal(slow.name, 'biquge-2');
    const book = catalogue.book(2); // a new chapter every hour
    assert.equal(book.intervalMs, 3600_000);
    const latest = async (site: typeof fast) =>
      /og:novel:latest_chapter_name" content="([^"]+)"/.exec(
        (await fetchPage(site.bookUrl(book.id))).text,
      )![1];
    assert.equal(fast.toc(book.id).length - slow.toc(book.id).length, 2);
    clock.advance(3600_000);
    const newest = `第${book.initialCount + 1}章 ${catalogue.chapter(book.id, book.initialCount).name}`;
    assert.equal(await latest(fast), newest);
    assert.notEqual(await latest(slow), newest);
    assert.equal((await fetchPage(slow.chapterUrl(book.id, book.initialCount))).status, 404);
    clock.advance(2 * 3600_000);
    assert.equal(await latest(slow), newest);
    const page = await fetchPage(slow.bookUrl(book.id));
    assert.equal(
      Date.parse(page.headers.get('last-modified')!),
      book.publishedAt(book.initialCount) + 2 * 3600_000,
    );
    slow.setLag(0);
    assert.equal(slow.toc(book.id).length, fast.toc(book.id).length);
  } finally {
    await cluster.close();
  }
});

test('the clock and the lag are controllable over HTTP, and site names must be unique', async () => {
  const cluster = await startDemoSites({ sites: [{ template: 'json', name: 'api' }] });
  try {
    const site = cluster.site('api');
    assert.equal(cluster.site('json'), site);
    const before = site.toc(2).length;
    const r = await fetch(`${site.origin}/__demo/clock`, {
      method: 'POST',
      body: JSON.stringify({ advance: 3 * 3600_000 }),
    });
    assert.equal(((await r.json()) as { now: number }).now, DEMO_EPOCH + 3 * 3600_000);
    assert.equal(site.toc(2).length, before + 3);
    await fetch(`${site.origin}/__demo/lag`, {
      method: 'POST',
      body: JSON.stringify({ lagMs: 3 * 3600_000 }),
    });
    assert.equal(site.lagMs, 3 * 3600_000);
    assert.equal(site.toc(2).length, before);
    await fetch(`${site.origin}/__demo/clock`, {
      method: 'POST',
      body: JSON.stringify({ set: DEMO_EPOCH }),
    });
    assert.equal(cluster.clock.now(), DEMO_EPOCH);
  } finally {
    await cluster.close();
  }
  await assert.rejects(
    startDemoSites({
      sites: [
        { template: 'json', name: 'x' },
        { template: 'biquge', name: 'x' },
      ],
    }),
    /two demo sites named x/,
  );
});

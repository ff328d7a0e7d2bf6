/**
 * Discover over the four demo sites through the real app (driver gateway, network client, store):
 * entries of every source, a list paged to its end with the site's own paging, the merged
 * ranking (a book several sites rank high first), the cache, and one failing site beside the
 * others.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { openApp } from '#app';
import type { App } from '#app';
import { Explorer, addBook } from '#library';
import { exploreBooks } from '../../src/demo/explore-lists.ts';

const dir = mkdtempSync(join(tmpdir(), 'linhai-explore-'));
let cluster: DemoCluster;
let app: App;

before(async () => {
  cluster = await startDemoSites();
  app = await openApp({ dataDir: dir, allowHosts: ['127.0.0.1'], seedBuiltInSources: false });
  await app.catalog.import(JSON.stringify(cluster.sites.map((s) => s.source)));
});
after(async () => {
  await app.close();
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

test('every demo source lists its entries, each form read, sections recognised', async () => {
  const explored = await new Explorer(app.library).entries();
  assert.equal(explored.length, 4);
  const biquge = explored.find((e) => e.source.key === cluster.site('biquge').origin);
  assert.ok(biquge && 'entries' in biquge);
  assert.deepEqual(biquge.entries.map((e) => e.section).filter(Boolean), [
    'ranking',
    'completed',
    'newest',
    'updated',
  ]);
  for (const one of explored) {
    assert.ok('entries' in one, `${one.source.name}: ${'error' in one ? one.error.message : ''}`);
    const sections = new Set(one.entries.map((e) => e.section).filter(Boolean));
    assert.ok(
      sections.has('ranking') && sections.has('completed'),
      `${one.source.name}: ${[...sections]}`,
    );
  }
});

test('a category pages with the source’s paging until it ends; cards carry stored book ids', async () => {
  const explorer = new Explorer(app.library);
  const site = cluster.site('biquge');
  const [biquge] = await explorer.entries({ only: site.origin });
  assert.ok(biquge && 'entries' in biquge);
  const all = biquge.entries.find((e) => e.title === '全部小说');
  assert.ok(all);
  const titles: string[] = [];
  let page: number | undefined = 1;
  let pages = 0;
  while (page !== undefined) {
    const got = await explorer.page(site.origin, all.url, page);
    titles.push(...got.cards.map((c) => c.title));
    page = got.next;
    pages += 1;
  }
  assert.deepEqual(
    titles,
    exploreBooks('biquge', 'all').map((b) => b.title),
  );
  assert.equal(pages, Math.ceil(titles.length / 3) + 1, 'the empty page after the last ends it');

  // A stored book's card says so.
  const first = await explorer.page(site.origin, all.url, 1);
  assert.equal(first.cached, true, 'page 1 again comes from the cache');
  const card = first.cards[0]!;
  assert.equal(card.bookId, undefined);
  const { book } = await addBook(app.library, card);
  const again = await explorer.page(site.origin, all.url, 1);
  assert.equal(again.cards[0]?.bookId, book.id);
});

test('the merged ranking puts books several sites rank high first; a failing site is reported beside', async () => {
  const paged = cluster.site('paged');
  paged.setFaults([{ kind: 'status', status: 503, path: '/top/' }]);
  try {
    const explorer = new Explorer(app.library, { deadlineMs: 5_000 });
    const ranking = await explorer.section('ranking', { limit: 10 });
    assert.equal(ranking.lists.length, 4, 'every source has a ranking');
    assert.deepEqual(
      ranking.failures.map((f) => f.source.key),
      [paged.origin],
    );
    const health = (await app.store.sources.getByUrl(paged.origin))?.health['explore'];
    assert.ok(health && health.err >= 1 && health.ok >= 1, 'counted in the source health');
    assert.ok(ranking.cards.length > 3);
    const top = ranking.cards[0]!;
    assert.ok(top.ranks.length >= 2, `${top.title} is ranked by ${top.ranks.length} sources`);
    // The score never rises down the list.
    const score = (c: (typeof ranking.cards)[number]) =>
      c.ranks.reduce((s, r) => s + 1 / (3 + r.rank), 0);
    for (let i = 1; i < ranking.cards.length; i++)
      assert.ok(score(ranking.cards[i - 1]!) >= score(ranking.cards[i]!));
    // A book one site ranks first but no other carries comes after one that two sites rank high.
    const single = ranking.cards.find((c) => c.ranks.length === 1 && c.ranks[0]!.rank === 0);
    if (single) assert.ok(ranking.cards.indexOf(single) > 0);
  } finally {
    paged.clearFaults();
  }
});

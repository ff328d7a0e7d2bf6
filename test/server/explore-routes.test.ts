/**
 * Discover over HTTP with the four demo sites: the sources' entries, a list paged with `next`,
 * the merged home sections, a URL the source does not list refused, and a preview that stores
 * the book with its TOC but puts it on no shelf (not kept, not chased, not in the ranking).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { startHarness } from './server-harness.ts';
import type { Agent, Harness } from './server-harness.ts';

let cluster: DemoCluster;
let harness: Harness;
let reader: Agent;

interface Card {
  key: string;
  title: string;
  bookId?: number;
  hits: unknown[];
  ranks?: unknown[];
}

before(async () => {
  cluster = await startDemoSites();
  harness = await startHarness({ allowHosts: ['127.0.0.1'] });
  await harness.app.catalog.import(JSON.stringify(cluster.sites.map((s) => s.source)));
  reader = harness.agent();
  assert.equal((await reader.register('reader')).statusCode, 201);
});
after(async () => {
  await harness.close();
  await cluster.close();
});

const get = async <T>(url: string): Promise<T> => {
  const response = await reader.request('GET', url);
  assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
  return JSON.parse(response.body) as T;
};

test('entries of every demo source; a category paged with next; a foreign url refused', async () => {
  const explored = await get<
    Array<{
      source: { key: string; name: string };
      entries?: Array<{ title: string; url: string; section?: string }>;
    }>
  >('/api/explore');
  const demo = explored.filter((e) => cluster.sites.some((s) => s.origin === e.source.key));
  assert.equal(demo.length, 4);
  const paged = cluster.site('paged');
  const mine = demo.find((e) => e.source.key === paged.origin)!;
  const category = mine.entries!.find((e) => e.title === '玄幻修真')!;
  const q = (page: number) =>
    `/api/explore/list?source=${encodeURIComponent(paged.origin)}&url=${encodeURIComponent(category.url)}&page=${page}`;
  const first = await get<{ cards: Card[]; next?: number; cached: boolean }>(q(1));
  assert.equal(first.cards.length, 3);
  assert.equal(first.next, 2);
  const second = await get<{ cards: Card[]; next?: number }>(q(2));
  assert.ok(second.cards.length >= 1);
  assert.ok(!second.cards.some((c) => first.cards.some((f) => f.key === c.key)));

  const foreign = await reader.request(
    'GET',
    `/api/explore/list?source=${encodeURIComponent(paged.origin)}&url=${encodeURIComponent('http://169.254.169.254/')}`,
  );
  assert.equal(foreign.statusCode, 404, 'only a url the source lists is fetched');
});

test('home sections: a merged ranking and completed books', async () => {
  const sections = await get<Array<{ section: string; cards: Card[]; failures: unknown[] }>>(
    '/api/explore/sections?limit=8',
  );
  const ranking = sections.find((s) => s.section === 'ranking')!;
  assert.equal(ranking.cards.length, 8);
  assert.ok((ranking.cards[0]!.ranks ?? []).length >= 2, 'the top book is ranked by several sites');
  assert.deepEqual(ranking.failures, []);
  assert.ok(sections.find((s) => s.section === 'completed')!.cards.length > 0);
});

test('a preview stores the book and its TOC on no shelf; adding it is one call', async () => {
  const [ranking] = await get<Array<{ cards: Card[] }>>(
    '/api/explore/sections?section=ranking&limit=3',
  );
  const card = ranking!.cards[0]!;
  const preview = await reader.request('POST', '/api/books/preview', { group: card });
  assert.equal(preview.statusCode, 200, preview.body);
  const { book, chapters, known } = JSON.parse(preview.body) as {
    book: { id: number };
    chapters: number;
    known: boolean;
  };
  assert.ok(chapters > 0);
  assert.equal(known, false);
  assert.deepEqual(await get<unknown[]>('/api/shelf'), []);
  assert.deepEqual(
    await get<unknown[]>('/api/lists/popular'),
    [],
    'a preview is not counted as kept',
  );
  assert.deepEqual(await harness.app.store.listings.listFollowed(), [], 'nor chased');
  const toc = await get<Array<{ key: string }>>(`/api/books/${book.id}/toc`);
  const chapter = await reader.request('GET', `/api/books/${book.id}/chapters/${toc[0]!.key}`);
  assert.equal(chapter.statusCode, 200, chapter.body);

  // The card now carries the stored book; previewing again fetches nothing new.
  const again = await get<Array<{ cards: Card[] }>>(
    '/api/explore/sections?section=ranking&limit=3',
  );
  assert.equal(again[0]!.cards[0]!.bookId, book.id);
  const second = JSON.parse(
    (await reader.request('POST', '/api/books/preview', { group: card })).body,
  );
  assert.equal(second.known, true);

  assert.equal((await reader.request('PUT', `/api/shelf/${book.id}`)).statusCode < 300, true);
  assert.equal((await get<unknown[]>('/api/shelf')).length, 1);
});

test('a preview stores what the sources answered, not what the client sent', async () => {
  const [completed] = await get<Array<{ cards: Card[] }>>(
    '/api/explore/sections?section=completed&limit=3',
  );
  const card = completed!.cards.find((c) => c.bookId === undefined)!;
  const forged = {
    ...card,
    title: 'Renamed',
    hits: (card.hits as Array<Record<string, unknown>>).map((h) => ({
      ...h,
      name: 'Renamed',
      bookUrl: 'http://127.0.0.1:9/elsewhere',
    })),
  };
  const preview = await reader.request('POST', '/api/books/preview', { group: forged });
  assert.equal(preview.statusCode, 200, preview.body);
  const { book } = JSON.parse(preview.body) as { book: { id: number; title: string } };
  assert.equal(book.title, card.title);
  const view = await get<{ pool: Array<{ bookUrl: string }> }>(`/api/books/${book.id}`);
  assert.ok(
    view.pool.every((m) => !m.bookUrl.includes('elsewhere')),
    JSON.stringify(view.pool),
  );

  const unknown = await reader.request('POST', '/api/books/preview', {
    group: { ...forged, key: 'nobody\nnowhere' },
  });
  assert.equal(unknown.statusCode, 404);
});

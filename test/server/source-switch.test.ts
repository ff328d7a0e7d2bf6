/**
 * 换源 over the real demo sites (biquge and json carry the same books): the sources that carry a
 * chapter, reading it from another one and back (the cached copy follows, and says which source
 * served it), fetching it again, and making a source the book's preferred one, which the next
 * uncached chapter is read from.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { addBookFromSearch, importSources, startHarness } from './server-harness.ts';
import type { Agent, Harness } from './server-harness.ts';

let cluster: DemoCluster;
let h: Harness;
let reader: Agent;

const json = <T>(body: string) => JSON.parse(body) as T;

interface Source {
  listingId: number;
  sourceKey: string;
  sourceName: string;
  url: string;
  preferred: boolean;
  served: boolean;
}

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'biquge' }, { template: 'json' }] });
  h = await startHarness({ allowHosts: ['127.0.0.1'] });
  reader = h.agent();
  assert.equal((await reader.register('admin')).statusCode, 201);
  await importSources(
    reader,
    cluster.sites.map((s) => s.source),
  );
});
after(async () => {
  await h?.close();
  await cluster?.close();
});

test('a chapter is read from another source and back, fetched again, and the book switches source', async () => {
  const book = await addBookFromSearch(reader, '星河归途');
  const toc = json<{ key: string; sources: number }[]>(
    (await reader.request('GET', `/api/books/${book.id}/toc`)).body,
  );
  const shared = toc.filter((c) => c.sources === 2);
  assert.ok(shared.length >= 4, 'chapters both sites carry');
  const path = (key: string) => `/api/books/${book.id}/chapters/${encodeURIComponent(key)}`;
  const read = async (key: string, query = '') => {
    const response = await reader.request('GET', `${path(key)}${query}`);
    assert.equal(response.statusCode, 200, response.body);
    return json<{ source: string; paragraphs: string[]; fromCache: boolean }>(response.body);
  };
  const sourcesOf = async (key: string) => {
    const response = await reader.request('GET', `${path(key)}/sources`);
    assert.equal(response.statusCode, 200, response.body);
    return json<{ title: string; sources: Source[] }>(response.body).sources;
  };

  const key = shared[0]!.key;
  const first = await read(key);
  const listed = await sourcesOf(key);
  assert.equal(listed.length, 2);
  assert.deepEqual(
    listed.filter((s) => s.served).map((s) => s.sourceKey),
    [first.source],
    'the source that served the cached copy is marked',
  );
  const other = listed.find((s) => !s.served)!;
  const original = listed.find((s) => s.served)!;

  const switched = await read(key, `?source=${other.listingId}`);
  assert.equal(switched.source, other.sourceKey);
  assert.equal(switched.fromCache, false);
  const cachedNow = await read(key);
  assert.equal(cachedNow.fromCache, true);
  assert.equal(cachedNow.source, other.sourceKey, 'the copy from the other source is kept');
  assert.deepEqual(
    (await sourcesOf(key)).filter((s) => s.served).map((s) => s.listingId),
    [other.listingId],
  );
  const back = await read(key, `?source=${original.listingId}`);
  assert.equal(back.source, original.sourceKey);
  assert.deepEqual(back.paragraphs, first.paragraphs, 'the same text as before the switch');

  const again = await read(key, '?refresh=true');
  assert.equal(again.fromCache, false);
  assert.ok(again.paragraphs.length > 3);

  // The book: each source in turn made preferred; the next uncached chapter comes from it.
  for (const [index, chosen] of [other, original].entries()) {
    const put = await reader.request('PUT', `/api/books/${book.id}/preferred-source`, {
      listingId: chosen.listingId,
    });
    assert.equal(put.statusCode, 200, put.body);
    const pool = json<{ pool: { listingId: number; preferred: boolean }[] }>(put.body).pool;
    assert.deepEqual(
      pool.filter((m) => m.preferred).map((m) => m.listingId),
      [chosen.listingId],
    );
    const fresh = await read(shared[index + 1]!.key);
    assert.equal(fresh.fromCache, false);
    assert.equal(fresh.source, chosen.sourceKey, 'read from the preferred source');
  }
  const view = json<{ pool: { listingId: number; preferred: boolean }[] }>(
    (await reader.request('GET', `/api/books/${book.id}`)).body,
  );
  assert.deepEqual(
    view.pool.filter((m) => m.preferred).map((m) => m.listingId),
    [original.listingId],
  );

  const foreign = await reader.request('PUT', `/api/books/${book.id}/preferred-source`, {
    listingId: 999_999,
  });
  assert.equal(foreign.statusCode, 404);
  const unknown = await reader.request('GET', `${path('no-such-chapter')}/sources`);
  assert.equal(unknown.statusCode, 404);
  const chosenNow = json<{ pool: { listingId: number; chosen: boolean }[] }>(
    (await reader.request('GET', `/api/books/${book.id}`)).body,
  );
  assert.deepEqual(
    chosenNow.pool.filter((m) => m.chosen).map((m) => m.listingId),
    [original.listingId],
    'the pool says a reader chose it',
  );
  const back2 = await reader.request('PUT', `/api/books/${book.id}/preferred-source`, {
    listingId: null,
  });
  assert.equal(back2.statusCode, 200, back2.body);
  const given = json<{ pool: { chosen: boolean }[] }>(back2.body).pool;
  assert.ok(
    given.every((m) => !m.chosen),
    'the choice is given back to the chase',
  );
});

/**
 * Shelf groups and shelf order over the API with real books from a demo site: a reader makes
 * groups, puts a book in two of them, filters the shelf by one, renames and reorders, deletes a
 * group (the book stays on the shelf); a duplicate name says so; another reader sees none of it and
 * gets 404 for each of the first reader's groups. The shelf sorts by last read, latest update and
 * title, and the choice is kept in the reader's settings.
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
let neighbour: Agent;

const json = <T>(body: string) => JSON.parse(body) as T;

interface Group {
  id: number;
  name: string;
  position: number;
  bookIds: number[];
}
interface Entry {
  bookId: number;
  title: string;
  groupIds: number[];
  latestChapterAt?: number;
}

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'json' }] });
  h = await startHarness({ allowHosts: ['127.0.0.1'] });
  reader = h.agent();
  assert.equal((await reader.register('reader')).statusCode, 201);
  await reader.request('PATCH', '/api/admin/settings', { registration: 'open' });
  neighbour = h.agent();
  assert.equal((await neighbour.register('neighbour')).statusCode, 201);
  await importSources(
    reader,
    cluster.sites.map((s) => s.source),
  );
});
after(async () => {
  await h?.close();
  await cluster?.close();
});

const titles = async (agent: Agent, query = '') =>
  json<Entry[]>((await agent.request('GET', `/api/shelf${query}`)).body).map((e) => e.title);

test("shelf groups: a reader's own, a book in several, filtered, renamed, ordered, deleted", async () => {
  const star = await addBookFromSearch(reader, '星河归途');
  const fog = await addBookFromSearch(reader, '雾隐山庄');

  const made = await reader.request('POST', '/api/shelf-groups', { name: ' 科幻 ' });
  assert.equal(made.statusCode, 200, made.body);
  const scifi = json<Group>(made.body);
  assert.equal(scifi.name, '科幻', 'trimmed');
  const later = json<Group>(
    (await reader.request('POST', '/api/shelf-groups', { name: '待读' })).body,
  );
  const twice = await reader.request('POST', '/api/shelf-groups', { name: '科幻' });
  assert.equal(twice.statusCode, 409);
  assert.equal(
    json<{ error: { message: string } }>(twice.body).error.message,
    'you already have a group named "科幻"',
  );

  const put = await reader.request('PUT', `/api/shelf/${star.id}/groups`, {
    groupIds: [scifi.id, later.id],
  });
  assert.equal(put.statusCode, 200, put.body);
  await reader.request('PUT', `/api/shelf/${fog.id}/groups`, { groupIds: [later.id] });
  assert.deepEqual(await titles(reader, `?group=${scifi.id}`), ['星河归途']);
  assert.deepEqual((await titles(reader, `?group=${later.id}&sort=title`)).length, 2);
  const shelf = json<Entry[]>((await reader.request('GET', '/api/shelf')).body);
  assert.deepEqual(shelf.find((e) => e.bookId === star.id)?.groupIds, [scifi.id, later.id]);

  // The neighbour sees none of it and reaches none of it: 404, as for a group that never was.
  assert.deepEqual(json<Group[]>((await neighbour.request('GET', '/api/shelf-groups')).body), []);
  assert.equal((await neighbour.request('GET', `/api/shelf?group=${scifi.id}`)).statusCode, 404);
  assert.equal(
    (await neighbour.request('PATCH', `/api/shelf-groups/${scifi.id}`, { name: 'x' })).statusCode,
    404,
  );
  assert.equal(
    (await neighbour.request('DELETE', `/api/shelf-groups/${scifi.id}`)).statusCode,
    404,
  );
  assert.equal(
    (await neighbour.request('PUT', '/api/shelf-groups/order', { ids: [scifi.id] })).statusCode,
    404,
  );
  await neighbour.request('PUT', `/api/shelf/${star.id}`);
  const stolen = await neighbour.request('PUT', `/api/shelf/${star.id}/groups`, {
    groupIds: [scifi.id],
  });
  assert.equal(stolen.statusCode, 404, "a book cannot go in another reader's group");
  assert.equal(
    (await reader.request('PUT', `/api/shelf/999999/groups`, { groupIds: [] })).statusCode,
    404,
    'a book not on the shelf',
  );

  assert.equal(
    (await reader.request('PATCH', `/api/shelf-groups/${later.id}`, { name: '科幻' })).statusCode,
    409,
  );
  assert.equal(
    (await reader.request('PATCH', `/api/shelf-groups/${later.id}`, { name: '稍后读' })).statusCode,
    200,
  );
  const ordered = await reader.request('PUT', '/api/shelf-groups/order', {
    ids: [later.id, scifi.id],
  });
  assert.deepEqual(
    json<Group[]>(ordered.body).map((g) => [g.name, g.position, g.bookIds.length]),
    [
      ['稍后读', 0, 2],
      ['科幻', 1, 1],
    ],
  );
  assert.equal((await reader.request('DELETE', `/api/shelf-groups/${scifi.id}`)).statusCode, 200);
  assert.deepEqual(
    json<Group[]>((await reader.request('GET', '/api/shelf-groups')).body).map((g) => g.name),
    ['稍后读'],
  );
  assert.equal((await titles(reader)).length, 2, 'its books stay on the shelf');
  assert.equal((await reader.request('GET', `/api/shelf?group=${scifi.id}`)).statusCode, 404);
});

test('the shelf sorts by last read, latest update and title, and keeps the choice', async () => {
  const entries = json<Entry[]>((await reader.request('GET', '/api/shelf')).body);
  const star = entries.find((e) => e.title === '星河归途')!;
  const fog = entries.find((e) => e.title === '雾隐山庄')!;
  assert.ok(star.latestChapterAt! < fog.latestChapterAt!, 'the later-added book was updated later');
  const toc = json<{ key: string }[]>(
    (await reader.request('GET', `/api/books/${star.bookId}/toc`)).body,
  );
  await reader.request('PUT', `/api/shelf/${star.bookId}/position`, { chapterKey: toc[2]!.key });

  assert.deepEqual(await titles(reader, '?sort=read'), ['星河归途', '雾隐山庄']);
  assert.deepEqual(await titles(reader, '?sort=updated'), ['雾隐山庄', '星河归途']);
  assert.deepEqual(await titles(reader, '?sort=title'), ['雾隐山庄', '星河归途'], 'wù before xīng');
  assert.equal((await reader.request('GET', '/api/shelf?sort=random')).statusCode, 400);

  assert.deepEqual(await titles(reader), ['星河归途', '雾隐山庄'], 'last read by default');
  const kept = await reader.request('PATCH', '/api/settings', { shelfSort: 'updated' });
  assert.equal(kept.statusCode, 200, kept.body);
  assert.deepEqual(await titles(reader), ['雾隐山庄', '星河归途'], 'the kept choice');
  assert.equal(
    (await reader.request('PATCH', '/api/settings', { shelfSort: 'x' })).statusCode,
    400,
  );
});

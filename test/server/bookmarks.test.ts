/**
 * Bookmarks over the API with a real book from a demo site: added on one device (with and without
 * a note) and listed on another device of the same reader in reading order, the note changed and
 * cleared, removed; another reader sees none of them and cannot change or remove them; a note too
 * long and a chapter the book lacks are refused with what to do.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { addBookFromSearch, importSources, startHarness } from './server-harness.ts';
import type { Agent, Harness } from './server-harness.ts';

let cluster: DemoCluster;
let h: Harness;
let phone: Agent;

const json = <T>(body: string) => JSON.parse(body) as T;

interface Mark {
  id: number;
  chapterKey: string;
  chapterTitle: string;
  offsetChars: number;
  excerpt: string;
  note?: string;
}

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'json' }] });
  h = await startHarness({ allowHosts: ['127.0.0.1'] });
  phone = h.agent();
  assert.equal((await phone.register('reader')).statusCode, 201);
  await phone.request('PATCH', '/api/admin/settings', { registration: 'open' });
  await importSources(
    phone,
    cluster.sites.map((s) => s.source),
  );
});
after(async () => {
  await h?.close();
  await cluster?.close();
});

test("bookmarks follow the reader to another device and stay the reader's own", async () => {
  const book = await addBookFromSearch(phone, '星河归途');
  const toc = json<{ key: string; title: string }[]>(
    (await phone.request('GET', `/api/books/${book.id}/toc`)).body,
  );
  // Nothing read yet: 404 for API clients, 204 when the web app asks with orNone.
  const position = `/api/shelf/${book.id}/position`;
  assert.equal((await phone.request('GET', position)).statusCode, 404);
  const none = await phone.request('GET', `${position}?orNone=true`);
  assert.equal(none.statusCode, 204);
  assert.equal(none.body, '');
  const marks = `/api/books/${book.id}/bookmarks`;
  const later = await phone.request('POST', marks, {
    chapterKey: toc[4]!.key,
    anchor: '韩若川仔细检查',
    offsetChars: 300,
    excerpt: '韩若川仔细检查了一遍门闩，远处传来几声犬吠。',
    note: '  伏笔：门闩  ',
  });
  assert.equal(later.statusCode, 201, later.body);
  const earlier = await phone.request('POST', marks, {
    chapterKey: toc[1]!.key,
    anchor: '宋宁尘',
    offsetChars: 12,
    excerpt: '宋宁尘想起师父',
  });
  assert.equal(earlier.statusCode, 201, earlier.body);

  const desktop = h.agent();
  assert.equal((await desktop.login('reader')).statusCode, 200);
  let listed = json<Mark[]>((await desktop.request('GET', marks)).body);
  assert.deepEqual(
    listed.map((m) => [m.chapterKey, m.chapterTitle, m.offsetChars, m.note]),
    [
      [toc[1]!.key, toc[1]!.title, 12, undefined],
      [toc[4]!.key, toc[4]!.title, 300, '伏笔：门闩'],
    ],
    'in reading order, the note trimmed, on the other device',
  );
  const [first, second] = listed as [Mark, Mark];
  const noted = await desktop.request('PATCH', `/api/bookmarks/${first.id}`, { note: '开头' });
  assert.equal(noted.statusCode, 200, noted.body);
  assert.equal(json<Mark>(noted.body).note, '开头');
  const cleared = await phone.request('PATCH', `/api/bookmarks/${second.id}`, { note: '' });
  assert.equal(json<Mark>(cleared.body).note, undefined);

  const stranger = h.agent();
  assert.equal((await stranger.register('stranger')).statusCode, 201);
  assert.deepEqual(json((await stranger.request('GET', marks)).body), []);
  assert.equal(
    (await stranger.request('PATCH', `/api/bookmarks/${first.id}`, { note: 'x' })).statusCode,
    404,
  );
  assert.equal((await stranger.request('DELETE', `/api/bookmarks/${first.id}`)).statusCode, 404);

  const tooLong = await phone.request('POST', marks, {
    chapterKey: toc[0]!.key,
    note: '长'.repeat(2001),
  });
  assert.equal(tooLong.statusCode, 400);
  const noChapter = await phone.request('POST', marks, { chapterKey: 'no-such-chapter' });
  assert.equal(noChapter.statusCode, 404);
  assert.match(json<{ error: { message: string } }>(noChapter.body).error.message, /no chapter/);

  assert.equal((await phone.request('DELETE', `/api/bookmarks/${first.id}`)).statusCode, 200);
  listed = json<Mark[]>((await desktop.request('GET', marks)).body);
  assert.deepEqual(
    listed.map((m) => m.id),
    [second.id],
  );
});

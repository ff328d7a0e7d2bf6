/**
 * Issue 16 item 3: an ordinary reader's `POST /api/books` with a `group` body carrying another
 * book's key changed its title, author, intro and cover for everyone and added chapters from a
 * URL of the reader's choosing. A sent group is now only a claim: the server searches its own
 * sources again and adds what they answer, so the shared book keeps what its sources say and
 * Linhai never fetches the reader's URL.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { addBookFromSearch, startHarness } from '../server/server-harness.ts';
import type { Agent, Harness } from '../server/server-harness.ts';

let cluster: DemoCluster;
let h: Harness;
let alice: Agent;
let mallory: Agent;
let attacker: Server;
let attackerHits = 0;
let evilUrl: string;

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'json' }] });
  // The reader's own "site": it counts every request Linhai makes to it.
  attacker = createServer((_request, response) => {
    attackerHits += 1;
    response.end('<html><body><a href="/c1">第1章 你的书被改了</a></body></html>');
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  evilUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/book`;
  h = await startHarness({ allowHosts: ['127.0.0.1'] });
  const admin = h.agent();
  await admin.register('admin');
  await admin.request('PATCH', '/api/admin/settings', { registration: 'open' });
  const imported = await admin.request('POST', '/api/sources', {
    text: JSON.stringify(cluster.sites.map((site) => site.source)),
  });
  assert.equal(imported.statusCode, 200, imported.body);
  alice = h.agent();
  mallory = h.agent();
  await alice.register('alice');
  await mallory.register('mallory');
});
after(async () => {
  await h?.close();
  await cluster?.close();
  attacker?.close();
});

test("a reader's forged group cannot rewrite a shared book or add a URL of theirs", async () => {
  const title = cluster.site('json').books()[0]!.title;
  const added = await addBookFromSearch(alice, title);
  const before = JSON.parse((await alice.request('GET', `/api/books/${added.id}`)).body) as {
    book: { title: string; author: string; intro?: string };
    pool: { bookUrl?: string }[];
  };
  const key = (await h.app.store.books.get(added.id))!.key;
  const sourceKey = cluster.site('json').source.bookSourceUrl;

  const forged = await mallory.request('POST', '/api/books', {
    group: {
      key,
      title: 'PWNED',
      author: 'mallory',
      intro: 'rewritten by mallory',
      coverUrl: `${evilUrl}/cover.png`,
      hits: [
        {
          sourceKey,
          sourceName: 'json',
          name: 'PWNED',
          author: 'mallory',
          bookUrl: evilUrl,
          tocUrl: evilUrl,
          intro: 'rewritten by mallory',
          coverUrl: `${evilUrl}/cover.png`,
        },
      ],
      sourceCount: 1,
      match: 'exact',
      rank: { score: 1, match: 1, sources: 1, freshness: 1, health: 1 },
    },
  });
  // The title is not one the sources list under that key, so nothing is added at all.
  assert.equal(forged.statusCode, 404, forged.body);

  const after = JSON.parse((await alice.request('GET', `/api/books/${added.id}`)).body) as {
    book: { title: string; author: string; intro?: string };
    pool: { bookUrl?: string }[];
  };
  assert.equal(after.book.title, before.book.title);
  assert.equal(after.book.author, before.book.author);
  assert.equal(after.book.intro, before.book.intro);
  assert.deepEqual(after.pool.length, before.pool.length);
  const listings = await h.app.store.listings.listByBook(added.id);
  assert.ok(listings.every((listing) => !listing.bookUrl.startsWith(evilUrl)));
  assert.equal(attackerHits, 0, 'Linhai never fetched the URL the reader chose');
});

test('a group sent with the real title is searched again: the sources’ own answer is added', async () => {
  const title = cluster.site('json').books()[1]!.title;
  const search = await mallory.request('GET', `/api/search?q=${encodeURIComponent(title)}`);
  assert.equal(search.statusCode, 200);
  const key = /"key":"([^"]+)"/.exec(search.body)![1]!;
  // Another process (or a forgetful one) gets the group, with the reader's URL slipped in.
  const fresh = h.agent();
  await fresh.register('fresh');
  const answer = await fresh.request('POST', '/api/books', {
    fetchToc: false,
    group: {
      key,
      title,
      author: 'x',
      hits: [{ sourceKey: 'x', sourceName: 'x', name: title, author: 'x', bookUrl: evilUrl }],
    },
  });
  assert.equal(answer.statusCode, 201, answer.body);
  const bookId = (JSON.parse(answer.body) as { book: { id: number; title: string } }).book.id;
  const listings = await h.app.store.listings.listByBook(bookId);
  assert.ok(listings.length > 0);
  assert.ok(listings.every((listing) => !listing.bookUrl.startsWith(evilUrl)));
  assert.equal(attackerHits, 0);
});

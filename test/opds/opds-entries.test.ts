/**
 * What each OPDS entry says (issue 25): one <category> per value of the book's kind, image links
 * with the cached cover's type, and a book whose EPUB is being built says so (with how far it
 * is) — every such feed valid OPDS 1.2.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedDataSkip } from '../support/outside-material.ts';
import { startHarness } from '../server/server-harness.ts';
import type { Harness } from '../server/server-harness.ts';
import { basic, validateFeed } from './opds-fixture.ts';

let h: Harness;
let bookId = 0;

before(async () => {
  h = await startHarness();
  assert.equal((await h.agent().register('reader')).statusCode, 201);
  const book = await h.app.store.books.upsert({
    key: 'entries-test',
    title: 'Entries',
    author: 'Someone',
    kind: 'Mystery,Ongoing、悬疑',
    coverUrl: 'http://127.0.0.1:9/cover.png',
  });
  bookId = book.id;
  await h.app.store.covers.put({
    bookId,
    sourceUrl: 'http://127.0.0.1:9/cover.png',
    state: 'image',
    contentType: 'image/png',
    bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    fetchedAt: 1,
  });
  // A build under way, 40 of 120 chapters written.
  await h.app.store.bookFiles.start({ bookId, format: 'epub', chapters: 120, fileName: 'x.epub' });
  await h.app.store.bookFiles.progress(bookId, 'epub', 40);
});
after(() => h.close());

test(
  'categories one per value, typed cover links, and "being prepared"',
  { skip: sharedDataSkip('opds/rng/opds.rng') },
  async () => {
    const response = await h.server.inject({
      method: 'GET',
      url: '/opds/latest',
      headers: { authorization: basic('reader') },
    });
    assert.equal(response.statusCode, 200);
    const verdict = validateFeed(response.body);
    assert.ok(verdict.ok, verdict.messages);
    const terms = [...response.body.matchAll(/<category term="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(terms, ['Mystery', 'Ongoing', '悬疑']);
    const images = [
      ...response.body.matchAll(/<link rel="(http:\/\/opds-spec\.org\/image[^"]*)"[^>]*>/g),
    ];
    assert.equal(images.length, 2);
    for (const [link] of images) assert.match(link, /type="image\/png"/);
    assert.match(response.body, /EPUB being prepared \(40 of 120 chapters\): download it again/);
  },
);

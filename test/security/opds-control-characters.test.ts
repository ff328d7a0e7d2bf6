/**
 * Issue 16 item 9: a title with control characters (scraped text carries them: "\u0008",
 * "\u001b", "\uFFFE") made every OPDS feed that listed the book invalid XML, so no e-reader could
 * read the shelf, the lists or a search. Every feed is now well-formed and valid OPDS 1.2 with
 * such a book in it, and the characters are gone from the text.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedDataSkip } from '../support/outside-material.ts';
import { startHarness } from '../server/server-harness.ts';
import type { Harness } from '../server/server-harness.ts';
import { basic, validateFeed } from '../opds/opds-fixture.ts';

const HOSTILE = {
  title: 'Evil\u0008Title\u001b[31m\uFFFE',
  author: 'Bad\u0001Author',
  intro: 'Intro\u0000 with\u000b controls',
  kind: 'Horror\u0007,Ongoing',
};

let h: Harness;
before(async () => {
  h = await startHarness();
  assert.equal((await h.agent().register('reader')).statusCode, 201);
  const book = await h.app.store.books.upsert({ key: 'control-characters', ...HOSTILE });
  const user = (await h.app.store.users.getByName('reader'))!;
  await h.app.store.shelves.add(user.id, book.id, 1);
});
after(() => h.close());

test(
  'feeds listing a title with control characters stay valid XML',
  { skip: sharedDataSkip('opds/rng/opds.rng') },
  async () => {
    for (const url of ['/opds/shelf', '/opds/latest', '/opds/newest', '/opds/search?q=Evil']) {
      const response = await h.server.inject({
        method: 'GET',
        url,
        headers: { authorization: basic('reader') },
      });
      assert.equal(response.statusCode, 200, url);
      const verdict = validateFeed(response.body);
      assert.ok(verdict.ok, `${url}:\n${verdict.messages}`);
      assert.match(response.body, /<title>EvilTitle\[31m<\/title>/, url);
      assert.match(response.body, /<name>BadAuthor<\/name>/, url);
    }
    // A search for the words with a control character in them is a valid feed too.
    const searched = await h.server.inject({
      method: 'GET',
      url: `/opds/search?q=${encodeURIComponent('Evil\u0008')}`,
      headers: { authorization: basic('reader') },
    });
    assert.ok(validateFeed(searched.body).ok, searched.body);
  },
);

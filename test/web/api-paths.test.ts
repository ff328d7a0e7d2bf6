/** The web client's URLs: every value put into a path stays one segment, queries round-trip. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { url, withQuery } from '../../web/src/api/client.ts';
import { chapterUrl } from '../../web/src/api/reading.ts';

test('a value in a path is one segment, whatever it holds (/, ?, #, %, spaces, Chinese)', () => {
  assert.equal(
    url`/books/${7}/chapters/${'第1章/上?#%'}`,
    '/books/7/chapters/%E7%AC%AC1%E7%AB%A0%2F%E4%B8%8A%3F%23%25',
  );
  fc.assert(
    fc.property(fc.nat(), fc.string({ minLength: 1 }), (id, key) => {
      const path = url`/books/${id}/chapters/${key}`;
      const segments = path.split('/');
      assert.equal(segments.length, 5);
      assert.equal(segments[2], String(id));
      assert.equal(decodeURIComponent(segments[4]!), key);
      assert.ok(!/[?#]/.test(path));
    }),
  );
});

test('the chapter URL is the API path the offline copies are kept under', () => {
  assert.equal(chapterUrl(3, 'a b'), '/api/books/3/chapters/a%20b');
});

test('a query has the values given, none of the undefined ones, and reads back the same', () => {
  assert.equal(withQuery('/shelf', { sort: undefined }), '/shelf');
  assert.equal(
    withQuery('/explore/sections', { section: undefined, limit: 12 }),
    '/explore/sections?limit=12',
  );
  fc.assert(
    fc.property(fc.string(), fc.integer(), fc.boolean(), (q, page, on) => {
      const [path, query] = withQuery('/search', { q, page, on, gone: undefined }).split('?');
      assert.equal(path, '/search');
      const read = new URLSearchParams(query);
      assert.deepEqual([...read.keys()], ['q', 'page', 'on']);
      assert.equal(read.get('q'), q);
      assert.equal(read.get('page'), String(page));
      assert.equal(read.get('on'), String(on));
    }),
  );
});

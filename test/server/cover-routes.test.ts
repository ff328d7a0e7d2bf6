/**
 * Covers served by Linhai over the demo sites (biquge serves SVG covers): the first request
 * fetches the cover from the site once, later ones come from the store with no request to the
 * site; a cover that 404s, an HTML page, or an oversize body gives 404 and is not fetched again
 * before its retry time; the SVG answer carries the sandbox CSP; concurrent requests fetch once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { COVER_RETRY_MS, bookCover, imageType } from '#library';
import { startOpdsFixture } from '../opds/opds-fixture.ts';
import type { OpdsFixture } from '../opds/opds-fixture.ts';

let f: OpdsFixture;
before(async () => {
  f = await startOpdsFixture();
});
after(async () => {
  await f?.close();
});

const site = () => f.cluster.site('biquge');
/** Requests the demo site saw for cover images (paths ending in .svg, with any query). */
const coverRequests = () => site().requests.filter((r) => /\.svg(\?|$)/.test(r.path)).length;

/** Points the book at another cover URL on the same site (`?variant` selects a fault). */
async function setCoverUrl(url: string): Promise<void> {
  const { store } = f.h.app.library;
  const book = (await store.books.get(f.book.id))!;
  await store.books.upsert({ ...book, coverUrl: url });
}

describe('GET /api/books/:id/cover', () => {
  let original: string;
  before(async () => {
    original = (await f.h.app.library.store.books.get(f.book.id))!.coverUrl!;
  });

  test('fetched from the site once, then served from the store with an ETag', async () => {
    const url = `/api/books/${f.book.id}/cover`;
    const before = coverRequests();
    const first = await f.alice.request('GET', url);
    assert.equal(first.statusCode, 200, first.body.slice(0, 300));
    assert.equal(coverRequests(), before + 1, 'one request to the demo site');
    assert.equal(first.headers['content-type'], 'image/svg+xml');
    assert.equal(first.headers['cache-control'], 'private, max-age=86400');
    assert.equal(first.headers['x-content-type-options'], 'nosniff');
    assert.equal(
      first.headers['content-security-policy'],
      "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      'a script inside the SVG can never run on this origin',
    );
    assert.match(first.body, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(first.body.includes(f.book.title), 'the demo cover names the book');
    const etag = String(first.headers['etag']);
    assert.match(etag, /^"[\w-]+"$/);

    const second = await f.bob.request('GET', url);
    assert.equal(second.statusCode, 200);
    assert.equal(second.body, first.body);
    assert.equal(second.headers['etag'], etag);
    const unchanged = await f.alice.request('GET', url, undefined, {
      headers: { 'if-none-match': etag },
    });
    assert.equal(unchanged.statusCode, 304);
    assert.equal(coverRequests(), before + 1, 'no further request to the site');

    assert.equal((await f.h.agent().request('GET', url)).statusCode, 401, 'needs a session');
    const none = await f.alice.request('GET', '/api/books/424242/cover');
    assert.equal(none.statusCode, 404);
  });

  test('a cover URL that 404s gives 404 and is not fetched again before its retry time', async () => {
    await setCoverUrl(`${original}?variant=missing`);
    site().setFaults([{ kind: 'status', status: 404, path: 'variant=missing' }]);
    try {
      const before = coverRequests();
      const first = await f.alice.request('GET', `/api/books/${f.book.id}/cover`);
      assert.equal(first.statusCode, 404);
      const error = JSON.parse(first.body).error;
      assert.equal(error.code, 'not-found');
      assert.match(error.message, /could not be fetched .*HTTP 404.*tried again after/);
      assert.equal(error.details.reason, 'net-http-status');
      assert.equal(coverRequests(), before + 1);

      const again = await f.alice.request('GET', `/api/books/${f.book.id}/cover`);
      assert.equal(again.statusCode, 404);
      assert.equal(coverRequests(), before + 1, 'the failure is remembered: no new request');
      const kept = await f.h.app.store.covers.get(f.book.id);
      assert.equal(kept?.state, 'failed');
      assert.ok(kept?.state === 'failed');
      const wait = kept.retryAt - kept.fetchedAt;
      assert.equal(wait, COVER_RETRY_MS, 'tried again after a day');

      // Once the retry time has passed (moved here instead of waiting a day), it is fetched again.
      site().setFaults([]);
      await f.h.app.store.covers.put({ ...kept, retryAt: Date.now() - 1 });
      const later = await f.alice.request('GET', `/api/books/${f.book.id}/cover`);
      assert.equal(later.statusCode, 200);
      assert.equal(coverRequests(), before + 2);
    } finally {
      site().setFaults([]);
      await setCoverUrl(original);
    }
  });

  test('an HTML page where the image should be is refused', async () => {
    await setCoverUrl(`${original}?variant=captcha`);
    site().setFaults([{ kind: 'captcha', path: 'variant=captcha' }]);
    try {
      const response = await f.alice.request('GET', `/api/books/${f.book.id}/cover`);
      assert.equal(response.statusCode, 404);
      const error = JSON.parse(response.body).error;
      assert.equal(error.details.reason, 'bad-content');
      assert.match(error.message, /did not give an image/);
      assert.equal((await f.h.app.store.covers.get(f.book.id))?.state, 'failed');
    } finally {
      site().setFaults([]);
      await setCoverUrl(original);
    }
  });

  test('a body over 2 MiB is refused without being read whole', async () => {
    await setCoverUrl(`${original}?variant=huge`);
    site().setFaults([{ kind: 'huge', bytes: 3 * 1024 * 1024, path: 'variant=huge' }]);
    try {
      const response = await f.alice.request('GET', `/api/books/${f.book.id}/cover`);
      assert.equal(response.statusCode, 404);
      assert.equal(JSON.parse(response.body).error.details.reason, 'net-too-large');
    } finally {
      site().setFaults([]);
      await setCoverUrl(original);
    }
  });

  test('concurrent requests for one cover fetch it once', async () => {
    await f.h.app.store.covers.remove(f.book.id);
    const before = coverRequests();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => f.alice.request('GET', `/api/books/${f.book.id}/cover`)),
    );
    assert.deepEqual(
      answers.map((a) => a.statusCode),
      [200, 200, 200, 200, 200, 200],
    );
    assert.equal(coverRequests(), before + 1);
    const direct = await bookCover(f.h.app.library, f.book.id);
    assert.equal(direct.fetched, false, 'the use case now answers from the store');
  });
});

test('image types are told by content, not by name or header', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  const text = (s: string) => new TextEncoder().encode(s);
  assert.equal(imageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10)), 'image/jpeg');
  assert.equal(imageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0)), 'image/png');
  assert.equal(imageType(text('GIF89a\u0001\u0000')), 'image/gif');
  assert.equal(imageType(text('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ')), 'image/webp');
  assert.equal(imageType(text('<svg xmlns="http://www.w3.org/2000/svg"/>')), 'image/svg+xml');
  assert.equal(
    imageType(text('\uFEFF<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE svg>\n<svg>')),
    'image/svg+xml',
  );
  assert.equal(imageType(text('<!DOCTYPE html><html><body><svg></svg>')), undefined);
  assert.equal(imageType(text('<html><img src=x onerror=alert(1)>')), undefined);
  assert.equal(imageType(text('RIFF\u0000\u0000\u0000\u0000WAVEfmt ')), undefined);
  assert.equal(imageType(bytes()), undefined);
});

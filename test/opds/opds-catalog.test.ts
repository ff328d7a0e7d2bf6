/**
 * The OPDS catalog over the demo sites: every feed is valid OPDS 1.2 (RELAX NG, xmllint) and an
 * independent client (NYPL's opds-feed-parser) finds the shelf's books and acquisition links;
 * HTTP Basic and per-user token links; nobody sees another shelf; the EPUB passes EPUBCheck and
 * is cached until the book gains chapters.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import OPDSParserModule from 'opds-feed-parser';
import { bookUuid } from '#export';
import { epubcheck, epubcheckUnavailable } from '../export/epubcheck.ts';
import { basic, downloadWhenReady, startOpdsFixture, validateFeed } from './opds-fixture.ts';
import type { OpdsFixture } from './opds-fixture.ts';

// The package is CommonJS with `exports.default`; under Node's ESM loader that arrives wrapped.
type Parser = new () => { parse(xml: string): Promise<unknown> };
const OPDSParser = ((OPDSParserModule as unknown as { default?: Parser }).default ??
  OPDSParserModule) as unknown as Parser;

interface ParsedLink {
  readonly href: string;
  readonly rel: string;
  readonly type?: string;
}
interface ParsedEntry {
  readonly id: string;
  readonly title: string;
  readonly identifiers: readonly string[];
  readonly authors: readonly { name: string }[];
  readonly summary: { content?: string };
  readonly links: readonly ParsedLink[];
}
interface ParsedFeed {
  readonly entries: readonly ParsedEntry[];
  readonly links: readonly ParsedLink[];
}

const parse = async (xml: string) =>
  (await new OPDSParser().parse(xml)) as unknown as ParsedFeed & { constructor: { name: string } };

let f: OpdsFixture;
let bookKey = '';

before(async () => {
  f = await startOpdsFixture();
  const book = await f.h.app.library.store.books.get(f.book.id);
  bookKey = book!.key;
});

after(async () => {
  await f?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  f.h.server.inject({ method: 'GET', url, headers });

describe('OPDS feeds', () => {
  test('without credentials the catalog asks for HTTP Basic', async () => {
    for (const url of ['/opds', '/opds/shelf', `/opds/books/${f.book.id}.epub`]) {
      const response = await get(url);
      assert.equal(response.statusCode, 401, url);
      assert.match(String(response.headers['www-authenticate']), /^Basic realm="Linhai"/);
    }
    assert.equal((await get('/opds', { authorization: basic('alice', 'wrong') })).statusCode, 401);
    assert.equal((await get('/opds/t/not-a-token/shelf')).statusCode, 401);
    const slash = await get('/opds/', { authorization: basic('alice') });
    assert.equal(slash.statusCode, 200, 'the root answers with a trailing slash too');
  });

  test('every feed validates against the OPDS 1.2 schema and parses', async () => {
    const auth = { authorization: basic('alice') };
    const feeds = {
      '/opds': 'navigation',
      '/opds/shelf': 'acquisition',
      '/opds/latest': 'acquisition',
      '/opds/popular': 'acquisition',
      '/opds/newest': 'acquisition',
      [`/opds/search?q=${encodeURIComponent('灯火')}`]: 'acquisition',
      '/opds/search?q=nothing-like-this': 'acquisition',
    };
    for (const [url, kind] of Object.entries(feeds)) {
      const response = await get(url, auth);
      assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
      assert.equal(
        response.headers['content-type'],
        `application/atom+xml;profile=opds-catalog;kind=${kind}; charset=utf-8`,
      );
      const verdict = validateFeed(response.body);
      assert.ok(verdict.ok, `${url} is valid OPDS 1.2:\n${verdict.messages}\n${response.body}`);
      const feed = await parse(response.body);
      assert.equal(
        feed.constructor.name,
        kind === 'navigation' ? 'NavigationFeed' : 'AcquisitionFeed',
      );
      assert.ok(
        feed.links.some((l) => l.rel === 'search'),
        `${url} links the search`,
      );
    }
    const root = await parse((await get('/opds', auth)).body);
    assert.deepEqual(
      root.entries.map((e) => e.links[0]?.href),
      ['/opds/shelf', '/opds/latest', '/opds/popular', '/opds/newest'],
    );
    const found = await parse(
      (await get(`/opds/search?q=${encodeURIComponent('灯火')}`, auth)).body,
    );
    assert.deepEqual(
      found.entries.map((e) => e.title),
      [f.book.title],
    );
    const none = await parse((await get('/opds/search?q=nothing-like-this', auth)).body);
    assert.equal(none.entries.length, 0);
    const popular = await parse((await get('/opds/popular', auth)).body);
    assert.deepEqual(
      popular.entries.map((e) => e.title),
      [f.book.title],
      'the book on a shelf is popular',
    );
  });

  test("the shelf feed lists the reader's books with EPUB and TXT acquisition links", async () => {
    const shelf = await parse((await get('/opds/shelf', { authorization: basic('alice') })).body);
    assert.equal(shelf.entries.length, 1);
    const entry = shelf.entries[0]!;
    assert.equal(entry.title, f.book.title);
    assert.equal(entry.id, `urn:uuid:${bookUuid(bookKey)}`);
    assert.deepEqual(entry.identifiers, [`urn:uuid:${bookUuid(bookKey)}`]);
    assert.ok(entry.authors[0]?.name, 'the author is given');
    assert.ok(entry.summary.content, 'the summary is given');
    const acquisitions = entry.links.filter((l) => l.rel === 'http://opds-spec.org/acquisition');
    assert.deepEqual(
      acquisitions.map((l) => [l.href, l.type]),
      [
        [`/opds/books/${f.book.id}.epub`, 'application/epub+zip'],
        [`/opds/books/${f.book.id}.txt`, 'text/plain'],
      ],
    );
    // The cover, served by Linhai (never the source's URL), in both sizes.
    const images = entry.links
      .filter((l) => l.rel.startsWith('http://opds-spec.org/image'))
      .map((l) => [l.rel, l.href]);
    assert.deepEqual(images, [
      ['http://opds-spec.org/image', `/opds/covers/${f.book.id}`],
      ['http://opds-spec.org/image/thumbnail', `/opds/covers/${f.book.id}`],
    ]);
    const cover = await get(`/opds/covers/${f.book.id}`, { authorization: basic('alice') });
    assert.equal(cover.statusCode, 200, cover.body.slice(0, 300));
    assert.equal(cover.headers['content-type'], 'image/svg+xml');
    assert.equal((await get(`/opds/covers/${f.book.id}`)).statusCode, 401, 'OPDS credentials');
    const bobs = await parse((await get('/opds/shelf', { authorization: basic('bob') })).body);
    assert.equal(bobs.entries.length, 0, "bob does not see alice's shelf");
  });

  test('the OpenSearch description points at the search feed', async () => {
    const response = await get('/opds/opensearch.xml', { authorization: basic('alice') });
    assert.equal(response.statusCode, 200);
    assert.match(
      String(response.headers['content-type']),
      /^application\/opensearchdescription\+xml/,
    );
    assert.match(response.body, /template="\/opds\/search\?q=\{searchTerms\}"/);
  });
});

describe('token links and downloads', () => {
  test('a token link works without credentials and keeps the token in every link', async () => {
    const shown = await f.alice.request('GET', '/api/me/opds-token');
    assert.equal(shown.statusCode, 200, shown.body);
    const { token, path } = JSON.parse(shown.body) as { token: string; path: string };
    assert.equal(path, `/opds/t/${token}`);
    const again = JSON.parse((await f.alice.request('GET', '/api/me/opds-token')).body);
    assert.equal(again.token, token, 'the token is stable');
    assert.equal((await f.h.agent().request('GET', '/api/me/opds-token')).statusCode, 401);

    const response = await get(`${path}/shelf`);
    assert.equal(response.statusCode, 200);
    assert.ok(validateFeed(response.body).ok);
    const shelf = await parse(response.body);
    assert.deepEqual(
      shelf.entries[0]!.links.map((l) => l.href),
      [
        `${path}/covers/${f.book.id}`,
        `${path}/covers/${f.book.id}`,
        `${path}/books/${f.book.id}.epub`,
        `${path}/books/${f.book.id}.txt`,
      ],
    );
    const cover = await get(`${path}/covers/${f.book.id}`);
    assert.equal(cover.statusCode, 200, 'the cover through the token link');
    assert.equal(cover.headers['content-type'], 'image/svg+xml');
    const bobToken = JSON.parse((await f.bob.request('GET', '/api/me/opds-token')).body).path;
    assert.notEqual(bobToken, path);
    assert.equal((await parse((await get(`${bobToken}/shelf`)).body)).entries.length, 0);

    // Renewing retires the old link.
    const renewed = await f.alice.request('POST', '/api/me/opds-token');
    assert.equal(renewed.statusCode, 200, renewed.body);
    assert.equal((await get(`${path}/shelf`)).statusCode, 401);
    assert.equal((await get(`${JSON.parse(renewed.body).path}/shelf`)).statusCode, 200);
  });

  test('the EPUB is built in the background, passes EPUBCheck, and is served from the store', async (t) => {
    const url = `/opds/books/${f.book.id}.epub`;
    const started = performance.now();
    const first = await downloadWhenReady(f.h, url, { authorization: basic('alice') });
    const firstMs = performance.now() - started;
    assert.equal(first.statusCode, 200, first.body.slice(0, 500));
    assert.equal(first.headers['content-type'], 'application/epub+zip');
    // A readable ASCII name tied to the book for clients that read only `filename`, the title as
    // RFC 5987 `filename*` for the others.
    assert.match(
      String(first.headers['content-disposition']),
      new RegExp(
        `^attachment; filename="JiuChengDengHuo-${f.book.id}\\.epub"; filename\\*=UTF-8''${encodeURIComponent(f.book.title)}\\.epub$`,
      ),
    );
    const again = performance.now();
    const second = await get(url, { authorization: basic('alice') });
    const secondMs = performance.now() - again;
    assert.deepEqual(second.rawPayload, first.rawPayload, 'the cached file is served');
    const chapters = (await f.h.app.library.store.chapters.listByBook(f.book.id)).length;
    const stored = await f.h.app.store.bookFiles.read(f.book.id, 'epub');
    assert.equal(stored?.state, 'done', 'kept in the store, where every server finds it');
    assert.equal(stored.chapters, chapters, 'built from the current TOC');
    assert.deepEqual(Buffer.from(stored.bytes), first.rawPayload);
    assert.ok(
      !existsSync(join(f.h.dataDir, 'exports', `${f.book.id}-${chapters}.epub`)),
      'not on disk',
    );
    // The same file again: 304 for its ETag.
    const etag = String(first.headers['etag']);
    assert.equal(
      (await get(url, { authorization: basic('alice'), 'if-none-match': etag })).statusCode,
      304,
    );
    t.diagnostic(
      `EPUB of 90+ chapters: ready after ${firstMs.toFixed(0)} ms, again ${secondMs.toFixed(0)} ms`,
    );

    const txt = await downloadWhenReady(f.h, `/opds/books/${f.book.id}.txt`, {
      authorization: basic('alice'),
    });
    assert.equal(txt.statusCode, 200);
    assert.equal(txt.headers['content-type'], 'text/plain; charset=utf-8');
    assert.ok(txt.body.includes(f.book.title));
    assert.equal(
      (await get('/opds/books/424242.epub', { authorization: basic('alice') })).statusCode,
      404,
    );
    assert.equal(
      (await get('/opds/books/x.pdf', { authorization: basic('alice') })).statusCode,
      404,
    );

    // The cover from Linhai's cover cache is the EPUB's cover image, shown on the title page.
    const zip = await JSZip.loadAsync(first.rawPayload);
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    assert.match(
      opf,
      /<item id="cover-image" href="images\/cover\.svg" media-type="image\/svg\+xml" properties="cover-image"\/>/,
    );
    assert.match(
      opf,
      /<spine toc="ncx">\n<itemref idref="title-page"\/>\n<itemref idref="c00001"\/>/,
    );
    assert.match(
      await zip.file('OEBPS/text/title.xhtml')!.async('string'),
      /<img class="cover" src="..\/images\/cover.svg"/,
    );
    assert.match(await zip.file('OEBPS/images/cover.svg')!.async('string'), /^<svg /);

    const skip = epubcheckUnavailable();
    if (skip) return t.skip(skip);
    const file = join(f.h.dataDir, 'downloaded.epub');
    writeFileSync(file, first.rawPayload);
    const verdict = epubcheck(file);
    assert.ok(verdict.ok, verdict.messages);
  });

  test('a book that gained a chapter is written again and replaces the stored file', async () => {
    const { store } = f.h.app.library;
    const chapters = await store.chapters.listByBook(f.book.id);
    const last = chapters.at(-1)!;
    // What a TOC refresh does when a source publishes a chapter, and reading it caches its text.
    const saved = await store.chapters.saveToc(f.book.id, [
      ...chapters,
      {
        key: 'opds-test-epilogue',
        ordinal: last.ordinal + 1,
        title: '尾声',
        firstSeenAt: 1,
        links: [],
      },
    ]);
    const added = saved.find((c) => c.key === 'opds-test-epilogue')!;
    const { sourceId } = (await store.contents.get(last.id))!;
    await store.contents.put({
      chapterId: added.id,
      sourceId,
      text: '灯火一盏盏熄了。\n城市醒来。',
      hash: 'opds-test',
      fetchedAt: 1,
    });
    // The download plans the new build and gets the new file once it is done (the chapters are
    // cached: a few seconds), or the older complete file meanwhile.
    let response = await get(`/opds/books/${f.book.id}.epub`, { authorization: basic('alice') });
    assert.equal(response.statusCode, 200);
    for (let i = 0; i < 60; i++) {
      const row = await f.h.app.store.bookFiles.get(f.book.id, 'epub');
      if (row?.state === 'done' && row.chapters === chapters.length + 1) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    response = await get(`/opds/books/${f.book.id}.epub`, { authorization: basic('alice') });
    const stored = await f.h.app.store.bookFiles.get(f.book.id, 'epub');
    assert.equal(stored?.chapters, chapters.length + 1, 'the stored file is the new one');
    assert.equal(stored.size, response.rawPayload.length);
    const zip = await JSZip.loadAsync(response.rawPayload);
    const name = `OEBPS/text/c${String(chapters.length + 1).padStart(5, '0')}.xhtml`;
    assert.match((await zip.file(name)?.async('string')) ?? '', /城市醒来/);
  });
});

describe('OPDS paging', () => {
  test('long lists come a page of 100 at a time, with first, previous and next links', async () => {
    const { store } = f.h.app;
    const bob = (await store.users.getByName('bob'))!;
    // 150 more books, each on bob's shelf, so every list is longer than a page.
    for (let i = 0; i < 150; i++) {
      const book = await store.books.upsert({
        key: `paging-${i}`,
        title: `分页测试 ${i}`,
        author: '测试',
      });
      await store.shelves.add(bob.id, book.id, i + 1);
    }
    const auth = { authorization: basic('bob') };
    for (const path of ['/opds/latest', '/opds/popular', '/opds/newest']) {
      const first = await get(path, auth);
      assert.equal(first.statusCode, 200, first.body);
      assert.ok(validateFeed(first.body).ok, `${path} page 1 is valid OPDS`);
      const one = await parse(first.body);
      assert.equal(one.entries.length, 100, path);
      const next = one.links.find((l) => l.rel === 'next');
      assert.equal(next?.href, `${path}?page=2`);
      const second = await get(next.href, auth);
      assert.ok(validateFeed(second.body).ok, `${path} page 2 is valid OPDS`);
      const two = await parse(second.body);
      assert.equal(two.entries.length, 151 - 100, `${path}: the rest (150 + the fixture's book)`);
      assert.equal(
        two.links.find((l) => l.rel === 'next'),
        undefined,
        'the last page',
      );
      assert.equal(two.links.find((l) => l.rel === 'previous')?.href, path);
      assert.equal(two.links.find((l) => l.rel === 'first')?.href, path);
      const ids = new Set([...one.entries, ...two.entries].map((e) => e.id));
      assert.equal(ids.size, 151, `${path}: every book once over the two pages`);
    }
    const searched = await parse(
      (await get(`/opds/search?q=${encodeURIComponent('分页测试')}`, auth)).body,
    );
    assert.equal(
      searched.links.find((l) => l.rel === 'next')?.href,
      `/opds/search?q=${encodeURIComponent('分页测试')}&page=2`,
    );
    const bad = await get('/opds/latest?page=0', auth);
    assert.equal(bad.statusCode, 400);
  });
});

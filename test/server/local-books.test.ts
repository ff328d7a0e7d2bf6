/**
 * Local books over the API (issue 22): a reader uploads a GB18030 TXT and an EPUB; the TXT is
 * split by the best-fitting rule, read in chapters, split again with another rule, its position
 * saved and read back; it exports as an EPUB that passes EPUBCheck (and a TXT with every title);
 * it is on the uploader's OPDS shelf, and KOReader syncs its place with the web reader (kosync). To another reader and to OPDS strangers it is a book that
 * never was (404) and it is in no list. A file that is no book is refused with what to do.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { partialMd5 } from '../../src/server/opds/document-digest.ts';
import { epubcheck, epubcheckUnavailable } from '../export/epubcheck.ts';
import { epubFile, txtNovel } from '../support/local-book-files.ts';
import { PASSWORD, startHarness } from './server-harness.ts';
import type { Agent, Harness } from './server-harness.ts';

let h: Harness;
let alice: Agent;
let bob: Agent;

const HEADINGS = [
  '第一章 小小灵娥',
  '第二章 师兄的入门审核',
  '第三章 入门第一课',
  '第四章 世界很危险',
];

interface Imported {
  bookId: number;
  title: string;
  author: string;
  format: string;
  encoding?: string;
  rule?: { id: number; name: string };
  chapterCount: number;
  chapters: string[];
}

const upload = (agent: Agent, name: string, bytes: Uint8Array, rule?: number) =>
  agent.request(
    'POST',
    `/api/local-books?name=${encodeURIComponent(name)}${rule === undefined ? '' : `&rule=${rule}`}`,
    Buffer.from(bytes),
    { headers: { 'content-type': 'application/octet-stream' } },
  );

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

const basic = (name: string) => `Basic ${Buffer.from(`${name}:${PASSWORD}`).toString('base64')}`;

before(async () => {
  h = await startHarness({ jobs: true });
  alice = h.agent();
  assert.equal((await alice.register('alice')).statusCode, 201);
  await alice.request('PATCH', '/api/admin/settings', { registration: 'open' });
  bob = h.agent();
  assert.equal((await bob.register('bob')).statusCode, 201);
});
after(async () => h?.close());

describe('a TXT upload', () => {
  let book: Imported;
  before(async () => {
    const bytes = iconv.encode(txtNovel(HEADINGS, '《灵娥传》\r\n作者：某人\r\n\r\n'), 'gb18030');
    const response = await upload(alice, '《灵娥传》作者：某人.txt', bytes);
    assert.equal(response.statusCode, 201, response.body);
    book = JSON.parse(response.body) as Imported;
  });

  test('is split by the best-fitting rule and read chapter by chapter', async () => {
    assert.deepEqual(
      [book.title, book.author, book.format, book.encoding, book.rule?.name, book.chapterCount],
      ['灵娥传', '某人', 'txt', 'gb18030', '目录(去空白)', 5],
    );
    assert.deepEqual(book.chapters, ['前言', ...HEADINGS]);
    const toc = JSON.parse((await alice.request('GET', `/api/books/${book.bookId}/toc`)).body) as {
      key: string;
      title: string;
    }[];
    assert.deepEqual(
      toc.map((c) => c.title),
      book.chapters,
    );
    const chapter = await alice.request('GET', `/api/books/${book.bookId}/chapters/${toc[2]!.key}`);
    assert.equal(chapter.statusCode, 200, chapter.body);
    const view = JSON.parse(chapter.body) as {
      title: string;
      paragraphs: string[];
      prevKey?: string;
    };
    assert.equal(view.title, HEADINGS[1]);
    assert.deepEqual(view.paragraphs, [
      '这是第2章的第一段，山门外的风吹了一夜。',
      '本章的第二段（2）。',
    ]);
    assert.equal(view.prevKey, toc[1]!.key);
    const refreshed = await alice.request(
      'GET',
      `/api/books/${book.bookId}/chapters/${toc[2]!.key}?refresh=true`,
    );
    assert.equal(refreshed.statusCode, 200, 'a local chapter has no source to fetch again from');

    const position = `/api/shelf/${book.bookId}/position`;
    const saved = await alice.request('PUT', position, {
      chapterKey: toc[3]!.key,
      anchor: '这是第3章的第一段',
      offsetChars: 4,
    });
    assert.ok(saved.statusCode < 300, saved.body);
    const back = JSON.parse((await alice.request('GET', position)).body) as { chapterKey: string };
    assert.equal(back.chapterKey, toc[3]!.key);

    const found = JSON.parse(
      (
        await alice.request(
          'GET',
          `/api/books/${book.bookId}/search?q=${encodeURIComponent('山门外')}`,
        )
      ).body,
    ) as { hits: unknown[] };
    assert.equal(found.hits.length, 4, 'search in the book finds every chapter’s line');
    const mark = await alice.request('POST', `/api/books/${book.bookId}/bookmarks`, {
      chapterKey: toc[2]!.key,
      anchor: '这是第2章',
      offsetChars: 0,
      excerpt: '这是第2章的第一段',
    });
    assert.equal(mark.statusCode, 201, mark.body);

    const shelf = JSON.parse((await alice.request('GET', '/api/shelf')).body) as {
      bookId: number;
    }[];
    assert.ok(
      shelf.some((e) => e.bookId === book.bookId),
      'on the uploader’s shelf',
    );
    const mine = JSON.parse((await alice.request('GET', '/api/local-books')).body) as {
      bookId: number;
      ruleId: number;
    }[];
    assert.deepEqual(
      mine.map((m) => [m.bookId, m.ruleId]),
      [[book.bookId, 0]],
    );
  });

  test('another rule splits it again', async () => {
    const rules = JSON.parse((await alice.request('GET', '/api/local-books/rules')).body) as {
      id: number;
      name: string;
      enabled: boolean;
    }[];
    assert.equal(rules.length, 25);
    assert.deepEqual(rules[1], { id: 1, name: '目录', enabled: true });
    const resplit = await alice.request('PUT', `/api/local-books/${book.bookId}/rule`, { rule: 1 });
    assert.equal(resplit.statusCode, 200, resplit.body);
    const again = JSON.parse(resplit.body) as Imported;
    assert.deepEqual([again.rule?.id, again.chapters], [1, ['前言', ...HEADINGS]]);
    const none = await alice.request('PUT', `/api/local-books/${book.bookId}/rule`, { rule: 12 });
    assert.equal(none.statusCode, 200);
    assert.deepEqual(
      (JSON.parse(none.body) as Imported).chapterCount,
      1,
      'a rule that finds nothing',
    );
    await alice.request('PUT', `/api/local-books/${book.bookId}/rule`, { rule: 0 });
  });

  test('exports as an EPUB that passes EPUBCheck, and as a TXT with every chapter', async (t) => {
    const url = `/api/books/${book.bookId}/files/epub`;
    assert.equal((await alice.request('POST', url)).statusCode, 202);
    for (let i = 0; i < 200; i++) {
      const status = JSON.parse((await alice.request('GET', url)).body) as { state: string };
      if (status.state !== 'building') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const download = await alice.request('GET', `${url}/download`);
    assert.equal(download.statusCode, 200, download.body);
    const txtUrl = `/api/books/${book.bookId}/files/txt`;
    await alice.request('POST', txtUrl);
    for (let i = 0; i < 200; i++) {
      const status = JSON.parse((await alice.request('GET', txtUrl)).body) as { state: string };
      if (status.state !== 'building') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const txt = (await alice.request('GET', `${txtUrl}/download`)).body;
    for (const heading of HEADINGS) assert.ok(txt.includes(heading), heading);
    assert.ok(txt.includes('这是第4章的第一段'));

    const opds = await h.server.inject({
      method: 'GET',
      url: '/opds/shelf',
      headers: { authorization: basic('alice') },
    });
    assert.ok(opds.body.includes('灵娥传'), 'on the OPDS shelf');
    const opdsFile = await h.server.inject({
      method: 'GET',
      url: `/opds/books/${book.bookId}.epub`,
      headers: { authorization: basic('alice') },
    });
    assert.equal(opdsFile.statusCode, 200);
    await kosyncRoundTrip(opdsFile.rawPayload);

    // The exported EPUB imports back as the same chapters.
    const back = await upload(alice, 'reexport.epub', download.rawPayload);
    assert.equal(back.statusCode, 201, back.body);
    assert.deepEqual((JSON.parse(back.body) as Imported).chapters, book.chapters);

    const skip = epubcheckUnavailable();
    if (skip) return t.skip(skip);
    const file = join(h.dataDir, 'local.epub');
    writeFileSync(file, download.rawPayload);
    const verdict = epubcheck(file);
    assert.ok(verdict.ok, verdict.messages);
  });

  /** KOReader reading the downloaded EPUB syncs with the web reader, as for any book. */
  async function kosyncRoundTrip(epub: Buffer): Promise<void> {
    const made = await alice.request('POST', '/api/me/kosync');
    assert.equal(made.statusCode, 201, made.body);
    const key = md5((JSON.parse(made.body) as { key: string }).key);
    const headers = {
      accept: 'application/vnd.koreader.v1+json',
      'content-type': 'application/json',
      'x-auth-user': 'alice',
      'x-auth-key': key,
    };
    const document = partialMd5(epub);
    const toc = JSON.parse((await alice.request('GET', `/api/books/${book.bookId}/toc`)).body) as {
      key: string;
    }[];
    // DocFragment[1] is the title page; chapter n (1-based) is DocFragment[n + 1].
    const pushed = await h.server.inject({
      method: 'PUT',
      url: '/kosync/syncs/progress',
      headers,
      payload: JSON.stringify({
        document,
        progress: '/body/DocFragment[4]/body/section/p[1]/text().2',
        percentage: 0.5,
        device: 'Kobo',
        device_id: 'K1',
      }),
    });
    assert.equal(pushed.statusCode, 200, pushed.body);
    const position = JSON.parse(
      (await alice.request('GET', `/api/shelf/${book.bookId}/position`)).body,
    ) as { chapterKey: string };
    assert.equal(position.chapterKey, toc[2]!.key, 'KOReader’s place is the web reader’s');

    await alice.request('PUT', `/api/shelf/${book.bookId}/position`, {
      chapterKey: toc[4]!.key,
      anchor: '这是第4章的第一段',
      offsetChars: 0,
    });
    const pulled = await h.server.inject({
      method: 'GET',
      url: `/kosync/syncs/progress/${document}`,
      headers,
    });
    assert.match(
      (JSON.parse(pulled.body) as { progress: string }).progress,
      /^\/body\/DocFragment\[6\]/,
      'the web reader’s place is KOReader’s',
    );
  }

  test('is private: to another reader and over OPDS it never was, and no list shows it', async () => {
    const id = book.bookId;
    const toc = JSON.parse((await alice.request('GET', `/api/books/${id}/toc`)).body) as {
      key: string;
    }[];
    for (const [method, url] of [
      ['GET', `/api/books/${id}`],
      ['GET', `/api/books/${id}/toc`],
      ['GET', `/api/books/${id}/chapters/${toc[1]!.key}`],
      ['GET', `/api/books/${id}/files/epub`],
      ['GET', `/api/books/${id}/search?q=山门`],
      ['GET', `/api/local-books/${id}`],
      ['PUT', `/api/shelf/${id}`],
      ['PUT', `/api/local-books/${id}/rule`],
    ] as const) {
      const body = url.endsWith('/rule') ? { rule: 1 } : undefined;
      const response = await bob.request(method, url, body);
      assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
    }
    const signedOut = await h.agent().request('GET', `/api/books/${id}`);
    assert.ok([401, 404].includes(signedOut.statusCode));
    const opds = await h.server.inject({
      method: 'GET',
      url: `/opds/books/${id}.epub`,
      headers: { authorization: basic('bob') },
    });
    assert.equal(opds.statusCode, 404);
    for (const path of ['/opds/newest', '/opds/latest', '/opds/popular']) {
      const feed = await h.server.inject({
        method: 'GET',
        url: path,
        headers: { authorization: basic('bob') },
      });
      assert.ok(!feed.body.includes('灵娥传'), path);
    }
    assert.deepEqual(JSON.parse((await bob.request('GET', '/api/local-books')).body), []);
  });
});

describe('an EPUB upload and files that are no book', () => {
  test('an EPUB 3 becomes a book of its spine', async () => {
    const bytes = await epubFile({
      version: 3,
      title: '山海',
      author: '某人',
      chapters: [
        { file: 'a.xhtml', title: '第一章 山', body: '<p>山很高。</p>' },
        { file: 'b.xhtml', title: '第二章 海', body: '<p>海很深。</p>' },
      ],
    });
    const response = await upload(alice, 'shanhai.epub', bytes);
    assert.equal(response.statusCode, 201, response.body);
    const book = JSON.parse(response.body) as Imported;
    assert.deepEqual(
      [book.title, book.format, book.chapters],
      ['山海', 'epub', ['第一章 山', '第二章 海']],
    );
    const rule = await alice.request('PUT', `/api/local-books/${book.bookId}/rule`, { rule: 1 });
    assert.equal(rule.statusCode, 400);
  });

  test('a PDF is 415 with what to do; an empty body is 400', async () => {
    const pdf = await upload(alice, 'book.pdf', Buffer.from('%PDF-1.7 ...'));
    assert.equal(pdf.statusCode, 415);
    const error = JSON.parse(pdf.body) as { error: { code: string; message: string } };
    assert.equal(error.error.code, 'local-file-unsupported');
    assert.match(error.error.message, /Calibre/);
    const empty = await upload(alice, 'empty.txt', new Uint8Array(0));
    assert.equal(empty.statusCode, 400);
  });
});

/**
 * KOReader progress sync with the requests KOReader's kosync plugin sends (headers `x-auth-user`
 * and `x-auth-key` = MD5 of what was typed as the password: here the sync key Linhai made,
 * `Accept: application/vnd.koreader.v1+json`): making a key, "registering" and authorising, then a position pushed for the served EPUB (by its partial MD5
 * and by its file name's MD5) becomes the Linhai position, and the web reader's position comes
 * back as an XPointer.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { PASSWORD } from '../server/server-harness.ts';
import { basic, downloadWhenReady, startOpdsFixture } from '../opds/opds-fixture.ts';
import type { OpdsFixture } from '../opds/opds-fixture.ts';
import { partialMd5 } from '../../src/server/opds/document-digest.ts';

const md5 = (text: string | Uint8Array) => createHash('md5').update(text).digest('hex');

let f: OpdsFixture;
let epub: Buffer;
/** The plain `filename` of the download's Content-Disposition. */
let serverFileName = '';
let toc: { key: string; title: string }[] = [];
/** Alice's sync key, as she types it into KOReader. */
let syncKey = '';

const koreader = (user = 'alice', key = md5(syncKey)) => ({
  accept: 'application/vnd.koreader.v1+json',
  'content-type': 'application/json',
  'x-auth-user': user,
  'x-auth-key': key,
});

const inject = (method: 'GET' | 'PUT' | 'POST', url: string, body?: object, headers = koreader()) =>
  f.h.server.inject({
    method,
    url,
    headers,
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });

before(async () => {
  f = await startOpdsFixture();
  const download = await downloadWhenReady(f.h, `/opds/books/${f.book.id}.epub`, {
    authorization: basic('alice'),
  });
  assert.equal(download.statusCode, 200);
  epub = download.rawPayload;
  serverFileName = /filename="([^"]+)"/.exec(String(download.headers['content-disposition']))![1]!;
  toc = JSON.parse(
    (await f.alice.request('GET', `/api/books/${f.book.id}/toc`)).body,
  ) as typeof toc;
  assert.ok(toc.length >= 90);
});

after(async () => {
  await f?.close();
});

describe('kosync', () => {
  test('users make a sync key; KOReader then registers and authorises with it', async () => {
    assert.equal((await inject('GET', '/kosync/users/auth')).statusCode, 401, 'no key yet');
    const none = await f.alice.request('GET', '/api/me/kosync');
    assert.deepEqual(JSON.parse(none.body), {
      enabled: false,
      kind: null,
      createdAt: null,
      hint: null,
    });
    const made = await f.alice.request('POST', '/api/me/kosync');
    assert.equal(made.statusCode, 201, made.body);
    const shown = JSON.parse(made.body) as { username: string; key: string };
    assert.equal(shown.username, 'alice');
    assert.match(shown.key, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    syncKey = shown.key;
    const status = JSON.parse((await f.alice.request('GET', '/api/me/kosync')).body);
    assert.equal(status.enabled, true);
    assert.equal(status.kind, 'key');
    assert.equal(status.hint, syncKey.slice(-4));
    assert.ok(!JSON.stringify(status).includes(syncKey), 'the key is shown once, never again');

    const created = await inject('POST', '/kosync/users/create', {
      username: 'alice',
      password: md5(syncKey),
    });
    assert.equal(created.statusCode, 201);
    assert.deepEqual(JSON.parse(created.body), { username: 'alice' });
    const taken = await inject('POST', '/kosync/users/create', {
      username: 'bob',
      password: md5('x'),
    });
    assert.equal(taken.statusCode, 401);

    const auth = await inject('GET', '/kosync/users/auth');
    assert.equal(auth.statusCode, 200);
    assert.deepEqual(JSON.parse(auth.body), { authorized: 'OK' });
    const bad = await inject(
      'GET',
      '/kosync/users/auth',
      undefined,
      koreader('alice', md5(PASSWORD)),
    );
    assert.equal(bad.statusCode, 401, 'the account password is not the sync key');
    assert.equal(JSON.parse(bad.body).code, 2001);
    assert.equal(
      (await inject('GET', '/kosync/users/auth', undefined, koreader('bob', md5(syncKey))))
        .statusCode,
      401,
      'bob has no sync key',
    );
  });

  test('a pushed position round-trips and becomes the Linhai position', async () => {
    const document = partialMd5(epub);
    // Chapter 3 is DocFragment[4] (the title page is [1]); its second paragraph, 5 characters in.
    const progress = '/body/DocFragment[4]/body/section/p[2]/text().5';
    const pushed = await inject('PUT', '/kosync/syncs/progress', {
      document,
      progress,
      percentage: 0.0251,
      device: 'Kobo',
      device_id: 'A1B2C3',
    });
    assert.equal(pushed.statusCode, 200, pushed.body);
    const answer = JSON.parse(pushed.body) as { document: string; timestamp: number };
    assert.equal(answer.document, document);
    assert.equal(typeof answer.timestamp, 'number');

    const pulled = await inject('GET', `/kosync/syncs/progress/${document}`);
    assert.equal(pulled.statusCode, 200);
    assert.deepEqual(JSON.parse(pulled.body), {
      document,
      progress,
      percentage: 0.0251,
      device: 'Kobo',
      device_id: 'A1B2C3',
      timestamp: answer.timestamp,
    });

    const position = JSON.parse(
      (await f.alice.request('GET', `/api/shelf/${f.book.id}/position`)).body,
    ) as { chapterKey: string; anchor: string; offsetChars: number };
    assert.equal(position.chapterKey, toc[2]!.key);
    const chapter = JSON.parse(
      (
        await f.alice.request(
          'GET',
          `/api/books/${f.book.id}/chapters/${encodeURIComponent(toc[2]!.key)}`,
        )
      ).body,
    ) as { paragraphs: string[] };
    assert.ok(chapter.paragraphs[1]!.startsWith(position.anchor) && position.anchor.length > 0);

    // Unknown documents are kept as a plain kosync server would; nothing is there before a push.
    const empty = await inject('GET', `/kosync/syncs/progress/${md5('another book')}`);
    assert.deepEqual(JSON.parse(empty.body), {});
    const bobs = await inject(
      'GET',
      `/kosync/syncs/progress/${document}`,
      undefined,
      koreader('bob'),
    );
    assert.equal(bobs.statusCode, 401);
  });

  test("the web reader's newer position is pulled as an XPointer into the same EPUB", async () => {
    const byName = md5(`${f.book.title}.epub`);
    const saved = await f.alice.request('PUT', `/api/shelf/${f.book.id}/position`, {
      chapterKey: toc[9]!.key,
      anchor: '',
      offsetChars: 0,
    });
    assert.ok(saved.statusCode < 300, saved.body);
    const pulled = JSON.parse((await inject('GET', `/kosync/syncs/progress/${byName}`)).body) as {
      progress: string;
      percentage: number;
      device: string;
    };
    assert.equal(pulled.progress, '/body/DocFragment[11]/body/section/p[1]/text().0');
    assert.ok(Math.abs(pulled.percentage - 9 / toc.length) < 0.001, String(pulled.percentage));
    assert.equal(pulled.device, 'Linhai');
  });

  test('a push under the raw server file name moves the web position', async () => {
    // KOReader's "use server file names" saves the book under the plain `filename` and, in its
    // "file name" checksum mode, names the document by the MD5 of that name.
    assert.equal(serverFileName, `JiuChengDengHuo-${f.book.id}.epub`);
    const document = md5(serverFileName);
    const progress = '/body/DocFragment[21]/body/section/p[1]/text().0';
    const pushed = await inject('PUT', '/kosync/syncs/progress', {
      document,
      progress,
      percentage: 0.21,
      device: 'Kobo Libra',
      device_id: 'K2',
    });
    assert.equal(pushed.statusCode, 200, pushed.body);
    const position = JSON.parse(
      (await f.alice.request('GET', `/api/shelf/${f.book.id}/position`)).body,
    ) as { chapterKey: string };
    assert.equal(position.chapterKey, toc[19]!.key, 'DocFragment[21] is chapter 20');

    // The same book under its other digests gives back the device's own values.
    for (const other of [partialMd5(epub), md5(`${f.book.title}.epub`)]) {
      const pulled = JSON.parse((await inject('GET', `/kosync/syncs/progress/${other}`)).body);
      assert.deepEqual(
        { ...pulled, timestamp: 0 },
        {
          document: other,
          progress,
          percentage: 0.21,
          device: 'Kobo Libra',
          device_id: 'K2',
          timestamp: 0,
        },
      );
    }
  });

  test('bad pushes get kosync error bodies', async () => {
    const missing = await inject('PUT', '/kosync/syncs/progress', { progress: 'x', percentage: 0 });
    assert.equal(missing.statusCode, 403);
    assert.equal(JSON.parse(missing.body).code, 2004);
    const invalid = await inject('PUT', '/kosync/syncs/progress', {
      document: 'abc',
      progress: 'x',
      percentage: 'half',
      device: 'Kobo',
      device_id: '1',
    });
    assert.equal(invalid.statusCode, 403);
    assert.equal(JSON.parse(invalid.body).code, 2003);
  });
});

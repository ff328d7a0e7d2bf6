/**
 * Legado's WebDAV progress sync against Linhai, with the requests Legado's client sends
 * (AppWebDav.upConfig: PROPFIND Depth 0 with its propfind body as text/plain, MKCOL when absent,
 * for `legado/`, `legado/bookProgress/`, `legado/exports/`; uploadBookProgress: PUT of the
 * BookProgress JSON at a URL encoded the way Java's URLEncoder does; getBookProgress: GET;
 * backUpWebDav: PUT of the zip; getBackupNames: PROPFIND Depth 1): the app's position shows in
 * the web reader's position API and in a KOReader pull; the web reader's newer position is what
 * the app and KOReader get; an older app push does not move it; each reader sees only their own
 * folder; no credentials, no access.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { basic, downloadWhenReady, startOpdsFixture } from '../opds/opds-fixture.ts';
import type { OpdsFixture } from '../opds/opds-fixture.ts';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

let f: OpdsFixture;
let toc: Array<{ key: string; title: string }> = [];
let syncKey = '';

/** Legado's propfind body (WebDav.kt DIR, no extra properties). */
const PROPFIND_BODY = `<?xml version="1.0"?>
            <a:propfind xmlns:a="DAV:">
                <a:prop>
                    <a:displayname/>
                    <a:resourcetype/>
                    <a:getcontentlength/>
                    <a:creationdate/>
                    <a:getlastmodified/>
                    
                </a:prop>
            </a:propfind>`;

/** What Legado's WebDav.httpUrl does to a URL: URLEncoder.encode, then "+" → %20, ":" and "/" back. */
function legadoUrl(url: string): string {
  const javaEncoded = encodeURIComponent(url)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
  const encoded = javaEncoded.replace(/\+/g, '%20').replace(/%3A/g, ':').replace(/%2F/g, '/');
  return new URL(encoded).pathname;
}

const ROOT = 'http://127.0.0.1:8080/dav/legado/';

async function dav(
  method: string,
  url: string,
  options: { user?: string; depth?: number; body?: string | Buffer; type?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.user !== '') headers['authorization'] = basic(options.user ?? 'alice');
  if (options.depth !== undefined) headers['depth'] = String(options.depth);
  if (options.type) headers['content-type'] = options.type;
  return f.h.server.inject({
    method: method as 'GET',
    url: legadoUrl(url),
    headers,
    ...(options.body === undefined ? {} : { payload: options.body }),
  });
}

/** Legado's makeAsDir(): exists() by PROPFIND Depth 0, MKCOL when it is not there. */
async function makeAsDir(url: string): Promise<number[]> {
  const probe = await dav('PROPFIND', url, { depth: 0, body: PROPFIND_BODY, type: 'text/plain' });
  if (probe.statusCode === 207 && probe.body.includes('<d:response>')) return [probe.statusCode];
  const made = await dav('MKCOL', url);
  return [probe.statusCode, made.statusCode];
}

const progressUrl = (name: string, author: string) => `${ROOT}bookProgress/${name}_${author}.json`;

async function kosyncPull(): Promise<{ progress: string; device: string }> {
  const document = md5(`${f.book.title}.epub`);
  const pulled = await f.h.server.inject({
    method: 'GET',
    url: `/kosync/syncs/progress/${document}`,
    headers: {
      accept: 'application/vnd.koreader.v1+json',
      'x-auth-user': 'alice',
      'x-auth-key': md5(syncKey),
    },
  });
  assert.equal(pulled.statusCode, 200, pulled.body);
  return JSON.parse(pulled.body) as { progress: string; device: string };
}

before(async () => {
  f = await startOpdsFixture();
  toc = JSON.parse(
    (await f.alice.request('GET', `/api/books/${f.book.id}/toc`)).body,
  ) as typeof toc;
  assert.ok(toc.length >= 20);
  // KOReader's side: the EPUB served (so its digest is the book's) and a sync key.
  const download = await downloadWhenReady(f.h, `/opds/books/${f.book.id}.epub`, {
    authorization: basic('alice'),
  });
  assert.equal(download.statusCode, 200);
  syncKey = (JSON.parse((await f.alice.request('POST', '/api/me/kosync')).body) as { key: string })
    .key;
});
after(async () => {
  await f?.close();
});

test("Legado's WebDAV setup, then a position from the app reaches the web reader and KOReader and back", async () => {
  const author = (await f.h.app.store.books.get(f.book.id))!.author;
  // upConfig, as on the phone when the WebDAV account is saved.
  assert.deepEqual(await makeAsDir(ROOT), [404, 201]);
  assert.deepEqual(await makeAsDir(`${ROOT}bookProgress/`), [404, 201]);
  assert.deepEqual(await makeAsDir(`${ROOT}exports/`), [404, 201]);
  assert.deepEqual(await makeAsDir(ROOT), [207], 'the second time it exists');

  // The app reads chapter 5, 30 characters in, and uploads its progress.
  const appTime = Date.now() + 1_000;
  const put = await dav('PUT', progressUrl(f.book.title, author), {
    type: 'application/json; charset=utf-8',
    body: JSON.stringify({
      name: f.book.title,
      author,
      durChapterIndex: 4,
      durChapterPos: 30,
      durChapterTime: appTime,
      durChapterTitle: toc[4]!.title,
    }),
  });
  assert.equal(put.statusCode, 201, put.body);
  const position = JSON.parse(
    (await f.alice.request('GET', `/api/shelf/${f.book.id}/position`)).body,
  ) as {
    chapterKey: string;
    offsetChars: number;
    readAt: number;
  };
  assert.deepEqual(
    [position.chapterKey, position.offsetChars, position.readAt],
    [toc[4]!.key, 30, appTime],
  );
  // KOReader pulls it (chapter 5 is DocFragment[6]: the title page and the contents come first).
  const fromApp = await kosyncPull();
  assert.match(fromApp.progress, /^\/body\/DocFragment\[6\]\//);
  assert.equal(fromApp.device, 'Linhai');

  // The web reader moves on; the app's getBookProgress and KOReader get that.
  await new Promise((r) => setTimeout(r, 1_100));
  const saved = await f.alice.request('PUT', `/api/shelf/${f.book.id}/position`, {
    chapterKey: toc[9]!.key,
    anchor: '',
    offsetChars: 12,
  });
  assert.ok(saved.statusCode < 300, saved.body);
  const got = await dav('GET', progressUrl(f.book.title, author));
  assert.equal(got.statusCode, 200);
  const progress = JSON.parse(got.body) as Record<string, unknown>;
  assert.equal(progress['name'], f.book.title);
  assert.equal(progress['author'], author);
  assert.equal(progress['durChapterTitle'], toc[9]!.title);
  assert.equal(progress['durChapterIndex'], 9);
  assert.equal(progress['durChapterPos'], 12);
  assert.ok((progress['durChapterTime'] as number) > appTime);
  assert.match((await kosyncPull()).progress, /^\/body\/DocFragment\[11\]\//);

  // An older upload from another phone does not move the reader back.
  const stale = await dav('PUT', progressUrl(f.book.title, author), {
    type: 'application/json',
    body: JSON.stringify({
      name: f.book.title,
      author,
      durChapterIndex: 2,
      durChapterPos: 0,
      durChapterTime: appTime - 60_000,
      durChapterTitle: toc[2]!.title,
    }),
  });
  assert.equal(stale.statusCode, 204);
  const still = JSON.parse(
    (await f.alice.request('GET', `/api/shelf/${f.book.id}/position`)).body,
  ) as {
    chapterKey: string;
  };
  assert.equal(still.chapterKey, toc[9]!.key);
  assert.equal(
    (
      JSON.parse((await dav('GET', progressUrl(f.book.title, author))).body) as {
        durChapterTitle: string;
      }
    ).durChapterTitle,
    toc[9]!.title,
  );

  // A book Linhai does not have still syncs between Legado devices: the file as it was sent.
  const other = {
    name: '别处的书 (上)',
    author: '某 人',
    durChapterIndex: 7,
    durChapterPos: 3,
    durChapterTime: 5,
    durChapterTitle: '第八章',
  };
  assert.equal(
    (
      await dav('PUT', progressUrl(other.name, other.author), {
        type: 'application/json',
        body: JSON.stringify(other),
      })
    ).statusCode,
    201,
  );
  assert.deepEqual(
    JSON.parse((await dav('GET', progressUrl(other.name, other.author))).body),
    other,
  );
});

test('backups go up and come back; each reader sees only their own folder; no credentials, no access', async () => {
  const zip = Buffer.from('PK\u0003\u0004 pretend zip bytes');
  const name = 'backup2026-12-06.zip';
  assert.equal(
    (await dav('PUT', `${ROOT}${name}`, { type: 'application/octet-stream', body: zip }))
      .statusCode,
    201,
  );
  const listing = await dav('PROPFIND', ROOT, {
    depth: 1,
    body: PROPFIND_BODY,
    type: 'text/plain',
  });
  assert.equal(listing.statusCode, 207);
  const hrefs = [...listing.body.matchAll(/<d:href>([^<]+)<\/d:href>/g)].map((m) => m[1]);
  assert.ok(hrefs.includes(`/dav/legado/${name}`), hrefs.join(' '));
  assert.ok(hrefs.includes('/dav/legado/bookProgress/'));
  const back = await dav('GET', `${ROOT}${name}`);
  assert.equal(back.statusCode, 200);
  assert.deepEqual(back.rawPayload, zip);

  // The book's progress file is listed even before the app wrote one (it is the Linhai position).
  const progressFiles = await dav('PROPFIND', `${ROOT}bookProgress/`, {
    depth: 1,
    body: PROPFIND_BODY,
    type: 'text/plain',
  });
  assert.match(progressFiles.body, new RegExp(encodeURIComponent(f.book.title)));

  // Bob has a folder of his own: Alice's is not there for him.
  assert.equal(
    (await dav('PROPFIND', ROOT, { user: 'bob', depth: 0, body: PROPFIND_BODY })).statusCode,
    404,
  );
  assert.equal((await dav('GET', `${ROOT}${name}`, { user: 'bob' })).statusCode, 404);
  const author = (await f.h.app.store.books.get(f.book.id))!.author;
  assert.equal(
    (await dav('GET', progressUrl(f.book.title, author), { user: 'bob' })).statusCode,
    404,
  );

  const anonymous = await dav('PROPFIND', ROOT, { user: '', depth: 0 });
  assert.equal(anonymous.statusCode, 401);
  assert.match(String(anonymous.headers['www-authenticate']), /^Basic /);
  const wrong = await f.h.server.inject({
    method: 'GET',
    url: `/dav/legado/${name}`,
    headers: { authorization: basic('alice', 'not the password') },
  });
  assert.equal(wrong.statusCode, 401);
  const escape = await f.h.server.inject({
    method: 'GET',
    url: '/dav/legado/..%2F..%2Fetc',
    headers: { authorization: basic('alice') },
  });
  assert.equal(escape.statusCode, 400);
  assert.equal((await dav('DELETE', `${ROOT}${name}`)).statusCode, 204);
  assert.equal((await dav('GET', `${ROOT}${name}`)).statusCode, 404);
});

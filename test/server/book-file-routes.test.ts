/**
 * Whole-book files through the API over the demo sites, with the embedded queue running the
 * export jobs as `linhai serve` does: POST starts a build, the status goes building → done, the
 * download is a valid EPUB / a TXT with every chapter title; a second POST of a done file plans
 * nothing; signed-out 401, bad format 400, unknown book 404; a book whose site fails is `failed`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import JSZipModule from 'jszip';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { viewToc } from '#library';
import { systemClock } from '#model';
import { partialMd5 } from '../../src/server/opds/document-digest.ts';
import { addBookFromSearch, importSources, PASSWORD, startHarness } from './server-harness.ts';
import type { Agent, Harness } from './server-harness.ts';

// CommonJS with `exports.default`; under Node's ESM loader it may arrive wrapped.
const JSZip = ((JSZipModule as unknown as { default?: typeof JSZipModule }).default ??
  JSZipModule) as typeof JSZipModule;

/** A short book of the json site (40-odd chapters: fetched at 4 a second). */
const SHORT = '仙途漫漫';
/** A book only the biquge site has: made to fail by faulting that site. */
const FAILING = '旧城灯火';

interface Status {
  state: string;
  doneChapters: number;
  totalChapters: number;
  stale: boolean;
  fileName: string | null;
  size: number | null;
  error: string | null;
}

let cluster: DemoCluster;
let h: Harness;
/** Moves the app's clock ahead of real time (a build that went quiet long ago). */
let skewMs = 0;
const clock = { now: () => Date.now() + skewMs, sleep: systemClock.sleep };
let alice: Agent;

// Not shelved: a shelved book's files are built in the background at once (issue 25), and these
// tests follow a build the reader starts.
const addBook = async (agent: Agent, title: string) =>
  (await addBookFromSearch(agent, title, { shelve: false })).id;

/** Polls the status until it leaves `building`; returns every status seen. */
async function follow(url: string, timeoutMs = 60_000): Promise<Status[]> {
  const seen: Status[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await alice.request('GET', url);
    assert.equal(response.statusCode, 200, response.body);
    const status = JSON.parse(response.body) as Status;
    seen.push(status);
    if (status.state !== 'building') return seen;
    assert.ok(Date.now() < deadline, `still building after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'biquge' }, { template: 'json' }] });
  h = await startHarness({ allowHosts: ['127.0.0.1'], jobs: true, clock });
  const admin = h.agent();
  assert.equal((await admin.register('admin')).statusCode, 201);
  await admin.request('PATCH', '/api/admin/settings', { registration: 'open' });
  await importSources(
    admin,
    cluster.sites.map((s) => s.source),
  );
  alice = h.agent();
  assert.equal((await alice.register('alice')).statusCode, 201);
});

after(async () => {
  await h?.close();
  await cluster?.close();
});

describe('/api/books/:id/files/:format', () => {
  let bookId: number;
  before(async () => {
    bookId = await addBook(alice, SHORT);
  });

  test('POST builds the EPUB in a job: building → done, then the download is a valid EPUB', async (t) => {
    const url = `/api/books/${bookId}/files/epub`;
    const toc = await viewToc(h.app.library, bookId);
    assert.ok(toc.length >= 40, `${SHORT} has ${toc.length} chapters`);
    const none = JSON.parse((await alice.request('GET', url)).body) as Status;
    assert.deepEqual(none, {
      state: 'none',
      doneChapters: 0,
      totalChapters: toc.length,
      stale: false,
      fileName: null,
      size: null,
      error: null,
    });
    const missing = await alice.request('GET', `${url}/download`);
    assert.equal(missing.statusCode, 404);
    assert.match(JSON.parse(missing.body).error.message, /build it first/);

    const started = performance.now();
    const post = await alice.request('POST', url);
    assert.equal(post.statusCode, 202, post.body);
    assert.equal((JSON.parse(post.body) as Status).state, 'building');
    const again = await alice.request('POST', url);
    assert.equal(again.statusCode, 202, 'a second click while building');
    const seen = await follow(url);
    const done = seen.at(-1)!;
    t.diagnostic(
      `EPUB of ${toc.length} chapters built by the job in ${(performance.now() - started).toFixed(0)} ms; ` +
        `progress seen: ${seen.map((s) => s.doneChapters).join(',')}`,
    );
    assert.equal(done.state, 'done', JSON.stringify(done));
    assert.equal(done.doneChapters, toc.length);
    assert.equal(done.totalChapters, toc.length);
    assert.equal(done.stale, false);
    assert.equal(done.fileName, `${SHORT}.epub`);
    const building = seen.filter((s) => s.state === 'building');
    assert.ok(
      building.some((s) => s.doneChapters > 0 && s.doneChapters < toc.length),
      'progress was seen between the start and the end',
    );
    const counts = await h.app.queue.countsByType();
    assert.equal(counts['export']?.completed, 1, 'one job for two clicks');

    const download = await alice.request('GET', `${url}/download`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/epub+zip');
    assert.equal(Number(download.headers['content-length']), done.size);
    assert.equal(
      download.headers['content-disposition'],
      `attachment; filename="XianTuManMan-${bookId}.epub"; filename*=UTF-8''${encodeURIComponent(SHORT)}.epub`,
    );
    const bytes = download.rawPayload;
    // The EPUB container: the uncompressed `mimetype` entry comes first.
    assert.equal(bytes.subarray(30, 38).toString('latin1'), 'mimetype');
    assert.equal(bytes.subarray(38, 58).toString('latin1'), 'application/epub+zip');
    const zip = await JSZip.loadAsync(bytes);
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    assert.equal((opf.match(/<itemref idref="c\d+"/g) ?? []).length, toc.length);
    const etag = String(download.headers['etag']);
    const cached = await alice.request('GET', `${url}/download`, undefined, {
      headers: { 'if-none-match': etag },
    });
    assert.equal(cached.statusCode, 304);

    // Done and current: a POST answers 200 and plans nothing.
    const repeat = await alice.request('POST', url);
    assert.equal(repeat.statusCode, 200);
    assert.equal((JSON.parse(repeat.body) as Status).state, 'done');
    await h.app.queue.drain(['export']);
    assert.equal((await h.app.queue.countsByType())['export']?.completed, 1, 'no second job');

    // The download taught Linhai the file's KOReader digest (a side-loaded copy finds its book);
    // OPDS serves the job's file as it is.
    const digest = partialMd5(new Uint8Array(bytes));
    const bookOf = async () =>
      ((await h.app.store.documents.get(`ebook-digest:${digest}`)) as { bookId?: number })?.bookId;
    assert.equal(await bookOf(), bookId, 'KOReader finds the book by its digest');
    const opds = await h.agent().request('GET', `/opds/books/${bookId}.epub`, undefined, {
      headers: { authorization: `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}` },
    });
    assert.equal(opds.statusCode, 200);
    assert.deepEqual(opds.rawPayload, bytes, 'the same file, not built again');
  });

  test('the TXT holds every chapter title in order; a book that gained a chapter is stale', async () => {
    const url = `/api/books/${bookId}/files/txt`;
    const toc = await viewToc(h.app.library, bookId);
    assert.equal((await alice.request('POST', url)).statusCode, 202);
    const done = (await follow(url)).at(-1)!;
    assert.equal(done.state, 'done', JSON.stringify(done));
    const download = await alice.request('GET', `${url}/download`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'text/plain; charset=utf-8');
    const text = download.body;
    let at = 0;
    for (const item of toc) {
      const found = text.indexOf(item.title, at);
      assert.ok(found > at, `${item.title} in order`);
      at = found;
    }

    // What a TOC refresh does when the site publishes a chapter.
    const { store } = h.app.library;
    const chapters = await store.chapters.listByBook(bookId);
    await store.chapters.saveToc(bookId, [
      ...chapters,
      {
        key: 'api-test-epilogue',
        ordinal: chapters.at(-1)!.ordinal + 1,
        title: '尾声',
        firstSeenAt: 1,
        links: [],
      },
    ]);
    const stale = JSON.parse((await alice.request('GET', url)).body) as Status;
    assert.equal(stale.state, 'done');
    assert.equal(stale.stale, true, 'built from fewer chapters than the TOC has now');
    assert.equal(
      (await alice.request('GET', `${url}/download`)).statusCode,
      200,
      'still downloadable',
    );
  });

  test('signed out 401, a bad format 400, an unknown book 404', async () => {
    const stranger = h.agent();
    assert.equal(
      (await stranger.request('GET', `/api/books/${bookId}/files/epub`)).statusCode,
      401,
    );
    assert.equal(
      (await stranger.request('POST', `/api/books/${bookId}/files/epub`)).statusCode,
      401,
    );
    assert.equal(
      (await stranger.request('GET', `/api/books/${bookId}/files/epub/download`)).statusCode,
      401,
    );
    assert.equal((await alice.request('GET', `/api/books/${bookId}/files/pdf`)).statusCode, 400);
    assert.equal((await alice.request('POST', `/api/books/${bookId}/files/pdf`)).statusCode, 400);
    assert.equal((await alice.request('GET', '/api/books/424242/files/epub')).statusCode, 404);
    assert.equal((await alice.request('POST', '/api/books/424242/files/epub')).statusCode, 404);
    assert.equal(
      (await alice.request('GET', '/api/books/424242/files/epub/download')).statusCode,
      404,
    );
    const openapi = JSON.parse((await alice.request('GET', '/api/openapi.json')).body) as {
      paths: Record<string, Record<string, unknown>>;
    };
    assert.ok(openapi.paths['/api/books/{id}/files/{format}']?.['post']);
    assert.ok(openapi.paths['/api/books/{id}/files/{format}/download']?.['get']);
  });

  test('a book whose source fails ends `failed` with the error', async () => {
    const failing = await addBook(alice, FAILING);
    cluster.site('biquge').setFaults([{ kind: 'status', status: 404 }]);
    try {
      const url = `/api/books/${failing}/files/txt`;
      assert.equal((await alice.request('POST', url)).statusCode, 202);
      const failed = (await follow(url)).at(-1)!;
      assert.equal(failed.state, 'failed');
      assert.ok(failed.error && failed.error.length > 0, 'the error is shown');
      assert.equal(failed.size, null);
      assert.equal((await alice.request('GET', `${url}/download`)).statusCode, 404);
    } finally {
      cluster.site('biquge').setFaults([]);
    }
    // Retrying runs at once (the failed job is not waiting out a backoff) and now succeeds.
    const url = `/api/books/${failing}/files/txt`;
    const retried = await alice.request('POST', url);
    assert.equal(retried.statusCode, 202, retried.body);
    assert.equal(JSON.parse(retried.body).state, 'building');
    assert.equal((await follow(url, 30_000)).at(-1)!.state, 'done');
  });

  test('a build whose process died shows as failed and can be made again', async () => {
    const quiet = await addBook(alice, FAILING);
    const url = `/api/books/${quiet}/files/epub`;
    const chapters = (await viewToc(h.app.library, quiet)).length;
    // A row left `building` with no job behind it, as a killed process leaves it.
    await h.app.store.bookFiles.start({
      bookId: quiet,
      format: 'epub',
      chapters,
      fileName: 'x.epub',
    });
    const recent = JSON.parse((await alice.request('GET', url)).body) as Status;
    assert.equal(recent.state, 'building', 'a build quiet for a moment is still building');
    skewMs = 60_000;
    try {
      const dead = JSON.parse((await alice.request('GET', url)).body) as Status;
      assert.equal(dead.state, 'failed');
      assert.match(dead.error ?? '', /stopped/);
      assert.equal((await alice.request('POST', url)).statusCode, 202);
      assert.equal((await follow(url, 60_000)).at(-1)!.state, 'done');
    } finally {
      skewMs = 0;
    }
  });
});

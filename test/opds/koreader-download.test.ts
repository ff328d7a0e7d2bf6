/**
 * Issue 25: KOReader gives a download 15 s to the first block and 60 s in all. The first download
 * of a freshly shelved 300-chapter demo book used to send nothing for 65 s while the server built
 * the file inline, so KOReader gave up. Now shelving starts the build in the background and a
 * download answers within a few seconds: the file, or "being prepared" (503 with Retry-After,
 * and the shelf feed says so) — and the next request within a minute gets the whole book. Real
 * HTTP on 127.0.0.1 with KOReader's limits.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import JSZip from 'jszip';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { sharedDataSkip } from '../support/outside-material.ts';
import { addBookFromSearch, startHarness } from '../server/server-harness.ts';
import type { Harness } from '../server/server-harness.ts';
import { basic, validateFeed } from './opds-fixture.ts';

/** KOReader's download limits (its socketutil FILE_BLOCK_TIMEOUT and FILE_TOTAL_TIMEOUT). */
const BLOCK_TIMEOUT_MS = 15_000;
const TOTAL_TIMEOUT_MS = 60_000;
/** The demo book with exactly 300 chapters. */
const BOOK = '星河归途';

let cluster: DemoCluster;
let h: Harness;
let origin = '';

before(async () => {
  // Every site that carries the book: its chapters can come from each of them.
  cluster = await startDemoSites({
    sites: [{ template: 'biquge' }, { template: 'json' }, { template: 'paged' }],
  });
  h = await startHarness({ allowHosts: ['127.0.0.1'], jobs: true });
  await h.server.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(h.server.server.address() as AddressInfo).port}`;
  const admin = h.agent();
  assert.equal((await admin.register('admin')).statusCode, 201);
  await admin.request('PATCH', '/api/admin/settings', { registration: 'open' });
  const imported = await admin.request('POST', '/api/sources', {
    text: JSON.stringify(cluster.sites.map((s) => s.source)),
  });
  assert.equal(imported.statusCode, 200, imported.body);
});

after(async () => {
  await h?.close();
  await cluster?.close();
});

interface Fetched {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** A GET as KOReader makes it: given up after 15 s without a byte or 60 s in all. */
function koreaderGet(path: string, authorization: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${origin}${path}`, { headers: { authorization } });
    const total = setTimeout(
      () => request.destroy(new Error(`${path}: no whole answer in ${TOTAL_TIMEOUT_MS} ms`)),
      TOTAL_TIMEOUT_MS,
    );
    let block = setTimeout(
      () => request.destroy(new Error(`${path}: no bytes for ${BLOCK_TIMEOUT_MS} ms`)),
      BLOCK_TIMEOUT_MS,
    );
    const quiet = () => {
      clearTimeout(block);
      block = setTimeout(
        () => request.destroy(new Error(`${path}: no bytes for ${BLOCK_TIMEOUT_MS} ms`)),
        BLOCK_TIMEOUT_MS,
      );
    };
    request.on('response', (response) => {
      quiet();
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        quiet();
        chunks.push(chunk);
      });
      response.on('end', () => {
        clearTimeout(total);
        clearTimeout(block);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        });
      });
      response.on('error', reject);
    });
    request.on('error', (error) => {
      clearTimeout(total);
      clearTimeout(block);
      reject(error);
    });
    request.end();
  });
}

test(
  'the first download of a freshly shelved 300-chapter book works within KOReader’s limits',
  { skip: sharedDataSkip('opds/rng/opds.rng'), timeout: 180_000 },
  async (t) => {
    const alice = h.agent();
    assert.equal((await alice.register('alice')).statusCode, 201);
    // Added from a search and shelved (the web app's way): the TOC is read, the build planned.
    const book = await addBookFromSearch(alice, BOOK);
    const chapters = (await h.app.library.store.chapters.listByBook(book.id)).length;
    assert.ok(chapters >= 300, `the book has its 300 chapters (${chapters})`);
    const auth = basic('alice');
    const url = `/opds/books/${book.id}.epub`;

    const asked = performance.now();
    const first = await koreaderGet(url, auth);
    t.diagnostic(`first download: HTTP ${first.status} after ${ms(asked)} ms`);
    let file = first;
    if (first.status !== 200) {
      assert.equal(first.status, 503, first.body.toString());
      assert.equal(first.headers['retry-after'], '30');
      assert.match(first.body.toString(), /being prepared: \d+ of \d+ chapters/);
      const shelf = await koreaderGet('/opds/shelf', auth);
      const verdict = validateFeed(shelf.body.toString());
      assert.ok(verdict.ok, verdict.messages);
      assert.match(shelf.body.toString(), /EPUB being prepared \(\d+ of \d+ chapters\)/);
      // The next request, within the minute KOReader's reader gives it.
      while (performance.now() - asked < 55_000) {
        const row = await h.app.store.bookFiles.get(book.id, 'epub');
        if (row?.state === 'done' && row.chapters === chapters) break;
        await sleep(500);
      }
      const row = await h.app.store.bookFiles.get(book.id, 'epub');
      t.diagnostic(`build at ${ms(asked)} ms: ${row?.state} ${row?.doneChapters}/${row?.chapters}`);
      const again = performance.now();
      file = await koreaderGet(url, auth);
      t.diagnostic(
        `next download: HTTP ${file.status} after ${ms(again)} ms, ${ms(asked)} ms after the first`,
      );
      assert.ok(performance.now() - asked <= TOTAL_TIMEOUT_MS, 'within a minute of the first');
    }
    assert.equal(file.status, 200, file.body.toString().slice(0, 300));
    assert.equal(file.headers['content-type'], 'application/epub+zip');
    const zip = await JSZip.loadAsync(file.body);
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    const spine = opf.match(/<itemref /g) ?? [];
    assert.equal(spine.length, chapters + 1, 'the title page and every chapter');
  },
);

const ms = (since: number) => (performance.now() - since).toFixed(0);

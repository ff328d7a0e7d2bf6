/**
 * Public reading over the real demo sites: off by default (anonymous visitors get the login page
 * and nothing else); on, only the public sources' books are reachable, as plain HTML pages with
 * navigation; the sitemap lists exactly the public books; an anonymous visit to a chapter that is
 * not cached never reaches the source site; visitors are limited per address.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { addBookFromSearch, importSources, startHarness } from './server-harness.ts';
import type { Agent, Harness } from './server-harness.ts';

let cluster: DemoCluster;
let h: Harness;
let admin: Agent;
let visitor: Agent;
/** A book only the biquge site (to be public) carries, and one only the json site carries. */
let publicBook: { id: number; title: string };
let privateBook: { id: number; title: string };

const json = <T>(body: string) => JSON.parse(body) as T;
/** The web app's page (a stand-in for web/dist): what signed-in readers and closed sites get. */
const appPage = '<!doctype html><title>Linhai</title><div id="app"></div>';
const webRoot = mkdtempSync(join(tmpdir(), 'linhai-public-web-'));
writeFileSync(join(webRoot, 'index.html'), appPage);

function titleOnlyOn(site: string, other: string): string {
  const elsewhere = new Set(
    cluster
      .site(other)
      .books()
      .map((b) => b.title),
  );
  const title = cluster
    .site(site)
    .books()
    .map((b) => b.title)
    .find((t) => !elsewhere.has(t) && /[\u4e00-\u9fff]/.test(t));
  assert.ok(title, `a book only ${site} carries`);
  return title;
}

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'biquge' }, { template: 'json' }] });
  h = await startHarness({
    allowHosts: ['127.0.0.1'],
    server: { webRoot, visitorLimits: { perMinute: { max: 40, windowMs: 60_000 } } },
  });
  admin = h.agent();
  assert.equal((await admin.register('admin')).statusCode, 201);
  await importSources(
    admin,
    cluster.sites.map((s) => s.source),
  );
  publicBook = await addBookFromSearch(admin, titleOnlyOn('biquge', 'json'));
  privateBook = await addBookFromSearch(admin, titleOnlyOn('json', 'biquge'));
  // The administrator reads the first two chapters of each: they are cached.
  for (const book of [publicBook, privateBook]) {
    const toc = json<{ key: string }[]>(
      (await admin.request('GET', `/api/books/${book.id}/toc`)).body,
    );
    for (const chapter of toc.slice(0, 2)) {
      const read = await admin.request('GET', `/api/books/${book.id}/chapters/${chapter.key}`);
      assert.equal(read.statusCode, 200, read.body);
    }
  }
  visitor = h.agent('10.9.8.7');
});

after(async () => {
  await h?.close();
  await cluster?.close();
  rmSync(webRoot, { recursive: true, force: true });
});

describe('public reading off (the default)', () => {
  test('anonymous visitors get the web app (its login form) and nothing else', async () => {
    for (const path of [
      '/',
      `/book/${publicBook.id}`,
      '/list/latest',
      `/search?q=${encodeURIComponent(publicBook.title)}`,
    ]) {
      const response = await visitor.request('GET', path, undefined, {
        headers: { accept: 'text/html' },
      });
      assert.equal(response.statusCode, 200, path);
      assert.equal(response.body, appPage, path);
    }
    const chapter = await visitor.request('GET', `/book/${publicBook.id}/1`);
    assert.ok(!chapter.body.includes(publicBook.title));
    assert.equal((await visitor.request('GET', '/sitemap.xml')).statusCode, 404);
    const api = await visitor.request('GET', `/api/books/${publicBook.id}`);
    assert.equal(api.statusCode, 401);
    const robots = await visitor.request('GET', '/robots.txt');
    assert.equal(robots.body, 'User-agent: *\nDisallow: /\n');
  });

  test('the settings say off; only an administrator may change them, to known sources', async () => {
    const got = await admin.request('GET', '/api/admin/public-reading');
    assert.deepEqual(json(got.body), { enabled: false, sources: [] });
    const reader = h.agent();
    await admin.request('PATCH', '/api/admin/settings', { registration: 'open' });
    assert.equal((await reader.register('reader')).statusCode, 201);
    const denied = await reader.request('PUT', '/api/admin/public-reading', {
      enabled: true,
      sources: [],
    });
    assert.equal(denied.statusCode, 403);
    const unknown = await admin.request('PUT', '/api/admin/public-reading', {
      enabled: true,
      sources: ['http://127.0.0.1:1/nowhere'],
    });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /no source http:\/\/127\.0\.0\.1:1\/nowhere/);
  });
});

describe('public reading on, for the biquge source only', () => {
  before(async () => {
    const on = await admin.request('PUT', '/api/admin/public-reading', {
      enabled: true,
      sources: [cluster.site('biquge').source.bookSourceUrl],
    });
    assert.equal(on.statusCode, 200, on.body);
  });

  test('the home page lists the public book and not the private one, without scripts', async () => {
    const home = await visitor.request('GET', '/', undefined, { headers: { accept: 'text/html' } });
    assert.equal(home.statusCode, 200);
    assert.match(home.headers['content-type'] as string, /text\/html/);
    assert.ok(home.body.includes(publicBook.title));
    assert.ok(!home.body.includes(privateBook.title));
    assert.ok(!/<script/i.test(home.body), 'no JavaScript');
    assert.match(home.body, /<html lang="zh-Hans">/);
    assert.match(home.body, /<link rel="canonical" href="http:\/\/localhost(:\d+)?\/">/);
  });

  test('a public chapter page carries its paragraphs and navigation, over plain HTTP', async () => {
    const page = await visitor.request('GET', `/book/${publicBook.id}/1`);
    assert.equal(page.statusCode, 200, page.body);
    const toc = json<{ key: string }[]>(
      (await admin.request('GET', `/api/books/${publicBook.id}/toc`)).body,
    );
    const api = json<{ title: string; paragraphs: string[] }>(
      (await admin.request('GET', `/api/books/${publicBook.id}/chapters/${toc[0]!.key}`)).body,
    );
    assert.ok(api.paragraphs.length > 3);
    for (const p of api.paragraphs) assert.ok(page.body.includes(`<p>${p}</p>`), p.slice(0, 20));
    assert.ok(page.body.includes(`<h1>${api.title}</h1>`));
    assert.match(page.body, new RegExp(`href="/book/${publicBook.id}/2" rel="next"`));
    assert.match(page.body, new RegExp(`href="/book/${publicBook.id}"`));
    assert.match(page.body, /<meta property="og:type" content="article">/);
    assert.match(page.body, /login\?next=%2Fread%2F/);
    // Cacheable by a proxy (no cookie set: a shared cache keeps no response that sets one), and
    // a repeat visit is a 304.
    assert.match(page.headers['cache-control'] as string, /public/);
    const firstVisit = await h.agent('10.9.8.50').request('GET', `/book/${publicBook.id}/1`);
    assert.equal(firstVisit.headers['set-cookie'], undefined);
    assert.equal(page.headers['vary'], 'Cookie');
    const again = await visitor.request('GET', `/book/${publicBook.id}/1`, undefined, {
      headers: { 'if-none-match': page.headers['etag'] as string },
    });
    assert.equal(again.statusCode, 304);
  });

  test('the book page lists the chapters; the private book is not found', async () => {
    const page = await visitor.request('GET', `/book/${publicBook.id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(publicBook.title));
    assert.match(page.body, new RegExp(`href="/book/${publicBook.id}/3"`));
    for (const path of [`/book/${privateBook.id}`, `/book/${privateBook.id}/1`]) {
      const hidden = await visitor.request('GET', path);
      assert.equal(hidden.statusCode, 404, path);
      assert.ok(!hidden.body.includes(privateBook.title), path);
    }
  });

  test('an uncached chapter is a 404 page and the source site is never asked', async () => {
    const site = cluster.site('biquge');
    site.clearRequests();
    const page = await visitor.request('GET', `/book/${publicBook.id}/5`);
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /这一章还没有收进本站/);
    assert.match(page.body, /<meta name="robots" content="noindex">/);
    assert.equal(site.requests.length, 0, 'no request reached the source site');
  });

  test('search finds public books only', async () => {
    const found = await visitor.request('GET', `/search?q=${encodeURIComponent(publicBook.title)}`);
    assert.equal(found.statusCode, 200);
    assert.match(found.body, new RegExp(`href="/book/${publicBook.id}"`));
    const hidden = await visitor.request(
      'GET',
      `/search?q=${encodeURIComponent(privateBook.title)}`,
    );
    assert.ok(!hidden.body.includes(`/book/${privateBook.id}"`));
  });

  test('the sitemap lists exactly the public books; robots.txt points at it', async () => {
    const sitemap = await visitor.request('GET', '/sitemap.xml');
    assert.equal(sitemap.statusCode, 200);
    const books = [...sitemap.body.matchAll(/<loc>[^<]*\/book\/(\d+)<\/loc>/g)].map((m) =>
      Number(m[1]),
    );
    assert.deepEqual(books, [publicBook.id]);
    const robots = await visitor.request('GET', '/robots.txt');
    assert.match(robots.body, /Sitemap: http:\/\/localhost(:\d+)?\/sitemap\.xml/);
    assert.match(robots.body, /Disallow: \/api\//);
  });

  test('a signed-in reader gets the web app; a chapter URL opens the reader there', async () => {
    for (const path of ['/', `/book/${publicBook.id}`]) {
      const page = await admin.request('GET', path, undefined, {
        headers: { accept: 'text/html' },
      });
      assert.equal(page.body, appPage, path);
    }
    const toc = json<{ key: string }[]>(
      (await admin.request('GET', `/api/books/${publicBook.id}/toc`)).body,
    );
    const chapter = await admin.request('GET', `/book/${publicBook.id}/1`);
    assert.equal(chapter.statusCode, 302);
    assert.equal(chapter.headers['location'], `/read/${publicBook.id}/${toc[0]!.key}`);
  });

  test('one address that views too many pages is told to wait', async () => {
    const crawler = h.agent('10.9.8.99');
    const codes: number[] = [];
    for (let i = 0; i < 45; i++)
      codes.push((await crawler.request('GET', `/book/${publicBook.id}`)).statusCode);
    assert.equal(codes.filter((c) => c === 200).length, 40);
    const refused = await crawler.request('GET', `/book/${publicBook.id}`);
    assert.equal(refused.statusCode, 429);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    // Another visitor is not affected.
    assert.equal((await h.agent('10.9.8.100').request('GET', '/')).statusCode, 200);
  });
});

/**
 * The reading API over the real demo sites: search as Server-Sent Events, adding a book from the
 * search, its pool and TOC, reading chapters (replace rules and the reader's script applied),
 * shelves and positions private to each user, home lists, and the administrators' routes (a
 * reader gets 403 on every one).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { importSources, startHarness } from './server-harness.ts';
import type { Agent, Harness } from './server-harness.ts';

let cluster: DemoCluster;
let h: Harness;
let admin: Agent;
let alice: Agent;
let bob: Agent;

interface SseEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** Parses a text/event-stream body: blocks of `event:` and `data:` lines. */
function parseSse(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6) ?? '{}';
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

const json = <T = Record<string, unknown>>(body: string) => JSON.parse(body) as T;

before(async () => {
  cluster = await startDemoSites({
    sites: [{ template: 'biquge' }, { template: 'json' }, { template: 'paged', name: 'paged-500' }],
  });
  h = await startHarness({ allowHosts: ['127.0.0.1'] });
  admin = h.agent();
  assert.equal((await admin.register('admin')).statusCode, 201);
  await admin.request('PATCH', '/api/admin/settings', { registration: 'open' });
  alice = h.agent();
  bob = h.agent();
  assert.equal((await alice.register('alice')).statusCode, 201);
  assert.equal((await bob.register('bob')).statusCode, 201);
  const imported = await importSources(
    admin,
    cluster.sites.map((s) => s.source),
  );
  assert.equal(json(imported.body)['imported'], 3);
});

after(async () => {
  await h?.close();
  await cluster?.close();
});

/** A title both healthy sites carry. */
function sharedTitle(): string {
  const json = new Set(
    cluster
      .site('json')
      .books()
      .map((b) => b.title),
  );
  const title = cluster
    .site('biquge')
    .books()
    .map((b) => b.title)
    .find((t) => json.has(t));
  assert.ok(title, 'the demo sites share a book');
  return title;
}

let bookId = 0;
let toc: { key: string; title: string }[] = [];

describe('search and books', () => {
  test('search streams book, source-done and source-failed events, then done', async () => {
    const broken = cluster.site('paged-500');
    // Every page but robots.txt fails (a failing robots.txt would refuse the site before any search).
    broken.setFaults([{ kind: 'status', status: 500, path: '/^\\/(?!robots\\.txt)/' }]);
    try {
      const title = sharedTitle();
      const response = await alice.request(
        'GET',
        `/api/search?q=${encodeURIComponent(title)}&deadlineMs=8000`,
      );
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/event-stream/);
      assert.match(String(response.headers['content-security-policy']), /default-src 'self'/);
      const events = parseSse(response.body);
      assert.deepEqual(
        events[0],
        { event: 'start', data: { sources: 3 } },
        'the count comes first',
      );
      assert.equal(events.at(-1)?.event, 'done');
      const done = events.at(-1)!.data;
      assert.equal(done['sources'], 3);
      assert.equal(done['failed'], 1);
      const failed = events.filter((e) => e.event === 'source-failed');
      assert.equal(failed.length, 1);
      assert.equal((failed[0]!.data['source'] as { key: string }).key, broken.origin);
      assert.equal((failed[0]!.data['error'] as { code: string }).code, 'net-http-status');
      assert.equal(events.filter((e) => e.event === 'source-done').length, 2);
      const groups = events
        .filter((e) => e.event === 'book')
        .map(
          (e) => e.data['group'] as { key: string; title: string; hits: { sourceKey: string }[] },
        );
      const last = groups.filter((g) => g.title === title).at(-1);
      assert.ok(last, `the search found ${title}`);
      assert.deepEqual(
        new Set(last.hits.map((hit) => hit.sourceKey)),
        new Set([cluster.site('biquge').origin, cluster.site('json').origin]),
      );
      assert.ok((done['ranked'] as string[]).includes(last.key));

      // Add it by the group key the search left behind; the TOC comes with it.
      const added = await alice.request('POST', '/api/books', { groupKey: last.key });
      assert.equal(added.statusCode, 201, added.body);
      const body = json<{ book: { id: number; title: string }; toc: { chapters: number } }>(
        added.body,
      );
      assert.equal(body.book.title, title);
      assert.ok(body.toc.chapters > 3);
      bookId = body.book.id;
    } finally {
      broken.clearFaults();
    }
  });

  test('search needs a session and a query', async () => {
    assert.equal((await h.agent().request('GET', '/api/search?q=x')).statusCode, 401);
    const empty = await alice.request('GET', '/api/search?q=');
    assert.equal(empty.statusCode, 400);
    assert.equal(
      json<{ error: { details: { field: string } } }>(empty.body).error.details.field,
      'q',
    );
  });

  test('a group key nobody searched for is 404; another user cannot use alice’s search', async () => {
    const unknown = await alice.request('POST', '/api/books', { groupKey: 'no such|book' });
    assert.equal(unknown.statusCode, 404);
    const list = await alice.request('GET', `/api/books/${bookId}`);
    const key = json<{ book: { key: string } }>(list.body).book.key;
    assert.equal((await bob.request('POST', '/api/books', { groupKey: key })).statusCode, 404);
  });

  test('the book page shows its pool; the TOC lists the chapters in order', async () => {
    const view = json<{
      pool: { sourceKey: string; chapterCount: number }[];
      chapterCount: number;
    }>((await bob.request('GET', `/api/books/${bookId}`)).body);
    assert.equal(view.pool.length, 2);
    assert.ok(view.pool.every((m) => m.chapterCount > 0));
    const tocResponse = await bob.request('GET', `/api/books/${bookId}/toc`);
    toc = json<{ key: string; title: string; ordinal: number }[]>(tocResponse.body);
    assert.equal(toc.length, view.chapterCount);
    assert.equal((await bob.request('GET', '/api/books/999999')).statusCode, 404);
    const refreshed = await bob.request('POST', `/api/books/${bookId}/refresh`);
    assert.equal(refreshed.statusCode, 200);
    assert.equal(json(refreshed.body)['chapters'], toc.length);
    const books = json<{ id: number }[]>((await bob.request('GET', '/api/books?limit=5')).body);
    assert.deepEqual(
      books.map((b) => b.id),
      [bookId],
    );
  });
});

describe('reading', () => {
  test('a chapter comes with its neighbours, then from the cache', async () => {
    const first = await alice.request(
      'GET',
      `/api/books/${bookId}/chapters/${encodeURIComponent(toc[0]!.key)}`,
    );
    assert.equal(first.statusCode, 200, first.body);
    const chapter = json<{
      title: string;
      paragraphs: string[];
      prevKey?: string;
      nextKey?: string;
      fromCache: boolean;
      source: string;
    }>(first.body);
    assert.ok(chapter.paragraphs.length > 3);
    assert.equal(chapter.prevKey, undefined);
    assert.equal(chapter.nextKey, toc[1]!.key);
    assert.equal(chapter.fromCache, false);
    const again = json<{ fromCache: boolean; paragraphs: string[] }>(
      (
        await alice.request(
          'GET',
          `/api/books/${bookId}/chapters/${encodeURIComponent(toc[0]!.key)}`,
        )
      ).body,
    );
    assert.equal(again.fromCache, true);
    assert.deepEqual(again.paragraphs, chapter.paragraphs);
    // The memoized view (kept as JSON bytes) is the same view, as JSON.
    const memoHit = await alice.request(
      'GET',
      `/api/books/${bookId}/chapters/${encodeURIComponent(toc[0]!.key)}`,
    );
    assert.match(String(memoHit.headers['content-type']), /^application\/json; charset=utf-8/);
    assert.deepEqual(json(memoHit.body), { ...chapter, fromCache: true, attempts: [] });
    const second = json<{ prevKey?: string }>(
      (
        await alice.request(
          'GET',
          `/api/books/${bookId}/chapters/${encodeURIComponent(toc[1]!.key)}`,
        )
      ).body,
    );
    assert.equal(second.prevKey, toc[0]!.key);
    const missing = await alice.request('GET', `/api/books/${bookId}/chapters/no-such-chapter`);
    assert.equal(missing.statusCode, 404);
  });

  test('replace rules and the reader’s script are applied for display', async () => {
    const url = `/api/books/${bookId}/chapters/${encodeURIComponent(toc[0]!.key)}`;
    const plain = json<{ paragraphs: string[] }>((await alice.request('GET', url)).body).paragraphs;
    const word = [...plain.join('')].find((c) => /\p{Script=Han}/u.test(c));
    assert.ok(word, 'the chapter has Chinese text');
    const rule = await admin.request('POST', '/api/replace-rules', {
      name: 'mark',
      pattern: word,
      replacement: '〔X〕',
    });
    assert.equal(rule.statusCode, 201, rule.body);
    const replaced = json<{ paragraphs: string[] }>(
      (await alice.request('GET', url)).body,
    ).paragraphs;
    assert.ok(replaced.join('').includes('〔X〕'));
    assert.ok(!replaced.join('').includes(word));
    const ruleId = json(rule.body)['id'];
    await admin.request('DELETE', `/api/replace-rules/${ruleId}`);
    assert.deepEqual(
      json<{ paragraphs: string[] }>((await alice.request('GET', url)).body).paragraphs,
      plain,
    );

    await bob.request('PATCH', '/api/settings', { script: 'traditional' });
    const traditional = json<{ paragraphs: string[] }>(
      (await bob.request('GET', url)).body,
    ).paragraphs;
    assert.equal(traditional.length, plain.length);
    assert.notDeepEqual(traditional, plain, 'bob reads zh-Hant');
    assert.deepEqual(
      json<{ paragraphs: string[] }>((await alice.request('GET', url)).body).paragraphs,
      plain,
      'alice still reads the original',
    );
  });
});

describe('shelves and positions are private', () => {
  test('each user sees and changes only their own shelf and position', async () => {
    const aliceShelf = json<{ bookId: number }[]>((await alice.request('GET', '/api/shelf')).body);
    assert.deepEqual(
      aliceShelf.map((e) => e.bookId),
      [bookId],
      'adding put it on alice’s shelf',
    );
    assert.deepEqual(json((await bob.request('GET', '/api/shelf')).body), []);

    const saved = await alice.request('PUT', `/api/shelf/${bookId}/position`, {
      chapterKey: toc[1]!.key,
      anchor: '',
      offsetChars: 12,
    });
    assert.equal(saved.statusCode, 200, saved.body);
    const position = json((await alice.request('GET', `/api/shelf/${bookId}/position`)).body);
    assert.equal(position['chapterKey'], toc[1]!.key);
    assert.equal(position['offsetChars'], 12);
    assert.equal((await bob.request('GET', `/api/shelf/${bookId}/position`)).statusCode, 404);

    // Bob's writes land on bob's shelf only.
    await bob.request('PUT', `/api/shelf/${bookId}/position`, { chapterKey: toc[0]!.key });
    await bob.request('DELETE', `/api/shelf/${bookId}`);
    assert.deepEqual(json((await bob.request('GET', '/api/shelf')).body), []);
    const after = json((await alice.request('GET', `/api/shelf/${bookId}/position`)).body);
    assert.equal(after['chapterKey'], toc[1]!.key);
    assert.equal(json<unknown[]>((await alice.request('GET', '/api/shelf')).body).length, 1);

    assert.equal((await bob.request('PUT', `/api/shelf/${bookId}`)).statusCode, 200);
    assert.equal(json<unknown[]>((await bob.request('GET', '/api/shelf')).body).length, 1);
    assert.equal((await bob.request('PUT', '/api/shelf/424242')).statusCode, 404);
    const badPosition = await bob.request('PUT', `/api/shelf/${bookId}/position`, {
      chapterKey: 'nope',
    });
    assert.equal(badPosition.statusCode, 404);
    assert.equal((await h.agent().request('GET', '/api/shelf')).statusCode, 401);
  });

  test('home lists: latest, newest, popular, recommended', async () => {
    for (const name of ['latest', 'newest', 'popular', 'recommended']) {
      const response = await alice.request('GET', `/api/lists/${name}`);
      assert.equal(response.statusCode, 200, name);
      const ids = json<{ id: number }[]>(response.body).map((b) => b.id);
      // Alice has the only book already: nothing to recommend to her.
      assert.deepEqual(ids, name === 'recommended' ? [] : [bookId], name);
    }
    assert.equal((await alice.request('GET', '/api/lists/unknown')).statusCode, 400);
  });
});

describe('administration', () => {
  test('a reader gets 403 on every administrator route', async () => {
    const routes: ['GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', string, unknown?][] = [
      ['GET', '/api/sources'],
      ['POST', '/api/sources', { text: '[]' }],
      ['PATCH', '/api/sources/1', { enabled: false }],
      ['POST', '/api/sources/1/test', {}],
      ['GET', '/api/sources/1/boilerplate'],
      ['PATCH', '/api/boilerplate/x', { status: 'accepted' }],
      ['GET', '/api/replace-rules'],
      ['POST', '/api/replace-rules', { name: 'n', pattern: 'p' }],
      ['POST', '/api/replace-rules/import', { text: '[]' }],
      ['PUT', '/api/replace-rules/1', { name: 'n', pattern: 'p' }],
      ['DELETE', '/api/replace-rules/1'],
    ];
    for (const [method, url, body] of routes) {
      const response = await alice.request(method, url, body);
      assert.equal(response.statusCode, 403, `${method} ${url}`);
      assert.equal(
        (await h.agent().request(method, url, body)).statusCode,
        401,
        `anonymous ${url}`,
      );
    }
  });

  test('sources: list, disable, test, import from a URL', async () => {
    const sources = json<{ id: number; url: string; enabled: boolean }[]>(
      (await admin.request('GET', '/api/sources')).body,
    );
    assert.equal(sources.length, 3);
    const biquge = sources.find((s) => s.url === cluster.site('biquge').origin)!;
    const tested = await admin.request('POST', `/api/sources/${biquge.id}/test`, {
      query: sharedTitle(),
    });
    assert.equal(tested.statusCode, 200);
    assert.equal(json(tested.body)['ok'], true);
    assert.ok(Number(json(tested.body)['hits']) >= 1);
    // Step by step, each timed: search → book info → TOC → first chapter.
    const steps = json<{ steps: { step: string; ok: boolean; ms: number; summary: string }[] }>(
      tested.body,
    ).steps;
    assert.deepEqual(
      steps.map((s) => [s.step, s.ok]),
      [
        ['search', true],
        ['info', true],
        ['toc', true],
        ['content', true],
      ],
    );
    assert.ok(steps.every((s) => s.ms >= 0));
    assert.match(steps[3]!.summary, /characters/);
    // No query: the source's own test word (biquge's checkKeyWord), not a fixed 我的 it may lack.
    const own = json<{ ok: boolean; query: string; steps: { step: string; count?: number }[] }>(
      (await admin.request('POST', `/api/sources/${biquge.id}/test`, {})).body,
    );
    assert.equal(own.query, '青锋问道');
    assert.equal(own.ok, true, 'a healthy source passes its default test');
    assert.ok(own.steps[0]!.count! >= 1 && own.steps[2]!.count! >= 1, 'results and TOC counted');
    const disabled = await admin.request('PATCH', `/api/sources/${biquge.id}`, { enabled: false });
    assert.equal(json(disabled.body)['enabled'], false);
    await admin.request('PATCH', `/api/sources/${biquge.id}`, { enabled: true });
    assert.equal(
      (await admin.request('PATCH', '/api/sources/9999', { enabled: true })).statusCode,
      404,
    );
    const failing = await admin.request('POST', `/api/sources/${biquge.id}/test`, {
      query: 'x',
      deadlineMs: 500,
    });
    assert.equal(failing.statusCode, 200);
    const failed = json<{ ok: boolean; steps: { step: string; ok: boolean }[] }>(failing.body);
    assert.equal(failed.ok, false, 'no result (or no answer in time) fails the search step');
    assert.deepEqual(
      failed.steps.map((s) => [s.step, s.ok]),
      [['search', false]],
    );

    const collection = JSON.stringify([
      { ...cluster.site('json').source, bookSourceName: 'renamed' },
    ]);
    const host = createServer((_req, res) => res.end(collection));
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = host.address() as AddressInfo;
      const fromUrl = await admin.request('POST', '/api/sources', {
        url: `http://127.0.0.1:${port}/sources.json`,
      });
      assert.equal(fromUrl.statusCode, 200, fromUrl.body);
      assert.equal(json(fromUrl.body)['imported'], 1);
    } finally {
      host.close();
    }
    const names = json<{ name: string }[]>((await admin.request('GET', '/api/sources')).body).map(
      (s) => s.name,
    );
    assert.ok(names.includes('renamed'));
    const neither = await admin.request('POST', '/api/sources', {});
    assert.equal(neither.statusCode, 400);
    const badUrl = await admin.request('POST', '/api/sources', { url: 'ftp://x' });
    assert.equal(badUrl.statusCode, 400);
    assert.equal(
      json<{ error: { details: { field: string } } }>(badUrl.body).error.details.field,
      'url',
    );
    const boilerplate = await admin.request('GET', `/api/sources/${biquge.id}/boilerplate`);
    assert.equal(boilerplate.statusCode, 200);
    assert.ok(Array.isArray(json(boilerplate.body)));
  });

  test('replace rules: create, list, update, import, delete', async () => {
    const created = await admin.request('POST', '/api/replace-rules', {
      name: 'ads',
      pattern: '广告.*',
      isRegex: true,
    });
    assert.equal(created.statusCode, 201);
    const id = Number(json(created.body)['id']);
    const updated = await admin.request('PUT', `/api/replace-rules/${id}`, {
      name: 'ads 2',
      pattern: '推广.*',
      isRegex: true,
    });
    assert.equal(json(updated.body)['name'], 'ads 2');
    assert.equal(
      (await admin.request('PUT', '/api/replace-rules/9999', { name: 'x', pattern: 'y' }))
        .statusCode,
      404,
    );
    const imported = await admin.request('POST', '/api/replace-rules/import', {
      text: JSON.stringify([
        { name: 'legado', pattern: '本章未完', replacement: '', isEnabled: true },
      ]),
    });
    assert.deepEqual(json(imported.body), { imported: 1 });
    const rules = json<{ id: number; name: string }[]>(
      (await admin.request('GET', '/api/replace-rules')).body,
    );
    assert.deepEqual(rules.map((r) => r.name).sort(), ['ads 2', 'legado']);
    await admin.request('DELETE', `/api/replace-rules/${id}`);
    assert.equal(
      json<unknown[]>((await admin.request('GET', '/api/replace-rules')).body).length,
      1,
    );
    const invalid = await admin.request('POST', '/api/replace-rules', { name: 'x' });
    assert.equal(invalid.statusCode, 400);
    assert.equal(
      json<{ error: { details: { field: string } } }>(invalid.body).error.details.field,
      'pattern',
    );
  });
});

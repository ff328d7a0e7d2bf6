import { describe, test, beforeEach, afterEach } from 'node:test';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import assert from 'node:assert/strict';
import { LinhaiError, isLinhaiError } from '#model';
import type { Clock } from '#model';
import { openStore } from '#store';
import type { Store } from '#store';
import { createCleaner, MemoryBoilerplateStore } from './cleaner/index.ts';
import type { BoilerplateStore } from './cleaner/index.ts';
import { plainRegexEngine } from './cleaner/testing/regex-engine.ts';
import { addBook } from './add-book.ts';
import { findMoreSources } from './find-more-sources.ts';
import { refreshToc } from './refresh-toc.ts';
import { readChapter } from './read-chapter.ts';
import { createUser, verifyUser } from './create-user.ts';
import { updateUserSettings } from './user-settings.ts';
import { endSession, resolveSession, startSession } from './user-sessions.ts';
import { addToShelf, listShelf, removeFromShelf } from './manage-shelf.ts';
import { getPosition, savePosition } from './reading-position.ts';
import { searchBooks } from './search-books.ts';
import { listBooks, viewBook, viewToc } from './view-book.ts';
import { healthScore, searchWithHealth } from './search-with-health.ts';
import type { BookGroup } from './search-merge/index.ts';
import type { LibraryDeps, LibraryStore } from './ports.ts';
import { memoryGateway } from './test-support/memory-gateway.ts';
import type { FakeSource, MemoryGateway } from './test-support/memory-gateway.ts';

// The store satisfies the library's port structurally (a compile-time check).
export const storeFitsPort: (store: Store) => LibraryStore = (store) => store;
// …and so does its boilerplate repository the cleaner's BoilerplateStore port.
export const boilerplateFitsPort: (store: Store) => BoilerplateStore = (store) => store.boilerplate;

const T0 = 1_790_000_000_000;
const fixedClock = (): Clock & { advance(ms: number): void } => {
  let now = T0;
  return {
    now: () => now,
    sleep: async () => undefined,
    advance: (ms) => void (now += ms),
  };
};

/** A chapter body long enough to pass as real text. */
function body(n: number): string {
  const sentence = `第${n}章的正文，主角走过长街，想起了很多往事，心中感慨万千。`;
  return Array.from({ length: 12 }, (_, i) => `\u3000\u3000${sentence}这是第${i + 1}段。`).join(
    '\n',
  );
}

const toc = (prefix: string, titles: string[]) =>
  titles.map((title, i) => ({ title, url: `${prefix}/${i + 1}.html` }));
const contentsOf = (prefix: string, count: number, from = 1) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`${prefix}/${i + 1}.html`, body(i + from)]),
  );

const TITLES_A = ['第一章 出发', '第二章 相遇', '第三章 离别'];
const TITLES_B = ['第1章 出发', '第2章 相遇', '第3章 离别'];

function sources(): FakeSource[] {
  return [
    {
      key: 'https://a.test',
      name: 'A',
      latencyMs: 5,
      books: [
        {
          name: '长街',
          author: '某人',
          bookUrl: 'https://a.test/book/1',
          toc: toc('https://a.test/1', TITLES_A),
        },
      ],
      contents: contentsOf('https://a.test/1', 3),
    },
    {
      key: 'https://b.test',
      name: 'B',
      latencyMs: 1,
      books: [
        {
          name: '長街',
          author: '某人',
          bookUrl: 'https://b.test/book/7',
          toc: toc('https://b.test/7', TITLES_B),
        },
      ],
      contents: contentsOf('https://b.test/7', 3),
    },
  ];
}

/** A fresh, migrated store per test; `drop` removes what it leaves behind. */
interface Backend {
  readonly label: string;
  open(clock: Clock): Promise<{ store: Store; drop: () => Promise<void> }>;
}

const backends: Backend[] = [
  {
    label: 'SQLite',
    async open(clock) {
      const store = openStore({ url: ':memory:', clock });
      await store.migrate();
      return { store, drop: async () => undefined };
    },
  },
];
const pgUrl = process.env.LINHAI_TEST_DATABASE_URL;
if (pgUrl) {
  backends.push({
    label: 'PostgreSQL',
    async open(clock) {
      const schema = `linhai_test_${randomBytes(6).toString('hex')}`;
      const store = openStore({ url: pgUrl, schema, clock });
      const drop = async () => {
        const client = new pg.Client({ connectionString: pgUrl });
        await client.connect();
        await client.query(`drop schema if exists "${schema}" cascade`);
        await client.end();
      };
      try {
        await store.migrate();
      } catch (error) {
        await store.close();
        await drop();
        throw error;
      }
      return { store, drop };
    },
  });
}

for (const backend of backends) {
  describe(`library use cases on a real ${backend.label} store`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    let gateway: MemoryGateway;
    let clock: ReturnType<typeof fixedClock>;
    let deps: LibraryDeps;

    beforeEach(async () => {
      clock = fixedClock();
      ({ store, drop } = await backend.open(clock));
      gateway = memoryGateway(sources());
      for (const s of sources())
        await store.sources.upsert({ url: s.key, name: s.name, rules: '{}' });
      deps = {
        store,
        gateway,
        clock,
        cleaner: createCleaner({
          boilerplate: new MemoryBoilerplateStore(),
          regex: plainRegexEngine,
          now: clock.now,
        }),
      };
    });
    afterEach(async () => {
      await store?.close();
      await drop?.();
    });

    async function searchGroup(query: string): Promise<BookGroup> {
      let group: BookGroup | undefined;
      for await (const event of searchBooks(deps, query, { deadlineMs: 1000 })) {
        if (event.type === 'book') group = event.group;
      }
      assert.ok(group);
      return group;
    }

    async function addAndRefresh() {
      const { book } = await addBook(deps, await searchGroup('长街'));
      const refreshed = await refreshToc(deps, book.id);
      return { book, ...refreshed };
    }

    test('adding a book stores it with every listing found; unknown sources are reported, not dropped silently', async () => {
      const group = await searchGroup('长街');
      const extra = {
        ...group,
        hits: [...group.hits, { ...group.hits[0]!, sourceKey: 'https://unknown.test' }],
      };
      const user = await createUser(deps, { name: 'reader' });
      const { book, listings } = await addBook(deps, extra, { userId: user.id });
      assert.equal(book.title, group.title);
      assert.deepEqual(listings.map((l) => [l.sourceKey, l.status]).sort(), [
        ['https://a.test', 'linked'],
        ['https://b.test', 'linked'],
        ['https://unknown.test', 'skipped'],
      ]);
      assert.equal((await store.listings.listByBook(book.id)).length, 2);
      assert.equal((await listShelf(deps, user.id))[0]?.bookId, book.id);
    });

    test('a search through searchWithHealth records each source’s outcome on the source', async () => {
      gateway.setSource({
        key: 'https://c.test',
        name: 'C',
        fail: new LinhaiError('net-timeout', 'timed out'),
      });
      await store.sources.upsert({ url: 'https://c.test', name: 'C', rules: '{}' });
      const events = [];
      for await (const event of searchWithHealth(deps, '长街', { deadlineMs: 1000 }))
        events.push(event);
      const finished = events.at(-1);
      assert.equal(finished?.type === 'finished' && finished.ranked[0]?.sourceCount, 2);
      const a = await store.sources.getByUrl('https://a.test');
      const c = await store.sources.getByUrl('https://c.test');
      assert.deepEqual(a?.health, { search: { ok: 1, err: 0 } });
      assert.ok(a?.latencyP50Ms !== undefined);
      assert.deepEqual(c?.health, { search: { ok: 0, err: 1 } });
      assert.equal(c?.lastError, 'net-timeout: timed out');
      assert.ok(healthScore(a!) > healthScore(c!));
    });

    test('finding more sources links a source that has the book since it was added', async () => {
      gateway = memoryGateway([sources()[0]!]);
      deps = { ...deps, gateway };
      const { book } = await addBook(deps, await searchGroup('长街'));
      assert.equal((await store.listings.listByBook(book.id)).length, 1);
      for (const s of sources()) gateway.setSource(s);
      gateway.setSource({
        key: 'https://c.test',
        name: 'C',
        fail: new LinhaiError('net-timeout', 'timed out'),
      });
      await store.sources.upsert({ url: 'https://c.test', name: 'C', rules: '{}' });
      const result = await findMoreSources(deps, book.id, { deadlineMs: 1000 });
      assert.deepEqual(result.listings.map((l) => l.sourceKey).sort(), [
        'https://a.test',
        'https://b.test',
      ]);
      assert.deepEqual(
        result.failures.map((f) => [f.source.key, f.error.code]),
        [['https://c.test', 'net-timeout']],
      );
      assert.equal((await store.listings.listByBook(book.id)).length, 2);
    });

    test('refreshing the TOC merges both listings: each chapter records its links and first sighting', async () => {
      const { chapters, outcomes, book } = await addAndRefresh();
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['ok', 'ok'],
      );
      assert.equal(chapters.length, 3);
      const listings = await store.listings.listByBook(book.id);
      const idOf = (key: string) => listings.find((l) => l.sourceUrl === key)!.id;
      assert.deepEqual(
        chapters.map((c) => c.links.map((l) => [l.listingId, l.url]).sort()),
        [1, 2, 3].map((n) =>
          [
            [idOf('https://a.test'), `https://a.test/1/${n}.html`],
            [idOf('https://b.test'), `https://b.test/7/${n}.html`],
          ].sort(),
        ),
      );
      assert.ok(chapters.every((c) => c.firstSeenAt === T0));
      assert.equal((await store.books.get(book.id))?.latestChapterId, chapters[2]?.id);
      const a = listings.find((l) => l.sourceUrl === 'https://a.test');
      assert.equal(a?.chapterCount, 3);
      assert.equal(a?.latestTitle, '第三章 离别');
    });

    test('a book page shows its source pool with figures, its TOC and its place in the list', async () => {
      const { book } = await addAndRefresh();
      const view = await viewBook(deps, book.id);
      assert.equal(view.chapterCount, 3);
      assert.match(view.latestChapter?.title ?? '', /^第(三|3)章 离别$/);
      assert.deepEqual(
        view.pool.map((m) => [m.sourceName, m.chapterCount, m.errorCount, m.checkedAt]).sort(),
        [
          ['A', 3, 0, T0],
          ['B', 3, 0, T0],
        ],
      );
      const toc = await viewToc(deps, book.id);
      assert.deepEqual(
        toc.map((c) => [c.ordinal, c.sources]),
        [
          [0, 2],
          [1, 2],
          [2, 2],
        ],
      );
      assert.deepEqual(
        (await listBooks(deps)).map((b) => b.id),
        [book.id],
      );
      await assert.rejects(viewBook(deps, 999), (e) => isLinhaiError(e, 'not-found'));
    });

    test('a listing whose TOC fails keeps its links and the failure is reported', async () => {
      const { book } = await addAndRefresh();
      gateway.setSource({ ...sources()[1]!, fail: new LinhaiError('net-http-status', 'HTTP 503') });
      clock.advance(60_000);
      const { chapters, outcomes } = await refreshToc(deps, book.id);
      assert.deepEqual(outcomes.map((o) => [o.sourceKey, o.status]).sort(), [
        ['https://a.test', 'ok'],
        ['https://b.test', 'failed'],
      ]);
      assert.ok(chapters.every((c) => c.links.length === 2));
      const b = (await store.listings.listByBook(book.id)).find(
        (l) => l.sourceUrl === 'https://b.test',
      );
      assert.equal(b?.errorCount, 1);
    });

    test('reading takes the fastest healthy source, caches the clean text, and serves the cache next time', async () => {
      const { book, chapters } = await addAndRefresh();
      await store.sources.recordOutcome((await store.sources.getByUrl('https://b.test'))!.id, {
        kind: 'content',
        ok: true,
        latencyMs: 20,
      });
      await store.sources.recordOutcome((await store.sources.getByUrl('https://a.test'))!.id, {
        kind: 'content',
        ok: true,
        latencyMs: 200,
      });
      const key = chapters[1]!.key;
      const first = await readChapter(deps, { bookId: book.id, chapterKey: key });
      assert.equal(first.fromCache, false);
      assert.equal(first.sourceKey, 'https://b.test');
      assert.equal(
        first.paragraphs[0],
        '第2章的正文，主角走过长街，想起了很多往事，心中感慨万千。这是第1段。',
      );
      assert.equal(first.paragraphs.length, 12);
      const calls = gateway.calls.length;
      const second = await readChapter(deps, { bookId: book.id, chapterKey: key });
      assert.equal(second.fromCache, true);
      assert.deepEqual(second.paragraphs, first.paragraphs);
      assert.equal(gateway.calls.length, calls, 'no fetch for a cached chapter');
    });

    test('a failing source and a placeholder page fall back to the next source; the bad page is never cached', async () => {
      const { book, chapters } = await addAndRefresh();
      const [a, b] = sources();
      gateway.setSource({
        ...b!,
        latencyMs: 1,
        contents: { ...b!.contents, 'https://b.test/7/1.html': '内容更新中，请稍后刷新' },
      });
      // A is clearly slower, so B (fast, but a placeholder page) is always tried first.
      gateway.setSource({
        ...a!,
        latencyMs: 150,
        contents: {
          ...a!.contents,
          'https://a.test/1/1.html': new LinhaiError('net-timeout', 'timed out'),
        },
      });
      await assert.rejects(
        readChapter(deps, { bookId: book.id, chapterKey: chapters[0]!.key }),
        (error) =>
          isLinhaiError(error) &&
          error.message.includes('https://a.test (net-timeout)') &&
          error.message.includes('https://b.test (bad-content)'),
      );
      assert.equal(await store.contents.get(chapters[0]!.id), undefined, 'nothing cached');

      gateway.setSource({ ...a!, latencyMs: 150 }); // source A recovers
      const read = await readChapter(deps, { bookId: book.id, chapterKey: chapters[0]!.key });
      assert.equal(read.sourceKey, 'https://a.test');
      assert.deepEqual(
        read.attempts.map((t) => [t.sourceKey, t.code]),
        [['https://b.test', 'bad-content']],
      );
      assert.equal(
        (await store.contents.get(chapters[0]!.id))?.sourceId,
        (await store.sources.getByUrl('https://a.test'))?.id,
      );
    });

    test('an unknown chapter is not-found', async () => {
      const { book } = await addAndRefresh();
      await assert.rejects(readChapter(deps, { bookId: book.id, chapterKey: 'nope' }), (e) =>
        isLinhaiError(e, 'not-found'),
      );
    });

    test('users: names are unique, passwords are hashed and verified', async () => {
      const user = await createUser(deps, { name: '小明', password: 'correct horse' });
      assert.match(user.passwordHash ?? '', /^scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
      assert.equal(
        (await verifyUser(deps, { name: '小明', password: 'correct horse' })).id,
        user.id,
      );
      await assert.rejects(verifyUser(deps, { name: '小明', password: 'wrong horse!' }), (e) =>
        isLinhaiError(e, 'unauthorized'),
      );
      await assert.rejects(createUser(deps, { name: '小明' }), (e) => isLinhaiError(e, 'conflict'));
      await assert.rejects(createUser(deps, { name: 'a b' }), (e) =>
        isLinhaiError(e, 'invalid-input'),
      );
    });

    test('a session opens with the right password, resolves to its user, and ends on logout or expiry', async () => {
      const user = await createUser(deps, { name: 'reader', password: 'long enough' });
      await assert.rejects(startSession(deps, { name: 'reader', password: 'wrong one!' }), (e) =>
        isLinhaiError(e, 'unauthorized'),
      );
      const session = await startSession(
        deps,
        { name: 'reader', password: 'long enough' },
        { ttlMs: 60_000 },
      );
      assert.equal((await resolveSession(deps, session.token)).id, user.id);
      clock.advance(60_000);
      await assert.rejects(resolveSession(deps, session.token), (e) =>
        isLinhaiError(e, 'unauthorized'),
      );
      const again = await startSession(deps, { name: 'reader', password: 'long enough' });
      await endSession(deps, again.token);
      await assert.rejects(resolveSession(deps, again.token), (e) =>
        isLinhaiError(e, 'unauthorized'),
      );
    });

    test('user settings merge and refuse what is not a setting', async () => {
      const user = await createUser(deps, { name: 'reader' });
      assert.deepEqual(await updateUserSettings(deps, user.id, { script: 'traditional' }), {
        script: 'traditional',
      });
      assert.deepEqual(await updateUserSettings(deps, user.id, { fontSize: 20, lineHeight: 1.6 }), {
        script: 'traditional',
        fontSize: 20,
        lineHeight: 1.6,
      });
      await assert.rejects(updateUserSettings(deps, user.id, { script: 'klingon' }), (e) =>
        isLinhaiError(e, 'invalid-input'),
      );
      await assert.rejects(updateUserSettings(deps, user.id, { fontSize: 20.5 }), (e) =>
        isLinhaiError(e, 'invalid-input'),
      );
      await assert.rejects(updateUserSettings(deps, user.id, { fontSizePx: 20 }), (e) =>
        isLinhaiError(e, 'invalid-input'),
      );
      assert.deepEqual((await store.users.get(user.id))?.settings, {
        script: 'traditional',
        fontSize: 20,
        lineHeight: 1.6,
      });
    });

    test('the reading position survives a re-alignment that inserts chapters before it', async () => {
      const { book, chapters } = await addAndRefresh();
      const user = await createUser(deps, { name: 'reader' });
      await addToShelf(deps, user.id, book.id);
      const third = chapters[2]!;
      await readChapter(deps, { bookId: book.id, chapterKey: third.key });
      const anchor = '这是第5段。';
      await savePosition(
        deps,
        { userId: user.id, bookId: book.id },
        { chapterKey: third.key, anchor, offsetChars: 160 },
      );
      assert.equal((await listShelf(deps, user.id))[0]?.unreadCount, 0);

      // Both sources now show a prologue and an announcement before chapter 1, and a new chapter 4.
      const titles = ['序章 缘起', '上架感言', ...TITLES_A, '第四章 重逢'];
      const [a, b] = sources();
      gateway.setSource({
        ...a!,
        books: [{ ...a!.books![0]!, toc: toc('https://a.test/1v2', titles) }],
      });
      gateway.setSource({
        ...b!,
        books: [
          {
            ...b!.books![0]!,
            toc: toc('https://b.test/7v2', ['序章 缘起', ...TITLES_B, '第4章 重逢']),
          },
        ],
      });
      clock.advance(3_600_000);
      const after = await refreshToc(deps, book.id);
      assert.equal(after.chapters.length, 6);
      const position = await getPosition(deps, { userId: user.id, bookId: book.id });
      assert.equal(position?.chapterKey, third.key);
      assert.equal(position?.chapterTitle, third.title);
      assert.equal(position?.ordinal, 4, 'two chapters now come before it');
      const cached = (await store.contents.get(third.id))!.text;
      assert.equal(
        position?.offsetChars,
        cached.indexOf(anchor),
        'the offset lands on the anchor text',
      );
      const [entry] = await listShelf(deps, user.id);
      assert.equal(entry?.unreadCount, 1, 'only the new chapter 4 is unread');
      assert.match(entry?.latestChapterTitle ?? '', /^第(四|4)章 重逢$/);
      await removeFromShelf(deps, user.id, book.id);
      assert.deepEqual(await listShelf(deps, user.id), []);
    });
  });
}

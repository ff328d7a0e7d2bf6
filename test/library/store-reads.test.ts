/*
 * How often the reading and searching paths ask the store (issue 24: the reader route read the
 * book and the neighbours again after readChapter, a search read the source list three times,
 * addBookmark read the chapter list after getByKey). Counted through the real SQLite store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addBookmark, readChapter, searchWithHealth } from '#library';
import { SourceCatalog, createDriverGateway } from '#app';
import { createHttpClient } from '#net';
import { openStore } from '#store';
import type { Store } from '#store';
import { systemClock as clock } from '#model';

/** The real store, with every call of a repository's method counted as `repository.method`. */
function counted(store: Store): { store: Store; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const wrap = (name: string, repository: object) =>
    new Proxy(repository, {
      get(target, method, receiver) {
        const value: unknown = Reflect.get(target, method, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const key = `${name}.${String(method)}`;
          calls.set(key, (calls.get(key) ?? 0) + 1);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const wrapped = new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      return value !== null && typeof value === 'object' ? wrap(String(name), value) : value;
    },
  });
  return { store: wrapped, calls };
}

/** A book of three cached chapters on one source, in an in-memory SQLite store. */
async function world() {
  const store = openStore({ url: ':memory:' });
  await store.migrate();
  const source = await store.sources.upsert({ url: 'https://a.test', name: 'a', rules: '{}' });
  const book = await store.books.upsert({ key: 'k', title: '长街', author: '人' });
  await store.listings.upsert({ bookId: book.id, sourceId: source.id, bookUrl: '/a' });
  const chapters = await store.chapters.saveToc(
    book.id,
    ['第一章 起', '第二章 承', '第三章 合'].map((title, ordinal) => ({
      key: `c${ordinal}`,
      title,
      ordinal,
      firstSeenAt: 0,
      links: [],
    })),
  );
  for (const chapter of chapters)
    await store.contents.put({
      chapterId: chapter.id,
      sourceId: source.id,
      text: `${chapter.title}的正文。\n第二段。`,
      hash: `h${chapter.id}`,
      fetchedAt: Date.now(),
    });
  const user = await store.users.create({ name: 'reader' });
  return { store, book, user };
}

test('reading a cached chapter for the reader: one read of the book, one of each neighbour', async () => {
  const { store, book } = await world();
  const { store: countedStore, calls } = counted(store);
  const result = await readChapter(
    // Served from the cache: neither the gateway nor the cleaner is asked.
    { store: countedStore, clock } as unknown as Parameters<typeof readChapter>[0],
    { bookId: book.id, chapterKey: 'c1' },
    { neighbours: true },
  );
  assert.equal(result.book.title, '长街');
  assert.equal(result.prevKey, 'c0');
  assert.equal(result.nextKey, 'c2');
  assert.deepEqual(Object.fromEntries(calls), {
    'books.get': 1,
    'chapters.getByKey': 1,
    'chapters.getByOrdinal': 2,
    'contents.get': 1,
    'listings.listByBook': 1,
  });
});

test('a search reads the source list once', async () => {
  const { store } = await world();
  const { store: countedStore, calls } = counted(store);
  const fetcher = createHttpClient();
  const gateway = createDriverGateway({
    store: countedStore,
    catalog: new SourceCatalog(countedStore, { fetcher }),
    fetcher,
    sandbox: async () => undefined,
  });
  const events = [];
  for await (const event of searchWithHealth({ store: countedStore, gateway, clock }, '长街', {
    deadlineMs: 2000,
  }))
    events.push(event);
  assert.deepEqual(events[0], { type: 'start', sources: 1 });
  assert.equal(events.at(-1)?.type, 'finished');
  assert.equal(calls.get('sources.list'), 1);
});

test('a new bookmark reads the chapter list once and is titled as the book shows it', async () => {
  const { store, book, user } = await world();
  const { store: countedStore, calls } = counted(store);
  const mark = await addBookmark(
    { store: countedStore, clock },
    { userId: user.id, bookId: book.id },
    { chapterKey: 'c2', anchor: '第二段。', offsetChars: 10, excerpt: '第二段。' },
  );
  assert.equal(mark.chapterKey, 'c2');
  assert.equal(calls.get('chapters.listByBook'), 1);
  assert.equal(calls.get('chapters.getByKey'), undefined);
});

/**
 * The library over the real demo sites, the application's source gateway (driver, HTTP client,
 * health figures) and catalog: a search over every template returns each shared book once with
 * every source that has it (the GBK site decoded right); a hanging and a failing source neither
 * delay nor break the rest; a book added from the search gets its merged TOC and reads the true
 * chapter text.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { createHttpClient } from '#net';
import type { HttpClient } from '#net';
import { openStore } from '#store';
import type { Store } from '#store';
import { systemClock } from '#model';
import {
  addBook,
  createCleaner,
  MemoryBoilerplateStore,
  readChapter,
  refreshToc,
  searchBooks,
} from '#library';
import type { BookGroup, LibraryDeps, RegexEngine, SearchEvent } from '#library';
import { createDriverGateway, SourceCatalog } from '#app';

/** Plain JS regexes: enough for the demo sources' replace rules. */
const jsRegex: RegexEngine = {
  compile: (pattern) => {
    const regex = new RegExp(pattern, 'gu');
    return { replaceAll: (input, replacement) => input.replace(regex, replacement) };
  },
};

/** Generous: the healthy sources must finish well before it even on a busy machine. */
const DEADLINE_MS = 2500;

let cluster: DemoCluster;
let client: HttpClient;
let store: Store;
let deps: LibraryDeps;

before(async () => {
  cluster = await startDemoSites({
    sites: [
      { template: 'biquge' },
      { template: 'paged' },
      { template: 'json' },
      { template: 'english' },
      { template: 'json', name: 'json-hang' },
      { template: 'paged', name: 'paged-500' },
    ],
  });
  client = createHttpClient({
    allowHosts: ['127.0.0.1'],
    robots: false,
    politeness: { minIntervalMs: 0, concurrency: 8 },
    retry: { retries: 0 },
  });
  store = openStore({ url: ':memory:' });
  await store.migrate();
  const catalog = new SourceCatalog(store, { fetcher: client });
  const imported = await catalog.import(JSON.stringify(cluster.sites.map((s) => s.source)));
  assert.deepEqual(imported.errors, []);
  deps = {
    store,
    gateway: createDriverGateway({
      store,
      catalog,
      fetcher: client,
      sandbox: async () => undefined,
    }),
    clock: systemClock,
    cleaner: createCleaner({ boilerplate: new MemoryBoilerplateStore(), regex: jsRegex }),
  };
});

after(async () => {
  await store?.close();
  await client?.close();
  await cluster?.close();
});

const healthy = () => ['biquge', 'paged', 'json', 'english'].map((name) => cluster.site(name));

async function search(query: string, deadlineMs = 8000): Promise<SearchEvent[]> {
  const events: SearchEvent[] = [];
  for await (const event of searchBooks(deps, query, {
    deadlineMs,
    sourceKeys: healthy().map((s) => s.origin),
  })) {
    events.push(event);
  }
  return events;
}

function finalGroups(events: readonly SearchEvent[]): Map<string, BookGroup> {
  const groups = new Map<string, BookGroup>();
  for (const event of events) if (event.type === 'book') groups.set(event.group.key, event.group);
  return groups;
}

describe('search over every demo template', () => {
  test('each shared book comes back once, with every source that has it', async () => {
    const carriers = new Map<string, Set<string>>();
    for (const site of healthy()) {
      for (const book of site.books()) {
        const set = carriers.get(book.title) ?? new Set<string>();
        set.add(site.origin);
        carriers.set(book.title, set);
      }
    }
    const shared = [...carriers].filter(([, sites]) => sites.size >= 2);
    assert.ok(shared.length >= 5, 'the demo catalogue shares books between sites');
    for (const [title, sites] of shared) {
      const events = await search(title);
      const failed = events.filter((e) => e.type === 'source-failed');
      assert.deepEqual(failed, [], `no source failed searching ${title}`);
      const matching = [...finalGroups(events).values()].filter(
        (g) => g.title === title || g.hits.some((h) => h.name === title),
      );
      assert.equal(matching.length, 1, `${title} is one book, not ${matching.length}`);
      assert.deepEqual(
        new Set(matching[0]!.hits.map((h) => h.sourceKey)),
        sites,
        `${title} lists every source that carries it`,
      );
    }
  });

  test('the GBK site’s results are decoded right', async () => {
    const biquge = cluster.site('biquge');
    assert.equal(biquge.charset, 'gbk');
    const book = biquge.books()[0]!;
    const events = await search(book.title);
    const hit = [...finalGroups(events).values()]
      .flatMap((g) => g.hits)
      .find((h) => h.sourceKey === biquge.origin && h.name === book.title);
    assert.ok(hit, `biquge found ${book.title}`);
    assert.equal(hit.author, book.author);
    assert.ok(
      !/[\uFFFD]/.test(hit.name + hit.author + (hit.intro ?? '')),
      'no replacement characters',
    );
  });

  test('a hanging source and a failing source do not delay or break the rest', async () => {
    const hang = cluster.site('json-hang');
    const broken = cluster.site('paged-500');
    hang.setFaults([{ kind: 'hang' }]);
    broken.setFaults([{ kind: 'status', status: 500 }]);
    try {
      const title = cluster.site('biquge').books()[0]!.title;
      const started = performance.now();
      const events: Array<SearchEvent & { at: number }> = [];
      for await (const event of searchBooks(deps, title, { deadlineMs: DEADLINE_MS })) {
        events.push({ ...event, at: performance.now() - started });
      }
      const failed = new Map(
        events.flatMap((e) =>
          e.type === 'source-failed' ? [[e.source.key, e.error.code] as const] : [],
        ),
      );
      assert.equal(failed.get(hang.origin), 'deadline');
      assert.equal(failed.get(broken.origin), 'net-http-status');
      assert.equal(
        failed.size,
        2,
        `only the two faulty sources failed: ${[...failed.keys()].join(', ')}`,
      );
      const done = events.filter((e) => e.type === 'source-done');
      assert.equal(done.length, 4);
      const lastHealthy = Math.max(...done.map((e) => e.at));
      const book = events.find((e) => e.type === 'book');
      assert.ok(
        book && book.at <= lastHealthy,
        'results arrive before the hanging source gives up',
      );
      assert.ok(
        lastHealthy < DEADLINE_MS,
        `healthy sources done at ${lastHealthy.toFixed(0)} ms, before the deadline`,
      );
      const finished = events.at(-1)!;
      assert.equal(finished.type, 'finished');
      assert.ok(
        finished.at < DEADLINE_MS + 500,
        `finished at ${finished.at.toFixed(0)} ms with a ${DEADLINE_MS} ms deadline`,
      );
      const group = [...finalGroups(events).values()].find((g) => g.title === title);
      assert.ok(group && group.hits.length >= 2, 'the shared book still has its healthy sources');
    } finally {
      hang.clearFaults();
      broken.clearFaults();
    }
  });
});

describe('a book added from the search', () => {
  test('gets one merged TOC across its sources and reads the true chapter text', async () => {
    const biquge = cluster.site('biquge');
    const book = biquge.books()[0]!;
    const group = [...finalGroups(await search(book.title)).values()].find(
      (g) => g.title === book.title,
    )!;
    const { book: stored, listings } = await addBook(deps, group);
    assert.ok(listings.every((l) => l.status === 'linked'));
    const { chapters, outcomes } = await refreshToc(deps, stored.id);
    assert.deepEqual(
      outcomes.filter((o) => o.status !== 'ok'),
      [],
    );
    const visible = biquge.toc(book.id).filter((e) => e.kind !== 'volume');
    assert.ok(
      chapters.length >= visible.length,
      `${chapters.length} canonical chapters for ${visible.length} on biquge`,
    );
    // Found by its biquge link, not by its title: the canonical title comes from whichever
    // listing the merge started from, and the sites word titles differently.
    const firstUrl = biquge.chapterUrl(book.id, 0);
    const first = chapters.find((c) => c.links.some((link) => link.url === firstUrl))!;
    assert.ok(first, `biquge's first chapter (${firstUrl}) is in the canonical TOC`);
    assert.equal(first.links.length, group.hits.length, 'every source carries the first chapter');
    const read = await readChapter(deps, { bookId: stored.id, chapterKey: first.key });
    const server = cluster.sites.find((site) => site.origin === read.sourceKey);
    assert.ok(server, `read from one of the book's sites (${read.sourceKey})`);
    const truth = server.truth(book.id, 0).paragraphs.map((p) => p.trim());
    assert.deepEqual(read.paragraphs, truth);
    assert.equal(
      (await readChapter(deps, { bookId: stored.id, chapterKey: first.key })).fromCache,
      true,
    );
  });
});

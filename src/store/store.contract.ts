import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { isLinhaiError } from '#model';
import type { Store, ChapterInput } from '#store';

/** How a backend's test file provides a migrated, empty store, and cleans up after. */
export interface StoreHarness {
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

const T0 = 1_790_000_000_000; // a date in 2026, beyond 2^31 so bigint parsing is exercised

function chapter(
  key: string,
  ordinal: number,
  links: { listingId: number; url: string }[],
): ChapterInput {
  return {
    key,
    ordinal,
    title: `第${ordinal + 1}章 ${key}`,
    number: ordinal + 1,
    firstSeenAt: T0 + ordinal,
    firstListingId: links[0]?.listingId,
    links: links.map((l, i) => ({ ...l, position: ordinal + i, firstSeenAt: T0 + ordinal })),
  };
}

/** The one behaviour every store backend must show (docs/style.md §7). */
export function storeContract(label: string, harness: StoreHarness): void {
  describe(`store contract (${label})`, () => {
    let store: Store;
    before(async () => {
      store = await harness.open();
    });
    after(async () => {
      try {
        await store?.close();
      } finally {
        await harness.cleanup();
      }
    });

    test('migrating twice runs nothing the second time', async () => {
      assert.deepEqual(await store.migrate(), []);
    });

    test('a source upserts by URL, keeps its rules text, and counts outcomes with latency percentiles', async () => {
      const rules = JSON.stringify({
        bookSourceUrl: 'https://a.test',
        ruleSearch: { bookList: '.x' },
        extra: 1,
      });
      const first = await store.sources.upsert({ url: 'https://a.test', name: 'A', rules });
      const again = await store.sources.upsert({
        url: 'https://a.test',
        name: 'A2',
        rules,
        weight: 5,
      });
      assert.equal(again.id, first.id);
      assert.equal(again.name, 'A2');
      assert.equal(again.rules, rules);
      assert.equal(again.enabled, true);
      assert.equal(again.group, undefined);
      for (const latencyMs of [10, 20, 30, 40]) {
        await store.sources.recordOutcome(first.id, { kind: 'search', ok: true, latencyMs });
      }
      await store.sources.recordOutcome(first.id, {
        kind: 'content',
        ok: false,
        error: 'net-timeout',
      });
      // Concurrent counts (many workers on PostgreSQL) are not lost.
      await Promise.all(
        Array.from({ length: 8 }, () =>
          store.sources.recordOutcome(first.id, { kind: 'toc', ok: true }),
        ),
      );
      const got = await store.sources.get(first.id);
      assert.deepEqual(got?.health, {
        search: { ok: 4, err: 0 },
        content: { ok: 0, err: 1 },
        toc: { ok: 8, err: 0 },
      });
      assert.equal(got?.latencyP50Ms, 30);
      assert.equal(got?.lastError, 'net-timeout');
      await store.sources.upsert({
        url: 'https://b.test',
        name: 'B',
        rules: '{}',
        canSearch: false,
      });
      await store.sources.upsert({ url: 'https://c.test', name: 'C', rules: '{}', enabled: false });
      assert.deepEqual(
        (await store.sources.list({ enabledOnly: true, searchableOnly: true })).map((s) => s.url),
        ['https://a.test'],
      );
      assert.equal((await store.sources.list()).length, 3);
    });

    test('a book upserts by key and keeps known fields the update leaves out', async () => {
      const book = await store.books.upsert({
        key: 'k1',
        title: '书',
        author: '人',
        intro: '简介',
      });
      const same = await store.books.upsert({
        key: 'k1',
        title: '书',
        author: '人',
        coverUrl: 'http://c/1.jpg',
      });
      assert.equal(same.id, book.id);
      assert.equal(same.intro, '简介');
      assert.equal(same.coverUrl, 'http://c/1.jpg');
      assert.equal((await store.books.getByKey('k1'))?.id, book.id);
      assert.equal(await store.books.getByKey('nope'), undefined);
    });

    test('lists restricted to the books some sources list (the public site)', async () => {
      const open = await store.sources.upsert({ url: 'https://open.test', name: 'O', rules: '{}' });
      const closed = await store.sources.upsert({
        url: 'https://shut.test',
        name: 'S',
        rules: '{}',
      });
      const book = (key: string) =>
        store.books.upsert({ key: `from-${key}`, title: key, author: 'F' });
      const [both, onlyOpen, onlyClosed] = [
        await book('both'),
        await book('open'),
        await book('shut'),
      ];
      const list = (bookId: number, sourceId: number) =>
        store.listings.upsert({ bookId, sourceId, bookUrl: `/b/${bookId}-${sourceId}` });
      await list(both!.id, open!.id);
      await list(both!.id, closed!.id);
      await list(onlyOpen!.id, open!.id);
      await list(onlyClosed!.id, closed!.id);
      const reader = await store.users.create({ name: 'from-reader' });
      await store.shelves.add(reader!.id, onlyOpen!.id, T0);
      await store.shelves.add(reader!.id, onlyClosed!.id, T0);
      const keys = (rows: readonly { key: string }[]) => rows.map((r) => r.key).sort();
      assert.deepEqual(
        keys(await store.books.list({ limit: 1000, fromSources: [open!.id] })),
        ['from-both', 'from-open'],
        'each book once, though `both` has two listings',
      );
      assert.deepEqual(keys(await store.books.mostKept({ limit: 1000, fromSources: [open!.id] })), [
        'from-open',
      ]);
      assert.deepEqual(await store.books.list({ limit: 10, fromSources: [] }), []);
    });

    test('listings upsert by source and book URL and come back with their source', async () => {
      const source = await store.sources.upsert({ url: 'https://l.test', name: 'L', rules: '{}' });
      const book = await store.books.upsert({ key: 'k-listing', title: 'T', author: 'A' });
      const listing = await store.listings.upsert({
        bookId: book.id,
        sourceId: source.id,
        bookUrl: '/b/1',
        tocUrl: '/t/1',
      });
      const again = await store.listings.upsert({
        bookId: book.id,
        sourceId: source.id,
        bookUrl: '/b/1',
      });
      assert.equal(again.id, listing.id);
      assert.equal(again.tocUrl, '/t/1', 'a missing toc URL keeps the stored one');
      await store.listings.recordError(listing.id, 'boom');
      await store.listings.recordError(listing.id, 'boom again');
      let views = await store.listings.listByBook(book.id);
      assert.equal(views.length, 1);
      assert.equal(views[0]?.sourceUrl, 'https://l.test');
      assert.equal(views[0]?.errorCount, 2);
      await store.listings.recordCheck(listing.id, {
        checkedAt: T0,
        changedAt: T0,
        chapterCount: 3,
        latestTitle: '第3章',
        nextCheckAt: T0 + 60_000.5,
        cadence: { meanGapMs: 3_600_000 },
      });
      views = await store.listings.listByBook(book.id);
      assert.equal(views[0]?.errorCount, 0);
      assert.equal(views[0]?.checkedAt, T0);
      assert.deepEqual(views[0]?.cadence, { meanGapMs: 3_600_000 });
      assert.equal((await store.listings.listDue(T0 + 60_001)).length, 1);
      assert.equal((await store.listings.listDue(T0)).length, 0);
    });

    test('the chase sees listings of followed books only, with follower counts and saved state', async () => {
      const source = await store.sources.upsert({
        url: 'https://chase.test',
        name: 'C',
        rules: '{}',
      });
      const followed = await store.books.upsert({ key: 'k-followed', title: 'F', author: 'A' });
      const ignored = await store.books.upsert({ key: 'k-ignored', title: 'I', author: 'A' });
      const listing = await store.listings.upsert({
        bookId: followed.id,
        sourceId: source.id,
        bookUrl: '/f',
      });
      await store.listings.upsert({ bookId: ignored.id, sourceId: source.id, bookUrl: '/i' });
      const [u1, u2] = [
        await store.users.create({ name: 'chaser1' }),
        await store.users.create({ name: 'chaser2' }),
      ];
      await store.shelves.add(u1!.id, followed.id, T0);
      await store.shelves.add(u2!.id, followed.id, T0);
      await store.listings.saveChaseState(listing.id, {
        // A planned time out of arithmetic: stored whole on both backends (bigint on PostgreSQL).
        nextCheckAt: T0 + 5.4,
        cadence: { arrivals: [[T0, T0 + 1]] },
        lag: { lagMs: 42 },
      });
      const chased = await store.listings.listFollowed();
      const mine = chased.filter((l) => l.sourceUrl === 'https://chase.test');
      assert.deepEqual(
        mine.map((l) => [l.id, l.followers, l.nextCheckAt, l.lag]),
        [[listing.id, 2, T0 + 5, { lagMs: 42 }]],
      );
      assert.deepEqual(mine[0]?.cadence, { arrivals: [[T0, T0 + 1]] });
    });

    test('source logins: one per user and source, replaced in place, the latest for a source, removed, gone with the user', async () => {
      const [a, b] = [
        await store.users.create({ name: 'login-a' }),
        await store.users.create({ name: 'login-b' }),
      ];
      const url = 'https://members.test/';
      await store.sourceLogins.put({
        userId: a.id,
        sourceUrl: url,
        sealed: 'v1.a1',
        updatedAt: T0,
      });
      await store.sourceLogins.put({
        userId: a.id,
        sourceUrl: url,
        sealed: 'v1.a2',
        updatedAt: T0 + 5,
      });
      await store.sourceLogins.put({
        userId: b.id,
        sourceUrl: url,
        sealed: 'v1.b',
        updatedAt: T0 + 1,
      });
      assert.deepEqual(await store.sourceLogins.get(a.id, url), {
        userId: a.id,
        sourceUrl: url,
        sealed: 'v1.a2',
        updatedAt: T0 + 5,
      });
      assert.equal(await store.sourceLogins.get(a.id, 'https://other.test/'), undefined);
      assert.equal((await store.sourceLogins.latest(url))?.sealed, 'v1.a2');
      assert.equal(await store.sourceLogins.remove(a.id, url), true);
      assert.equal(await store.sourceLogins.remove(a.id, url), false);
      assert.equal((await store.sourceLogins.latest(url))?.sealed, 'v1.b');
    });

    test("bookmarks: each reader's own, listed per book, the note changed or cleared, removed", async () => {
      const book = await store.books.upsert({ key: 'k-marks', title: 'M', author: 'A' });
      const other = await store.books.upsert({ key: 'k-marks-2', title: 'M2', author: 'A' });
      const [u1, u2] = [
        await store.users.create({ name: 'marker1' }),
        await store.users.create({ name: 'marker2' }),
      ];
      const place = {
        bookId: book.id,
        chapterKey: 'c1',
        chapterTitle: '第一章 出发',
        anchor: '他走过长街',
        offsetChars: 120,
        excerpt: '他走过长街，想起了很多往事',
      };
      const first = await store.bookmarks.add({ ...place, userId: u1!.id, createdAt: T0 });
      const second = await store.bookmarks.add({
        ...place,
        userId: u1!.id,
        chapterKey: 'c2',
        note: '伏笔',
        createdAt: T0 + 1,
      });
      await store.bookmarks.add({ ...place, userId: u2!.id, createdAt: T0 });
      await store.bookmarks.add({ ...place, bookId: other.id, userId: u1!.id, createdAt: T0 });
      const mine = await store.bookmarks.listByBook(u1!.id, book.id);
      assert.deepEqual(
        mine.map((b) => [b.id, b.chapterKey, b.offsetChars, b.note]),
        [
          [first.id, 'c1', 120, undefined],
          [second.id, 'c2', 120, '伏笔'],
        ],
      );
      assert.equal(mine[0]?.excerpt, place.excerpt);
      assert.equal(await store.bookmarks.setNote(u2!.id, first.id, 'x', T0 + 2), undefined);
      const noted = await store.bookmarks.setNote(u1!.id, first.id, '重要', T0 + 2);
      assert.deepEqual([noted?.note, noted?.updatedAt, noted?.createdAt], ['重要', T0 + 2, T0]);
      assert.equal(
        (await store.bookmarks.setNote(u1!.id, second.id, undefined, T0 + 3))?.note,
        undefined,
      );
      assert.equal(await store.bookmarks.remove(u2!.id, first.id), false, "not another reader's");
      assert.equal(await store.bookmarks.remove(u1!.id, first.id), true);
      assert.deepEqual(
        (await store.bookmarks.listByBook(u1!.id, book.id)).map((b) => b.id),
        [second.id],
      );
      assert.equal((await store.bookmarks.listByBook(u2!.id, book.id)).length, 1);
    });

    test("shelf groups: each reader's own, ordered, renamed, deleted (books stay), a book in several", async () => {
      const [b1, b2] = [
        await store.books.upsert({ key: 'k-grp-1', title: 'G1', author: 'A' }),
        await store.books.upsert({ key: 'k-grp-2', title: 'G2', author: 'A' }),
      ];
      const [u1, u2] = [
        await store.users.create({ name: 'grouper1' }),
        await store.users.create({ name: 'grouper2' }),
      ];
      await store.shelves.add(u1!.id, b1.id, T0);
      const fav = await store.shelfGroups.create(u1!.id, '收藏', T0);
      const done = await store.shelfGroups.create(u1!.id, '已完结', T0);
      assert.equal(
        await store.shelfGroups.create(u1!.id, '收藏', T0),
        undefined,
        'a duplicate name',
      );
      const theirs = await store.shelfGroups.create(u2!.id, '收藏', T0);
      assert.ok(fav && done && theirs, 'the same name is fine for another reader');
      assert.deepEqual(
        (await store.shelfGroups.list(u1!.id)).map((g) => [g.name, g.position]),
        [
          ['收藏', 0],
          ['已完结', 1],
        ],
      );
      assert.deepEqual(
        await store.shelfGroups.setBookGroups(u1!.id, b1.id, [fav.id, done.id, theirs.id]),
        [fav.id, done.id],
      );
      assert.equal(
        await store.shelfGroups.addBook(u1!.id, theirs.id, b2.id),
        false,
        "not another's group",
      );
      assert.equal(await store.shelfGroups.addBook(u1!.id, fav.id, b2.id), true);
      assert.equal(await store.shelfGroups.addBook(u1!.id, fav.id, b2.id), true, 'again is fine');
      await store.shelfGroups.reorder(u1!.id, [done.id, theirs.id]);
      assert.deepEqual(
        (await store.shelfGroups.list(u1!.id)).map((g) => [g.name, g.bookIds]),
        [
          ['已完结', [b1.id]],
          ['收藏', [b1.id, b2.id]],
        ],
      );
      assert.deepEqual((await store.shelfGroups.list(u2!.id))[0]?.bookIds, []);
      assert.equal(await store.shelfGroups.rename(u1!.id, done.id, '收藏'), 'taken');
      assert.equal(await store.shelfGroups.rename(u2!.id, done.id, 'x'), 'missing');
      assert.equal(await store.shelfGroups.rename(u1!.id, done.id, '完本'), 'renamed');
      assert.equal(
        await store.shelfGroups.rename(u1!.id, done.id, '完本'),
        'renamed',
        'its own name',
      );
      await store.shelfGroups.setBookGroups(u1!.id, b1.id, [done.id]);
      assert.deepEqual(
        (await store.shelfGroups.list(u1!.id)).map((g) => [g.name, g.bookIds]),
        [
          ['完本', [b1.id]],
          ['收藏', [b2.id]],
        ],
      );
      assert.equal(await store.shelfGroups.remove(u2!.id, done.id), false, "not another reader's");
      assert.equal(await store.shelfGroups.remove(u1!.id, done.id), true);
      assert.deepEqual(
        (await store.shelfGroups.list(u1!.id)).map((g) => g.name),
        ['收藏'],
      );
      assert.equal(
        (await store.shelves.get(u1!.id, b1.id))?.bookId,
        b1.id,
        'the book stays on the shelf',
      );
    });

    test("local books: the uploader's own, their text kept under a hidden source, left out of every list of books", async () => {
      const reader = await store.users.create({ name: 'uploader' });
      const other = await store.users.create({ name: 'neighbour' });
      const book = await store.books.upsert({ key: 'local:1:abc', title: '本地书', author: '' });
      const shared = await store.books.upsert({ key: 'k-shared-next', title: 'S', author: 'A' });
      await store.localBooks.put({
        bookId: book.id,
        userId: reader!.id,
        fileName: '本地书.txt',
        format: 'txt',
        encoding: 'gb18030',
        ruleId: 1,
        text: '第一章 甲\n正文',
      });
      assert.deepEqual(await store.localBooks.get(book.id), {
        bookId: book.id,
        userId: reader!.id,
        fileName: '本地书.txt',
        format: 'txt',
        encoding: 'gb18030',
        ruleId: 1,
        createdAt: (await store.localBooks.get(book.id))!.createdAt,
      });
      assert.equal(await store.localBooks.text(book.id), '第一章 甲\n正文');
      await store.localBooks.put({
        bookId: book.id,
        userId: reader!.id,
        fileName: '本地书.txt',
        format: 'txt',
        encoding: 'gb18030',
        ruleId: 7,
      });
      assert.equal((await store.localBooks.get(book.id))?.ruleId, 7, 'a re-split updates it');
      assert.equal(await store.localBooks.text(book.id), '第一章 甲\n正文', 'and keeps the text');
      assert.deepEqual(
        [...(await store.localBooks.owners([book.id, shared.id]))],
        [[book.id, reader!.id]],
      );
      assert.deepEqual(
        (await store.localBooks.listByUser(reader!.id)).map((l) => l.bookId),
        [book.id],
      );
      assert.deepEqual(await store.localBooks.listByUser(other!.id), []);

      const sourceId = await store.localBooks.sourceId();
      assert.equal(await store.localBooks.sourceId(), sourceId, 'one row, made once');
      assert.ok(!(await store.sources.list()).some((s) => s.id === sourceId), 'not listed');
      const [chapter] = await store.chapters.saveToc(book.id, [
        { key: 'L1', ordinal: 0, title: '第一章 甲', firstSeenAt: T0, links: [] },
      ]);
      await store.contents.put({
        chapterId: chapter!.id,
        sourceId,
        text: '正文',
        hash: 'h',
        fetchedAt: T0,
      });
      assert.equal((await store.contents.get(chapter!.id))?.text, '正文');

      await store.shelves.add(reader!.id, book.id, T0);
      await store.shelves.add(other!.id, shared.id, T0);
      await store.shelves.add(reader!.id, shared.id, T0);
      const ids = (books: Array<{ id: number }>) => books.map((b) => b.id);
      assert.ok(!ids(await store.books.list({ limit: 1000 })).includes(book.id));
      assert.ok(!ids(await store.books.mostKept({ limit: 1000 })).includes(book.id));
      assert.ok(!ids(await store.books.keptWith(other!.id, { limit: 1000 })).includes(book.id));
      assert.ok(ids(await store.books.list({ limit: 1000 })).includes(shared.id));
    });

    test('saveLag changes the chase view alone: cadence and next check stay', async () => {
      const source = await store.sources.upsert({
        url: 'https://lag.test',
        name: 'L',
        rules: '{}',
      });
      const book = await store.books.upsert({ key: 'k-lag', title: 'L', author: 'A' });
      const user = await store.users.create({ name: 'lagger' });
      await store.shelves.add(user!.id, book.id, T0);
      const listing = await store.listings.upsert({
        bookId: book.id,
        sourceId: source.id,
        bookUrl: '/l',
      });
      await store.listings.saveChaseState(listing.id, {
        nextCheckAt: T0 + 7,
        cadence: { arrivals: [] },
        lag: { lagMs: 1, preferred: false },
      });
      await store.listings.saveLag(listing.id, { lagMs: 1, preferred: true, chosen: true });
      const [seen] = (await store.listings.listFollowed()).filter((l) => l.id === listing.id);
      assert.deepEqual(seen?.lag, { lagMs: 1, preferred: true, chosen: true });
      assert.deepEqual(seen?.cadence, { arrivals: [] });
      assert.equal(seen?.nextCheckAt, T0 + 7);
      assert.deepEqual((await store.listings.get(listing.id))?.lag, {
        lagMs: 1,
        preferred: true,
        chosen: true,
      });
    });

    test('a TOC saved on a stale read is refused, so concurrent merges are not lost', async () => {
      const book = await store.books.upsert({ key: 'k-conflict', title: 'C', author: 'A' });
      const source = await store.sources.upsert({
        url: 'https://cf.test',
        name: 'CF',
        rules: '{}',
      });
      const l1 = await store.listings.upsert({
        bookId: book.id,
        sourceId: source.id,
        bookUrl: '/a',
      });
      const l2 = await store.listings.upsert({
        bookId: book.id,
        sourceId: source.id,
        bookUrl: '/b',
      });
      const link = (listingId: number, url: string) => ({
        listingId,
        url,
        position: 0,
        firstSeenAt: T0,
      });
      const chapter = (key: string, links: ReturnType<typeof link>[]) => ({
        key,
        ordinal: 0,
        title: key,
        firstSeenAt: T0,
        links,
      });
      const base = await store.chapters.saveToc(book.id, [chapter('c1', [link(l1.id, '/1')])]);
      // Two merges read the same TOC; the first saves, the second must not overwrite it.
      await store.chapters.saveToc(
        book.id,
        [chapter('c1', [link(l1.id, '/1')]), { ...chapter('c2', [link(l1.id, '/2')]), ordinal: 1 }],
        { basedOn: base },
      );
      await assert.rejects(
        store.chapters.saveToc(book.id, [chapter('c1', [link(l1.id, '/1'), link(l2.id, '/x')])], {
          basedOn: base,
        }),
        (error: unknown) => (error as { code?: string }).code === 'conflict',
      );
      const stored = await store.chapters.listByBook(book.id);
      assert.deepEqual(
        stored.map((c) => c.key),
        ['c1', 'c2'],
        'the first merge is kept',
      );
      // Based on what is stored now, the second merge goes through.
      await store.chapters.saveToc(
        book.id,
        stored.map((c) => (c.key === 'c1' ? { ...c, links: [...c.links, link(l2.id, '/x')] } : c)),
        { basedOn: stored },
      );
      assert.equal((await store.chapters.getByKey(book.id, 'c1'))?.links.length, 2);
    });

    test('home lists: newest by creation, most kept by shelves, kept by readers of your books', async () => {
      const [me, near1, near2, far] = await Promise.all(
        ['lists-me', 'lists-near1', 'lists-near2', 'lists-far'].map((name) =>
          store.users.create({ name }),
        ),
      );
      const book = (key: string) =>
        store.books.upsert({ key: `lists-${key}`, title: key, author: 'L' });
      const [shared, a, b, c] = [
        await book('shared'),
        await book('a'),
        await book('b'),
        await book('c'),
      ];
      await book('lone'); // on no shelf
      // me keeps `shared`; near1 and near2 keep it too, and a (both) and b (near1); far, who
      // shares nothing with me, keeps c and a.
      const keep = (user: { id: number }, ...books: { id: number }[]) =>
        Promise.all(books.map((x) => store.shelves.add(user!.id, x!.id, T0)));
      await keep(me!, shared!);
      await keep(near1!, shared!, a!, b!);
      await keep(near2!, shared!, a!);
      await keep(far!, c!, a!);
      const mine = (rows: readonly { key: string }[]) =>
        rows.map((r) => r.key).filter((k) => k.startsWith('lists-'));

      assert.deepEqual(
        mine(await store.books.list({ limit: 1000, order: 'created' })).slice(0, 5),
        ['lists-lone', 'lists-c', 'lists-b', 'lists-a', 'lists-shared'],
        'newest first (ties by id)',
      );
      const kept = mine(await store.books.mostKept({ limit: 1000 }));
      assert.deepEqual(kept.slice(0, 2), ['lists-a', 'lists-shared'], 'a and shared on 3 shelves');
      assert.ok(!kept.includes('lists-lone'), 'a book on no shelf is not ranked');
      assert.ok(
        !mine(await store.books.mostKept({ limit: 1000, notOnShelfOf: me!.id })).includes(
          'lists-shared',
        ),
        'the reader’s own books are left out',
      );
      const page = await store.books.mostKept({ limit: 1, offset: 1 });
      assert.equal(page.length, 1);
      assert.deepEqual(
        mine(await store.books.keptWith(me!.id, { limit: 10 })),
        ['lists-a', 'lists-b'],
        'a is kept by two readers who share a book with me, b by one; c only by a stranger',
      );
      assert.deepEqual(await store.books.keptWith(far!.id, { limit: 10 }).then(mine), [
        'lists-shared',
        'lists-b',
      ]);
    });

    test('a book is updated only when its latest chapter changes', async () => {
      const book = await store.books.upsert({ key: 'k-updated', title: 'U', author: 'A' });
      const source = await store.sources.upsert({
        url: 'https://upd.test',
        name: 'U',
        rules: '{}',
      });
      const listing = await store.listings.upsert({
        bookId: book.id,
        sourceId: source.id,
        bookUrl: '/u',
      });
      const link = (url: string) => [{ listingId: listing.id, url, position: 0, firstSeenAt: T0 }];
      const [c1, c2] = await store.chapters.saveToc(book.id, [
        { key: 'c1', ordinal: 0, title: '一', firstSeenAt: T0, links: link('/1') },
        { key: 'c2', ordinal: 1, title: '二', firstSeenAt: T0, links: link('/2') },
      ]);
      await store.books.setLatestChapter(book.id, c1!.id);
      const first = (await store.books.get(book.id))!.updatedAt;
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.books.setLatestChapter(book.id, c1!.id);
      assert.equal((await store.books.get(book.id))!.updatedAt, first, 'same latest chapter');
      await store.books.upsert({ key: 'k-updated', title: 'U', author: 'A', intro: 'filled in' });
      assert.equal(
        (await store.books.get(book.id))!.updatedAt,
        first,
        'details filled in (or the book added again) are no update',
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.books.setLatestChapter(book.id, c2!.id);
      const book2 = (await store.books.get(book.id))!;
      assert.equal(book2.latestChapterId, c2!.id);
      assert.ok(book2.updatedAt > first, 'a new latest chapter is an update');
    });

    test('saving a TOC keeps chapter ids by key, reorders, drops missing keys and replaces links', async () => {
      const source = await store.sources.upsert({
        url: 'https://toc.test',
        name: 'TOC',
        rules: '{}',
      });
      const book = await store.books.upsert({ key: 'k-toc', title: 'T', author: 'A' });
      const l1 = await store.listings.upsert({
        bookId: book.id,
        sourceId: source.id,
        bookUrl: '/1',
      });
      const l2 = await store.listings.upsert({
        bookId: book.id,
        sourceId: source.id,
        bookUrl: '/2',
      });
      const saved = await store.chapters.saveToc(book.id, [
        chapter('a', 0, [{ listingId: l1.id, url: '/1/a' }]),
        chapter('b', 1, [
          { listingId: l1.id, url: '/1/b' },
          { listingId: l2.id, url: '/2/b' },
        ]),
        chapter('c', 2, [{ listingId: l2.id, url: '/2/c' }]),
      ]);
      assert.deepEqual(
        saved.map((c) => c.key),
        ['a', 'b', 'c'],
      );
      assert.equal(saved[0]?.firstSeenAt, T0);
      const idOfB = saved[1]?.id;
      await store.contents.put({
        chapterId: idOfB as number,
        sourceId: source.id,
        text: 'B text',
        hash: 'h',
        fetchedAt: T0,
      });
      const resaved = await store.chapters.saveToc(book.id, [
        chapter('new', 0, [{ listingId: l2.id, url: '/2/new' }]),
        chapter('b', 1, [{ listingId: l2.id, url: '/2/b' }]),
        chapter('c', 2, [{ listingId: l2.id, url: '/2/c' }]),
      ]);
      assert.deepEqual(
        resaved.map((c) => [c.key, c.ordinal]),
        [
          ['new', 0],
          ['b', 1],
          ['c', 2],
        ],
      );
      assert.equal(resaved[1]?.id, idOfB, 'a kept key keeps its id');
      assert.deepEqual(
        resaved,
        await store.chapters.listByBook(book.id),
        'what saveToc returns is what is stored',
      );
      assert.deepEqual(
        resaved[1]?.links.map((l) => l.url),
        ['/2/b'],
      );
      assert.equal(
        (await store.contents.get(idOfB as number))?.text,
        'B text',
        'cache survives re-alignment',
      );
      assert.equal(await store.chapters.getByKey(book.id, 'a'), undefined);
      assert.equal(await store.chapters.count(book.id), 3);
      assert.equal((await store.chapters.getByOrdinal(book.id, 2))?.key, 'c');
    });

    test('a large TOC saves in chunks', async () => {
      const source = await store.sources.upsert({
        url: 'https://big.test',
        name: 'Big',
        rules: '{}',
      });
      const book = await store.books.upsert({ key: 'k-big', title: 'Big', author: 'A' });
      const l = await store.listings.upsert({
        bookId: book.id,
        sourceId: source.id,
        bookUrl: '/big',
      });
      const toc = Array.from({ length: 5000 }, (_, i) =>
        chapter(`c${i}`, i, [{ listingId: l.id, url: `/big/${i}` }]),
      );
      const saved = await store.chapters.saveToc(book.id, toc);
      assert.equal(saved.length, 5000);
      // One new chapter at the end and one renamed: the rest is left as it is.
      const next = [
        ...toc.map((c, i) => (i === 10 ? { ...c, title: '改名' } : c)),
        chapter('c5000', 5000, [{ listingId: l.id, url: '/big/5000' }]),
      ];
      const resaved = await store.chapters.saveToc(book.id, next);
      assert.equal(resaved.length, 5001);
      assert.equal(resaved[10]?.title, '改名');
      assert.equal(resaved[10]?.id, saved[10]?.id);
      assert.deepEqual(resaved, await store.chapters.listByBook(book.id));
      assert.equal(saved[4999]?.links[0]?.url, '/big/4999');
      const cached = await store.contents.cachedChapterIds(saved.map((c) => c.id));
      assert.equal(cached.size, 0);
    });

    test('the content cache returns the newest copy, per source when asked', async () => {
      const s1 = await store.sources.upsert({ url: 'https://c1.test', name: 'C1', rules: '{}' });
      const s2 = await store.sources.upsert({ url: 'https://c2.test', name: 'C2', rules: '{}' });
      const book = await store.books.upsert({ key: 'k-content', title: 'T', author: 'A' });
      const [c] = await store.chapters.saveToc(book.id, [chapter('x', 0, [])]);
      const chapterId = c?.id as number;
      assert.equal(await store.contents.get(chapterId), undefined);
      await store.contents.put({
        chapterId,
        sourceId: s1.id,
        text: 'old',
        hash: 'h1',
        fetchedAt: T0,
      });
      await store.contents.put({
        chapterId,
        sourceId: s2.id,
        text: 'new',
        hash: 'h2',
        fetchedAt: T0 + 5,
        quality: { ok: true },
      });
      assert.equal((await store.contents.get(chapterId))?.text, 'new');
      assert.equal((await store.contents.get(chapterId, s1.id))?.text, 'old');
      await store.contents.put({
        chapterId,
        sourceId: s1.id,
        text: 'newest',
        hash: 'h3',
        fetchedAt: T0 + 9,
      });
      assert.equal((await store.contents.get(chapterId))?.text, 'newest');
      assert.equal((await store.contents.listForChapter(chapterId)).length, 2);
      assert.deepEqual(
        [...(await store.contents.cachedChapterIds([chapterId, 999_999]))],
        [chapterId],
      );
    });

    test('the newest copy of each chapter in an ordinal range comes back in one query', async () => {
      const s1 = await store.sources.upsert({ url: 'https://r1.test', name: 'R1', rules: '{}' });
      const s2 = await store.sources.upsert({ url: 'https://r2.test', name: 'R2', rules: '{}' });
      const book = await store.books.upsert({ key: 'k-range', title: 'R', author: 'A' });
      const other = await store.books.upsert({ key: 'k-range-2', title: 'R2', author: 'A' });
      const chapters = await store.chapters.saveToc(
        book.id,
        Array.from({ length: 6 }, (_, i) => chapter(`r${i}`, i, [])),
      );
      const [elsewhere] = await store.chapters.saveToc(other.id, [chapter('r2', 2, [])]);
      const put = (ordinal: number, sourceId: number, text: string, at: number) =>
        store.contents.put({
          chapterId: chapters[ordinal]!.id,
          sourceId,
          text,
          hash: text,
          fetchedAt: T0 + at,
        });
      await put(1, s1.id, 'one, older', 1);
      await put(1, s2.id, 'one, newer', 2);
      await put(2, s1.id, 'two', 1);
      await put(4, s2.id, 'four, second source', 3);
      await put(4, s1.id, 'four, first source', 3); // same time: the lower source id, as get()
      await store.contents.put({
        chapterId: elsewhere!.id,
        sourceId: s1.id,
        text: 'another book',
        hash: 'x',
        fetchedAt: T0,
      });

      const range = await store.contents.latestInOrdinalRange(book.id, 1, 4);
      assert.deepEqual(
        range.map((c) => [c.ordinal, c.text]),
        [
          [4, 'four, first source'],
          [2, 'two'],
          [1, 'one, newer'],
        ],
      );
      for (const content of range) {
        const { ordinal, ...row } = content;
        assert.deepEqual(row, await store.contents.get(chapters[ordinal]!.id));
      }
      assert.deepEqual(
        (await store.contents.latestInOrdinalRange(book.id, 0, 2)).map((c) => c.ordinal),
        [2, 1],
      );
      assert.deepEqual(await store.contents.latestInOrdinalRange(book.id, 5, 5), []);
      assert.deepEqual(await store.contents.latestInOrdinalRange(book.id, 3, 2), []);
    });

    test('user names are unique and sessions expire', async () => {
      const user = await store.users.create({ name: 'reader1', passwordHash: 'scrypt$x' });
      await assert.rejects(store.users.create({ name: 'reader1' }), (e) =>
        isLinhaiError(e, 'conflict'),
      );
      await store.users.updateSettings(user.id, { script: 'hant' });
      assert.deepEqual((await store.users.getByName('reader1'))?.settings, { script: 'hant' });
      await store.sessions.create({ id: 'tokhash', userId: user.id, expiresAt: T0 + 1000 });
      assert.equal((await store.sessions.get('tokhash', T0))?.userId, user.id);
      assert.equal(await store.sessions.get('tokhash', T0 + 1000), undefined);
      assert.equal(await store.sessions.removeExpired(T0 + 1000), 1);
    });

    test('a shelf counts unread chapters from the position, which follows its chapter key', async () => {
      const source = await store.sources.upsert({
        url: 'https://shelf.test',
        name: 'S',
        rules: '{}',
      });
      const book = await store.books.upsert({ key: 'k-shelf', title: '架上书', author: 'A' });
      const l = await store.listings.upsert({
        bookId: book.id,
        sourceId: source.id,
        bookUrl: '/s',
      });
      const link = (k: string) => [{ listingId: l.id, url: `/s/${k}` }];
      await store.chapters.saveToc(
        book.id,
        ['a', 'b', 'c', 'd'].map((k, i) => chapter(k, i, link(k))),
      );
      const user = await store.users.create({ name: 'shelver' });
      await store.shelves.add(user.id, book.id, T0);
      await store.shelves.add(user.id, book.id, T0 + 1);
      let [entry] = await store.shelves.list(user.id);
      assert.equal(entry?.unreadCount, 4);
      assert.equal(entry?.position, undefined);
      await store.shelves.savePosition(user.id, book.id, {
        chapterKey: 'b',
        chapterTitle: '第2章 b',
        anchor: '他说',
        offsetChars: 12,
        readAt: T0 + 2,
      });
      [entry] = await store.shelves.list(user.id);
      assert.equal(entry?.unreadCount, 2);
      assert.equal(entry?.chapterCount, 4);
      assert.equal(entry?.latestChapterAt, T0 + 3, 'when its newest chapter was found');
      assert.equal(entry?.title, '架上书');
      assert.deepEqual(entry?.position, {
        chapterKey: 'b',
        chapterTitle: '第2章 b',
        anchor: '他说',
        offsetChars: 12,
        readAt: T0 + 2,
      });
      // Two chapters inserted before the read one: the unread count is unchanged.
      await store.chapters.saveToc(
        book.id,
        ['p', 'q', 'a', 'b', 'c', 'd'].map((k, i) => chapter(k, i, link(k))),
      );
      [entry] = await store.shelves.list(user.id);
      assert.equal(entry?.unreadCount, 2);
      assert.deepEqual(await store.shelves.followers(book.id), [user.id]);
      await store.shelves.remove(user.id, book.id);
      assert.deepEqual(await store.shelves.list(user.id), []);
    });

    test('replace rules and boilerplate patterns round-trip', async () => {
      const rule = await store.replaceRules.add({
        name: 'ad',
        group: undefined,
        pattern: '本站.*?域名',
        replacement: '',
        isRegex: true,
        scope: undefined,
        scopeTitle: false,
        scopeContent: true,
        excludeScope: undefined,
        enabled: true,
        timeoutMs: 3000,
        order: 1,
      });
      assert.equal((await store.replaceRules.list({ enabledOnly: true }))[0]?.id, rule.id);
      const pattern = {
        id: 'p1',
        sourceKey: 'https://bp.test',
        skeleton: '一秒记住{网址}',
        example: '一秒记住a.com',
        place: 'head' as const,
        status: 'suggested' as const,
        support: 5,
        hits: 0,
        createdAt: T0,
        updatedAt: T0,
      };
      await store.boilerplate.upsert(pattern);
      await store.boilerplate.recordHits([
        { id: 'p1', count: 3 },
        { id: 'p1', count: 2 },
      ]);
      await store.boilerplate.setStatus('p1', 'accepted');
      const [learned] = await store.boilerplate.list('https://bp.test');
      assert.ok(learned);
      await store.boilerplate.upsert({ ...learned, support: 9 });
      const [again] = await store.boilerplate.list('https://bp.test');
      assert.equal(again?.status, 'accepted');
      assert.equal(again?.hits, 5);
      assert.equal(again?.support, 9);
      assert.deepEqual(await store.boilerplate.list('https://other.test'), []);
      // What other sources learned, for a source the instance has just met.
      await store.boilerplate.upsert({ ...pattern, id: 'p2', sourceKey: 'https://bp2.test' });
      assert.deepEqual(await store.boilerplate.elsewhere('https://bp.test'), [
        { sourceKey: 'https://bp2.test', skeleton: '一秒记住{网址}', status: 'suggested' },
      ]);
      assert.deepEqual(
        (await store.boilerplate.elsewhere('https://new.test')).map((p) => [p.sourceKey, p.status]),
        [
          ['https://bp.test', 'accepted'],
          ['https://bp2.test', 'suggested'],
        ],
      );
    });

    test("a source's learning window is remembered per source, newest kept, a chapter once", async () => {
      const counted = (n: number) => ({ bookKey: 'b', keys: [`k${n}`, 'same'] });
      for (const n of [1, 2, 3, 2]) {
        await store.boilerplate.rememberChapter('https://bp.test', `c${n}`, counted(n), 2);
      }
      assert.deepEqual(await store.boilerplate.recentChapters('https://bp.test'), [
        ['c3', counted(3)],
        ['c2', counted(2)],
      ]);
      assert.deepEqual(await store.boilerplate.recentChapters('https://other.test'), []);
    });

    test('a cover is kept per book with its bytes, replaced by a failure, and removed with the book', async () => {
      const book = await store.books.upsert({ key: 'cover|a', title: 'Cover', author: 'A' });
      assert.equal(await store.covers.get(book.id), undefined);
      // Every byte value, so neither backend may treat the column as text.
      const bytes = new Uint8Array(300).map((_, i) => i % 256);
      await store.covers.put({
        bookId: book.id,
        sourceUrl: 'http://c.test/1.png',
        state: 'image',
        contentType: 'image/png',
        bytes,
        fetchedAt: T0,
      });
      const image = await store.covers.get(book.id);
      assert.equal(image?.state, 'image');
      assert.ok(image?.state === 'image');
      assert.equal(image.contentType, 'image/png');
      assert.equal(image.sourceUrl, 'http://c.test/1.png');
      assert.equal(image.fetchedAt, T0);
      assert.deepEqual([...image.bytes], [...bytes]);

      await store.covers.put({
        bookId: book.id,
        sourceUrl: 'http://c.test/2.png',
        state: 'failed',
        failure: 'net-http-status: HTTP 404',
        fetchedAt: T0 + 1,
        retryAt: T0 + 86_400_000,
      });
      assert.deepEqual(await store.covers.get(book.id), {
        bookId: book.id,
        sourceUrl: 'http://c.test/2.png',
        state: 'failed',
        failure: 'net-http-status: HTTP 404',
        fetchedAt: T0 + 1,
        retryAt: T0 + 86_400_000,
      });
      await store.covers.remove(book.id);
      assert.equal(await store.covers.get(book.id), undefined);

      await store.covers.put({ ...image, fetchedAt: T0 + 2 });
      await store.books.remove(book.id);
      assert.equal(await store.covers.get(book.id), undefined, 'gone with its book');
    });

    test('a book file goes building → progress → done with its bytes; a failure keeps a finished file', async () => {
      const book = await store.books.upsert({ key: 'file|a', title: '文件', author: 'A' });
      assert.equal(await store.bookFiles.get(book.id, 'epub'), undefined);
      await store.bookFiles.start({
        bookId: book.id,
        format: 'epub',
        chapters: 40,
        fileName: '文件.epub',
      });
      await store.bookFiles.progress(book.id, 'epub', 12);
      const building = await store.bookFiles.get(book.id, 'epub');
      assert.equal(building?.state, 'building');
      assert.equal(building?.chapters, 40);
      assert.equal(building?.doneChapters, 12);
      assert.equal(building?.size, undefined);
      assert.equal(
        await store.bookFiles.read(book.id, 'epub'),
        undefined,
        'no bytes while building',
      );
      assert.equal(await store.bookFiles.get(book.id, 'txt'), undefined, 'one row per format');

      // Every byte value, so neither backend may treat the column as text.
      const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
      const done = await store.bookFiles.finish({
        bookId: book.id,
        format: 'epub',
        chapters: 40,
        fileName: '文件.epub',
        bytes,
      });
      assert.equal(done.state, 'done');
      assert.equal(done.doneChapters, 40);
      assert.equal(done.size, 70_000);
      assert.match(done.digest ?? '', /^[0-9a-f]{64}$/);
      const read = await store.bookFiles.read(book.id, 'epub');
      assert.equal(read?.fileName, '文件.epub');
      assert.deepEqual([...read!.bytes], [...bytes]);
      // Progress and failure belong to a build under way: a done file stays done.
      await store.bookFiles.progress(book.id, 'epub', 3);
      await store.bookFiles.fail(book.id, 'epub', 'late failure');
      assert.deepEqual(await store.bookFiles.get(book.id, 'epub'), done);

      await store.bookFiles.start({
        bookId: book.id,
        format: 'epub',
        chapters: 41,
        fileName: '文件.epub',
      });
      await store.bookFiles.fail(book.id, 'epub', 'source-failed: no listing answered');
      const failed = await store.bookFiles.get(book.id, 'epub');
      assert.equal(failed?.state, 'failed');
      assert.equal(failed?.chapters, 41);
      assert.equal(failed?.error, 'source-failed: no listing answered');
      assert.equal(failed?.size, undefined, 'a new build drops the old bytes');
      assert.equal(failed?.createdAt, done.createdAt, 'the row is the same');

      await store.bookFiles.start({
        bookId: book.id,
        format: 'txt',
        chapters: 41,
        fileName: 'f.txt',
      });
      await store.bookFiles.remove(book.id, 'epub');
      assert.equal(await store.bookFiles.get(book.id, 'epub'), undefined);
      assert.equal((await store.bookFiles.get(book.id, 'txt'))?.state, 'building');
      await store.books.remove(book.id);
      assert.equal(await store.bookFiles.get(book.id, 'txt'), undefined, 'gone with its book');
    });

    test('shared documents: read-modify-write never loses a change made at the same time', async () => {
      assert.equal(await store.documents.get('counter'), undefined);
      await Promise.all(
        Array.from({ length: 20 }, () =>
          store.documents.update('counter', (current) => ({
            n: ((current as { n: number } | undefined)?.n ?? 0) + 1,
          })),
        ),
      );
      assert.deepEqual(await store.documents.get('counter'), { n: 20 });
      await assert.rejects(
        store.documents.update('counter', () => {
          throw new Error('changed my mind');
        }),
        /changed my mind/,
      );
      assert.deepEqual(
        await store.documents.get('counter'),
        { n: 20 },
        'a throwing change writes nothing',
      );
    });
  });
}

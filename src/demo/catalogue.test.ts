import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  catalogue,
  chineseNumber,
  DEMO_EPOCH,
  DemoClock,
  boilerplateTruth,
  loadSeedChapter,
} from '#demo';
import type { SiteIdentity } from '#demo';

test('chinese numerals read like chapter numbers', () => {
  const cases: Array<[number, string]> = [
    [1, '一'],
    [10, '十'],
    [15, '十五'],
    [20, '二十'],
    [101, '一百零一'],
    [110, '一百一十'],
    [123, '一百二十三'],
    [1001, '一千零一'],
    [1010, '一千零一十'],
    [3200, '三千二百'],
    [10000, '一万'],
    [10086, '一万零八十六'],
  ];
  for (const [n, text] of cases) assert.equal(chineseNumber(n), text, String(n));
});

test('the catalogue is deterministic and has Chinese, English and very long books', () => {
  const books = catalogue.books();
  assert.ok(books.some((b) => b.language === 'zh'));
  assert.ok(books.some((b) => b.language === 'en'));
  assert.ok(books.some((b) => b.chapterCount >= 3000));
  assert.ok(
    books.some((b) => b.chapterCount === 300),
    'a 300-chapter book for the cleaner',
  );
  const a = catalogue.chapter(1, 2500);
  const b = catalogue.chapter(1, 2500);
  assert.deepEqual(a, b);
  assert.equal(a.title, `第2501章 ${a.name}`);
  assert.ok(a.paragraphs.length >= 20);
  assert.ok(
    a.paragraphs.some((p) => p.includes('“')),
    'dialogue lines',
  );
  const en = catalogue.chapter(books.find((x) => x.language === 'en')!.id, 0);
  assert.match(en.title, /^Chapter 1 - The \w+ \w+$/);
});

test('chapter names are unique within a book', () => {
  for (const book of catalogue.books()) {
    const names = new Set(
      Array.from({ length: book.chapterCount }, (_, i) => catalogue.chapter(book.id, i).name),
    );
    assert.ok(
      names.size >= book.chapterCount,
      `${book.title}: ${names.size} < ${book.chapterCount}`,
    );
  }
});

test('generated paragraphs rarely repeat across a 300-chapter book', () => {
  const book = catalogue.books().find((b) => b.chapterCount === 300)!;
  const seen = new Map<string, number>();
  for (let i = 0; i < 300; i++) {
    for (const p of catalogue.chapter(book.id, i).paragraphs) seen.set(p, (seen.get(p) ?? 0) + 1);
  }
  const repeated = [...seen.values()].filter((n) => n >= 3).length;
  assert.equal(repeated, 0, 'no true paragraph appears three times or more');
});

test('chapters publish over time from the epoch', () => {
  const book = catalogue.books().find((b) => b.status === 'ongoing')!;
  assert.equal(book.publishedCount(DEMO_EPOCH), book.initialCount);
  assert.equal(book.publishedCount(DEMO_EPOCH + book.intervalMs - 1), book.initialCount);
  assert.equal(book.publishedCount(DEMO_EPOCH + book.intervalMs), book.initialCount + 1);
  assert.equal(book.publishedCount(Infinity), book.chapterCount);
  assert.equal(book.publishedAt(book.initialCount), DEMO_EPOCH + book.intervalMs);
  const done = catalogue.books().find((b) => b.status === 'completed')!;
  assert.equal(done.publishedCount(DEMO_EPOCH), done.chapterCount);
});

test('sites share most books and each has a few of its own', () => {
  const templates = ['biquge', 'paged', 'json', 'english'] as const;
  for (const t of templates) {
    const own = catalogue.books().filter((b) => b.carriedBy.length === 1 && b.carriedBy[0] === t);
    assert.ok(own.length >= 1, `${t} has books of its own`);
    assert.ok(
      catalogue.siteBooks(t).some((b) => b.carriedBy.length > 1),
      `${t} shares books`,
    );
  }
});

test('each template numbers and lists chapters its own way', () => {
  const book = catalogue.book(1);
  const biquge = catalogue.siteToc('biquge', 1);
  assert.equal(biquge[0]!.title, `第1章 ${catalogue.chapter(1, 0).name}`);
  assert.ok(biquge.some((e) => e.kind === 'extra' && e.title === '上架感言'));
  assert.ok(biquge.some((e) => e.kind === 'extra' && e.title === '请假条'));
  assert.equal(biquge.filter((e) => e.kind === 'chapter').length, book.chapterCount);

  const paged = catalogue.siteToc('paged', 1);
  for (const entry of paged.slice(100, 130)) {
    const index = entry.chapterIndex!;
    assert.equal(
      entry.title,
      `第${chineseNumber(index + 1)}章 ${catalogue.chapter(1, index).name}`,
    );
  }
  assert.ok(
    paged.some((e) => e.title.startsWith('第一百二十三章 ')) || catalogue.missingOnPaged(1, 122),
  );
  assert.ok(paged.length < book.chapterCount, 'the paged site misses some chapters');

  const json = catalogue.siteToc('json', 1);
  const volumes = json.filter((e) => e.kind === 'volume');
  assert.ok(volumes.length >= 2);
  assert.equal(volumes[1]!.title.startsWith('第二卷'), true);
  const afterSecond = json[json.indexOf(volumes[1]!) + 1]!;
  assert.match(afterSecond.title, /^第1章 /, 'numbering restarts in each volume');
  assert.ok(afterSecond.chapterIndex! > 0);
});

test('the seed chapter is the first chapter of one book', () => {
  const seed = loadSeedChapter();
  const book = catalogue.seedBook();
  const chapter = catalogue.chapter(book.id, 0);
  if (!seed) {
    assert.equal(chapter.seed, false, 'falls back to generated text');
    return;
  }
  assert.equal(chapter.seed, true);
  assert.deepEqual(chapter.paragraphs, seed.paragraphs);
  assert.equal(seed.footer.length, 3);
  assert.match(seed.footer[0]!, /推荐阅读/);
});

test('boilerplate truth labels every added line and keeps the true paragraphs', () => {
  const site: SiteIdentity = {
    template: 'biquge',
    name: 'biquge',
    displayName: '新笔趣阁',
    brandDomain: 'www.biquge-demo.com',
    boilerplate: true,
  };
  const truth = boilerplateTruth(site, 4, 10);
  const real = truth.lines.filter((l) => l.boilerplate === null).map((l) => l.text);
  assert.deepEqual(real, truth.paragraphs);
  assert.equal(truth.lines[0]!.boilerplate, 'banner');
  assert.ok(truth.lines.some((l) => l.boilerplate === 'injected'));
  assert.ok(truth.lines.some((l) => l.boilerplate === 'promo'));
  // Varying: domains differ from chapter to chapter, some carry zero-width spaces.
  const injected = new Set<string>();
  let zeroWidth = 0;
  for (let i = 0; i < 300; i++) {
    for (const l of boilerplateTruth(site, 4, i).lines) {
      if (l.boilerplate !== 'injected') continue;
      injected.add(l.text);
      if (l.text.includes('\u200b')) zeroWidth++;
    }
  }
  assert.ok(injected.size > 200, 'injected lines vary');
  assert.ok(zeroWidth > 20);
  const plain = boilerplateTruth({ ...site, template: 'json', boilerplate: false }, 4, 10);
  assert.deepEqual(plain.boilerplate, []);
});

test('DemoClock: manual sleeps resolve when the clock is moved', async () => {
  const clock = new DemoClock();
  assert.equal(clock.now(), DEMO_EPOCH);
  let woke = false;
  const sleeping = clock.sleep(5000).then(() => (woke = true));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(woke, false);
  clock.advance(4999);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(woke, false);
  clock.advance(1);
  await sleeping;
  assert.equal(clock.now(), DEMO_EPOCH + 5000);
  const aborted = new AbortController();
  const pending = clock.sleep(1000, aborted.signal);
  aborted.abort(new Error('stop'));
  await assert.rejects(pending, /stop/);
  assert.equal(clock.pendingSleeps, 0);
});

test('DemoClock: a running clock flows with real time', async () => {
  const clock = new DemoClock(DEMO_EPOCH, { running: true });
  const started = clock.now();
  await clock.sleep(30);
  assert.ok(clock.now() - started >= 29);
  clock.advance(3_600_000);
  assert.ok(clock.now() - started >= 3_600_000);
});

test('without the seed file the seed chapter falls back to generated text', () => {
  const saved = process.env.LINHAI_SEED_CHAPTER;
  process.env.LINHAI_SEED_CHAPTER = '/nonexistent/linhai-seed-chapter.txt';
  try {
    assert.equal(loadSeedChapter(), undefined);
    const book = catalogue.seedBook();
    const chapter = catalogue.chapter(book.id, 0);
    assert.equal(chapter.seed, false);
    assert.ok(chapter.paragraphs.length >= 20);
    const site: SiteIdentity = {
      template: 'biquge',
      name: 'biquge',
      displayName: '新笔趣阁',
      brandDomain: 'www.biquge-demo.com',
      boilerplate: false,
    };
    assert.match(
      boilerplateTruth(site, book.id, 0).lines[0]!.text,
      /^新笔趣阁（www\.biquge-demo\.com）/,
    );
  } finally {
    if (saved === undefined) delete process.env.LINHAI_SEED_CHAPTER;
    else process.env.LINHAI_SEED_CHAPTER = saved;
  }
  assert.equal(catalogue.chapter(catalogue.seedBook().id, 0).seed, loadSeedChapter() !== undefined);
});

/**
 * Authors' notes (上架感言, 请假条) are listed but are not chapters: the biquge demo site carries
 * both in a long book, the json site carries neither. The book counts its story chapters, the TOC
 * marks the notes, and the json source, which lacks only the notes, is not "behind".
 *
 * One title style for a merged chapter list: 星河归途 on the biquge (第123章), paged
 * (第一百二十三章) and json (第1章 again in every volume) sites shows every story chapter in the
 * preferred source's style, numbered 1…300 through the book, with the notes as they are; choosing
 * another source changes the style, not the list.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogue, startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { openApp } from '#app';
import type { App } from '#app';
import {
  addBook,
  addBookmark,
  choosePreferredSource,
  createUser,
  listBookmarks,
  parseChineseNumber,
  refreshToc,
  searchRanked,
  viewBook,
  viewToc,
} from '#library';

const BOOK = '星河归途';

const dir = mkdtempSync(join(tmpdir(), 'linhai-story-chapters-'));
let cluster: DemoCluster;
let app: App;

before(async () => {
  cluster = await startDemoSites({
    sites: [{ template: 'biquge' }, { template: 'paged' }, { template: 'json' }],
  });
  app = await openApp({ dataDir: dir, allowHosts: ['127.0.0.1'] });
  await app.catalog.import(JSON.stringify(cluster.sites.map((s) => s.source)));
});
after(async () => {
  await app.close();
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

test('notes are listed, marked and not counted; a source lacking only notes is not behind', async () => {
  const biquge = cluster.site('biquge');
  const json = cluster.site('json');
  const onJson = new Set(json.books().map((b) => b.title));
  const demo = biquge
    .books()
    .find((b) => onJson.has(b.title) && biquge.toc(b.id).some((e) => e.title === '请假条'));
  assert.ok(demo, 'a long book both sites carry, with both notes on biquge');
  const group = (await searchRanked(app.library, demo.title)).find((g) => g.title === demo.title);
  assert.ok(group && group.hits.length >= 2, 'found on both sites');
  const { book } = await addBook(app.library, group);
  await refreshToc(app.library, book.id);

  const toc = await viewToc(app.library, book.id);
  const notes = toc.filter((c) => c.note).map((c) => c.title);
  assert.deepEqual(notes, ['上架感言', '请假条']);
  const view = await viewBook(app.library, book.id);
  assert.equal(view.chapterCount, toc.length);
  assert.equal(view.storyChapterCount, toc.length - 2);
  const story = biquge.toc(demo.id).filter((e) => e.kind === 'chapter').length;
  assert.equal(view.storyChapterCount, story, 'the story chapters the site lists');
  const bySource = new Map(view.pool.map((m) => [m.sourceKey, m]));
  const jsonMember = bySource.get(String(json.source.bookSourceUrl))!;
  const biqugeMember = bySource.get(String(biquge.source.bookSourceUrl))!;
  assert.equal(biqugeMember.chapterCount - jsonMember.chapterCount >= 2, true, 'raw counts differ');
  assert.equal(jsonMember.behind, biqugeMember.behind, 'lacking notes is not being behind');
  assert.equal(jsonMember.storyChapters, biqugeMember.storyChapters);
});

test('a book numbered per volume on one source shows one style, numbered through the book', async () => {
  const json = cluster.site('json');
  const demo = json.books().find((b) => b.title === BOOK)!;
  const perVolume = json.toc(demo.id).filter((e) => /^第1章/.test(e.title));
  assert.ok(perVolume.length >= 2, 'the json site numbers each volume from 1');

  const group = (await searchRanked(app.library, BOOK)).find((g) => g.title === BOOK);
  assert.ok(group && group.hits.length === 3, 'found on all three sites');
  // The json listing first: it names the chapters it shows first, per volume (the list).
  const jsonKey = String(json.source.bookSourceUrl);
  const hits = [...group.hits].sort(
    (a, b) => Number(b.sourceKey === jsonKey) - Number(a.sourceKey === jsonKey),
  );
  const { book } = await addBook(app.library, { ...group, hits });
  await refreshToc(app.library, book.id);

  // What the alignment keeps: each chapter's title from the listing that first showed it.
  const stored = await app.library.store.chapters.listByBook(book.id);
  const storedStory = stored.filter((c) => !c.isExtra && c.kind !== 'announcement');
  assert.ok(
    storedStory.some(
      (c, i) => /^第\d+章/.test(c.title) && Number(/\d+/.exec(c.title)![0]) !== i + 1,
    ),
    'stored titles number some chapters per volume (第5章 in the middle of the book)',
  );
  const styles = async () => {
    const toc = await viewToc(app.library, book.id);
    const story = toc.filter((c) => !c.note);
    assert.deepEqual(
      toc.filter((c) => c.note).map((c) => c.title),
      ['上架感言', '请假条'],
    );
    assert.equal(story.length, 300);
    assert.equal((await viewBook(app.library, book.id)).storyChapterCount, 300);
    const arabic = story.map((c) => /^第(\d+)章 \S/.exec(c.title)?.[1]);
    const chinese = story.map((c) => /^第([零一二三四五六七八九十百]+)章 \S/.exec(c.title)?.[1]);
    return { story, arabic, chinese };
  };

  // The chase's pick (or, before one, the style most titles use): one style either way.
  const first = await styles();
  const numbers = first.arabic.every(Boolean)
    ? first.arabic.map(Number)
    : first.chinese.map((n) => (n === undefined ? NaN : parseChineseNumber(n)));
  assert.deepEqual(
    numbers,
    Array.from({ length: 300 }, (_, i) => i + 1),
    'every story chapter in one style, 1…300 in reading order',
  );

  const pool = (await viewBook(app.library, book.id)).pool;
  const paged = pool.find(
    (m) => m.sourceKey === String(cluster.site('paged').source.bookSourceUrl),
  )!;
  const biquge = pool.find(
    (m) => m.sourceKey === String(cluster.site('biquge').source.bookSourceUrl),
  )!;

  await choosePreferredSource(app.library, book.id, paged.listingId);
  const chinese = await styles();
  assert.deepEqual(
    chinese.chinese.map((n) => parseChineseNumber(n ?? '')),
    Array.from({ length: 300 }, (_, i) => i + 1),
    "the paged source chosen: 第一百六十三章 style, the site's own",
  );
  const truth = catalogue.chapter(demo.id, 162);
  assert.equal(chinese.story[162]!.title, `第一百六十三章 ${truth.name}`);

  await choosePreferredSource(app.library, book.id, biquge.listingId);
  const arabic = await styles();
  assert.deepEqual(
    arabic.arabic.map(Number),
    Array.from({ length: 300 }, (_, i) => i + 1),
  );
  assert.equal(arabic.story[162]!.title, truth.title, 'the biquge style: 第163章 name');
  assert.deepEqual(
    arabic.story.map((c) => c.key),
    chinese.story.map((c) => c.key),
    'the same chapters, only the titles differ',
  );
  const view = await viewBook(app.library, book.id);
  assert.match(view.latestChapter!.title, /^第300章 /);

  // A bookmark names its chapter as the list does, whichever source's title was stored.
  const reader = await createUser(app.library, { name: 'titles', password: 'a good passphrase' });
  const ref = { userId: reader.id, bookId: book.id };
  const perVolumeChapter = arabic.story.find(
    (c) => stored.find((s) => s.key === c.key)!.title !== c.title,
  )!;
  const place = { anchor: '', offsetChars: 0, excerpt: '' };
  const added = await addBookmark(app.library, ref, { ...place, chapterKey: perVolumeChapter.key });
  assert.equal(added.chapterTitle, perVolumeChapter.title);
  await choosePreferredSource(app.library, book.id, paged.listingId);
  const [listed] = await listBookmarks(app.library, ref);
  assert.match(listed!.chapterTitle, /^第[一二三四五六七八九十百]+章 /, 'follows the chosen style');
});

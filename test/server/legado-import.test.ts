/**
 * Moving in from Legado: a backup zip built here in Legado's shapes (Backup.kt's file names; the
 * fields of Book, Bookmark, BookGroup, ReplaceRule, ReadRecord as GSON writes them) imports into a
 * fresh instance over the API: its source, two books at a demo site with their positions (one by
 * chapter title, one by index), groups, bookmarks and a replace rule; a book whose source is
 * missing and a local file are listed with the reason. The same zip again changes nothing. The
 * export gives a zip Legado reads back (the same shapes), and a damaged zip fails saying so.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { startDemoSites } from '#demo';
import type { DemoCluster, DemoSite } from '#demo';
import { txtNovel } from '../support/local-book-files.ts';
import { PASSWORD, startHarness } from './server-harness.ts';
import type { Agent, Harness } from './server-harness.ts';

let cluster: DemoCluster;
let site: DemoSite;
let h: Harness;
let phone: Agent;

interface Report {
  items: Array<{ kind: string; name: string; status: string; reason?: string; bookId?: number }>;
  counts: { imported: number; unchanged: number; skipped: number };
}

const json = <T>(body: string) => JSON.parse(body) as T;

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'json' }] });
  site = cluster.sites[0]!;
  h = await startHarness({ allowHosts: ['127.0.0.1'] });
  phone = h.agent();
  // The first account is the instance's administrator: sources and replace rules come in too.
  assert.equal((await phone.register('reader')).statusCode, 201);
});
after(async () => {
  await h?.close();
  await cluster?.close();
});

function demoBook(title: string) {
  const book = site.books().find((b) => b.title === title);
  assert.ok(book, `${title} is on the demo site`);
  return book;
}

/** Legado's Book record as GSON writes it (Book.kt), with the fields a shelf backup carries. */
function legadoBook(fields: Record<string, unknown>) {
  return {
    bookUrl: '',
    tocUrl: '',
    origin: site.origin,
    originName: site.displayName,
    name: '',
    author: '',
    kind: '科幻',
    coverUrl: null,
    intro: '',
    type: 0,
    group: 0,
    latestChapterTitle: null,
    latestChapterTime: 1_700_000_000_000,
    lastCheckTime: 1_700_000_000_000,
    lastCheckCount: 0,
    totalChapterNum: 300,
    durChapterTitle: null,
    durChapterIndex: 0,
    durChapterPos: 0,
    durChapterTime: 1_700_000_000_000,
    wordCount: null,
    canUpdate: true,
    order: 0,
    originOrder: 0,
    variable: null,
    readConfig: { reverseToc: false, reSegment: false, delTag: 0, splitLongChapter: true },
    ...fields,
  };
}

async function backupZip(): Promise<Buffer> {
  const star = demoBook('星河归途');
  const fog = demoBook('雾隐山庄');
  const starToc = site.toc(star.id).filter((e) => e.kind === 'chapter');
  const zip = new JSZip();
  zip.file(
    'bookshelf.json',
    JSON.stringify([
      legadoBook({
        bookUrl: site.bookUrl(star.id),
        tocUrl: site.tocUrl(star.id),
        name: star.title,
        author: star.author,
        group: 0b11,
        // The title finds the chapter even though Legado's index (another TOC) points elsewhere.
        durChapterTitle: starToc[10]!.title,
        durChapterIndex: 40,
        durChapterPos: 321,
        durChapterTime: 1_750_000_000_000,
      }),
      legadoBook({
        bookUrl: site.bookUrl(fog.id),
        tocUrl: site.tocUrl(fog.id),
        name: fog.title,
        author: fog.author,
        group: 0b10,
        durChapterIndex: 5,
        durChapterPos: 12,
        durChapterTime: 1_750_000_100_000,
      }),
      legadoBook({
        bookUrl: 'https://books.example/1.html',
        origin: 'https://books.example',
        originName: '别处书源',
        name: '无源之书',
        author: '某人',
      }),
      legadoBook({
        bookUrl: 'content://com.android.externalstorage/document/primary%3A我的小说.txt',
        origin: 'loc_book',
        originName: '我的小说.txt',
        name: '我的小说',
        author: '',
      }),
    ]),
  );
  zip.file('bookSource.json', JSON.stringify([site.source]));
  zip.file(
    'bookGroup.json',
    JSON.stringify([
      { groupId: -1, groupName: '全部', order: -10, show: true },
      { groupId: 1, groupName: '在读', order: 1, show: true },
      { groupId: 2, groupName: '科幻', cover: null, order: 2, show: true },
    ]),
  );
  zip.file(
    'bookmark.json',
    JSON.stringify([
      {
        time: 1_740_000_000_000,
        bookUrl: site.bookUrl(star.id),
        bookName: star.title,
        bookAuthor: star.author,
        chapterIndex: 3,
        chapterPos: 55,
        chapterName: starToc[3]!.title,
        bookText: '舰桥上的灯一盏一盏亮起来',
        content: '返航的开始',
      },
      {
        time: 1_740_000_000_001,
        bookUrl: 'https://books.example/1.html',
        bookName: '无源之书',
        bookAuthor: '某人',
        chapterIndex: 0,
        chapterPos: 0,
        chapterName: '第一章',
        bookText: '',
        content: '',
      },
    ]),
  );
  zip.file(
    'replaceRule.json',
    JSON.stringify([
      {
        id: 1_700_000_000_123,
        name: '去掉求票',
        group: '广告',
        pattern: '求月票|求推荐票',
        replacement: '',
        scope: null,
        scopeTitle: false,
        scopeContent: true,
        excludeScope: null,
        isEnabled: true,
        isRegex: true,
        timeoutMillisecond: 3000,
        order: 1,
      },
    ]),
  );
  zip.file(
    'readRecord.json',
    JSON.stringify([{ deviceId: 'a1b2', bookName: star.title, readTime: 3_600_000 }]),
  );
  zip.file('config.xml', '<?xml version="1.0"?><map></map>');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function importZip(zip: Buffer) {
  return phone.request('POST', '/api/import/legado-backup', zip, {
    headers: { 'content-type': 'application/zip' },
  });
}

test('a Legado backup lands on the shelf with positions, groups, bookmarks and rules; twice = once', async () => {
  const zip = await backupZip();
  const first = await importZip(zip);
  assert.equal(first.statusCode, 200, first.body);
  const report = json<Report>(first.body);
  const byName = (name: string) => report.items.find((i) => i.name.startsWith(name));

  assert.equal(byName('星河归途')?.status, 'imported', JSON.stringify(byName('星河归途')));
  assert.equal(byName('星河归途')?.reason, undefined);
  assert.equal(byName('雾隐山庄')?.status, 'imported');
  assert.equal(byName('无源之书 /')?.status, 'skipped');
  assert.match(byName('无源之书 /')!.reason!, /别处书源 is not on this instance/);
  assert.equal(byName('我的小说')?.status, 'skipped');
  assert.match(byName('我的小说')!.reason!, /linhai import FILE/);
  assert.equal(report.items.find((i) => i.kind === 'sources')?.status, 'imported');
  assert.equal(report.items.find((i) => i.name === 'readRecord.json')?.status, 'skipped');
  assert.equal(report.items.find((i) => i.kind === 'replace-rule')?.status, 'imported');
  const marks = report.items.filter((i) => i.kind === 'bookmark');
  assert.deepEqual(
    marks.map((m) => m.status),
    ['imported', 'skipped'],
  );

  // Shelf and positions, as the web reader asks for them.
  const shelf = json<Array<{ bookId: number; title: string }>>(
    (await phone.request('GET', '/api/shelf')).body,
  );
  assert.deepEqual(shelf.map((b) => b.title).sort(), ['星河归途', '雾隐山庄'].sort());
  const star = shelf.find((b) => b.title === '星河归途')!;
  const fog = shelf.find((b) => b.title === '雾隐山庄')!;
  const starToc = json<Array<{ key: string; title: string }>>(
    (await phone.request('GET', `/api/books/${star.bookId}/toc`)).body,
  );
  const printed = site.toc(demoBook('星河归途').id).filter((e) => e.kind === 'chapter');
  const position = json<{
    chapterKey: string;
    chapterTitle: string;
    offsetChars: number;
    readAt: number;
  }>((await phone.request('GET', `/api/shelf/${star.bookId}/position`)).body);
  const expected = starToc.find((c) => c.title === printed[10]!.title);
  assert.ok(expected, 'the chapter Legado was in is in the TOC');
  assert.equal(position.chapterKey, expected.key);
  assert.equal(position.offsetChars, 321);
  assert.equal(position.readAt, 1_750_000_000_000);
  const fogToc = json<Array<{ key: string; title: string }>>(
    (await phone.request('GET', `/api/books/${fog.bookId}/toc`)).body,
  );
  const fogPosition = json<{ chapterKey: string; offsetChars: number }>(
    (await phone.request('GET', `/api/shelf/${fog.bookId}/position`)).body,
  );
  // No title in the record: Legado's index 5 at the same source's TOC.
  const fogPrinted = site.toc(demoBook('雾隐山庄').id).filter((e) => e.kind !== 'volume');
  assert.equal(fogPosition.chapterKey, fogToc.find((c) => c.title === fogPrinted[5]!.title)?.key);
  assert.equal(fogPosition.offsetChars, 12);

  // Bookmarks, groups, rules.
  const starMarks = json<
    Array<{
      chapterKey: string;
      offsetChars: number;
      excerpt: string;
      note?: string;
      createdAt: number;
    }>
  >((await phone.request('GET', `/api/books/${star.bookId}/bookmarks`)).body);
  assert.equal(starMarks.length, 1);
  assert.equal(starMarks[0]!.chapterKey, starToc.find((c) => c.title === printed[3]!.title)?.key);
  assert.equal(starMarks[0]!.offsetChars, 55);
  assert.equal(starMarks[0]!.note, '返航的开始');
  assert.equal(starMarks[0]!.createdAt, 1_740_000_000_000);
  // Legado's groups become the reader's shelf groups, each book in the groups its bits name.
  const groups = json<Array<{ name: string; bookIds: number[] }>>(
    (await phone.request('GET', '/api/shelf-groups')).body,
  );
  assert.deepEqual(
    groups.map((g) => [g.name, g.bookIds.length]),
    [
      ['在读', 1],
      ['科幻', 2],
    ],
  );
  const rules = json<Array<{ name: string; pattern: string; isRegex: boolean }>>(
    (await phone.request('GET', '/api/replace-rules')).body,
  );
  assert.deepEqual(
    rules.map((r) => [r.name, r.pattern, r.isRegex]),
    [['去掉求票', '求月票|求推荐票', true]],
  );

  // Twice = once.
  const second = json<Report>((await importZip(zip)).body);
  assert.equal(
    second.counts.imported,
    0,
    JSON.stringify(second.items.filter((i) => i.status === 'imported')),
  );
  assert.equal(json<unknown[]>((await phone.request('GET', '/api/shelf')).body).length, 2);
  assert.equal(
    json<unknown[]>((await phone.request('GET', `/api/books/${star.bookId}/bookmarks`)).body)
      .length,
    1,
  );
  assert.equal(json<unknown[]>((await phone.request('GET', '/api/replace-rules')).body).length, 1);
  const again = json<{ chapterKey: string; readAt: number }>(
    (await phone.request('GET', `/api/shelf/${star.bookId}/position`)).body,
  );
  assert.deepEqual([again.chapterKey, again.readAt], [position.chapterKey, position.readAt]);

  // Back out: a zip in Legado's shapes, with the same places and groups.
  const exported = await phone.request('GET', '/api/export/legado-backup');
  assert.equal(exported.statusCode, 200);
  assert.equal(exported.headers['content-type'], 'application/zip');
  const out = await JSZip.loadAsync(exported.rawPayload);
  const books = JSON.parse(await out.file('bookshelf.json')!.async('string')) as Array<
    Record<string, unknown>
  >;
  const starOut = books.find((b) => b['name'] === '星河归途')!;
  assert.equal(starOut['origin'], site.origin);
  assert.equal(starOut['bookUrl'], site.bookUrl(demoBook('星河归途').id));
  assert.equal(starOut['durChapterTitle'], expected.title);
  assert.equal(starOut['durChapterPos'], 321);
  assert.equal(starOut['durChapterTime'], 1_750_000_000_000);
  assert.equal(starOut['group'], 0b11);
  const sources = JSON.parse(await out.file('bookSource.json')!.async('string')) as Array<{
    bookSourceUrl: string;
  }>;
  assert.deepEqual(
    sources.map((s) => s.bookSourceUrl),
    [site.origin],
  );
  const groupsOut = JSON.parse(await out.file('bookGroup.json')!.async('string')) as unknown[];
  assert.equal(groupsOut.length, 2);
  const marksOut = JSON.parse(await out.file('bookmark.json')!.async('string')) as Array<
    Record<string, unknown>
  >;
  assert.deepEqual(
    marksOut.map((m) => [m['bookName'], m['chapterPos'], m['content'], m['time']]),
    [['星河归途', 55, '返航的开始', 1_740_000_000_000]],
  );

  // The export imports into Linhai as it is: nothing new.
  const roundTrip = json<Report>((await importZip(exported.rawPayload)).body);
  assert.equal(
    roundTrip.counts.imported,
    0,
    JSON.stringify(roundTrip.items.filter((i) => i.status === 'imported')),
  );
});

test('a damaged backup or a broken JSON file fails saying which, and stores nothing', async () => {
  const notZip = await importZip(Buffer.from('this is not a zip'));
  assert.equal(notZip.statusCode, 400, notZip.body);
  assert.match(json<{ error: { message: string } }>(notZip.body).error.message, /not a zip file/);

  await phone.request('PATCH', '/api/admin/settings', { registration: 'open' });
  const other = h.agent();
  assert.equal((await other.register('second')).statusCode, 201);
  const zip = new JSZip();
  zip.file(
    'bookshelf.json',
    JSON.stringify([
      legadoBook({
        bookUrl: site.bookUrl(demoBook('星河归途').id),
        name: '星河归途',
        author: '南山有雪',
      }),
    ]),
  );
  zip.file('bookmark.json', '[{"time": 1, "bookName": ');
  const broken = await other.request(
    'POST',
    '/api/import/legado-backup',
    await zip.generateAsync({ type: 'nodebuffer' }),
    { headers: { 'content-type': 'application/zip' } },
  );
  assert.equal(broken.statusCode, 400, broken.body);
  const { error } = json<{ error: { code: string; message: string; details: { file: string } } }>(
    broken.body,
  );
  assert.equal(error.code, 'import-parse');
  assert.equal(error.details.file, 'bookmark.json');
  assert.deepEqual(json<unknown[]>((await other.request('GET', '/api/shelf')).body), []);
});

test("a book Legado read from a file lands on the reader's own uploaded copy, at its place", async () => {
  const headings = ['第一章 小小灵娥', '第二章 师兄的入门审核', '第三章 入门第一课'];
  const uploaded = await phone.request(
    'POST',
    `/api/local-books?name=${encodeURIComponent('《灵娥传》作者：某人.txt')}`,
    Buffer.from(txtNovel(headings, '《灵娥传》\n\n'), 'utf8'),
    { headers: { 'content-type': 'application/octet-stream' } },
  );
  assert.equal(uploaded.statusCode, 201, uploaded.body);
  const bookId = json<{ bookId: number }>(uploaded.body).bookId;
  const zip = new JSZip();
  zip.file(
    'bookshelf.json',
    JSON.stringify([
      legadoBook({
        bookUrl: 'content://com.android.externalstorage/document/primary%3A灵娥传.txt',
        origin: 'loc_book',
        originName: '灵娥传.txt',
        name: '灵娥传',
        author: '某人',
        durChapterTitle: '第二章 师兄的入门审核',
        durChapterIndex: 2,
        durChapterPos: 5,
        durChapterTime: 1_760_000_000_000,
      }),
    ]),
  );
  const report = json<Report>(
    (await importZip(await zip.generateAsync({ type: 'nodebuffer' }))).body,
  );
  assert.deepEqual(
    report.items.map((i) => [i.name, i.status, i.bookId]),
    [['灵娥传 / 某人', 'imported', bookId]],
  );
  const toc = json<Array<{ key: string; title: string }>>(
    (await phone.request('GET', `/api/books/${bookId}/toc`)).body,
  );
  const position = json<{ chapterKey: string; offsetChars: number }>(
    (await phone.request('GET', `/api/shelf/${bookId}/position`)).body,
  );
  assert.equal(position.chapterKey, toc.find((c) => c.title === headings[1])?.key);
  assert.equal(position.offsetChars, 5);

  // Legado's progress sync finds the same local book by its name and author.
  const dav = await h.server.inject({
    method: 'GET',
    url: `/dav/legado/bookProgress/${encodeURIComponent('灵娥传_某人.json')}`,
    headers: { authorization: `Basic ${Buffer.from(`reader:${PASSWORD}`).toString('base64')}` },
  });
  assert.equal(dav.statusCode, 200, dav.body);
  assert.deepEqual(
    (({ durChapterTitle, durChapterPos }) => [durChapterTitle, durChapterPos])(
      json<{ durChapterTitle: string; durChapterPos: number }>(dav.body),
    ),
    [headings[1], 5],
  );
});

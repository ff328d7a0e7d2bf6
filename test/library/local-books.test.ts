/**
 * Local books through the import use case on a real store (SQLite in memory): TXT files in
 * UTF-8, GB18030 and UTF-16 with several heading styles land as the right chapters; an EPUB 3
 * and an EPUB 2 import from their spine with nav/NCX titles and no markup or script in the text;
 * hostile or wrong files fail with what to do; a re-split with another rule keeps a chapter's key.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import {
  addToShelf,
  importLocalBook,
  readChapter,
  refreshToc,
  resplitLocalBook,
  savePosition,
  viewToc,
} from '#library';
import type { LibraryDeps, SourceGateway } from '#library';
import { isLinhaiError, systemClock } from '#model';
import { openStore } from '#store';
import type { Store } from '#store';
import { epubFile, txtNovel } from '../support/local-book-files.ts';

let store: Store;
let deps: Pick<LibraryDeps, 'store' | 'clock'>;
let userId: number;

before(async () => {
  store = openStore({ url: ':memory:' });
  await store.migrate();
  deps = { store, clock: systemClock };
  userId = (await store.users.create({ name: 'reader' }))!.id;
});
after(async () => store?.close());

/** A local book asks no source: a gateway that fails the test if it is asked. */
const noSource: SourceGateway = {
  searchableSources: async () => [],
  search: () => assert.fail('a local book searched a source'),
  bookInfo: () => assert.fail('a local book asked a source for its page'),
  toc: () => assert.fail('a local book asked a source for a TOC'),
  content: () => assert.fail('a local book asked a source for a chapter'),
};

const read = async (bookId: number, ordinal: number) => {
  const toc = await viewToc(deps, bookId);
  return readChapter({ ...deps, gateway: noSource }, { bookId, chapterKey: toc[ordinal]!.key });
};

describe('TXT import', () => {
  const files: Array<{ label: string; headings: string[]; encode: (s: string) => Uint8Array }> = [
    {
      label: 'UTF-8, 第X章 headings',
      headings: ['第一章 小小灵娥', '第二章 师兄的入门审核', '第三章 入门第一课'],
      encode: (s) => Buffer.from(s, 'utf8'),
    },
    {
      label: 'GB18030, 第N章 headings with a 楔子',
      headings: ['楔子', '第1章 只是两朵相似的花', '第2章 你有天道之姿', '第3章 论斤的仙缘'],
      encode: (s) => iconv.encode(s, 'gb18030'),
    },
    {
      label: 'UTF-16 LE with a BOM, Chapter N headings',
      headings: ['Chapter 1 The Gate', 'Chapter 2 The Road', 'Chapter 3 The Sea'],
      encode: (s) => iconv.encode(s, 'utf-16le', { addBOM: true }),
    },
    {
      label: 'UTF-16 BE with a BOM, 【第N章】 headings',
      headings: ['【第一章】开端', '【第二章】转折', '【第三章】结局'],
      encode: (s) => iconv.encode(s, 'utf-16be', { addBOM: true }),
    },
  ];
  for (const file of files) {
    test(`${file.label}: chapters, titles and text`, async () => {
      const bytes = file.encode(txtNovel(file.headings, '《测试之书》\r\n作者：某人\r\n\r\n'));
      const result = await importLocalBook(deps, { userId, fileName: `${file.label}.txt`, bytes });
      assert.deepEqual(result.chapters, ['前言', ...file.headings]);
      const second = await read(result.bookId, 2);
      assert.equal(second.chapter.title, file.headings[1]);
      assert.deepEqual(second.paragraphs, [
        '这是第2章的第一段，山门外的风吹了一夜。',
        '本章的第二段（2）。',
      ]);
      assert.equal(second.fromCache, true);
    });
  }

  test('the file name gives title and author; the book is on the reader’s shelf', async () => {
    const result = await importLocalBook(deps, {
      userId,
      fileName: '《星河归途》作者：韩若川.txt',
      bytes: Buffer.from(txtNovel(['第一章 起', '第二章 承'])),
    });
    assert.deepEqual(
      [result.title, result.author, result.encoding],
      ['星河归途', '韩若川', 'utf-8'],
    );
    // The first heading opens the file: only the line-anchored rule finds it.
    assert.equal(result.rule?.name, '目录');
    const shelf = await store.shelves.list(userId);
    assert.ok(shelf.some((e) => e.bookId === result.bookId));
  });

  test('another rule re-splits the book; a chapter found by both keeps its key', async () => {
    const text = txtNovel(['第一章 起', '1、插曲', '第二章 承']);
    const first = await importLocalBook(deps, {
      userId,
      fileName: 'resplit.txt',
      bytes: Buffer.from(text),
    });
    assert.deepEqual(first.chapters, ['第一章 起', '第二章 承']);
    const before = await viewToc(deps, first.bookId);
    const again = await resplitLocalBook(deps, { userId, bookId: first.bookId, ruleId: 7 });
    assert.deepEqual(again.chapters, ['前言', '1、插曲']);
    assert.equal((await store.localBooks.get(first.bookId))?.ruleId, 7);
    const back = await resplitLocalBook(deps, {
      userId,
      bookId: first.bookId,
      ruleId: first.rule!.id,
    });
    assert.deepEqual(back.chapters, ['第一章 起', '第二章 承']);
    const after = await viewToc(deps, first.bookId);
    assert.deepEqual(
      after.map((c) => c.key),
      before.map((c) => c.key),
    );
    const stranger = (await store.users.create({ name: 'stranger' }))!.id;
    await assert.rejects(
      resplitLocalBook(deps, { userId: stranger, bookId: first.bookId, ruleId: 7 }),
      (e) => isLinhaiError(e, 'not-found'),
    );
    // Nor may a stranger shelve it or keep a position in it by any route (kosync, a backup…).
    await assert.rejects(addToShelf(deps, stranger, first.bookId), (e) =>
      isLinhaiError(e, 'not-found'),
    );
    await assert.rejects(
      savePosition(
        deps,
        { userId: stranger, bookId: first.bookId },
        { chapterKey: after[0]!.key, anchor: '', offsetChars: 0 },
      ),
      (e) => isLinhaiError(e, 'not-found'),
    );
    assert.deepEqual(await store.shelves.list(stranger), []);
    await savePosition(
      deps,
      { userId, bookId: first.bookId },
      { chapterKey: after[1]!.key, anchor: '', offsetChars: 0 },
    );
  });

  test('a TOC refresh (the book page’s button, a job) leaves a local book as it is: it has no source', async () => {
    const result = await importLocalBook(deps, {
      userId,
      fileName: 'refresh.txt',
      bytes: Buffer.from(txtNovel(['第一章 起', '第二章 承'], '序\n\n')),
    });
    const before = await viewToc(deps, result.bookId);
    await refreshToc({ ...deps, gateway: noSource }, result.bookId);
    assert.deepEqual(await viewToc(deps, result.bookId), before);
    assert.deepEqual((await read(result.bookId, 2)).paragraphs.length, 2);
  });

  test('a PDF, a Word file and binary noise are refused with what to do', async () => {
    await assert.rejects(
      importLocalBook(deps, { userId, fileName: 'book.pdf', bytes: Buffer.from('%PDF-1.7\n...') }),
      (e) => isLinhaiError(e, 'local-file-unsupported') && /convert it/.test(e.message),
    );
    await assert.rejects(
      importLocalBook(deps, { userId, fileName: 'book.docx', bytes: Buffer.from('hello') }),
      (e) => isLinhaiError(e, 'local-file-unsupported'),
    );
    const noise = Buffer.alloc(5000);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 37 + (i >> 3)) % 256;
    await assert.rejects(
      importLocalBook(deps, { userId, fileName: 'noise.txt', bytes: noise }),
      (e) => isLinhaiError(e, 'local-file-undecodable') && /UTF-8/.test(e.message),
    );
  });
});

describe('EPUB import', () => {
  const chapters = [
    {
      file: 'c1.xhtml',
      title: '第一章 出山',
      body: '<h1>第一章 出山</h1><p>他走下山来。</p><p>风很大。</p>',
    },
    {
      file: 'c2.xhtml',
      title: '第二章 入城',
      body: '<h2>第二章 入城</h2><p onclick="steal()">城门&amp;街市。</p><script>steal()</script><div>夜里<br/>下雨了。</div>',
    },
    { file: 'c3.xhtml', title: '第三章 归来', body: '<p>他回来了。</p>' },
  ];
  for (const version of [3, 2] as const) {
    test(`EPUB ${version}: chapters from the spine, titles from the ${version === 3 ? 'nav' : 'NCX'}, clean paragraphs`, async () => {
      const bytes = await epubFile({
        version,
        title: `测试书 EPUB${version}`,
        author: '某人',
        chapters,
        extraSpine: [
          { file: 'cover.xhtml', body: '<img src="cover.jpg" alt=""/>' },
          { file: 'c2b.xhtml', body: '<p>第二章的后半。</p>', after: 'c2.xhtml' },
        ],
      });
      const result = await importLocalBook(deps, {
        userId,
        fileName: `book${version}.epub`,
        bytes,
      });
      assert.deepEqual(
        [result.title, result.author, result.format],
        [`测试书 EPUB${version}`, '某人', 'epub'],
      );
      assert.deepEqual(
        result.chapters,
        chapters.map((c) => c.title),
      );
      const second = await read(result.bookId, 1);
      assert.deepEqual(second.paragraphs, ['城门&街市。', '夜里', '下雨了。', '第二章的后半。']);
      const first = await read(result.bookId, 0);
      assert.deepEqual(first.paragraphs, ['他走下山来。', '风很大。']);
      assert.equal((await store.books.get(result.bookId))?.intro, '一本测试书。');
    });
  }

  test('an EPUB without a spine is refused with what to do', async () => {
    const bytes = await epubFile({ version: 3, title: 'x', author: 'y', chapters, spine: false });
    await assert.rejects(
      importLocalBook(deps, { userId, fileName: 'nospine.epub', bytes }),
      (e) =>
        isLinhaiError(e, 'local-file-malformed') &&
        /no spine/.test(e.message) &&
        /Calibre or Sigil/.test(e.message),
    );
  });

  test('a zip bomb stops at the bound; a path out of the zip names nothing', async () => {
    const bomb = await epubFile({
      version: 3,
      title: 'bomb',
      author: 'y',
      chapters: [{ file: 'c1.xhtml', title: '一', body: `<p>${'啊'.repeat(6 * 1024 * 1024)}</p>` }],
    });
    assert.ok(bomb.byteLength < 1024 * 1024, `${bomb.byteLength} bytes compressed`);
    await assert.rejects(
      importLocalBook(deps, { userId, fileName: 'bomb.epub', bytes: bomb }),
      (e) => isLinhaiError(e, 'local-file-malformed') && /inflates past/.test(e.message),
    );
    const escape = await epubFile({
      version: 3,
      title: 'escape',
      author: 'y',
      chapters: [{ file: '../../../etc/passwd', title: 'evil', body: '<p>x</p>' }],
    });
    await assert.rejects(
      importLocalBook(deps, { userId, fileName: 'escape.epub', bytes: escape }),
      (e) => isLinhaiError(e, 'local-file-malformed'),
    );
    await assert.rejects(
      importLocalBook(deps, { userId, fileName: 'junk.epub', bytes: Buffer.from('not a zip') }),
      (e) => isLinhaiError(e, 'local-file-malformed') && /not a zip/.test(e.message),
    );
  });
});

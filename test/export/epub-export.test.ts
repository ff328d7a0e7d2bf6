import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { writeEpub, writeTxt, bookUuid } from '#export';
import type { ExportBook, ExportChapter } from '#export';
import { epubcheck, epubcheckUnavailable } from './epubcheck.ts';

const dir = mkdtempSync(join(tmpdir(), 'linhai-export-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

// A 1×1 PNG, the smallest valid cover image.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const book: ExportBook = {
  key: '凡人修仙传|忘语',
  title: '凡人修仙传 & <续>',
  author: '忘语',
  language: 'zh-CN',
  intro: '一个普通山村小子，偶然下进入到当地江湖小门派。\n\n第二段简介。',
  sources: ['笔趣阁演示站', 'JSON 演示站'],
  cover: { bytes: png, mediaType: 'image/png' },
  modifiedAt: new Date('2026-11-27T06:30:00.123Z'),
};

function chapters(count: number): ExportChapter[] {
  return Array.from({ length: count }, (_, i) => ({
    title: `第${i + 1}章 "引号" & <尖括号>\u0008`,
    paragraphs: ['　　韩立睁开双眼。', '“你好，”他说，<b>不是标签</b> & 不是实体 &amp;。'],
    ...(i === 0 ? { volume: '第一卷 山村少年' } : {}),
  }));
}

async function entries(bytes: Uint8Array): Promise<{ zip: JSZip; names: string[] }> {
  const zip = await JSZip.loadAsync(bytes);
  return { zip, names: Object.keys(zip.files) };
}

test('an exported EPUB passes EPUBCheck with no errors or warnings', async (t) => {
  const skip = epubcheckUnavailable();
  if (skip) return t.skip(skip);
  const bytes = await writeEpub(book, chapters(30));
  const file = join(dir, 'book.epub');
  writeFileSync(file, bytes);
  const result = epubcheck(file);
  assert.ok(result.ok, result.messages);
});

test('an SVG cover is the cover image on the title page, and passes EPUBCheck', async (t) => {
  const svg = new TextEncoder().encode(
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="320" viewBox="0 0 240 320">' +
      '<rect width="240" height="320" fill="#2f4858"/><text x="120" y="140" fill="#fff">凡人</text></svg>',
  );
  const withSvg: ExportBook = { ...book, cover: { bytes: svg, mediaType: 'image/svg+xml' } };
  const bytes = await writeEpub(withSvg, chapters(3));
  const { zip, names } = await entries(bytes);
  assert.ok(names.includes('OEBPS/images/cover.svg'));
  const opf = await zip.file('OEBPS/content.opf')!.async('string');
  assert.match(opf, /media-type="image\/svg\+xml" properties="cover-image"/);
  // One page before the chapters, with or without a cover (KOReader positions count pages).
  assert.match(
    opf,
    /<spine toc="ncx">\n<itemref idref="title-page"\/>\n<itemref idref="c00001"\/>/,
  );
  const title = await zip.file('OEBPS/text/title.xhtml')!.async('string');
  assert.match(
    title,
    /<div class="cover-image" epub:type="cover"><img class="cover" src="..\/images\/cover.svg"/,
  );
  const skip = epubcheckUnavailable();
  if (skip) return t.skip(skip);
  const file = join(dir, 'svg-cover.epub');
  writeFileSync(file, bytes);
  const result = epubcheck(file);
  assert.ok(result.ok, result.messages);
});

test('without a cover the title page is still the one page before the chapters', async () => {
  const plain: ExportBook = { ...book };
  delete (plain as { cover?: unknown }).cover;
  const { zip, names } = await entries(await writeEpub(plain, chapters(2)));
  assert.ok(!names.some((n) => n.startsWith('OEBPS/images/')));
  const opf = await zip.file('OEBPS/content.opf')!.async('string');
  assert.ok(!opf.includes('cover-image'));
  assert.match(
    opf,
    /<spine toc="ncx">\n<itemref idref="title-page"\/>\n<itemref idref="c00001"\/>/,
  );
});

test('the mimetype entry comes first and is stored uncompressed', async () => {
  const bytes = await writeEpub(book, chapters(2));
  // Local file header: name at offset 30, compression method at offset 8 (0 = stored).
  const header = Buffer.from(bytes.subarray(0, 38));
  assert.equal(header.readUInt16LE(8), 0);
  assert.equal(header.subarray(30, 38).toString('latin1'), 'mimetype');
});

test('re-exporting after new chapters keeps the identifier and appends the chapters', async () => {
  const first = await entries(await writeEpub(book, chapters(3)));
  const second = await entries(await writeEpub(book, chapters(5)));
  const opf1 = await first.zip.file('OEBPS/content.opf')!.async('string');
  const opf2 = await second.zip.file('OEBPS/content.opf')!.async('string');
  const id = `urn:uuid:${bookUuid(book.key)}`;
  assert.ok(opf1.includes(id) && opf2.includes(id));
  for (let n = 1; n <= 3; n++) {
    const name = `OEBPS/text/c0000${n}.xhtml`;
    assert.equal(
      await first.zip.file(name)!.async('string'),
      await second.zip.file(name)!.async('string'),
    );
  }
  assert.ok(second.names.includes('OEBPS/text/c00005.xhtml'));
  assert.ok(!first.names.includes('OEBPS/text/c00004.xhtml'));
});

test('chapter text is escaped, control characters dropped, and progress reported', async () => {
  const progress: number[] = [];
  const bytes = await writeEpub(book, chapters(4), {
    total: 4,
    onProgress: (p) => progress.push(p.done),
  });
  const { zip } = await entries(bytes);
  const xhtml = await zip.file('OEBPS/text/c00001.xhtml')!.async('string');
  assert.match(xhtml, /<h2 class="volume">第一卷 山村少年<\/h2>/);
  assert.match(xhtml, /<h1>第1章 &quot;引号&quot; &amp; &lt;尖括号&gt;<\/h1>/);
  assert.match(xhtml, /&lt;b&gt;不是标签&lt;\/b&gt; &amp; 不是实体 &amp;amp;/);
  assert.deepEqual(progress, [1, 2, 3, 4]);
});

test('different books get different identifiers; the same book always the same', () => {
  assert.equal(bookUuid('a|b'), bookUuid('a|b'));
  assert.notEqual(bookUuid('a|b'), bookUuid('a|c'));
  assert.match(
    bookUuid('a|b'),
    /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
});

test('TXT export has headings and blank-line paragraphs, in UTF-8 or GB18030', async () => {
  const utf8 = new TextDecoder().decode(await writeTxt(book, chapters(2)));
  assert.ok(utf8.startsWith('凡人修仙传 & <续>\n忘语\n'));
  assert.match(utf8, /第一卷 山村少年\n\n第1章[^\n]*\n\n\u3000\u3000韩立睁开双眼。\n\n“你好，”/);
  const gb = await writeTxt(book, chapters(2), { charset: 'gb18030' });
  assert.equal(new TextDecoder('gb18030').decode(gb), utf8);
  assert.notEqual(gb.length, Buffer.byteLength(utf8));
});

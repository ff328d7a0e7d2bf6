import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { isLinhaiError } from '#model';
import { decodeText } from './decode-text.ts';
import { PART_CHARS, splitTxt } from './split-txt.ts';
import { txtTocRules } from './txt-toc-rules.ts';

/** A novel with these headings, each followed by two paragraphs naming its chapter. */
function novel(headings: readonly string[], options: { prelude?: string; indent?: string } = {}) {
  const indent = options.indent ?? '　　';
  const body = headings
    .map((h, i) => `${h}\n${indent}第${i + 1}段甲，他走进了山门。\n${indent}第${i + 1}段乙。\n`)
    .join('\n');
  return (options.prelude ?? '') + body;
}

const ruleName = (id: number) => txtTocRules.find((r) => r.id === id)!.name;

describe('TXT split with Legado’s table-of-contents rules', () => {
  const styles: Array<{ label: string; headings: string[]; rule: number }> = [
    {
      label: '第X章 in Chinese numerals',
      headings: ['第一章 小小灵娥', '第二章 师兄的入门审核', '第十一章 入门第一课'],
      rule: 0,
    },
    {
      label: '第N章 in digits, indented',
      headings: ['  第1章 只是两朵相似的花', '  第2章 你有天道之姿', '  第3章 我们下次还能再见'],
      rule: 0,
    },
    {
      label: 'Chapter N',
      headings: ['Chapter 1 The Gate', 'Chapter 2 The Road', 'Chapter 3 The Sea'],
      rule: 11,
    },
    {
      label: 'number, separator, title',
      headings: ['1、初入江湖', '2、山门', '3、下山'],
      rule: 7,
    },
    {
      label: '【第N章】 in brackets',
      headings: ['\n【第一章】开端', '\n【第二章】转折', '\n【第三章】结局'],
      rule: 13,
    },
  ];
  for (const style of styles) {
    test(`${style.label}: the right chapters, titles and text; rule ${ruleName(style.rule)}`, () => {
      const split = splitTxt(novel(style.headings, { prelude: '书名\n作者：某人\n\n' }));
      assert.equal(split.rule?.id, style.rule, `chose ${split.rule?.name}`);
      assert.deepEqual(
        split.chapters.map((c) => c.title),
        ['前言', ...style.headings.map((h) => h.trim())],
      );
      assert.deepEqual(split.chapters[0]!.paragraphs, ['书名', '作者：某人']);
      assert.deepEqual(split.chapters[2]!.paragraphs, ['第2段甲，他走进了山门。', '第2段乙。']);
    });
  }

  test('real headings (a biquge table of contents) split one chapter each', (t) => {
    const page = '../shared/data/real-pages/biquge.info_74_74132_index.html';
    if (!existsSync(page)) return t.skip(`${page} is missing (outside material)`);
    const titles = [...readFileSync(page, 'utf8').matchAll(/<dd><a[^>]*>([^<]*)<\/a>/g)]
      .map((m) => m[1]!.trim())
      .filter((title) => /^第[零一二三四五六七八九十百千]+章/.test(title));
    assert.ok(titles.length > 600, `${titles.length} headings`);
    const split = splitTxt(novel(titles));
    assert.deepEqual(
      split.chapters.map((c) => c.title),
      titles.map((title) => title.replace(/\s+/g, ' ')),
    );
  });

  test('a table of contents at the top is no run of empty chapters: it stays in the prelude', () => {
    const headings = ['第一章 起', '第二章 承', '第三章 转'];
    const split = splitTxt(`目录\n${headings.join('\n')}\n\n${novel(headings)}`);
    assert.deepEqual(
      split.chapters.map((c) => c.title),
      ['前言', ...headings],
    );
    assert.deepEqual(split.chapters[0]!.paragraphs, ['目录', ...headings]);
  });

  test('a text without headings is cut into parts of about 10 000 characters at line ends', () => {
    const line = '他看着远方的群山，沉默了很久很久，然后转身离开了这里。';
    const text = Array.from({ length: 2000 }, () => line).join('\n');
    const split = splitTxt(text);
    assert.equal(split.rule, undefined);
    assert.ok(split.chapters.length >= Math.floor(text.length / PART_CHARS));
    assert.equal(split.chapters[0]!.title, '第1节');
    assert.ok(split.chapters.every((c) => c.paragraphs.every((p) => p === line)));
    assert.equal(split.chapters.map((c) => c.raw).join(''), text);
  });

  test('a rule picked by hand splits by that rule; an unknown rule is invalid input', () => {
    const text = novel(['第一章 甲', '第二章 乙']) + '\n1、不是标题的编号行\n他说。\n';
    assert.equal(splitTxt(text).chapters.length, 2);
    const byNumber = splitTxt(text, { ruleId: 7 });
    assert.equal(byNumber.rule?.id, 7);
    assert.deepEqual(
      byNumber.chapters.map((c) => c.title),
      ['前言', '1、不是标题的编号行'],
    );
    assert.throws(
      () => splitTxt(text, { ruleId: 999 }),
      (e) => isLinhaiError(e, 'invalid-input'),
    );
  });

  test('splitting then joining loses no text (any text, any rule)', () => {
    const piece = fc.constantFrom(
      '第一章 甲',
      '第2章',
      'Chapter 3 x',
      '1、乙',
      '\n',
      '\r\n',
      '　　正文',
      ' ',
      '番外',
      '【第三章】',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.option(fc.integer({ min: 0, max: 24 })),
        (parts, rule) => {
          const text = parts.join('');
          const ruleId = rule === null ? undefined : txtTocRules[rule % txtTocRules.length]!.id;
          const split = splitTxt(text, ruleId === undefined ? {} : { ruleId });
          assert.equal(split.chapters.map((c) => c.raw).join(''), text.replace(/\r\n?/g, '\n'));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('TXT decoding', () => {
  const text = novel(['第一章 小小灵娥', '第二章 师兄的入门审核', '第三章 入门第一课']);
  const cases: Array<{ label: string; bytes: Buffer; encoding: string }> = [
    { label: 'UTF-8', bytes: Buffer.from(text, 'utf8'), encoding: 'utf-8' },
    {
      label: 'UTF-8 with a BOM',
      bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      encoding: 'utf-8',
    },
    { label: 'GB18030', bytes: iconv.encode(text, 'gb18030'), encoding: 'gb18030' },
    { label: 'GBK', bytes: iconv.encode(text, 'gbk'), encoding: 'gb18030' },
    {
      label: 'UTF-16 LE with a BOM',
      bytes: iconv.encode(text, 'utf-16le', { addBOM: true }),
      encoding: 'utf-16le',
    },
    {
      label: 'UTF-16 BE with a BOM',
      bytes: iconv.encode(text, 'utf-16be', { addBOM: true }),
      encoding: 'utf-16be',
    },
    {
      label: 'UTF-16 LE without a BOM',
      bytes: iconv.encode(text, 'utf-16le'),
      encoding: 'utf-16le',
    },
    {
      label: 'Big5',
      bytes: iconv.encode(novel(['第一章 這個們來', '第二章 說時後會']), 'big5'),
      encoding: 'big5',
    },
  ];
  for (const c of cases) {
    test(`${c.label} is detected and split into its chapters`, () => {
      const decoded = decodeText(c.bytes);
      assert.equal(decoded.encoding, c.encoding);
      const split = splitTxt(decoded.text);
      assert.equal(split.chapters.length, c.label === 'Big5' ? 2 : 3);
      assert.match(split.chapters[0]!.title, /^第一章 /);
    });
  }

  test('bytes that are no text in any of them are undecodable, with what to do', () => {
    const noise = Buffer.alloc(4000);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 37 + (i >> 3)) % 256;
    assert.throws(
      () => decodeText(noise),
      (e) => isLinhaiError(e, 'local-file-undecodable') && /save it as UTF-8/.test(e.message),
    );
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseChapterTitle, parseChineseNumber, toChineseNumeral } from './index.ts';

const FINANCIAL: Readonly<Record<string, string>> = {
  零: '零',
  一: '壹',
  二: '贰',
  三: '叁',
  四: '肆',
  五: '伍',
  六: '陆',
  七: '柒',
  八: '捌',
  九: '玖',
  十: '拾',
  百: '佰',
  千: '仟',
  万: '万',
  亿: '亿',
};
const financial = (s: string) => [...s].map((c) => FINANCIAL[c] ?? c).join('');
const digitByDigit = (n: number) =>
  [...String(n)].map((d) => '〇一二三四五六七八九'[Number(d)]).join('');

describe('Chinese numerals', () => {
  test('table of written forms', () => {
    const table: [string, number][] = [
      ['零', 0],
      ['〇', 0],
      ['一', 1],
      ['十', 10],
      ['十一', 11],
      ['二十', 20],
      ['廿三', 23],
      ['一百', 100],
      ['一百零一', 101],
      ['一百一十', 110],
      ['一百十五', 115],
      ['一百二十三', 123],
      ['一二三', 123],
      ['一〇二四', 1024],
      ['二〇二四', 2024],
      ['两百', 200],
      ['两千零五', 2005],
      ['一千零一', 1001],
      ['三千二', 3200],
      ['一百五', 150],
      ['两万五', 25000],
      ['一万', 10000],
      ['十万', 100000],
      ['十万零一十', 100010],
      ['一百万五千', 1005000],
      ['一千二百三十四万五千六百七十八', 12345678],
      ['一亿', 1e8],
      ['一亿二千万零三百', 120000300],
      ['壹佰贰拾叁', 123],
      ['貳拾', 20],
      ['萬', 10000],
      ['1万2千', 12000],
      ['3千', 3000],
      ['123', 123],
      ['0123', 123],
    ];
    for (const [text, n] of table) assert.equal(parseChineseNumber(text), n, text);
  });

  test('non-numerals are rejected', () => {
    for (const text of ['', '风起', '一二百', '第一', 'abc', '一风']) {
      assert.equal(parseChineseNumber(text), undefined, text);
    }
  });

  test('toChineseNumeral writes the standard forms', () => {
    const table: [number, string][] = [
      [0, '零'],
      [10, '十'],
      [15, '十五'],
      [105, '一百零五'],
      [110, '一百一十'],
      [1050, '一千零五十'],
      [10010, '一万零一十'],
      [2000500, '二百万零五百'],
      [100000000, '一亿'],
    ];
    for (const [n, text] of table) assert.equal(toChineseNumeral(n), text);
  });

  test('property: parse(toChinese(n)) === n for 0..99,999,999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (n) => {
        assert.equal(parseChineseNumber(toChineseNumeral(n)), n);
      }),
      { numRuns: 20_000 },
    );
  });

  test('property: small numbers (dense) round-trip, plus financial and digit-by-digit forms', () => {
    for (let n = 0; n <= 20_000; n++) {
      const written = toChineseNumeral(n);
      assert.equal(parseChineseNumber(written), n, written);
      assert.equal(parseChineseNumber(financial(written)), n, financial(written));
      assert.equal(parseChineseNumber(digitByDigit(n)), n, digitByDigit(n));
    }
  });

  test('property: chapter titles carry the number in every style', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.constantFrom('', ' 风起', '：少年'),
        (n, tail) => {
          for (const title of [
            `第${toChineseNumeral(n)}章${tail}`,
            `第${n}章${tail}`,
            `第${digitByDigit(n)}章${tail}`,
            `${n}.${tail || ' x'}`,
          ]) {
            assert.equal(parseChapterTitle(title).number, n, title);
            assert.equal(parseChapterTitle(title).kind, 'chapter', title);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

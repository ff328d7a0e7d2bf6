import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { skeletonOf, tidyLine, lettersOf } from './normalize.ts';

const fullWidth = (s: string) =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('line normalisation', () => {
  test('tidy lines: indentation, ideographic and no-break spaces, invisible characters', () => {
    assert.equal(tidyLine('\u3000\u3000李萍\u00a0 笑了\u200b。 '), '李萍 笑了。');
    assert.equal(lettersOf('“好。”'), '好');
  });

  test('slots: addresses, numbers, ids, the book and chapter names', () => {
    const context = { bookTitle: '临海听潮', chapterTitle: '第12章 夜雨' };
    assert.equal(
      skeletonOf('《临海听潮》第12章 夜雨由www.a1b.com首发，第一百二十回', context),
      '《{书名}》{章名}由{网址}首发,第{数}回',
    );
    assert.equal(skeletonOf('ID u6r8Esqgp9 2024'), 'id {词} {数}');
    assert.equal(
      skeletonOf('八一中文网提醒您：注意休息'),
      skeletonOf('飘天文学网提醒您：注意休息'),
    );
    assert.equal(skeletonOf('新笔趣阁为您提供最快更新'), '{站名}为您提供最快更新');
  });

  test('property: zero-width characters, full width and spacing never change a skeleton', () => {
    const domain = fc
      .tuple(
        fc.stringMatching(/^[a-z]{3,8}[0-9]{0,3}$/),
        fc.constantFrom('com', 'net', 'la', 'cc', 'org'),
      )
      .map(([label, tld]) => `${label}.${tld}`);
    const template = fc.constantFrom(
      (d: string, n: number) => `一秒记住【${d}】，精彩小说无弹窗免费阅读！第${n}章`,
      (d: string, n: number) => `请记住本书首发域名：${d}。第${n}页`,
      (d: string, n: number) => `Visit ${d} for chapter ${n}`,
    );
    fc.assert(
      fc.property(
        template,
        domain,
        domain,
        fc.nat(5000),
        fc.nat(5000),
        fc.nat(),
        (make, d1, d2, n1, n2, seed) => {
          const a = make(d1, n1);
          let b = make(d2, n2);
          if (seed % 2 === 0) b = fullWidth(b);
          if (seed % 3 === 0) b = [...b].map((c, i) => (i % 2 === 0 ? `${c}\u200b` : c)).join('');
          if (seed % 5 === 0) b = `\u3000\u3000${b.replace(/：/g, '： ')}`;
          assert.equal(skeletonOf(b), skeletonOf(a));
        },
      ),
    );
  });

  test('property: different prose keeps different skeletons', () => {
    const word = fc.constantFrom('他', '她', '走', '笑', '看', '门', '雨', '夜', '灯', '街');
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 4, maxLength: 12 }),
        fc.array(word, { minLength: 4, maxLength: 12 }),
        (x, y) => {
          const a = `${x.join('')}。`;
          const b = `${y.join('')}。`;
          assert.equal(skeletonOf(a) === skeletonOf(b), a === b);
        },
      ),
    );
  });
});

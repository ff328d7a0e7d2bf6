import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bookKey,
  foldChinese,
  normalizeAuthor,
  normalizeChapterTitle,
  normalizeTitle,
} from './index.ts';

describe('foldChinese', () => {
  test('traditional (Taiwan and Hong Kong forms) folds to simplified', () => {
    assert.equal(foldChinese('萬古神帝'), '万古神帝');
    assert.equal(foldChinese('劍來'), '剑来');
    assert.equal(foldChinese('紅樓夢'), '红楼梦');
    assert.equal(foldChinese('後來'), '后来');
    assert.equal(foldChinese('裡'), '里');
  });
  test('simplified and Latin text comes back unchanged (the fast path)', () => {
    for (const s of ['斗破苍穹', '第一百二十三章 风起', 'Lord of the Mysteries', '']) {
      assert.equal(foldChinese(s), s);
    }
  });
});

describe('normalizeTitle', () => {
  const cases: [string, string][] = [
    ['斗破苍穹', '斗破苍穹'],
    ['鬥破蒼穹', '斗破苍穹'],
    ['《斗破苍穹》', '斗破苍穹'],
    ['斗破苍穹(完结)', '斗破苍穹'],
    ['斗破苍穹（完結）', '斗破苍穹'],
    ['【完本】斗破苍穹', '斗破苍穹'],
    ['斗破苍穹[精校版]', '斗破苍穹'],
    ['斗破苍穹【全本】', '斗破苍穹'],
    ['斗破苍穹最新章节', '斗破苍穹'],
    ['斗破苍穹最新章节列表', '斗破苍穹'],
    ['斗破苍穹全文阅读', '斗破苍穹'],
    ['斗破苍穹 TXT下载', '斗破苍穹'],
    ['斗破苍穹 完结', '斗破苍穹'],
    [' 斗 破 苍 穹 ', '斗破苍穹'],
    ['斗破苍穹！', '斗破苍穹'],
    ['「斗破·苍穹」', '斗破苍穹'],
    ['〈斗破苍穹〉', '斗破苍穹'],
    ['ＬＯＲＤ　ｏｆ　Ｍｙｓｔｅｒｉｅｓ', 'lordofmysteries'],
    ['Lord of the Mysteries', 'lordofthemysteries'],
    ['诡秘之主(Lord of Mysteries)', '诡秘之主lordofmysteries'],
    ['斗罗大陆Ⅱ绝世唐门', '斗罗大陆ii绝世唐门'],
    ['【《斗破苍穹》(完结)】', '斗破苍穹'],
  ];
  for (const [input, expected] of cases) {
    test(`${input} → ${expected}`, () => assert.equal(normalizeTitle(input), expected));
  }
});

describe('normalizeAuthor', () => {
  const cases: [string, string][] = [
    ['天蚕土豆', '天蚕土豆'],
    ['天蠶土豆', '天蚕土豆'],
    ['作者：天蚕土豆', '天蚕土豆'],
    ['作者:天蚕土豆', '天蚕土豆'],
    ['作 者：天蚕土豆', '天蚕土豆'],
    ['天蚕土豆 著', '天蚕土豆'],
    ['天蚕土豆/著', '天蚕土豆'],
    ['文/天蚕土豆', '天蚕土豆'],
    ['天蚕土豆(著)', '天蚕土豆'],
    ['ｔｏｍ　ＳＭＩＴＨ', 'tomsmith'],
  ];
  for (const [input, expected] of cases) {
    test(`${input} → ${expected}`, () => assert.equal(normalizeAuthor(input), expected));
  }
});

describe('bookKey', () => {
  test('simplified and traditional listings of one book share a key', () => {
    assert.equal(bookKey('《鬥破蒼穹》(完結)', '作者：天蠶土豆'), bookKey('斗破苍穹', '天蚕土豆'));
    assert.equal(bookKey('斗破苍穹', '天蚕土豆'), '斗破苍穹|天蚕土豆');
  });
  test('a different author makes a different book', () => {
    assert.notEqual(bookKey('斗破苍穹', '天蚕土豆'), bookKey('斗破苍穹', '某同人作者'));
  });
  test('the separator cannot come from either part', () => {
    const key = bookKey('a|b', 'c');
    assert.equal(key.split('|').length, 2);
  });
});

describe('normalizeChapterTitle', () => {
  const cases: [string, string][] = [
    ['第一章 风起', '第一章风起'],
    ['第一章 風起（求月票）', '第一章风起'],
    ['第一章 风起【二合一】', '第一章风起'],
    ['第一章 风起(第三更)', '第一章风起'],
    ['第一章 风起[加更]', '第一章风起'],
    ['第一章 风起(上)', '第一章风起上'],
    ['第１２章　風起', '第12章风起'],
    ['Chapter 12: The Wind', 'chapter12thewind'],
  ];
  for (const [input, expected] of cases) {
    test(`${input} → ${expected}`, () => assert.equal(normalizeChapterTitle(input), expected));
  }
});

describe('traditional renderings of the demo catalogue fold back', () => {
  test('every book key and chapter title survives simplified → Taiwan/Hong Kong traditional', async () => {
    const OpenCC = await import('opencc-js/cn2t');
    const { catalogue } = await import('#demo');
    const converters = [
      OpenCC.Converter({ from: 'cn', to: 'tw' }),
      OpenCC.Converter({ from: 'cn', to: 'hk' }),
    ];
    let checked = 0;
    for (const book of catalogue.books()) {
      for (const toTraditional of converters) {
        assert.equal(
          bookKey(toTraditional(book.title), toTraditional(book.author)),
          bookKey(book.title, book.author),
          book.title,
        );
        for (const entry of catalogue.siteToc('biquge', book.id).slice(0, 300)) {
          const traditional = toTraditional(entry.title);
          assert.equal(
            normalizeChapterTitle(traditional),
            normalizeChapterTitle(entry.title),
            traditional,
          );
          checked++;
        }
      }
    }
    assert.ok(checked > 1000, `${checked} titles checked`);
  });
});

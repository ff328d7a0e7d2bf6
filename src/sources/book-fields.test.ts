import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cleanAuthor,
  cleanBookName,
  dedupeToc,
  formatWordCount,
  listRuleOrder,
  ruleTruthy,
} from './book-fields.ts';
import { parseExploreKinds } from './explore-kinds.ts';

describe('book fields', () => {
  test('name and author cleaning', () => {
    assert.equal(cleanBookName('斗破苍穹 作者：天蚕土豆'), '斗破苍穹');
    assert.equal(cleanBookName('斗破苍穹 天蚕土豆 著'), '斗破苍穹');
    assert.equal(cleanAuthor('作者：天蚕土豆'), '天蚕土豆');
    assert.equal(cleanAuthor('天蚕土豆 著'), '天蚕土豆');
  });
  test('word counts', () => {
    assert.deepEqual(['123', '123456', '12万字'].map(formatWordCount), [
      '123字',
      '12.3万字',
      '12万字',
    ]);
  });
  test('truthiness of isVolume/isVip', () => {
    assert.deepEqual(['', 'null', 'False', 'no', 'not', '0', 'true', 'vip', '1'].map(ruleTruthy), [
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });
  test('list order markers', () => {
    assert.deepEqual(listRuleOrder('-class.a'), { rule: 'class.a', reverse: true });
    assert.deepEqual(listRuleOrder('+class.a'), { rule: 'class.a', reverse: false });
  });
  test('TOC de-dup keeps the last occurrence; with "-" the first, reversed', () => {
    const list = [
      { url: 'c9' },
      { url: 'c10' },
      { url: 'c1' },
      { url: 'c2' },
      { url: 'c9' },
      { url: 'c10' },
    ];
    assert.deepEqual(
      dedupeToc(list, false).map((e) => e.url),
      ['c1', 'c2', 'c9', 'c10'],
    );
    assert.deepEqual(
      dedupeToc([{ url: 'c3' }, { url: 'c2' }, { url: 'c1' }, { url: 'c3' }], true).map(
        (e) => e.url,
      ),
      ['c1', 'c2', 'c3'],
    );
  });
});

describe('parseExploreKinds', () => {
  test('text form with headers, newlines and &&', () => {
    assert.deepEqual(
      parseExploreKinds('分类\n玄幻::/sort/1/{{page}}.html&&都市::/sort/2/{{page}}.html'),
      [
        { title: '分类', url: '' },
        { title: '玄幻', url: '/sort/1/{{page}}.html' },
        { title: '都市', url: '/sort/2/{{page}}.html' },
      ],
    );
  });
  test('JSON form, lenient, headers without url', () => {
    assert.deepEqual(
      parseExploreKinds("[{title:'榜单'},{'title':'月票','url':'/rank/{{page}}',style:{}},]"),
      [
        { title: '榜单', url: '' },
        { title: '月票', url: '/rank/{{page}}' },
      ],
    );
  });
});

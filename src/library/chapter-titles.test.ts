import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consistentTitles, preferredTitleStyle, titleStyleOf } from './chapter-titles.ts';

const story = (title: string) => ({ title, note: false });

test('a per-volume number between book-wide ones is numbered through the book', () => {
  const titles = consistentTitles(
    [story('第一百六十二章 夜航'), story('第5章 独闯渡口'), story('第一百六十四章 归港')],
    { numerals: 'chinese' },
  );
  assert.deepEqual(titles, [
    '第一百六十二章 夜航',
    '第一百六十三章 独闯渡口',
    '第一百六十四章 归港',
  ]);
});

test("the preferred source's style wins; notes and unnumbered titles are kept as they are", () => {
  const chapters = [
    story('楔子'),
    story('第1章 启程'),
    { title: '上架感言', note: true },
    story('第二章 风起'),
    story('第1章 新卷'), // a second volume numbered from 1 again
  ];
  assert.deepEqual(consistentTitles(chapters, { numerals: 'arabic' }), [
    '楔子',
    '第1章 启程',
    '上架感言',
    '第2章 风起',
    '第3章 新卷',
  ]);
});

test('a gap of chapters no source has keeps its numbers; a leap past the gap limit does not', () => {
  const titles = consistentTitles(
    [story('第10章 a'), story('第12章 b'), story('第900章 c'), story('第13章 d')],
    { numerals: 'arabic' },
  );
  assert.deepEqual(titles, ['第10章 a', '第12章 b', '第13章 c', '第14章 d']);
});

test('without a preferred style the one most titles use is taken', () => {
  const titles = consistentTitles([
    story('第一章 甲'),
    story('第二章 乙'),
    story('第3章 丙'),
    story('第四章'),
  ]);
  assert.deepEqual(titles, ['第一章 甲', '第二章 乙', '第三章 丙', '第四章']);
});

test('styles are read from a title, English with its separator', () => {
  assert.deepEqual(titleStyleOf('第一百章 归航'), { numerals: 'chinese' });
  assert.deepEqual(titleStyleOf('第 100 章'), { numerals: 'arabic' });
  assert.deepEqual(titleStyleOf('Chapter 12 - Home'), { numerals: 'english', separator: ' - ' });
  assert.deepEqual(titleStyleOf('Chapter 12: Home'), { numerals: 'english', separator: ': ' });
  assert.equal(titleStyleOf('请假条'), undefined);
  assert.deepEqual(
    consistentTitles([story('Chapter 1: Dawn'), story('Chapter 1 - Dusk')], {
      numerals: 'english',
      separator: ': ',
    }),
    ['Chapter 1: Dawn', 'Chapter 2: Dusk'],
  );
});

test("the preferred style is the reader's chosen source's, else the chase's pick", () => {
  const listings = [
    { latestTitle: '第300章 终', lag: { preferred: true } },
    { latestTitle: '第三百章 终', lag: { preferred: false, chosen: true } },
  ];
  assert.deepEqual(preferredTitleStyle(listings), { numerals: 'chinese' });
  assert.deepEqual(preferredTitleStyle(listings.slice(0, 1)), { numerals: 'arabic' });
  assert.equal(preferredTitleStyle([{ latestTitle: '第1章', lag: undefined }]), undefined);
});

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { anywhereNoiseOf, builtinNoiseOf, edgeNoise, stripInlineAdverts } from './builtin-noise.ts';

describe('built-in noise rules', () => {
  test('adverts, addresses, page-turn notes and anti-theft notes are noise anywhere', () => {
    const noise: Array<[string, string]> = [
      ['一秒记住【biquge.com】，精彩小说无弹窗免费阅读！', 'advert'],
      ['天才一秒记住本站地址：www.x1.co。手机版阅读网址：m.x1.co', 'advert'],
      ['（ｗｗｗ．ｘ３３ｘｓ．ｃｏｍ）', 'address'],
      ['-->>本章未完，点击下一页继续阅读', 'pagination'],
      ['Visit ab12.info for the latest chapters of The Iron Ledger.', 'advert'],
      [
        'Stolen content warning: this tale belongs on Royal Road. Report any occurrences elsewhere.',
        'anti-theft',
      ],
    ];
    for (const [line, rule] of noise) assert.equal(anywhereNoiseOf(line), rule, line);
  });

  test('story lines that share words with adverts are not noise', () => {
    const story = [
      '他说：“去看看 google.com 吧。”',
      '他一秒也不想记住那个人的名字。',
      '“本章完了吗？”她问。',
      'The story of the stolen crown spread through the market.',
      'Mara had stolen the ledger and nobody reported it.',
      '他翻到下一页，继续读了下去，直到天亮。',
    ];
    for (const line of story) {
      assert.equal(anywhereNoiseOf(line), undefined, line);
      assert.equal(stripInlineAdverts(line).removed.length, 0, line);
    }
  });

  test('edge rules only take runs that touch the top or the bottom', () => {
    const lines = [
      '315中文网 通过搜索各大小说站为您自动抓取各类小说的最快更新供您阅读!',
      '正文第一段。',
      '推荐阅读:这本书那本书',
      '正文第二段。',
      '(本章完)',
      '315中文网推荐阅读:总裁老公',
    ];
    assert.deepEqual(
      [...edgeNoise(lines, () => false)].sort((a, b) => a[0] - b[0]),
      [
        [0, 'banner'],
        [4, 'chapter-end'],
        [5, 'book-list'],
      ],
    );
    assert.equal(builtinNoiseOf('上一章 ← 章节目录 → 下一章'), 'navigation');
  });
});

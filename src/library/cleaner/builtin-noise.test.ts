import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { anywhereNoiseOf, builtinNoiseOf, edgeNoise, splitAdverts } from './builtin-noise.ts';

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
      assert.equal(splitAdverts(line).removed.length, 0, line);
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

  test('a line goes whole or stays whole: no fragment of an advert is left', () => {
    const adverts = [
      '一秒记住【笔趣阁 www.biqu5ge.com】，精彩小说无?弹窗免费阅读！',
      '一秒记住【笔趣阁 www.biqu5ge.com】，精彩小说无\u200b弹窗免费阅读！',
      '（笔趣阁 https://www.biqu7ge.la 无广告！）',
      '【ｗｗｗ．ｘ３３ｘｓ．ｃｏｍ】无广告！',
    ];
    for (const line of adverts) {
      const split = splitAdverts(line);
      assert.equal(split.whole || anywhereNoiseOf(line) !== undefined, true, line);
    }
    // The book's and chapter's names count as the line's slots, not as story.
    const named = '星河归途最新章节第4章 归途剑鸣地址：https://m.biquge3.la/4/4.html';
    const context = { bookTitle: '星河归途', chapterTitle: '第4章 归途剑鸣' };
    assert.equal(splitAdverts(named, context).whole, true);
    // A story paragraph keeps its story, and loses the whole advert sentence.
    assert.deepEqual(
      splitAdverts('他走了。一秒记住【www.a1.com】，精彩小说无弹窗免费阅读！她笑了。'),
      {
        whole: false,
        line: '他走了。她笑了。',
        removed: ['一秒记住【www.a1.com】，精彩小说无弹窗免费阅读！'],
      },
    );
    assert.equal(splitAdverts('嗯。（www.a1.com）').line, '嗯。');
    // A lost character cut the advert's first clause off onto a long story sentence: it goes too.
    const story = '他脸上的褶皱似乎刚好凑成了两个大字——';
    const lost = splitAdverts(`${story}求勒?个票：www.kanqita5.la。她笑了。`);
    assert.equal(lost.line, `${story}她笑了。`);
    assert.deepEqual(lost.removed, ['个票：www.kanqita5.la。', '求勒?']);
    // At a chapter's edge, a short remainder of the advert's own sentence goes with it; whole
    // sentences of story beside an advert sentence stay.
    assert.equal(
      splitAdverts('饭团看书【零点看书网 www.x1.com】，方便阅读！', {}, true).whole,
      true,
    );
    assert.equal(
      splitAdverts(
        '会议室里一片沉默。点此章节报错：ｗｗｗ．ｄｉｎｇｄｉａｎｎｇ９．ｌａ。走，且随为师入阵。',
        {},
        true,
      ).line,
      '会议室里一片沉默。走，且随为师入阵。',
    );
    assert.equal(
      splitAdverts('仅供?个人学习【零点看书网 www.x1.com】，好看的言情小说！', {}, true).whole,
      true,
    );
  });
});

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createCleaner, MemoryBoilerplateStore, tidyLine } from './index.ts';
import type { CleanResult } from './index.ts';
import { seedPage, syntheticBook } from './testing/synthetic-book.ts';
import { plainRegexEngine } from './testing/regex-engine.ts';
import { sharedDataSkip } from '../../../test/support/outside-material.ts';

const seedSkip = sharedDataSkip('seed/chapter.txt');

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The seed chapter as the aggregator serves it: banner on top, lists below, biquge markup. */
function seedHtml(): string {
  const seed = seedPage();
  const body = [seed.banner, ...seed.paragraphs]
    .map((p) => `&nbsp;&nbsp;&nbsp;&nbsp;${escape(p)}`)
    .join('<br /><br />\n');
  const lists = seed.footer.map((line) => `<div class="tj">${escape(line)}</div>`).join('\n');
  return `<div id="content">${body}</div>\n<div class="footer">${lists}</div>`;
}

const newCleaner = (store = new MemoryBoilerplateStore(), builtin = true) =>
  createCleaner({
    boilerplate: store,
    regex: plainRegexEngine,
    now: () => 1_700_000_000_000,
    builtin,
  });

describe('the cleaner on the seed chapter', { skip: seedSkip }, () => {
  test('leaves exactly the chapter paragraphs, with no banner or list text', async () => {
    const seed = seedPage();
    const result = await newCleaner().clean({
      sourceKey: 'http://127.0.0.1/biquge',
      bookKey: 'seed',
      chapterTitle: '第一百章 参观',
      content: seedHtml(),
    });
    assert.equal(result.paragraphs[0]?.slice(0, 14), '李萍带着参观团来到了一面墙前');
    assert.deepEqual(result.paragraphs, seed.paragraphs);
    assert.equal(result.verdict, 'ok');
    const text = result.paragraphs.join('\n');
    for (const noise of ['315中文网', '推荐阅读', '搜藏榜', '最新小说', '自动抓取']) {
      assert.ok(!text.includes(noise), noise);
    }
    assert.deepEqual(
      result.removed.map((r) => r.rule),
      ['banner', 'book-list', 'book-list', 'book-list'],
    );
  });
});

describe('learned boilerplate', { skip: seedSkip }, () => {
  test('varying lines are learned within a handful of chapters and no real paragraph is lost', async () => {
    const store = new MemoryBoilerplateStore();
    const cleaner = newCleaner(store);
    const book = syntheticBook({ chapters: 60, seed: 7, book: '临海听潮' });
    let lost = 0;
    let missed = 0;
    for (const chapter of book) {
      const result = await cleaner.clean({
        sourceKey: 'http://127.0.0.1/site-a',
        bookKey: 'linhai',
        bookTitle: '临海听潮',
        chapterTitle: chapter.title,
        content: chapter.lines.join('\n'),
      });
      const kept = new Set(result.paragraphs);
      lost += chapter.truth.filter((line) => !kept.has(line)).length;
      if (chapter.index > 10) {
        missed += chapter.lines.filter(
          (line, i) => chapter.injected[i] && kept.has(tidyLine(line)),
        ).length;
      }
    }
    assert.equal(lost, 0, 'real paragraphs removed');
    assert.equal(missed, 0, 'boilerplate left after the tenth chapter');
    const patterns = await store.list('http://127.0.0.1/site-a');
    assert.ok(patterns.length >= 5 && patterns.every((p) => p.status === 'suggested'));
    assert.ok(
      patterns.some(
        (p) => p.skeleton === '一秒记住【{网址}】,精彩小说无弹窗免费阅读!' && p.hits > 40,
      ),
    );
  });

  test('a rejected pattern is never applied again; batch learning keeps the administrator status', async () => {
    const store = new MemoryBoilerplateStore();
    const cleaner = newCleaner(store);
    const book = syntheticBook({ chapters: 12, seed: 3, book: '北岸' });
    const chapters = book.map((c) => ({
      bookKey: 'beian',
      bookTitle: '北岸',
      chapterTitle: c.title,
      content: c.lines.join('\n'),
    }));
    const learned = await cleaner.learn('site-b', chapters);
    const banner = learned.find((p) => p.skeleton.startsWith('一秒记住'));
    assert.ok(banner);
    await store.upsert({ ...banner, status: 'rejected' });
    await cleaner.learn('site-b', chapters);
    assert.equal((await store.list('site-b')).find((p) => p.id === banner.id)?.status, 'rejected');
    const chapter = book.find((c) => c.lines[0]?.replace(/\u200b/g, '').startsWith('一秒记住'));
    assert.ok(chapter);
    const result = await cleaner.clean({
      sourceKey: 'site-b',
      bookKey: 'beian',
      bookTitle: '北岸',
      chapterTitle: chapter.title,
      content: chapter.lines.join('\n'),
    });
    assert.equal(result.paragraphs[0], tidyLine(chapter.lines[0] ?? ''), 'rejected line kept');
  });

  test('a line another source also carries is content, even if it recurs at the edges', async () => {
    const store = new MemoryBoilerplateStore();
    const cleaner = newCleaner(store);
    const refrain = '潮水涨了又落，落了又涨，临海城的人都习惯了。';
    let last: CleanResult | undefined;
    for (let i = 1; i <= 6; i++) {
      const body = seedPage().paragraphs.slice(i * 3, i * 3 + 20);
      last = await cleaner.clean({
        sourceKey: 'site-c',
        bookKey: 'chao',
        chapterTitle: `第${i}章`,
        content: [refrain, ...body].join('\n'),
        otherSourceCopy: i === 6 ? [refrain, ...body] : undefined,
      });
    }
    assert.equal(last?.paragraphs[0], refrain);
    // Once an administrator accepts the pattern, it goes even where another copy has it.
    const [pattern] = await store.list('site-c');
    assert.ok(pattern);
    await store.upsert({ ...pattern, status: 'accepted' });
    const body = seedPage().paragraphs.slice(30, 50);
    const after = await cleaner.clean({
      sourceKey: 'site-c',
      bookKey: 'chao',
      chapterTitle: '第7章',
      content: [refrain, ...body].join('\n'),
      otherSourceCopy: [refrain, ...body],
    });
    assert.deepEqual(after.paragraphs, body);
  });

  test('lines another source confirms never teach a pattern', async () => {
    const store = new MemoryBoilerplateStore();
    const cleaner = newCleaner(store);
    const refrain = '潮水涨了又落，落了又涨，临海城的人都习惯了。';
    for (let i = 1; i <= 8; i++) {
      const body = seedPage().paragraphs.slice(i * 3, i * 3 + 20);
      const result = await cleaner.clean({
        sourceKey: 'site-f',
        bookKey: 'chao',
        chapterTitle: `第${i}章`,
        content: [refrain, ...body].join('\n'),
        otherSourceCopy: [refrain, ...body],
      });
      assert.equal(result.paragraphs[0], refrain);
    }
    assert.deepEqual(await store.list('site-f'), []);
  });

  test('lines only this source has at the edges are removed when they carry an address', async () => {
    const body = seedPage().paragraphs.slice(0, 30);
    // Built-in rules off: the cross-check alone must catch the advert.
    const result = await newCleaner(new MemoryBoilerplateStore(), false).clean({
      sourceKey: 'site-d',
      bookKey: 'seed',
      chapterTitle: '第一章',
      content: [
        '本书由天天看书吧首发，最新最快的章节请到 tt.kanshu.cc 阅读',
        ...body,
        '作者的话：谢谢大家',
      ].join('\n'),
      otherSourceCopy: body,
    });
    assert.deepEqual(result.paragraphs, [...body, '作者的话：谢谢大家']);
    assert.deepEqual(
      result.removed.map((r) => r.reason),
      ['other-source'],
    );
    assert.deepEqual(result.suspects, ['作者的话：谢谢大家']);
  });

  test('an advert inside a story paragraph is cut out and the story kept', async () => {
    const result = await newCleaner().clean({
      sourceKey: 'site-e',
      bookKey: 'seed',
      content: [
        '他走了。（天才一秒记住：ｗｗｗ．ａｂ．ｃｏｍ）她笑了。',
        '雨停了。请收藏本站x33xs.com！街上又热闹起来。',
        '他说：“去看看 google.com 吧。”',
      ].join('\n'),
    });
    assert.deepEqual(result.paragraphs, [
      '他走了。她笑了。',
      '雨停了。街上又热闹起来。',
      '他说：“去看看 google.com 吧。”',
    ]);
    assert.deepEqual(
      result.removed.map((r) => [r.line, r.rule, r.inline]),
      [
        ['（天才一秒记住：ｗｗｗ．ａｂ．ｃｏｍ）', 'inline-advert', true],
        ['请收藏本站x33xs.com！', 'inline-advert', true],
      ],
    );
  });
});

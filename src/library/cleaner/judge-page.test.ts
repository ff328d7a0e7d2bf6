import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  createCleaner,
  MemoryBoilerplateStore,
  judgePage,
  bookNormOf,
  badContentError,
} from './index.ts';
import type { CleanInput } from './index.ts';
import { seedPage } from './testing/synthetic-book.ts';
import { plainRegexEngine } from './testing/regex-engine.ts';
import { sharedDataSkip } from '../../../test/support/outside-material.ts';

const seedSkip = sharedDataSkip('seed/chapter.txt');
const chapter = seedSkip ? [] : seedPage().paragraphs;
const norm = bookNormOf([chapter, chapter.slice(2), chapter.slice(0, -2), chapter]);

async function verdictOf(content: string, extra: Partial<CleanInput> = {}) {
  const cleaner = createCleaner({
    boilerplate: new MemoryBoilerplateStore(),
    regex: plainRegexEngine,
  });
  const result = await cleaner.clean({
    sourceKey: 'site',
    bookKey: 'book',
    chapterTitle: '第十二章 锦旗',
    content,
    bookNorm: norm,
    ...extra,
  });
  return result.verdict;
}

const kindOf = (verdict: Awaited<ReturnType<typeof verdictOf>>) =>
  verdict === 'ok' ? 'ok' : verdict.bad;

describe('bad pages', { skip: seedSkip }, () => {
  test('a real chapter is ok', async () => {
    assert.equal(await verdictOf(chapter.join('\n')), 'ok');
  });

  test('placeholders, bans, captchas and rate limits are recognised, in page chrome too', async () => {
    const cases: Array<[string, string]> = [
      ['<div id="content">内容更新中，请稍后刷新</div>', 'placeholder'],
      [
        '<p>章节内容正在手打中，请稍等片刻，内容更新后，请重新刷新页面，即可获取最新更新！</p>',
        'placeholder',
      ],
      ['<h1>403 Forbidden</h1><p>您的IP已被封禁，如有疑问请联系管理员。</p>', 'ban'],
      [
        '<title>Just a moment...</title><p>Checking your browser before accessing the site.</p>',
        'captcha',
      ],
      ['<p>请输入验证码后继续阅读</p><form><input name="code"></form>', 'captcha'],
      ['<p>访问过于频繁，请稍后再试。</p>', 'rate-limit'],
      ['<p>429 Too Many Requests</p>', 'rate-limit'],
      ['', 'placeholder'],
      ['<p>一秒记住【biquge.com】，精彩无弹窗免费阅读！</p>', 'placeholder'],
    ];
    for (const [html, kind] of cases) assert.equal(kindOf(await verdictOf(html)), kind, html);
  });

  test('a long chapter that mentions a captcha in its story is still a chapter', async () => {
    const story = [
      ...chapter.slice(0, 10),
      '他盯着屏幕上的验证码，迟迟没有输入。',
      ...chapter.slice(10),
    ];
    assert.equal(await verdictOf(story.join('\n')), 'ok');
  });

  test('a body far shorter than the book norm, or cut mid-sentence, is truncated', async () => {
    assert.equal(kindOf(await verdictOf(chapter.slice(0, 6).join('\n'))), 'truncated');
    const cut = [
      ...chapter.slice(0, Math.floor(chapter.length / 2)),
      '李萍走到一个空的咨询台前，正要开口说',
    ];
    assert.equal(kindOf(await verdictOf(cut.join('\n'))), 'truncated');
  });

  test("an author's note is short by nature, not truncated", async () => {
    const note = [
      '今天家里有点急事，更新暂停一天，明天会把欠下的章节补上。',
      '给大家添麻烦了，感谢理解。',
      '墨染秋',
    ];
    assert.equal(await verdictOf(note.join('\n'), { chapterTitle: '请假条' }), 'ok');
    assert.equal(kindOf(await verdictOf(note.join('\n'))), 'truncated');
  });

  test('the previous chapter served again is a repeat', async () => {
    const previous = chapter.slice(1);
    assert.equal(
      kindOf(await verdictOf(chapter.join('\n'), { neighbours: { previous } })),
      'repeat',
    );
  });

  test('a page headed with another chapter number is the wrong chapter', async () => {
    const page = ['第十三章 回访', ...chapter].join('\n');
    assert.equal(kindOf(await verdictOf(page)), 'wrong-title');
    assert.equal(await verdictOf(['第12章 锦旗', ...chapter].join('\n')), 'ok');
    // A site that numbers chapters per volume: same name, another number, still this chapter.
    assert.equal(await verdictOf(['第2章 锦旗', ...chapter].join('\n')), 'ok');
  });

  test('another source copy reveals a wrong or truncated chapter', async () => {
    const other = chapter;
    const unrelated = Array.from(
      { length: 40 },
      (_, i) => `完全不同的故事第${i}段，讲的是海边渔村里一位老船长的往事。`,
    );
    assert.equal(
      kindOf(
        await verdictOf(unrelated.join('\n'), { otherSourceCopy: other, bookNorm: undefined }),
      ),
      'wrong-title',
    );
    const half = chapter.slice(0, Math.floor(chapter.length / 3));
    assert.equal(
      kindOf(await verdictOf(half.join('\n'), { otherSourceCopy: other, bookNorm: undefined })),
      'truncated',
    );
  });

  test('judgePage alone, and the error a reading use case throws', () => {
    const verdict = judgePage({ paragraphs: ['访问过于频繁'], cleaned: ['访问过于频繁'] });
    assert.notEqual(verdict, 'ok');
    if (verdict === 'ok') return;
    const error = badContentError(verdict, { source: 'site', chapter: '12' });
    assert.equal(error.code, 'bad-content');
    assert.equal(error.details['kind'], 'rate-limit');
    assert.ok((error.retryAfterMs ?? 0) > 0);
  });
});

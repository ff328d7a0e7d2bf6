import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tailNotes } from './tail-notes.ts';
import { SharedKnowledge, hanPairsOf } from './shared-knowledge.ts';
import { toParagraphs } from './html-to-paragraphs.ts';
import {
  sharedData,
  sharedDataSkip,
  sharedJsonFiles,
} from '../../../test/support/outside-material.ts';
import { learnedPattern as learned } from './testing/learned-pattern.ts';

// The body of a chapter: story that says nothing of sites, votes or updates.
const body = [
  '天色渐渐暗了下来，山道上只剩下风声。',
  '林风背着竹篓，一步一步往山下走去。',
  '“师兄，等等我！”身后传来一声喊。',
  '他回头看了一眼，小师妹正提着裙摆追过来。',
  '两人并肩而行，谁也没有说话。',
  '远处的村子里亮起了几点灯火。',
  '“今晚就在这里歇一歇吧。”林风说道。',
  '小师妹点了点头，脸上满是倦意。',
  '客栈的老板是个胖子，笑起来眼睛眯成一条缝。',
  '“两位客官，里边请！”',
];
const chapter = (...last: string[]) => [...body, ...last];

// What other sources' patterns taught (two sources each): the words of their notes.
const elsewhere = ['http://a.test', 'http://b.test'].flatMap((source) => [
  learned(source, '手机阅读，最快更新（第3章）'),
  learned(source, '为了方便下次阅读，请加入书签'),
  learned(source, '本书首发小说网，欢迎收藏'),
]);
const words = new SharedKnowledge(elsewhere).words;
const notesOf = (lines: readonly string[], builtinWords = true) =>
  tailNotes(lines, () => false, { words, builtinWords }).map((i) => lines[i]);

describe('tail notes', () => {
  test('a call to action below the story goes, from the first chapter', () => {
    for (const note of [
      '求月票！',
      '求推荐票，求收藏！',
      '新书上传，求收藏，求推荐！',
      'ps：第二天求月票~',
      '手机阅读，最快更新（第1章）',
      '方便阅读，欢迎收藏',
    ]) {
      assert.deepEqual(notesOf(chapter('他推门走了进去。', note)), [note], note);
    }
  });

  test('two notes at the end go; the story above them stays', () => {
    const lines = chapter('他推门走了进去。', '感谢支持，求订阅！', '求推荐票，求收藏！');
    assert.deepEqual(notesOf(lines), ['求推荐票，求收藏！', '感谢支持，求订阅！']);
  });

  test('words other sources taught count without the built-in list', () => {
    assert.deepEqual(notesOf(chapter('手机阅读，最快更新（第1章）'), false), [
      '手机阅读，最快更新（第1章）',
    ]);
    assert.deepEqual(notesOf(chapter('求推荐票，求收藏！'), false), []);
  });

  test('story at a chapter end that uses such words stays', () => {
    for (const story of [
      '手机响了。',
      '手机又响了，是母亲打来的。',
      '感谢上苍！',
      '最新消息！',
      '阅读完毕，林风合上了卷宗。',
      '记得明天早点来。',
      '推荐信写好了，明天寄出去。',
      '小说写完了，出版社却倒闭了。',
      '免费的东西最贵。',
      '下载完成。',
      '地址不详，下落不明。',
      '广告牌轰然倒塌。',
      '收藏室里空无一人。',
      '月票？那是什么东西？',
      '网站瘫痪了，服务器冒着黑烟。',
      '最快也要三天。',
      '最新的战报传来：前线失守！',
      '书架上落满了灰尘。',
      '书签夹在第十三页。',
      '订阅的报纸堆满了门口。',
      '投票结果出来了：全票通过！',
      '请假条放在桌上。',
      '求人不如求己。',
      '求救信号发出去了。',
      '请进。',
      '免费！全部免费！',
      '更新，更新，再更新！',
      '本站到了，请下车。',
      '本站是终点站，请带好随身物品。',
      '“记得收藏！”他喊道。',
      '他在书友会上推荐了这本小说。',
      '百花夫人……他微微皱眉，打算先等端木北的回复。',
      '――目前黑榜只得前六十三位能入地榜。',
      '第二天，小说更新了。',
    ]) {
      assert.deepEqual(notesOf(chapter(story)), [], story);
    }
  });

  test("a word the chapter's story uses is no sign of a note", () => {
    const lines = [...body, '她打开手机阅读新闻，眼里有了光。', ...body, '手机阅读，最快更新'];
    assert.deepEqual(notesOf(lines), []);
  });

  test('a short chapter and a rejected pattern are left alone', () => {
    assert.deepEqual(notesOf(['他来了。', '求月票！']), []);
    const rejected = new SharedKnowledge([
      ...elsewhere,
      { ...learned('http://c.test', '手机阅读，最快更新'), status: 'rejected' },
    ]);
    assert.equal(rejected.words.has('手机'), false);
    assert.equal(rejected.words.has('阅读'), false);
  });

  test(
    'real story tails stay, with every word of the real replace rules known',
    { skip: sharedDataSkip('seed/chapter.txt', 'real-pages', 'replace-rules') },
    () => {
      // As if every phrase the 124 real rules remove had been learned from two other sources.
      const rules = sharedJsonFiles('replace-rules').flatMap(
        (file) => JSON.parse(readFileSync(file, 'utf8')) as Array<{ pattern?: string }>,
      );
      const known = new Set(
        rules.flatMap((rule) => (rule.pattern ?? '').match(/\p{Script=Han}{2,}/gu) ?? []),
      );
      const everyWord = new Set([...known].flatMap(hanPairsOf));
      assert.ok(everyWord.size > 150, `${everyWord.size} words`);
      const seed = readFileSync(sharedData('seed/chapter.txt'), 'utf8')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .slice(1, -3);
      const page = readFileSync(
        sharedData('real-pages/biquge.info_74_74132_14482860.html'),
        'utf8',
      );
      const biquge = toParagraphs(/<div id="content">([\s\S]*?)<\/div>/.exec(page)?.[1] ?? '');
      let tried = 0;
      for (const chapter of [seed, biquge]) {
        // Each paragraph, and each sentence of one, as the chapter's last line.
        const sentences = chapter.flatMap((p) => p.split(/(?<=[。！？!?…])(?![”」])/u));
        for (const last of [...chapter, ...sentences]) {
          const lines = [...chapter.filter((line) => line !== last), last];
          const found = tailNotes(lines, () => false, { words: everyWord });
          assert.deepEqual(found, [], last);
          tried++;
        }
      }
      assert.ok(tried > 300, `${tried} tails`);
    },
  );
});

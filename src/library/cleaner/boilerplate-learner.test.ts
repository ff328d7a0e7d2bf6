import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Tallies, learnBoilerplate, binomialTail } from './boilerplate-learner.ts';
import type { ChapterSample } from './boilerplate-learner.ts';
import { LearningWindow } from './learning-window.ts';
import { skeletonOf } from './normalize.ts';

const sample = (bookKey: string, lines: string[]): ChapterSample => ({
  bookKey,
  lines,
  skeletons: lines.map((line) => skeletonOf(line)),
});

// Prose that never repeats across chapters: every line names its chapter (a CJK tag, not a number,
// which would become a slot) and its place.
const marks = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉';
const tags = '春夏秋冬晨昏风雨雪霜';
const story = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => `${tag}的第${marks[i % 20]}段故事，讲到这里又转了一个弯。`);

describe('the boilerplate learner', () => {
  test('binomial tail', () => {
    assert.equal(binomialTail(5, 0, 0.2), 1);
    assert.ok(Math.abs(binomialTail(5, 5, 0.2) - 0.00032) < 1e-9);
    assert.ok(Math.abs(binomialTail(2, 1, 0.5) - 0.75) < 1e-9);
  });

  test('a line at the top of five chapters is learned at the head; a story refrain is not', () => {
    const samples = [1, 2, 3, 4, 5].map((i) => {
      const lines = story(20, `${tags[i]}`);
      lines.unshift(`本站最新地址第${i}章，欢迎常来阅读小说`);
      lines.splice(10, 0, '“嗯。”');
      return sample('b', lines);
    });
    const candidates = learnBoilerplate(samples);
    assert.deepEqual(
      candidates.map((c) => [c.skeleton, c.place, c.chapters]),
      [['本站最新地址第{数}章,欢迎常来阅读小说', 'head', 5]],
    );
  });

  test('a motto quoted in a few chapters is not boilerplate; a note in most chapters is', () => {
    const motto = '九天之上唯我独尊，万古长夜一剑开天门！';
    const note = '-->>本章未完，点击下一页继续阅读';
    const samples = Array.from({ length: 60 }, (_, i) => {
      const lines = story(30, `${tags[i % 10]}${marks[Math.floor(i / 10)]}`);
      if (i % 12 === 0) lines.splice(15, 0, motto);
      lines.splice(12, 0, note);
      return sample('b', lines);
    });
    const skeletons = learnBoilerplate(samples).map((c) => c.skeleton);
    assert.ok(skeletons.includes(skeletonOf(note)));
    assert.ok(!skeletons.includes(skeletonOf(motto)));
  });

  test('two books of one site sharing a line is enough evidence', () => {
    const samples = [
      sample('a', [...story(40, '甲书'), '感谢书友们的支持与厚爱']),
      sample('b', [...story(40, '乙书'), '感谢书友们的支持与厚爱']),
    ];
    assert.deepEqual(
      learnBoilerplate(samples).map((c) => [c.place, c.books]),
      [['tail', 2]],
    );
  });

  test('a note at the very end of two chapters is learned at two; a short exclamation is not', () => {
    const samples = [1, 2].map((i) =>
      sample('b', [...story(20, `${tags[i]}`), '作者明天早上八点继续更新，各位书友晚安', '“嗯。”']),
    );
    // Last, but an exclamation; the note one line above the end: neither is learned yet.
    assert.deepEqual(learnBoilerplate(samples), []);
    const ending = [1, 2].map((i) =>
      sample('b', [...story(20, `${tags[i]}`), '“嗯。”', '作者明天早上八点继续更新，各位书友晚安']),
    );
    assert.deepEqual(
      learnBoilerplate(ending).map((c) => [c.skeleton, c.place, c.chapters]),
      [['作者明天早上八点继续更新,各位书友晚安', 'tail', 2]],
    );
  });

  test('property: running counts equal a recount after any adds and removes', () => {
    const lineArb = fc.constantFrom(
      '一秒记住【a.com】',
      '“嗯。”',
      '本章完',
      '他走了。',
      '她笑了。',
      '请收藏本站b.net',
    );
    const chapterArb = fc.record({
      book: fc.constantFrom('x', 'y'),
      lines: fc.array(lineArb, { minLength: 1, maxLength: 12 }),
    });
    fc.assert(
      fc.property(
        fc.array(chapterArb, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (chapters, drops) => {
          const samples = chapters.map((c) => sample(c.book, c.lines));
          const tallies = new Tallies();
          for (const s of samples) tallies.add(s);
          const kept = [...samples];
          for (const d of drops) {
            if (kept.length === 0) break;
            const [gone] = kept.splice(d % kept.length, 1);
            if (gone) tallies.remove(gone);
          }
          const sort = (xs: ReturnType<typeof learnBoilerplate>) =>
            xs.map((c) => `${c.skeleton}|${c.place}|${c.chapters}|${c.books}`).sort();
          assert.deepEqual(sort(tallies.candidates()), sort(learnBoilerplate(kept)));
        },
      ),
    );
  });

  test('the window forgets the oldest chapter, replaces a refetch, and undoes a bad page', () => {
    const window = new LearningWindow(3);
    // Second line, not first: a line at the very first place of two chapters is learned at two.
    const banner = (i: number) => {
      const [first = '', ...rest] = story(8, `${tags[i]}`);
      return sample('b', [first, `一秒记住【s${i}.com】精彩无弹窗`, ...rest]);
    };
    window.add('s', 'c1', banner(1));
    window.add('s', 'c2', banner(2));
    const third = window.add('s', 'c3', banner(3));
    const skeleton = banner(1).skeletons[1] ?? '';
    assert.equal(third.tallies.judge(skeleton)?.chapters, 3);
    const again = window.add('s', 'c3', banner(3));
    assert.equal(again.tallies.judge(skeleton)?.chapters, 3);
    const fourth = window.add('s', 'c4', sample('b', story(9, '坏页')));
    assert.equal(fourth.tallies.judge(skeleton), undefined, 'two chapters left: not enough');
    fourth.undo();
    assert.equal(fourth.tallies.judge(skeleton)?.chapters, 3);
  });
});

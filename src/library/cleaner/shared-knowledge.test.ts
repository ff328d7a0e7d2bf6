import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { SharedKnowledge, clausesOf } from './shared-knowledge.ts';
import { createCleaner } from './cleaner.ts';
import { MemoryBoilerplateStore } from './memory-boilerplate-store.ts';
import { skeletonOf } from './normalize.ts';
import { plainRegexEngine } from './testing/regex-engine.ts';
import { learnedPattern } from './testing/learned-pattern.ts';

const pattern = learnedPattern;

// Two other sites printed their notes with these phrasings.
const elsewhere = [
  pattern('http://a.test', '一秒钟记住本小说，最快更新（第3章）'),
  pattern('http://b.test', '本站访问地址，一秒钟记住本小说！'),
  pattern('http://b.test', '最快更新【笔趣阁 www.b1.com】'),
];
const note = (n: number) => `一秒钟记住本小说，最快更新，本站访问地址（第${n}章）`;

describe('knowledge from other sources', () => {
  test('clauses are cut at slots, chapter ordinals and punctuation', () => {
    assert.deepEqual(clausesOf(skeletonOf('一秒钟记住本小说，本站访问地址（第12章）')), [
      '一秒钟记住本小说',
      '本站访问地址',
    ]);
    assert.deepEqual(clausesOf('({站名}{网址}无广告!)'), ['无广告']);
  });

  test('a line is confirmed when two other sources hold each of its clauses', () => {
    const knowledge = new SharedKnowledge(elsewhere);
    assert.equal(knowledge.confirms(skeletonOf('一秒钟记住本小说，最快更新（第9章）')), true);
    // "本站访问地址" is known from one source only.
    assert.equal(knowledge.confirms(skeletonOf(note(9))), false);
    assert.equal(
      new SharedKnowledge(elsewhere, { minSources: 1 }).confirms(skeletonOf(note(9))),
      true,
    );
    // A story line with a known clause in it keeps its story.
    assert.equal(knowledge.confirms(skeletonOf('一秒钟记住本小说，他笑着合上了书。')), false);
  });

  test('a clause of a pattern an administrator rejected anywhere is never applied', () => {
    const knowledge = new SharedKnowledge([
      ...elsewhere,
      pattern('http://c.test', '最快更新，一秒钟记住本小说', 'rejected'),
    ]);
    assert.equal(knowledge.confirms(skeletonOf('一秒钟记住本小说，最快更新（第9章）')), false);
  });

  test("a new source's first chapter loses a note other sources confirm; it is stored for review", async () => {
    const store = new MemoryBoilerplateStore();
    for (const row of elsewhere) await store.upsert(row);
    await store.upsert(pattern('http://c.test', '本站访问地址（第1章）'));
    const cleaner = createCleaner({ boilerplate: store, regex: plainRegexEngine });
    const story = Array.from(
      { length: 20 },
      (_, i) => `第${'甲乙丙丁戊'[i % 5]}段，他走了很久${i}。`,
    );
    const input = (sourceKey: string, n: number) => ({
      sourceKey,
      bookKey: 'book',
      chapterTitle: `第${n}章`,
      chapterKey: `book#${n}`,
      content: [...story, note(n)].join('\n'),
    });
    const first = await cleaner.clean(input('http://new.test', 1));
    assert.deepEqual(first.paragraphs, story);
    const [stored] = await store.list('http://new.test');
    assert.equal(stored?.skeleton, skeletonOf(note(1), { chapterTitle: '第1章' }));
    assert.equal(stored?.status, 'suggested');
    assert.equal(stored?.place, 'tail');
    // Rejected for this source: kept, though other sources confirm it.
    await store.upsert({ ...stored!, status: 'rejected' });
    assert.deepEqual((await cleaner.clean(input('http://new.test', 2))).paragraphs, [
      ...story,
      note(2),
    ]);
    // Switched off: nothing from elsewhere (and no note words: built in, they know this note).
    const alone = createCleaner({
      boilerplate: store,
      regex: plainRegexEngine,
      shared: false,
      tailNotes: false,
    });
    assert.deepEqual((await alone.clean(input('http://other.test', 1))).paragraphs, [
      ...story,
      note(1),
    ]);
    const words = createCleaner({ boilerplate: store, regex: plainRegexEngine, shared: false });
    const byWords = await words.clean(input('http://third.test', 1));
    assert.deepEqual(byWords.paragraphs, story);
    assert.deepEqual(
      byWords.removed.map((r) => r.reason),
      ['tail-note'],
    );
    assert.deepEqual(await store.list('http://third.test'), []);
  });
});

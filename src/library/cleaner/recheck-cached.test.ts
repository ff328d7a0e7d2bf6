// A cached chapter against patterns its source learned after it was cleaned (Cleaner.recheck).
// The end-to-end case (`linhai read` again on a source's first chapters) is in
// test/cli/read-learns-boilerplate.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCleaner } from './cleaner.ts';
import { MemoryBoilerplateStore } from './memory-boilerplate-store.ts';
import { plainRegexEngine } from './testing/regex-engine.ts';
import { learnedPattern } from './testing/learned-pattern.ts';
import type { BoilerplatePattern } from './ports.ts';

const source = 'http://site.test';
const story = [
  '山道上只剩下风声。',
  '林风背着竹篓往山下走去。',
  '“师兄，等等我！”',
  '两人并肩而行。',
];
const note = '各位书友晚安，明天见';
const cached = [...story, note];

function setUp(clock: { t: number }) {
  const store = new MemoryBoilerplateStore();
  const cleaner = createCleaner({
    boilerplate: store,
    regex: plainRegexEngine,
    now: () => clock.t,
  });
  const learnedAt = (
    line: string,
    at: number,
    status: BoilerplatePattern['status'] = 'suggested',
  ) => store.upsert({ ...learnedPattern(source, line, status), createdAt: at, updatedAt: at });
  const recheck = (cleanedAt: number) =>
    cleaner.recheck({ sourceKey: source, bookKey: 'b', paragraphs: cached, cleanedAt });
  return { store, learnedAt, recheck };
}

test('a pattern learned after the chapter was cleaned removes its line; the story stays', async () => {
  const clock = { t: 1_000 };
  const { store, learnedAt, recheck } = setUp(clock);
  await learnedAt(note, 500);
  const result = await recheck(100);
  assert.deepEqual(result?.paragraphs, story);
  assert.deepEqual(
    result?.removed.map((r) => [r.line, r.reason]),
    [[note, 'learned']],
  );
  const [pattern] = await store.list(source);
  assert.equal(pattern?.hits, 1, 'the removal counts as the pattern’s hit');
});

test('patterns older than the copy, and rejected ones, are not applied again', async () => {
  const clock = { t: 1_000 };
  const { store, learnedAt, recheck } = setUp(clock);
  // Each step a minute later, so the cleaner reads the patterns again.
  const later = () => (clock.t += 60_000);
  await learnedAt(note, 50);
  assert.equal(await recheck(100), undefined, 'no pattern is newer than the copy');
  const [old] = await store.list(source);
  await store.upsert({ ...old!, hits: 7, updatedAt: 500 });
  later();
  assert.equal(await recheck(100), undefined, 'a hit since (updatedAt) does not make it newer');
  await learnedAt(note, 500, 'rejected');
  later();
  assert.equal(await recheck(100), undefined, 'a rejected pattern removes nothing');
  await learnedAt(note, 500, 'accepted');
  later();
  assert.deepEqual((await recheck(100))?.paragraphs, story, 'the same pattern accepted does');
});

test("the source's patterns are read at most once a minute: another process's is seen a minute later", async () => {
  const clock = { t: 1_000 };
  const { store, learnedAt, recheck } = setUp(clock);
  assert.equal(await recheck(100), undefined);
  await learnedAt(note, 500); // by another process: this cleaner does not know yet
  assert.equal(await recheck(100), undefined, 'within the minute, the patterns read before');
  clock.t += 60_000;
  assert.deepEqual((await recheck(100))?.paragraphs, story, 'a minute later, read again');
  assert.equal((await store.list(source)).length, 1);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCleaner, MemoryBoilerplateStore } from './index.ts';
import { plainRegexEngine } from './testing/regex-engine.ts';

/** A chapter of unique prose with a tail line that only learning can recognise (no address). */
function chapter(n: number): string {
  const words = '山水林白看远处心里想许多事情走来去说笑风雨天地人门前后花草树木日月星云';
  let seed = n * 7919;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const body = Array.from(
    { length: 30 },
    () =>
      Array.from({ length: 12 + (next() % 20) }, () => words[next() % words.length]).join('') +
      '。',
  );
  return [...body, `第${n}章写完了，作者明天早上八点继续更新，各位读者晚安`].join('\n');
}

test('learning resumes from the stored window: one cleaner per chapter still learns', async () => {
  const store = new MemoryBoilerplateStore();
  const served: string[][] = [];
  for (let n = 1; n <= 8; n++) {
    // A new cleaner each time, as `linhai read` is a new process each time.
    const cleaner = createCleaner({ boilerplate: store, regex: plainRegexEngine });
    const result = await cleaner.clean({
      sourceKey: 'site-new',
      bookKey: 'b',
      chapterKey: `b#${n}`,
      content: chapter(n),
    });
    served.push([...result.paragraphs]);
  }
  const patterns = await store.list('site-new');
  assert.deepEqual(
    patterns.map((p) => [p.skeleton, p.place]),
    [['第{数}章写完了,作者明天早上八点继续更新,各位读者晚安', 'tail']],
  );
  const firstClean = served.findIndex((p) => !p.some((line) => line.includes('各位读者晚安')));
  // The last line of two chapters: learned at the second (resumed from the first's digests).
  assert.ok(firstClean >= 1 && firstClean <= 4, `learned by chapter ${firstClean + 1}`);
  for (const paragraphs of served.slice(firstClean)) {
    assert.equal(paragraphs.length, 30, 'from then on every tail line goes, and no story line');
  }
});

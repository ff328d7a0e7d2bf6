// Java regex translation and the time-limited runner (legado-rules.md §3.7, §5, §10.6).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  translateJavaRegex,
  translateJavaReplacement,
  regexRunner,
  createRegexEngine,
  getString,
  parseContent,
  createVariableStore,
} from './index.ts';

function replaceAll(pattern: string, input: string, replacement: string): string {
  const t = translateJavaRegex(pattern);
  return input.replace(new RegExp(t.source, t.flags + 'g'), translateJavaReplacement(replacement));
}

describe('Java regex translation', () => {
  const cases: [pattern: string, input: string, replacement: string, expected: string][] = [
    ['(?i)abc', 'xABCx', '-', 'x-x'],
    ['(?s)a.b', 'a\nb', 'X', 'X'],
    ['(?is)a.B', 'A\nb', 'X', 'X'],
    ['\\h+', 'a \u3000\t b', '_', 'a_b'],
    ['[\\h,]+', 'a ,\u3000b', '_', 'a_b'],
    ['\\H', 'a b', '_', '_ _'],
    ['\\Qa.b\\E', 'a.b axb', 'X', 'X axb'],
    ['a++b', 'aab', 'X', 'X'],
    ['(?>ab|a)c', 'abc', 'X', 'X'],
    ['\\p{Punct}', 'a,b!', '', 'ab'],
    ['\\p{IsHan}+', 'ab汉字cd', '#', 'ab#cd'],
    ['^\\s*第.+章', '  第一章 开始', '', ' 开始'],
    ['end\\Z', 'the end\n', 'E', 'the E\n'],
    ['\\Aa', 'aa', 'b', 'ba'],
    ['(\\d+)', 'p12', '[$1]', 'p[12]'],
    ['(\\d)', 'p1', '\\$$1', 'p$1'],
    ['b', 'abc', '$0$0', 'abbc'],
    ['(?<n>\\d)', 'x5', '${n}${n}', 'x55'],
    ['x', 'x', 'a\\\\b', 'a\\b'],
  ];
  for (const [p, input, r, expected] of cases)
    test(`${p} on ${JSON.stringify(input)} with ${r} → ${JSON.stringify(expected)}`, () => {
      assert.equal(replaceAll(p, input, r), expected);
    });
  test('an invalid pattern is a rule error', () => {
    assert.throws(() => translateJavaRegex('(abc'), { code: 'rule-error' });
  });
});

describe('regex runner with a time limit', () => {
  test('a catastrophic pattern runs on RE2 in linear time', () => {
    const runner = regexRunner(200);
    const start = performance.now();
    assert.equal(runner.run('(a+)+$', { op: 'test', input: 'a'.repeat(40) + '!' }), false);
    assert.equal(runner.run('(a+)+$', { op: 'test', input: 'a'.repeat(40) }), true);
    assert.equal(runner.run('(a+)+b', { op: 'test', input: 'a'.repeat(100_000) }), false);
    assert.ok(performance.now() - start < 2000);
    assert.equal(
      runner.run('(x|y)+', {
        op: 'replace',
        input: 'axyyb' + ' '.repeat(30),
        replacement: '-',
        first: false,
      }),
      'a-b' + ' '.repeat(30),
    );
  });
  test('a catastrophic pattern RE2 cannot run (back-reference) is stopped by the guard', () => {
    const runner = regexRunner(200);
    const start = performance.now();
    assert.throws(
      () => runner.run('^(a+)+\\1$', { op: 'test', input: 'a'.repeat(40) + '!' }),
      /longer than 200 ms/,
    );
    const elapsed = performance.now() - start;
    console.log(`guarded catastrophic regex stopped after ${elapsed.toFixed(0)} ms`);
    assert.ok(elapsed < 2000);
    assert.equal(runner.run('^(a+)+\\1$', { op: 'test', input: 'a'.repeat(32) }), true);
  });
  test('safe patterns run inline and give group arrays', () => {
    const runner = regexRunner();
    assert.deepEqual(
      runner.run('<a href="(\\d+)">(x)?', { op: 'groups', input: '<a href="1"><a href="2">x' }),
      [
        ['<a href="1">', '1', ''],
        ['<a href="2">x', '2', 'x'],
      ],
    );
  });
  test('the cleaner port compiles Java patterns and replaces with Java syntax', () => {
    const engine = createRegexEngine();
    assert.equal(
      engine.compile('(?i)广告\\h*(\\d)', { timeoutMs: 500 }).replaceAll('x广告 1y', '<$1>'),
      'x<1>y',
    );
    assert.throws(() => engine.compile('[', { timeoutMs: 500 }), { code: 'rule-error' });
  });
});

describe('every rule regex is time-limited', () => {
  test('a catastrophic :matches() selector answers at once (RE2) instead of hanging', async () => {
    const page = parseContent(`<p>${'a'.repeat(40)}!</p><p>aaa</p>`, 'https://x/');
    const start = performance.now();
    assert.equal(
      await getString('@css:p:matches((a+)+$)@text', page, { variables: createVariableStore() }),
      'aaa',
    );
    assert.ok(performance.now() - start < 6000);
  });
  test('a catastrophic :matches() selector RE2 cannot run fails as a rule error', async () => {
    const page = parseContent(`<p>${'a'.repeat(40)}!</p>`, 'https://x/');
    const start = performance.now();
    await assert.rejects(
      getString('@css:p:matches(^(a+)+\\1$)@text', page, {
        variables: createVariableStore(),
        regexTimeLimitMs: 200,
      }),
      { code: 'rule-error' },
    );
    assert.ok(performance.now() - start < 6000);
  });
});

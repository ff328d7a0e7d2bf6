/**
 * Issue 18: patterns whose one quantifier ends them (`请记住本书首发域名.*`, `\s+`) run on V8
 * itself instead of RE2 (src/rules/regex-safe-native.ts). Hostile inputs for that shape — long
 * near-misses of the fixed part, huge runs of the quantified atom — stay linear; a pattern outside
 * the shape with a hostile input still runs on RE2 and answers at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regexRunner } from '#rules';

const limitMs = 1000;

function timed(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

test('hostile inputs for trailing-quantifier patterns run in linear time on V8', () => {
  const runner = regexRunner(limitMs);
  const cases: [string, string][] = [
    ['a{200}b.*', 'a'.repeat(200_000)], // every start matches 200 a's, then fails on b
    ['\\s+', ' '.repeat(1_000_000) + 'x'],
    ['请记住本书.*?', '请记住本'.repeat(250_000)],
    ['^.*', 'x'.repeat(1_000_000)],
    ['[^<]+', '<'.repeat(1_000_000)],
  ];
  for (const [pattern, input] of cases) {
    for (const op of [
      { op: 'replace' as const, input, replacement: '', first: false },
      { op: 'test' as const, input },
    ]) {
      const ms = timed(() => runner.run(pattern, op));
      assert.ok(ms < limitMs, `${pattern} on ${input.length} chars (${op.op}) took ${ms} ms`);
    }
  }
});

test('the same results as before: a trailing quantifier replaces what RE2 replaced', () => {
  const runner = regexRunner(limitMs);
  const text = '第1章 开始\u3000请记住本书首发域名：www.example.com。\n下一行  有  空格';
  assert.equal(
    runner.run('请记住本书首发域名.*', {
      op: 'replace',
      input: text,
      replacement: '',
      first: false,
    }),
    '第1章 开始\u3000\n下一行  有  空格',
  );
  assert.equal(
    runner.run('\\s+', { op: 'replace', input: 'a  b\n\tc', replacement: ' ', first: false }),
    'a b c',
  );
  assert.deepEqual(runner.run('第(\\d)章.*', { op: 'groups', input: text }), [
    ['第1章 开始\u3000请记住本书首发域名：www.example.com。', '1'],
  ]);
});

test('a middle quantifier with a hostile input is still not run by backtracking', () => {
  const ms = timed(() =>
    regexRunner(limitMs).run('<div>(.*?)</div>', { op: 'test', input: '<div>'.repeat(100_000) }),
  );
  assert.ok(ms < 5000, `took ${ms} ms (V8 backtracking takes over 20 s)`);
});

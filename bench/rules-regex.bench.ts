// The regex time guard (src/rules/regex-runner.ts): patterns that cannot backtrack badly run
// inline; risky ones (nested quantifiers, quantified alternation, back-references) run in a worker
// the caller waits for synchronously. This prints what each path costs per call, side by side, and
// how fast a catastrophic pattern is cut off.
import { regexRunner } from '#rules';

function perCall(fn: () => unknown, n: number): number {
  const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  return ((performance.now() - t) * 1000) / n;
}

export async function run(): Promise<boolean> {
  const runner = regexRunner(500);
  // Distinct subjects per call: V8 caches global-regex results for a repeated subject string.
  const inputs = Array.from({ length: 64 }, (_, i) =>
    `第${i}章 开始\u3000\u3000请记住本书首发域名：www.example.com。`.repeat(20),
  );
  let k = 0;
  const next = () => inputs[k++ & 63]!;
  const plain = /请记住本书首发域名.*/g;
  const safe = () =>
    runner.run('请记住本书首发域名.*', {
      op: 'replace',
      input: next(),
      replacement: '',
      first: false,
    });
  const risky = () =>
    runner.run('(请记住|记住)+本书首发域名.*', {
      op: 'replace',
      input: next(),
      replacement: '',
      first: false,
    });
  const native = () => next().replace(plain, '');
  for (let i = 0; i < 200; i++) {
    safe();
    risky();
    native();
  }
  const rows = [
    { path: 'native String.replace', 'µs per call': perCall(native, 2000).toFixed(2) },
    { path: 'runner, inline (safe pattern)', 'µs per call': perCall(safe, 2000).toFixed(2) },
    {
      path: 'runner, guarded worker (risky pattern)',
      'µs per call': perCall(risky, 300).toFixed(2),
    },
  ];
  const t = performance.now();
  let stopped = false;
  try {
    runner.run('(a+)+$', { op: 'test', input: 'a'.repeat(40) + '!' });
  } catch {
    stopped = true;
  }
  const cut = performance.now() - t;
  console.table(rows);
  console.log(
    `catastrophic (a+)+$ on 41 chars: ${stopped ? 'stopped' : 'NOT stopped'} after ${cut.toFixed(0)} ms (limit 500 ms)`,
  );
  return stopped && cut < 2000;
}

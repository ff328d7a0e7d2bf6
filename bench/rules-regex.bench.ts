// The regex runner (src/rules/regex-runner.ts): quantifier-free patterns, and those whose one
// quantifier ends them, run inline on V8; other quantified ones on RE2 (re2js, linear time), what RE2 cannot express (back-references,
// lookaround) in a worker the caller waits for under a time limit. This prints what each path
// costs per call next to plain V8, and how long hostile patterns take.
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
  const replace = (pattern: string) => () =>
    runner.run(pattern, { op: 'replace', input: next(), replacement: '', first: false });
  const plain = /请记住本书首发域名.*/g;
  const native = () => next().replace(plain, '');
  const paths: [string, () => unknown, number][] = [
    ['native String.replace (.*)', native, 2000],
    ['runner, inline (no quantifier)', replace('请记住本书首发域名'), 2000],
    [
      'runner, V8 (.* ends it: linear, regex-safe-native.ts)',
      replace('请记住本书首发域名.*'),
      2000,
    ],
    ['runner, V8 (\\s+ ends it)', replace('\\s+'), 2000],
    ['runner, RE2 (quantifier inside: <br\\s*/?>)', replace('<br\\s*/?>'), 300],
    ['runner, guarded worker (lookahead)', replace('请记住(?=本书).*'), 300],
  ];
  for (const [, fn] of paths) for (let i = 0; i < 50; i++) fn();
  const rows = paths.map(([path, fn, n]) => ({
    path,
    'µs per call (700 chars)': perCall(fn, n).toFixed(2),
  }));
  const links = Array.from(
    { length: 20_000 },
    (_, i) => `<li><a href="/c/${i}.html">第${i}章</a></li>`,
  );
  const toc = links.join('\n');
  let t = performance.now();
  runner.run('<a href="([^"]*)">([^<]*)</a>', { op: 'groups', input: toc });
  const re2Toc = performance.now() - t;
  t = performance.now();
  Array.from(toc.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g));
  const v8Toc = performance.now() - t;
  console.table(rows);
  console.log(
    `groups of 20,000 TOC links (${toc.length} chars): RE2 ${re2Toc.toFixed(0)} ms, V8 ${v8Toc.toFixed(1)} ms`,
  );
  const hostile: [string, string][] = [
    ['a*a*a*a*a*a*b', 'a'.repeat(76)],
    ['(a+)+$', 'a'.repeat(100_000) + '!'],
    ['<div>(.*?)</div>', '<div>'.repeat(100_000)],
  ];
  let worst = 0;
  for (const [pattern, input] of hostile) {
    t = performance.now();
    runner.run(pattern, { op: 'test', input });
    const ms = performance.now() - t;
    worst = Math.max(worst, ms);
    console.log(`hostile ${pattern} on ${input.length} chars: ${ms.toFixed(1)} ms`);
  }
  t = performance.now();
  let stopped = false;
  try {
    runner.run('^(a+)+\\1$', { op: 'test', input: 'a'.repeat(40) + '!' });
  } catch {
    stopped = true;
  }
  const cut = performance.now() - t;
  console.log(
    `back-reference ^(a+)+\\1$ on 41 chars: ${stopped ? 'stopped' : 'NOT stopped'} after ${cut.toFixed(0)} ms (limit 500 ms)`,
  );
  return stopped && cut < 2000 && worst < 2000;
}

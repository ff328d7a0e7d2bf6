/**
 * Runs rule regexes so that no source can freeze the process (Legado kills a rule's regex after
 * 3 s; Linhai's server must not stall at all):
 * - patterns without a quantifier, or whose one quantifier ends them, run inline on V8 (no
 *   backtracking through repetitions: time is at most input × pattern length; regex-safe-native.ts);
 * - every other pattern runs on RE2 (`linear-regex.ts`), linear in the input whatever the
 *   pattern: `a*a*a*a*a*a*b` took 15 s on 76 characters on V8;
 * - what RE2 cannot express (back-references, lookaround) runs on V8 in a worker thread that the
 *   caller waits for (Atomics.wait) and that is terminated past the time limit.
 * bench/rules-regex.bench.ts measures the paths.
 */
import { Worker, MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { RE2JS } from 're2js';
import { LinhaiError } from '#model';
import { javaRegex, translateJavaRegex, translateJavaReplacement } from './java-regex.ts';
import { isLinearOnV8 } from './regex-safe-native.ts';
import {
  linearGroups,
  linearRegex,
  linearReplace,
  linearReplaceFirstMatch,
} from './linear-regex.ts';

export type RegexOp =
  | { op: 'replace'; input: string; replacement: string; first: boolean }
  | { op: 'groups'; input: string }
  | { op: 'test'; input: string };

type RegexResult = string | string[][] | boolean;

// The worker is plain CommonJS (eval: true) so it needs no TypeScript loader.
const workerCode = `
const { workerData } = require('node:worker_threads');
const { port, flag } = workerData;
const state = new Int32Array(flag);
Atomics.store(state, 1, 1);
Atomics.notify(state, 1);
port.on('message', (m) => {
  let value, error;
  try {
    const re = new RegExp(m.source, m.flags + 'g');
    if (m.op === 'test') value = re.test(m.input);
    else if (m.op === 'groups') value = [...m.input.matchAll(re)].map((x) => Array.from(x, (g) => g ?? ''));
    else if (m.first) { const x = re.exec(m.input); value = x ? x[0].replace(new RegExp(m.source, m.flags), m.replacement) : ''; }
    else value = m.input.replace(re, m.replacement);
  } catch (e) { error = String(e); }
  port.postMessage({ value, error });
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
});
`;

interface Guard {
  worker: Worker;
  port: MessagePort;
  state: Int32Array;
}
let guard: Guard | undefined;

function getGuard(): Guard {
  if (guard) return guard;
  const { port1, port2 } = new MessageChannel();
  // state[0]: answer ready; state[1]: worker booted (boot time does not count against the limit).
  const flag = new SharedArrayBuffer(12);
  const worker = new Worker(workerCode, {
    eval: true,
    workerData: { port: port2, flag },
    transferList: [port2],
  });
  worker.unref();
  port1.unref();
  guard = { worker, port: port1, state: new Int32Array(flag) };
  return guard;
}

/** Stops the guard worker (tests, shutdown); a new one starts on demand. */
export function stopRegexGuard(): void {
  if (!guard) return;
  void guard.worker.terminate();
  guard.port.close();
  guard = undefined;
}

function runGuarded(pattern: string, op: RegexOp, timeLimitMs: number): RegexResult {
  const t = translateJavaRegex(pattern);
  const g = getGuard();
  if (Atomics.load(g.state, 1) === 0) Atomics.wait(g.state, 1, 0, 10_000);
  Atomics.store(g.state, 0, 0);
  g.port.postMessage({ ...op, source: t.source, flags: t.flags });
  const waited = Atomics.wait(g.state, 0, 0, timeLimitMs);
  if (waited === 'timed-out') {
    stopRegexGuard();
    getGuard(); // boot the replacement now, off the next caller's clock
    throw new LinhaiError(
      'rule-error',
      `regular expression ran longer than ${timeLimitMs} ms: ${pattern}`,
      {
        details: { rule: pattern },
      },
    );
  }
  // The flag can flip before the message reaches this port's queue: poll briefly for it.
  let received = receiveMessageOnPort(g.port);
  for (let i = 0; !received && i < 2000; i++) {
    Atomics.wait(g.state, 2, 0, 1);
    received = receiveMessageOnPort(g.port);
  }
  const msg = received?.message as { value?: RegexResult; error?: string } | undefined;
  if (!msg || msg.error !== undefined)
    throw new LinhaiError('rule-error', `regular expression failed: ${msg?.error ?? 'no answer'}`, {
      details: { rule: pattern },
    });
  return msg.value as RegexResult;
}

function runInline(pattern: string, op: RegexOp): RegexResult {
  const re = javaRegex(pattern);
  if (op.op === 'test') return re.test(op.input);
  if (op.op === 'groups')
    return Array.from(op.input.matchAll(re), (x) => Array.from(x, (g) => g ?? ''));
  if (op.first) {
    const x = re.exec(op.input);
    re.lastIndex = 0;
    return x ? x[0].replace(re, op.replacement) : '';
  }
  return op.input.replace(re, op.replacement);
}

function runLinear(re: RE2JS, op: RegexOp): RegexResult {
  if (op.op === 'test') return re.test(op.input);
  if (op.op === 'groups') return linearGroups(re, op.input);
  if (op.first) return linearReplaceFirstMatch(re, op.input, op.replacement);
  return linearReplace(re, op.input, op.replacement, false);
}

/** Whether the translated pattern repeats anything (`*`, `+`, `?`, `{n,m}` outside classes). */
function hasQuantifier(source: string): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '*' || c === '+' || c === '{') return true;
    else if (c === '?' && source[i - 1] !== '(') return true;
  }
  return false;
}

type Plan = { engine: 'inline' } | { engine: 'linear'; re: RE2JS } | { engine: 'guarded' };
const plans = new Map<string, Plan>();

function planFor(pattern: string): Plan {
  let plan = plans.get(pattern);
  if (plan === undefined) {
    const t = translateJavaRegex(pattern); // throws rule-error for an invalid pattern
    // Quantifier-free patterns, and those whose one quantifier ends them (`广告.*`), are linear on
    // V8 itself (regex-safe-native.ts): RE2 only for the rest.
    const native = !hasQuantifier(t.source) || isLinearOnV8(t.source);
    const re = native ? undefined : linearRegex(t);
    plan = native ? { engine: 'inline' } : re ? { engine: 'linear', re } : { engine: 'guarded' };
    if (plans.size > 5000) plans.clear();
    plans.set(pattern, plan);
  }
  return plan;
}

export interface RegexRunner {
  /** Runs one operation; throws LinhaiError('rule-error') on a bad pattern or past the limit. */
  run(pattern: string, op: RegexOp): RegexResult;
}

/** A runner with the given limit (ms) for the backtracking fallback; inputs under 24 chars run inline. */
export function regexRunner(timeLimitMs = 3000): RegexRunner {
  return {
    run(pattern, op) {
      const plan = planFor(pattern);
      if (plan.engine === 'linear') return runLinear(plan.re, op);
      return plan.engine === 'guarded' && op.input.length >= 24
        ? runGuarded(pattern, op, timeLimitMs)
        : runInline(pattern, op);
    },
  };
}

/**
 * The `RegexEngine` port of the cleaner (src/library/cleaner/ports.ts): Java patterns compiled
 * once, `replaceAll` with Java replacement syntax, under the time limit.
 */
export function createRegexEngine(): {
  compile(
    pattern: string,
    options: { readonly timeoutMs: number },
  ): { replaceAll(input: string, replacement: string): string };
} {
  return {
    compile(pattern, options) {
      translateJavaRegex(pattern); // throws rule-error now when the pattern is invalid
      const runner = regexRunner(options.timeoutMs);
      return {
        replaceAll: (input, replacement) =>
          runner.run(pattern, {
            op: 'replace',
            input,
            replacement: translateJavaReplacement(replacement),
            first: false,
          }) as string,
      };
    },
  };
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isLinhaiError } from '#model';
import type { LinhaiError } from '#model';
import { createSandbox, HostObject } from './index.ts';
import type { HostValue, Sandbox } from './index.ts';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rejectsWith(
  promise: Promise<unknown>,
  code: string,
  within?: number,
): Promise<LinhaiError> {
  const started = performance.now();
  try {
    await promise;
  } catch (error) {
    assert.ok(isLinhaiError(error), `expected a LinhaiError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (within !== undefined)
      assert.ok(performance.now() - started < within, `took ${performance.now() - started} ms`);
    return error;
  }
  assert.fail(`expected ${code}`);
}

describe('JavaScript sandbox', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await createSandbox();
  });
  after(() => sandbox.dispose());

  test('Legado bindings are visible, and a missing one is undefined in the next run', async () => {
    const bindings = {
      result: '<p>abc</p>',
      baseUrl: 'http://127.0.0.1/book/1',
      src: '{"a":1}',
      key: '临海',
      page: 2,
      book: { name: '临海听潮', author: '某人' },
      chapter: { title: '第一章', index: 0 },
      source: { bookSourceUrl: 'http://127.0.0.1' },
      title: '第一章',
    };
    const code =
      '[result, baseUrl, JSON.parse(src).a, key, page + 1, book.name, chapter.title, source.bookSourceUrl, title]';
    assert.deepEqual(await sandbox.run({ code, bindings }), [
      '<p>abc</p>',
      'http://127.0.0.1/book/1',
      1,
      '临海',
      3,
      '临海听潮',
      '第一章',
      'http://127.0.0.1',
      '第一章',
    ]);
    assert.equal(
      await sandbox.run({ code: 'typeof book + typeof result', bindings: { result: 'x' } }),
      'undefinedstring',
    );
  });

  test("a script's value is its last expression; top-level let/const can be declared again", async () => {
    assert.equal(await sandbox.run({ code: 'let a = 2; const b = 3; a * b', bindings: {} }), 6);
    assert.equal(await sandbox.run({ code: 'let a = 4; const b = 5; a * b', bindings: {} }), 20);
    assert.deepEqual(
      await sandbox.run({ code: '({x: [1, "2", null], y: {z: true}})', bindings: {} }),
      {
        x: [1, '2', null],
        y: { z: true },
      },
    );
    assert.equal(
      await sandbox.run({ code: 'if (result) { "yes" } else { "no" }', bindings: { result: '' } }),
      'no',
    );
  });

  test('a script whose value is a promise gives its settled result', async () => {
    const asyncCode = '(async () => { const v = await Promise.resolve(result); return v + "!" })()';
    assert.equal(await sandbox.run({ code: asyncCode, bindings: { result: 'done' } }), 'done!');
    await assert.rejects(
      sandbox.run({ code: 'Promise.reject(new Error("nope"))', bindings: {} }),
      (error) =>
        isLinhaiError(error, 'js-error') && error.message.startsWith('Error: nope (script line 1'),
    );
  });

  test('an async host function looks synchronous to the script', async () => {
    const java = new HostObject({
      ajax: async (url) => {
        await delay(20);
        return `body of ${String(url)}`;
      },
      put: (k, v) => v,
    });
    const code =
      'var body = java.ajax("http://127.0.0.1/a"); java.put("k", body.length); body.toUpperCase() + "!"';
    assert.equal(await sandbox.run({ code, bindings: { java } }), 'BODY OF HTTP://127.0.0.1/A!');
    // JSON.parse(java.ajax(url)), the commonest shape in real sources
    const api = new HostObject({ ajax: async () => '{"list":[{"name":"a"},{"name":"b"}]}' });
    const names = 'JSON.parse(java.ajax("u")).list.map(x => x.name).join(",")';
    assert.equal(await sandbox.run({ code: names, bindings: { java: api } }), 'a,b');
  });

  test('host calls made before an async one run once (the run is replayed, not repeated)', async () => {
    const calls: string[] = [];
    const java = new HostObject({
      log: (x) => {
        calls.push(`log ${String(x)}`);
        return x;
      },
      ajax: async (url) => {
        calls.push(`ajax ${String(url)}`);
        await delay(5);
        return 'ok';
      },
    });
    const code = 'java.log("start"); var a = java.ajax("u1"); java.log(a); java.ajax("u2") + a';
    assert.equal(await sandbox.run({ code, bindings: { java } }), 'okok');
    assert.deepEqual(calls, ['log start', 'ajax u1', 'log ok', 'ajax u2']);
  });

  test('jsLib functions are visible in later runs, sync and async', async () => {
    sandbox.loadLibrary('function twice(x) { return x * 2 } var LIB_NAME = "lib";');
    sandbox.loadLibrary('function twice(x) { return x * 2 } var LIB_NAME = "lib";'); // loaded once
    assert.equal(await sandbox.run({ code: 'twice(21) + LIB_NAME', bindings: {} }), '42lib');
    assert.equal(sandbox.runSync({ code: 'twice(4)', bindings: {} }), 8);
    const java = new HostObject({ ajax: async () => '5' });
    assert.equal(
      await sandbox.run({ code: 'twice(Number(java.ajax("u")))', bindings: { java } }),
      10,
    );
    assert.throws(
      () => sandbox.loadLibrary('function broken( {'),
      (error) => isLinhaiError(error, 'js-error'),
    );
  });

  test('runSync evaluates pure expressions and refuses async host calls', () => {
    assert.equal(
      sandbox.runSync({
        code: '@.price < 10'.replace('@', 'item'),
        bindings: { item: { price: 8 } },
      }),
      true,
    );
    const java = new HostObject({ ajax: async () => 'x' });
    assert.throws(
      () => sandbox.runSync({ code: 'java.ajax("u")', bindings: { java } }),
      (error) => isLinhaiError(error, 'js-error') && /asynchronous/.test(error.message),
    );
  });

  test('script errors map to js-error with the script message, and the sandbox stays usable', async () => {
    const error = await rejectsWith(
      sandbox.run({ code: 'throw new Error("bad rule")', bindings: {} }),
      'js-error',
    );
    assert.equal(
      error.message,
      'Error: bad rule (script line 1: "throw new Error(\\"bad rule\\")")',
    );
    await rejectsWith(sandbox.run({ code: 'undefinedFunction()', bindings: {} }), 'js-error');
    await rejectsWith(sandbox.run({ code: 'let x = ;', bindings: {} }), 'js-error');
    assert.throws(
      () => sandbox.runSync({ code: 'throw "plain"', bindings: {} }),
      (e) => isLinhaiError(e, 'js-error') && e.message === 'plain',
    );
    assert.equal(await sandbox.run({ code: '1 + 1', bindings: {} }), 2);
  });

  test('an error names its line in the script as written and, for "not a function", what was called', async () => {
    const lines = 'var list = java.getStringList("a");\n\nif (list.size2() > 0) list.get(0);';
    const error = await rejectsWith(
      sandbox.run({
        code: lines,
        bindings: { java: new HostObject({ getStringList: () => ['x'] }, 'java') },
      }),
      'js-error',
    );
    assert.equal(
      error.message,
      'TypeError: list.size2 is not a function (script line 3: "if (list.size2() > 0) list.get(0);")',
    );
    assert.deepEqual(error.details, {
      name: 'TypeError',
      callee: 'list.size2',
      file: 'script',
      line: 3,
      column: 15,
    });
    const chained = await rejectsWith(
      sandbox.run({
        code: 'java.nothing("u").x()',
        bindings: { java: new HostObject({}, 'java') },
      }),
      'js-error',
    );
    assert.equal(chained.details['callee'], 'java.nothing');
    const sb = await createSandbox();
    try {
      sb.loadLibrary('function lib(x) {\n  return x.foo.bar;\n}');
      const inLib = await rejectsWith(sb.run({ code: 'lib({})', bindings: {} }), 'js-error');
      assert.match(
        inLib.message,
        /cannot read property 'bar' of undefined \(jsLib line 2: "return x\.foo\.bar;"\)/,
      );
    } finally {
      sb.dispose();
    }
  });

  test('while(true){} stops with js-timeout within its budget; the sandbox is reused after', async () => {
    await rejectsWith(
      sandbox.run({ code: 'while(true){}', bindings: {}, timeLimitMs: 200 }),
      'js-timeout',
      1500,
    );
    await rejectsWith(
      sandbox.run({
        code: 'for(;;){ try { while(1){} } catch (e) {} }',
        bindings: {},
        timeLimitMs: 200,
      }),
      'js-timeout',
      1500,
    );
    assert.throws(
      () => sandbox.runSync({ code: 'while(true){}', bindings: {}, timeLimitMs: 100 }),
      (e) => isLinhaiError(e, 'js-timeout'),
    );
    const java = new HostObject({ ajax: async () => 'x' });
    await rejectsWith(
      sandbox.run({ code: 'java.ajax("u"); while(true){}', bindings: { java }, timeLimitMs: 200 }),
      'js-timeout',
      1500,
    );
    assert.equal(await sandbox.run({ code: '"alive"', bindings: {} }), 'alive');
  });

  test('time spent in host functions does not count against the script budget', async () => {
    const java = new HostObject({
      ajax: async () => {
        await delay(150);
        return 'slow';
      },
    });
    assert.equal(
      await sandbox.run({
        code: 'java.ajax("a") + java.ajax("b")',
        bindings: { java },
        timeLimitMs: 100,
      }),
      'slowslow',
    );
  });

  test('a script flooding a synchronous host function is stopped by its budget', async () => {
    const lines: string[] = [];
    const java = new HostObject({ log: (x) => void lines.push(String(x)) });
    const code = 'while (true) { try { java.log("spam") } catch (e) {} }';
    await rejectsWith(
      sandbox.run({ code, bindings: { java }, timeLimitMs: 300 }),
      'js-timeout',
      5000,
    );
    assert.ok(lines.length > 0 && lines.length <= 100_000, `${lines.length} lines`);
  });

  test('a memory bomb fails with js-memory and the sandbox is usable afterwards', async () => {
    await rejectsWith(
      sandbox.run({
        code: "let a=[];while(1)a.push('x'.repeat(1e6))",
        bindings: {},
        timeLimitMs: 10_000,
      }),
      'js-memory',
      5000,
    );
    await rejectsWith(
      sandbox.run({
        code: 'var keep=[];while(1)keep.push(new Uint8Array(1e6))',
        bindings: {},
        timeLimitMs: 10_000,
      }),
      'js-memory',
      5000,
    );
    assert.equal(await sandbox.run({ code: '"x".repeat(1000).length', bindings: {} }), 1000);
    const java = new HostObject({ ajax: async () => 'x' });
    await rejectsWith(
      sandbox.run({
        code: "java.ajax('u'); let b=[];while(1)b.push('y'.repeat(1e6))",
        bindings: { java },
        timeLimitMs: 10_000,
      }),
      'js-memory',
      10_000,
    );
    assert.equal(await sandbox.run({ code: 'java.ajax("u") + 1', bindings: { java } }), 'x1');
  });

  test('runaway recursion is a js-error (stack overflow), on sync and async engines', async () => {
    await rejectsWith(
      sandbox.run({ code: 'function f(){ return f() + 1 } f()', bindings: {} }),
      'js-error',
    );
    const java = new HostObject({ ajax: async () => 'x' });
    // Many runs, so V8 would have optimised the asyncify interpreter if it were allowed to.
    for (let i = 0; i < 300; i++) {
      await sandbox.run({
        code: 'java.ajax("u"); function d(n){ return n ? d(n-1) + 1 : 0 } d(200)',
        bindings: { java },
      });
    }
    const deep = 'java.ajax("u"); function d(n){ return n ? d(n-1) + 1 : 0 } d(500)';
    assert.equal(await sandbox.run({ code: deep, bindings: { java } }), 500);
    const error = await rejectsWith(
      sandbox.run({
        code: 'java.ajax("u"); function f(){ return f() + 1 } f()',
        bindings: { java },
      }),
      'js-error',
    );
    assert.match(error.message, /stack overflow/);
  });

  test('a host function may run another script (re-entry), sync or async', async () => {
    const java: HostObject = new HostObject({
      getString: (rule) =>
        sandbox.run({ code: 'result.toUpperCase()', bindings: { result: String(rule) } }),
      filter: (value) =>
        sandbox.runSync({ code: 'result + "!"', bindings: { result: value as HostValue } }),
    });
    const code = 'java.getString("abc") + "/" + result + "/" + java.filter("q") + "/" + result';
    assert.equal(
      await sandbox.run({ code, bindings: { java, result: 'outer' } }),
      'ABC/outer/q!/outer',
    );
    const endless: HostObject = new HostObject({
      again: () => sandbox.run({ code: 'java.again()', bindings: { java: endless } }),
    });
    await rejectsWith(
      sandbox.run({ code: 'java.again()', bindings: { java: endless } }),
      'js-error',
    );
  });

  test('concurrent runs with async host calls do not disturb each other', async () => {
    const make = (tag: string) =>
      new HostObject({
        ajax: async (u) => {
          await delay(Math.random() * 20);
          return `${tag}:${String(u)}`;
        },
      });
    const runs = Array.from({ length: 12 }, (_, i) =>
      sandbox.run({
        code: 'java.ajax(result) + "|" + java.ajax(result + "b") + "|" + result',
        bindings: { java: make(`t${i}`), result: `r${i}` },
      }),
    );
    const results = await Promise.all(runs);
    results.forEach((value, i) => assert.equal(value, `t${i}:r${i}|t${i}:r${i}b|r${i}`));
  });
});

describe('sandbox pools', () => {
  test('many concurrent runs whose host functions run nested async scripts do not deadlock', async () => {
    const sandbox = await createSandbox();
    const inner = new HostObject({ ajax: async (u) => `inner:${String(u)}` });
    const java: HostObject = new HostObject({
      getString: (rule) =>
        sandbox.run({ code: 'java.ajax(result)', bindings: { java: inner, result: String(rule) } }),
    });
    const runs = Array.from({ length: 12 }, (_, i) =>
      sandbox.run({ code: `java.getString("r${i}") + "!"`, bindings: { java } }),
    );
    const results = await Promise.all(runs);
    results.forEach((value, i) => assert.equal(value, `inner:r${i}!`));
    sandbox.dispose();
  });
});

describe('asyncify engine under V8 optimisation', () => {
  test('recursion on an asyncify engine survives a V8 forced to optimise all WASM (--no-liftoff)', () => {
    // Without the Liftoff-only compile in wasm-modules.ts this crashes at ~50-deep recursion.
    const index = fileURLToPath(new URL('./index.ts', import.meta.url));
    const script = `
      const { createSandbox, HostObject } = await import(${JSON.stringify(index)});
      const sandbox = await createSandbox();
      const java = new HostObject({ ajax: async () => 'x' });
      const depth = await sandbox.run({ code: 'java.ajax("u"); function d(n){ return n ? d(n-1) + 1 : 0 } d(300)', bindings: { java } });
      console.log('depth=' + depth);
      sandbox.dispose();`;
    const child = spawnSync(
      process.execPath,
      ['--no-liftoff', '--import', 'tsx', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
        timeout: 25_000,
      },
    );
    assert.match(child.stdout, /depth=300/, child.stderr);
  });
});

describe('sandbox lifecycle', () => {
  test('a disposed sandbox refuses runs', async () => {
    const sandbox = await createSandbox({ timeLimitMs: 300 });
    await rejectsWith(sandbox.run({ code: 'while(1){}', bindings: {} }), 'js-timeout', 2000);
    sandbox.dispose();
    await rejectsWith(sandbox.run({ code: '1', bindings: {} }), 'internal');
  });
});

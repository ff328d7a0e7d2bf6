/**
 * Contexts are reused across the calls of one source (issue 18) without sharing state: what a
 * call leaves on the global object is gone in the next call, and each source has contexts of its
 * own. Lazy bindings are converted only when read.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, HostObject, LazyBinding } from './index.ts';
import type { Sandbox } from './index.ts';

describe('sandbox isolation between calls and sources', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await createSandbox();
  });
  after(() => sandbox.dispose());

  test('globals a call sets, overwrites or is given are gone in the next call', async () => {
    const first = sandbox.forSource('https://a.example');
    const leaks =
      'var declared = 1; globalThis.assigned = 2; implicit = 3; function named() {}; parseInt = () => 42; secret';
    assert.equal(await first.run({ code: leaks, bindings: { secret: 's3cret' } }), 's3cret');
    const seen = await first.run({
      code: '[typeof declared, typeof assigned, typeof implicit, typeof named, parseInt("7"), typeof secret]',
      bindings: {},
    });
    assert.deepEqual(seen, ['undefined', 'undefined', 'undefined', 'undefined', 7, 'undefined']);
    // The same holds on the synchronous path and when a run fails half way.
    await assert.rejects(first.run({ code: 'var half = 1; throw new Error("x")', bindings: {} }));
    assert.equal(
      first.runSync({ code: 'globalThis.sync = 1; typeof half', bindings: {} }),
      'undefined',
    );
    assert.equal(first.runSync({ code: 'typeof sync', bindings: {} }), 'undefined');
  });

  test('an async call (a host function returning a promise) leaves nothing behind either', async () => {
    const java = new HostObject({ ajax: async () => 'body' });
    const own = sandbox.forSource('https://async.example');
    assert.equal(
      await own.run({ code: 'var page = java.ajax("u"); page', bindings: { java } }),
      'body',
    );
    assert.equal(await own.run({ code: 'typeof page', bindings: {} }), 'undefined');
  });

  test('two sources never share a context; one source keeps its own across calls', async () => {
    const a = sandbox.forSource('https://a.example');
    const b = sandbox.forSource('https://b.example');
    assert.notEqual(a, b);
    assert.equal(sandbox.forSource('https://a.example'), a);
    a.loadLibrary('var token = "A"; function who() { return token }');
    assert.equal(await a.run({ code: 'who()', bindings: {} }), 'A');
    assert.equal(await a.run({ code: 'token = "changed"; who()', bindings: {} }), 'changed');
    // The library's globals are the source's own state, restored for each call.
    assert.equal(await a.run({ code: 'who()', bindings: {} }), 'A');
    assert.equal(
      await b.run({ code: 'typeof who + typeof token', bindings: {} }),
      'undefinedundefined',
    );
    await b.run({ code: 'globalThis.fromB = 1', bindings: {} });
    assert.equal(await a.run({ code: 'typeof fromB', bindings: {} }), 'undefined');
    assert.equal(await sandbox.run({ code: 'typeof who', bindings: {} }), 'undefined');
  });

  test('a lazy binding is converted only when the script reads it, once per call', async () => {
    let made = 0;
    const page = () => new LazyBinding(() => `page ${++made}`);
    assert.equal(await sandbox.run({ code: '1 + 1', bindings: { src: page() } }), 2);
    assert.equal(made, 0);
    assert.equal(
      await sandbox.run({ code: 'src + "|" + src', bindings: { src: page() } }),
      'page 1|page 1',
    );
    assert.equal(made, 1);
    assert.equal(
      await sandbox.run({ code: 'src = "mine"; src', bindings: { src: page() } }),
      'mine',
    );
    assert.equal(made, 1);
    const java = new LazyBinding(() => new HostObject({ echo: (x) => x }));
    assert.equal(await sandbox.run({ code: 'java.echo("hi")', bindings: { java } }), 'hi');
  });

  test('a one-expression script, compiled once and called again, sees only its own run', async () => {
    const own = sandbox.forSource('https://compiled.example');
    const code = '(globalThis.seen = (globalThis.seen || "") + result, seen)';
    assert.equal(await own.run({ code, bindings: { result: 'chapter 1' } }), 'chapter 1');
    assert.equal(await own.run({ code, bindings: { result: 'chapter 2' } }), 'chapter 2');
    assert.equal(own.runSync({ code, bindings: { result: 'chapter 3' } }), 'chapter 3');
    assert.equal(
      await own.run({ code: 'typeof seen + typeof result', bindings: {} }),
      'undefinedundefined',
    );
    assert.equal(await own.run({ code: '1, result', bindings: { result: 'last' } }), 'last');
    // Code that means something else as a statement is still run as a script.
    assert.equal(await own.run({ code: '{}', bindings: {} }), undefined);
    assert.equal(await own.run({ code: 'function f() {}', bindings: {} }), undefined);
    await assert.rejects(own.run({ code: 'result.size2()', bindings: { result: 'x' } }), /line 1/);
  });

  test("the last run is swept before a jsLib is applied, so its globals never become the source's", async () => {
    const own = sandbox.forSource('https://late-lib.example');
    await own.run({
      code: 'globalThis.leak = "from a chapter"; var leakedVar = 1',
      bindings: { result: 'r' },
    });
    own.loadLibrary('var lib = "L"');
    assert.deepEqual(
      await own.run({ code: '[typeof leak, typeof leakedVar, typeof result, lib]', bindings: {} }),
      ['undefined', 'undefined', 'undefined', 'L'],
    );
  });

  test('a global the sweep cannot remove gives the next run a fresh context with the jsLib', async () => {
    const own = sandbox.forSource('https://stuck.example');
    own.loadLibrary('var lib = "L"');
    await own.run({
      code: 'Object.defineProperty(globalThis, "stuck", { value: 1 }); "done"',
      bindings: { result: 'r' },
    });
    assert.deepEqual(
      await own.run({ code: '[typeof stuck, lib, result]', bindings: { result: 'next' } }),
      ['undefined', 'L', 'next'],
    );
  });

  test('a lazy binding still works under a name an earlier run declared with var', async () => {
    const own = sandbox.forSource('https://var-lazy.example');
    await own.run({ code: 'var src = "mine"; src', bindings: {} });
    const src = new LazyBinding(() => 'the page');
    assert.equal(await own.run({ code: 'src', bindings: { src } }), 'the page');
    assert.equal(await own.run({ code: 'typeof src', bindings: {} }), 'undefined');
  });
});

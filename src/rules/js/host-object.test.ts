import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isLinhaiError } from '#model';
import { createSandbox, HostObject } from './index.ts';
import type { HostValue, Sandbox } from './index.ts';

/** A JSoup-shaped element list over plain records, the way the rule engine builds one. */
function element(tag: string, text: string, attrs: Record<string, string>): HostObject {
  return new HostObject(
    {
      text: () => text,
      attr: (name) => attrs[String(name)] ?? '',
      html: () => `<${tag}>${text}</${tag}>`,
      select: (css) => elements(String(css) === 'b' ? [element('b', text.toUpperCase(), {})] : []),
      toString: () => `<${tag}>${text}</${tag}>`,
      tagName: tag,
    },
    'Element',
  );
}
function elements(items: HostObject[]): HostObject {
  return new HostObject(
    {
      size: () => items.length,
      get: (i) => items[Number(i)] ?? null,
      text: () => items.map((item) => (item.members['text'] as () => string)()).join(' '),
      toString: () => items.map(String).join('\n'),
    },
    'Elements',
  );
}

describe('host objects in the sandbox', () => {
  let sandbox: Sandbox;
  const list = elements([element('a', 'one', { href: '/1' }), element('a', 'two', { href: '/2' })]);
  const java = new HostObject({
    getElements: () => list,
    getElement: () =>
      list.members['get'] instanceof Function
        ? (list.members['get'] as (i: number) => HostValue)(0)
        : null,
    echo: (value) => value,
    typeOf: (value) =>
      value instanceof HostObject
        ? `host:${value.label}`
        : Array.isArray(value)
          ? 'array'
          : typeof value,
    pair: (a, b) => [a ?? null, b ?? null],
  });
  before(async () => {
    sandbox = await createSandbox();
  });
  after(() => sandbox.dispose());

  test('JSoup-shaped calls: size(), get(i), select(), attr(), text(), toString()', async () => {
    const code = `
      var els = java.getElements("class.list@a"); var out = [];
      for (var i = 0; i < els.size(); i++) out.push(els.get(i).text() + "=" + els.get(i).attr("href"));
      out.push(els.get(1).select("b").get(0).text(), els.text(), String(els.get(0)), els.get(0).tagName);
      out`;
    assert.deepEqual(await sandbox.run({ code, bindings: { java } }), [
      'one=/1',
      'two=/2',
      'TWO',
      'one two',
      '<a>one</a>',
      'a',
    ]);
  });

  test('a HostObject returned by the script comes back as the same host object', async () => {
    assert.equal(await sandbox.run({ code: 'java.getElements("a")', bindings: { java } }), list);
    const value = await sandbox.run({
      code: '[java.getElements("a"), {n: java.getElements("a").get(1)}]',
      bindings: { java },
    });
    assert.ok(Array.isArray(value));
    assert.equal(value[0], list);
    assert.equal(((value[1] as Record<string, HostObject>)['n'] as HostObject).label, 'Element');
  });

  test('host objects passed back as arguments arrive as the original objects', async () => {
    assert.equal(
      await sandbox.run({ code: 'java.typeOf(java.getElements("a"))', bindings: { java } }),
      'host:Elements',
    );
    assert.equal(await sandbox.run({ code: 'java.typeOf([1,2])', bindings: { java } }), 'array');
    assert.deepEqual(await sandbox.run({ code: 'java.pair("x")', bindings: { java } }), [
      'x',
      null,
    ]);
  });

  test('nested plain values, arrays and host objects round-trip through a host method', async () => {
    const code =
      'var v = java.echo({a: [1, {b: "2"}], c: java.getElements("x").get(1), d: null, e: true}); [v.a[1].b, v.c.text(), v.d, v.e]';
    assert.deepEqual(await sandbox.run({ code, bindings: { java } }), ['2', 'two', null, true]);
    const bound = { book: { name: 'n', toc: [list, { inner: list }] } };
    assert.equal(
      await sandbox.run({
        code: 'book.toc[1].inner.get(0).attr("href") + book.toc[0].size()',
        bindings: bound,
      }),
      '/12',
    );
  });

  test('properties are copied in as plain values; a host object without toString prints its label', async () => {
    const source = new HostObject(
      { bookSourceUrl: 'http://127.0.0.1', weight: 3, getKey: () => 'http://127.0.0.1' },
      'BookSource',
    );
    const code =
      '[source.bookSourceUrl, source.weight, source.getKey(), String(source), typeof source.getKey]';
    assert.deepEqual(await sandbox.run({ code, bindings: { source } }), [
      'http://127.0.0.1',
      3,
      'http://127.0.0.1',
      'BookSource',
      'function',
    ]);
  });

  test('a host object kept from an earlier run fails cleanly when called', async () => {
    // A global does not outlive its run (the sweep); a built-in prototype is the one place left.
    await sandbox.run({
      code: 'var kept = java.getElements("a"); Object.defineProperty(Array.prototype, "kept", { value: kept, configurable: true }); kept.size()',
      bindings: { java },
    });
    assert.equal(await sandbox.run({ code: 'typeof kept', bindings: { java } }), 'undefined');
    await assert.rejects(
      sandbox.run({
        code: 'try { [].kept.size() } finally { delete Array.prototype.kept }',
        bindings: { java },
      }),
      (error) => isLinhaiError(error, 'js-error') && /no longer available/.test(error.message),
    );
  });

  test('a host method that throws gives the script a catchable Error with the message', async () => {
    const failing = new HostObject({
      getString: () => {
        throw new Error('bad rule: @@x');
      },
    });
    const code = 'try { java.getString("@@x") } catch (e) { e.message }';
    assert.equal(await sandbox.run({ code, bindings: { java: failing } }), 'bad rule: @@x');
  });

  test('Rhino String idioms work: String(x), x + "", equals, getBytes, isEmpty', async () => {
    const code = `var s = java.echo("中a"); [String(s) === s, s + "" , s.equals("中a"), s.getBytes().length, "".isEmpty(), s.contains("a"), "ab1".matches("[a-z]+\\\\d")]`;
    assert.deepEqual(await sandbox.run({ code, bindings: { java } }), [
      true,
      '中a',
      true,
      4,
      true,
      true,
      true,
    ]);
  });

  test('functions, undefined and symbols have no host value; numbers stay numbers', async () => {
    assert.equal(await sandbox.run({ code: '(function(){})', bindings: {} }), undefined);
    assert.equal(await sandbox.run({ code: 'undefined', bindings: {} }), undefined);
    assert.equal(await sandbox.run({ code: '1.5 * 2', bindings: {} }), 3);
    assert.deepEqual(await sandbox.run({ code: '[1, undefined, () => 1]', bindings: {} }), [
      1,
      null,
      null,
    ]);
  });

  test('a value too large for the memory budget is refused before it reaches the sandbox', async () => {
    const huge = 'x'.repeat(20 * 1024 * 1024);
    await assert.rejects(sandbox.run({ code: 'result.length', bindings: { result: huge } }), (e) =>
      isLinhaiError(e, 'js-memory'),
    );
    const big = new HostObject({ page: () => huge });
    await assert.rejects(
      sandbox.run({ code: 'java.page().length', bindings: { java: big } }),
      (e) => isLinhaiError(e, 'js-memory'),
    );
    const caught = 'try { java.page() } catch (e) { "caught: " + e.message.slice(0, 8) }';
    assert.equal(await sandbox.run({ code: caught, bindings: { java: big } }), 'caught: a 209715');
    assert.equal(
      await sandbox.run({ code: 'result.length', bindings: { result: 'x'.repeat(1e6) } }),
      1e6,
    );
  });

  // A bare number crosses as itself (-0 stays -0); inside arrays and objects values cross as JSON
  // carries them, so a nested -0 arrives as 0.
  test('property: any JSON value crosses in and out unchanged (as JSON would carry it)', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 4 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
        (value, text) => {
          const expected = JSON.parse(JSON.stringify(value)) as HostValue;
          assert.deepEqual(
            sandbox.runSync({ code: 'result', bindings: { result: value as HostValue } }),
            typeof value === 'number' ? value : expected,
          );
          assert.deepEqual(
            sandbox.runSync({
              code: '[result, text]',
              bindings: { result: value as HostValue, text },
            }),
            [expected, text],
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

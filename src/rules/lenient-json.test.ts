import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isLinhaiError } from '#model';
import { parseLenientJson } from './lenient-json.ts';

function errorAt(text: string): { line: unknown; column: unknown; message: string } {
  try {
    parseLenientJson(text);
  } catch (error) {
    assert.ok(isLinhaiError(error, 'import-parse'), `expected import-parse, got ${String(error)}`);
    return { line: error.details['line'], column: error.details['column'], message: error.message };
  }
  assert.fail(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseLenientJson', () => {
  test('reads strict JSON exactly like JSON.parse', () => {
    const text = '{"a":[1,2.5,-3e2,true,false,null,"x\\n\\u4e2d"],"b":{"c":""}}';
    assert.deepEqual(parseLenientJson(text).value, JSON.parse(text));
    assert.deepEqual(parseLenientJson(text).warnings, []);
  });

  test('accepts BOM, comments, single quotes, unquoted keys and trailing commas', () => {
    const text =
      "\ufeff// a collection\n[ { bookSourceUrl: 'https://a.com', /* c */ n: 1, }, # hash\n ]";
    const { value, warnings } = parseLenientJson(text);
    assert.deepEqual(value, [{ bookSourceUrl: 'https://a.com', n: 1 }]);
    assert.ok(warnings.some((w) => w.includes('trailing comma')));
  });

  test('accepts raw newlines and tabs inside strings (hand-edited files)', () => {
    assert.deepEqual(parseLenientJson('{"js":"a\n\tb"}').value, { js: 'a\n\tb' });
  });

  test('keeps key order and treats __proto__ as data', () => {
    const value = parseLenientJson('{"z":1,"a":2,"__proto__":{"x":1}}').value as Record<
      string,
      unknown
    >;
    assert.deepEqual(Object.keys(value), ['z', 'a', '__proto__']);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal(({} as Record<string, unknown>)['x'], undefined);
  });

  test('rejects two concatenated files with the position of the second', () => {
    const e = errorAt('[{"a":1}]\n[{"b":2}]');
    assert.equal(e.line, 2);
    assert.equal(e.column, 1);
    assert.match(e.message, /second JSON document/);
  });

  test('rejects a truncated file, naming what is missing', () => {
    const e = errorAt('[\n  {"bookSourceUrl": "https://a.com",\n   "ruleSearch": {"name": "x"');
    assert.match(e.message, /missing "}"/);
    assert.equal(e.line, 3);
  });

  test('rejects an unterminated string at its opening quote', () => {
    const e = errorAt('{"a": "abc');
    assert.equal(e.column, 7);
    assert.match(e.message, /missing closing quote/);
  });

  test('rejects a missing comma with line and column', () => {
    const e = errorAt('{\n"a": 1\n"b": 2}');
    assert.deepEqual([e.line, e.column], [3, 1]);
  });

  test('rejects an empty file, empty list items and deep nesting', () => {
    assert.match(errorAt('  ').message, /empty/);
    assert.match(errorAt('[1,,2]').message, /empty list item/);
    assert.match(errorAt('['.repeat(5000)).message, /nesting deeper/);
  });

  test('fuzz: any JSON value round-trips through JSON.stringify', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        assert.deepEqual(parseLenientJson(text).value, JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  test('fuzz: arbitrary text either parses or fails with import-parse and a position', () => {
    const alphabet = fc.constantFrom(...'{}[]:,"\'\\/*#abc01 \n-.e'.split(''));
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')),
        (text) => {
          try {
            parseLenientJson(text);
          } catch (error) {
            assert.ok(isLinhaiError(error, 'import-parse'));
            assert.equal(typeof error.details['line'], 'number');
            assert.equal(typeof error.details['column'], 'number');
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('fuzz: cutting a valid file anywhere is rejected, never a crash', () => {
    const doc = JSON.stringify([
      { bookSourceUrl: 'https://a.com', ruleSearch: { bookList: 'class.x' } },
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: doc.length - 1 }), (cut) => {
        assert.throws(
          () => parseLenientJson(doc.slice(0, cut)),
          (e) => isLinhaiError(e, 'import-parse'),
        );
      }),
    );
  });
});

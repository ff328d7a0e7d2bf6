/**
 * The direct string transfer (heap-strings.ts) is in use with the pinned quickjs-emscripten, and
 * it gives the same strings as the public API, through the sandbox too.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { QuickJSContext } from 'quickjs-emscripten-core';
import { stringTransfer } from './heap-strings.ts';
import { loadSyncModule } from './wasm-modules.ts';
import { createSandbox } from './index.ts';
import type { Sandbox } from './index.ts';

const samples = [
  '',
  'plain ASCII',
  '　　他走到海边，看潮水一层层涌上来。<br/>'.repeat(300),
  'emoji 🌊 and é, ß, 한국어',
  'x'.repeat(200_000),
];

describe('string transfer through the module heap', () => {
  let context: QuickJSContext;
  let sandbox: Sandbox;
  before(async () => {
    context = (await loadSyncModule(32 * 1024 * 1024)).newContext();
    sandbox = await createSandbox();
  });
  after(() => {
    context.dispose();
    sandbox.dispose();
  });

  test('is used with this quickjs-emscripten (if not, every long string costs ~2x to pass)', () => {
    assert.equal(stringTransfer(context).direct, true);
  });

  test('round-trips text as the public API does, both ways', () => {
    const strings = stringTransfer(context);
    for (const text of samples) {
      const direct = strings.newString(text);
      const made = context.newString(text);
      assert.equal(context.getString(direct), text);
      assert.equal(strings.getString(made), text);
      assert.equal(context.getNumber(context.getProp(direct, 'length')), text.length);
      direct.dispose();
      made.dispose();
    }
  });

  test('scripts get and give the same text, NUL and lone surrogates included', async () => {
    for (const text of [...samples, 'a\u0000b', 'lone \ud800 surrogate', '\udc00']) {
      assert.equal(await sandbox.run({ code: 'result', bindings: { result: text } }), text);
      assert.equal(
        await sandbox.run({ code: 'result.length', bindings: { result: text } }),
        text.length,
      );
    }
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { isLinhaiError, LinhaiError } from '#model';
import { createSandbox, HostObject } from './index.ts';
import type { Sandbox } from './index.ts';

/** A guarded ajax like the rule engine's: only 127.0.0.1 is allowed, any other private address is refused. */
function guardedAjax(): (url: unknown) => Promise<string> {
  return async (url) => {
    const target = new URL(String(url));
    if (target.hostname !== '127.0.0.1') {
      throw new LinhaiError('net-refused-guard', `refused private address ${target.hostname}`, {
        details: { url: target.href },
      });
    }
    const response = await request(target);
    return response.body.text();
  };
}

describe('sandbox security', () => {
  let sandbox: Sandbox;
  let server: Server;
  let base = '';
  before(async () => {
    sandbox = await createSandbox({ timeLimitMs: 500 });
    server = createServer((req, res) => res.end(`hello from ${req.url ?? ''}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    sandbox.dispose();
    await new Promise((resolve) => server.close(resolve));
  });

  test('no ambient authority: process, require, fetch, module loading, the host call hook', async () => {
    const probes = [
      'typeof process',
      'typeof require',
      'typeof fetch',
      'typeof globalThis.fetch',
      'typeof XMLHttpRequest',
      'typeof Function("return this")().process',
      'typeof (0, eval)("this").require',
      'this.constructor.constructor("return typeof process")()',
      'typeof __linhaiHostCall',
      'typeof std',
      'typeof os',
    ];
    const types = await sandbox.run({ code: `[${probes.join(',')}]`, bindings: {} });
    assert.deepEqual(
      types,
      probes.map(() => 'undefined'),
    );
    await assert.rejects(sandbox.run({ code: 'require("fs")', bindings: {} }), (e) =>
      isLinhaiError(e, 'js-error'),
    );
    await assert.rejects(sandbox.run({ code: 'process.exit(1)', bindings: {} }), (e) =>
      isLinhaiError(e, 'js-error'),
    );
  });

  test("import('fs') cannot load anything", async () => {
    const code =
      '(async () => { try { await import("fs"); return "loaded" } catch (e) { return "refused" } })()';
    assert.equal(await sandbox.run({ code, bindings: {} }), 'refused');
    await assert.rejects(sandbox.run({ code: 'import fs from "fs"; 1', bindings: {} }), (e) =>
      isLinhaiError(e, 'js-error'),
    );
  });

  test('the network is reachable only through the host helper, and its guard refusal is catchable', async () => {
    const java = new HostObject({ ajax: guardedAjax() });
    assert.equal(
      await sandbox.run({ code: `java.ajax("${base}/ok")`, bindings: { java } }),
      'hello from /ok',
    );
    const caught = `try { java.ajax("http://127.0.0.2/admin") } catch (e) { e.name + "|" + e.code + "|" + e.message }`;
    assert.equal(
      await sandbox.run({ code: caught, bindings: { java } }),
      'LinhaiError|net-refused-guard|refused private address 127.0.0.2',
    );
    // Not caught: the run fails with the guard's own error, so the caller sees why.
    await assert.rejects(
      sandbox.run({ code: 'java.ajax("http://127.0.0.2/admin")', bindings: { java } }),
      (e) => isLinhaiError(e, 'net-refused-guard') && e.details['url'] === 'http://127.0.0.2/admin',
    );
  });

  test('a script cannot reach host internals through the wrappers', async () => {
    const java = new HostObject({ get: (key) => `value of ${String(key)}` });
    const code = `[
      java.get.constructor("return typeof process")(),
      Object.keys(java).join(","),
      (() => { try { java.nope(); return "called" } catch (e) { return e.name } })(),
      java.get("constructor"),
    ]`;
    assert.deepEqual(await sandbox.run({ code, bindings: { java } }), [
      'undefined',
      'get',
      'TypeError',
      'value of constructor',
    ]);
    const proto = new HostObject({});
    assert.equal(
      await sandbox.run({
        code: 'try { o.toString.call(null); "ok" } catch (e) { "err" }',
        bindings: { o: proto },
      }),
      'ok',
    );
  });

  test('budgets hold for hostile shapes: catch-all loops, huge strings, deep JSON', async () => {
    await assert.rejects(
      sandbox.run({
        code: 'while (true) { try { for(;;); } catch (e) {} finally { continue } }',
        bindings: {},
      }),
      (e) => isLinhaiError(e, 'js-timeout'),
    );
    await assert.rejects(
      sandbox.run({ code: 'let s = "x"; while (true) s = s + s; s.length', bindings: {} }),
      (e) => isLinhaiError(e) && ['js-error', 'js-memory'].includes(e.code),
    );
    await assert.rejects(sandbox.run({ code: 'JSON.parse("[".repeat(1e5))', bindings: {} }), (e) =>
      isLinhaiError(e, 'js-error'),
    );
    assert.equal(await sandbox.run({ code: '"still" + " fine"', bindings: {} }), 'still fine');
  });
});

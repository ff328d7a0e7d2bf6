/**
 * Issue 16, item 8: a source script's `cache.put` was unbounded: 300 puts of 1 MiB took a server
 * from 350 to 928 MiB and ran 6–7 s against the script's 1 s budget (time in host calls was never
 * checked: QuickJS polls its interrupt handler only every ~10,000 operations).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { isLinhaiError } from '#model';
import { createSandbox } from '#rules';
import type { Sandbox } from '#rules';
import { createHttpClient } from '#net';
import type { HttpClient } from '#net';
import { createSourceDriver, importSources } from '#sources';
import { helperBindings } from '../../src/sources/source-binding.ts';
import { defaultScriptCacheLimits } from '../../src/sources/script-cache.ts';
import { startServer } from '../../src/net/test-support.ts';
import type { TestServer } from '../../src/net/test-support.ts';

let sandbox: Sandbox;
let site: TestServer;
let http: HttpClient;
before(async () => {
  sandbox = await createSandbox();
  site = await startServer((_req, res) => void res.end('<ul><li><a href="/b/1">书</a></li></ul>'));
  http = createHttpClient({ env: {}, robots: false, allowHosts: ['127.0.0.1'] });
});
after(async () => {
  sandbox?.dispose();
  await http?.close();
  await site?.close();
});

const flood = (puts: number) =>
  `var big = 'x'.repeat(1 << 20); for (var i = 0; i < ${puts}; i++) cache.put('k' + i, big + i);`;

test('a search script flooding cache.put stops at its time budget', async () => {
  const [source] = importSources(
    JSON.stringify([
      {
        bookSourceUrl: site.origin,
        bookSourceName: 'cache flood',
        searchUrl: '/search?q={{key}}',
        ruleSearch: {
          bookList: `@js:${flood(1000)} result`,
          name: 'a@text',
          bookUrl: 'a@href',
        },
      },
    ]),
  ).sources;
  const driver = createSourceDriver({ source: source!, fetcher: http, sandbox });
  const started = performance.now();
  await assert.rejects(driver.search('书'), (e) => isLinhaiError(e, 'js-timeout'));
  // 1000 puts took ~10 s before; the budget is 1 s. Generous for a loaded CI machine.
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 6_000, `the script ran ${Math.round(elapsed)} ms`);
});

test('the cache keeps at most its byte budget: old entries make room, a huge value is refused', async () => {
  const { cache } = helperBindings('cache flood', undefined, undefined);
  const value = await sandbox.run({
    code: `${flood(300)}
      var tooBig = '';
      try { cache.put('huge', 'y'.repeat(3 << 20)); } catch (e) { tooBig = e.message; }
      JSON.stringify({ first: cache.get('k0'), last: (cache.get('k299') || '').length, tooBig: tooBig })`,
    bindings: { cache } as never,
    timeLimitMs: 120_000,
  });
  const seen = JSON.parse(String(value)) as { first: unknown; last: number; tooBig: string };
  assert.equal(seen.first, null, 'the oldest entries were evicted');
  assert.equal(seen.last, (1 << 20) + 3, 'the newest entry is there');
  assert.match(seen.tooBig, /more than the source's whole cache/);
  const kept = Math.floor(defaultScriptCacheLimits.maxBytes / (2 * ((1 << 20) + 8)));
  const present = await sandbox.run({
    code: `var n = 0; for (var i = 0; i < 300; i++) if (cache.get('k' + i) !== null) n++; n`,
    bindings: { cache } as never,
  });
  assert.ok(Number(present) <= kept, `${String(present)} entries of 1 MiB kept`);
});

/**
 * Issue 16, item 7: a source's regex froze the whole process. `a*a*a*a*a*a*b` (not flagged by the
 * static check) ran on the main thread for 15 s on 76 characters; flagged ones blocked it too,
 * because the caller waited synchronously. Now every quantified pattern RE2 can express runs on
 * RE2 (linear time); the rest (back-references, lookaround) in a worker with a time limit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpClient } from '#net';
import type { HttpClient } from '#net';
import { regexRunner } from '#rules';
import { createSourceDriver, importSources } from '#sources';
import { startServer } from '../../src/net/test-support.ts';
import type { TestServer } from '../../src/net/test-support.ts';

const victim = 'a'.repeat(76);
let site: TestServer;
let http: HttpClient;
before(async () => {
  site = await startServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<ul><li><a href="/b/1">${victim}</a></li></ul>`);
  });
  http = createHttpClient({ env: {}, robots: false, allowHosts: ['127.0.0.1'] });
});
after(async () => {
  await http?.close();
  await site?.close();
});

/** How long `work` took, in ms. */
async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

test('a search whose rule carries a*a*a*a*a*a*b answers at once', async () => {
  const [source] = importSources(
    JSON.stringify([
      {
        bookSourceUrl: site.origin,
        bookSourceName: 'slow regex',
        searchUrl: '/search?q={{key}}',
        ruleSearch: {
          bookList: 'li',
          name: 'a@text##a*a*a*a*a*a*b##x',
          bookUrl: 'a@href',
        },
      },
    ]),
  ).sources;
  const driver = createSourceDriver({ source: source!, fetcher: http });
  const ms = await timed(async () => {
    const hits = await driver.search('a');
    assert.equal(hits[0]?.name, victim, 'no match: the name is unchanged');
  });
  // 15 s before; generous for a loaded CI machine.
  assert.ok(ms < 5_000, `the search took ${Math.round(ms)} ms`);
});

test('patterns the old check flagged no longer block the event loop for their time limit', async () => {
  const runner = regexRunner(3000);
  const input = 'a'.repeat(100_000);
  const ms = await timed(async () => {
    for (const pattern of ['(a+)+b', '(a|aa)*b', 'a*a*a*a*a*a*b', '<div>(.*?)</div>']) {
      assert.equal(runner.run(pattern, { op: 'test', input }), false, pattern);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  // Each ran to the 3 s limit (or far past it, unflagged) while the event loop stood still.
  assert.ok(ms < 5_000, `${Math.round(ms)} ms`);
});

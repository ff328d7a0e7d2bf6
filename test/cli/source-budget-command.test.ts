/**
 * `linhai sources budget` in-process over a real SQLite store: an administrator raises a stored
 * source's budget, reads it back, clears it; out-of-range values and unknown sources are refused
 * with errors saying what to fix. (test/sources/raised-budget.test.ts shows the raise taking
 * effect over a demo site, with robots.txt still applying.)
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLinhaiError } from '#model';
import { sourcesCli } from './sources-in-process.ts';

describe('linhai sources budget', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'linhai-budget-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const cli = sourcesCli(dataDir);
  const run = async (...args: string[]): Promise<string> => {
    cli.out.length = 0;
    await cli.run(['sources', ...args]);
    return cli.out.join('\n');
  };
  const url = 'http://127.0.0.1:9/own-site';

  test('raises, shows and clears a stored source’s budget', async () => {
    const file = join(dataDir, 'source.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          bookSourceUrl: url,
          bookSourceName: 'Own site',
          searchUrl: '/search?q={{key}}',
          ruleSearch: { bookList: 'class.item', name: 'tag.a@text', bookUrl: 'tag.a@href' },
        },
      ]),
    );
    await run('import', file, '--no-check');
    assert.equal(await run('budget', 'Own site'), `${url}: the host default budget`);
    assert.equal(
      await run('budget', 'Own site', '--concurrency', '8', '--interval-ms', '0'),
      `${url}: raised budget: 8 in flight, one start per 0 ms (robots.txt still applies)`,
    );
    const shown = JSON.parse(await run('budget', url, '--json')) as {
      budget: { concurrency: number; minIntervalMs: number };
    };
    assert.deepEqual([shown.budget.concurrency, shown.budget.minIntervalMs], [8, 0]);
    await run('budget', 'Own site', '--interval-ms', '50');
    assert.match(await run('budget', 'Own site'), /default concurrency, one start per 50 ms/);
    assert.equal(await run('budget', 'Own site', '--clear'), `${url}: the host default budget`);
  });

  test('out-of-range values and unknown sources are refused', async () => {
    await assert.rejects(run('budget', 'Own site', '--concurrency', '500'), (e) =>
      isLinhaiError(e, 'invalid-input'),
    );
    await assert.rejects(run('budget', 'Own site', '--interval-ms', '-5'));
    await assert.rejects(run('budget', 'Own site', '--clear', '--concurrency', '2'), (e) =>
      isLinhaiError(e, 'invalid-input'),
    );
    await assert.rejects(run('budget', 'Nobody', '--concurrency', '2'), (e) =>
      isLinhaiError(e, 'not-found'),
    );
  });
});

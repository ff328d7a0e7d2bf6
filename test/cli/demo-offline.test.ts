/**
 * `linhai demo` keeps its data folder offline: the built-in internet sources (stored on first
 * start) are turned off there and it says so; the demo sites' sources are what a search reaches.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startCli } from './run-cli.ts';

test('linhai demo turns the built-in internet sources off in its data folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'linhai-demo-offline-'));
  // As a user's first start: the built-in sources are stored (the test runner turns that off).
  const env = { LINHAI_DATA_DIR: dir, LINHAI_BUILTIN_SOURCES: '1' };
  try {
    const demo = await startCli(['demo'], /Turned off the built-in internet sources.*\n/, env);
    await demo.stop();
    assert.match(demo.output(), new RegExp(`in ${dir} so the demo stays offline: .+`));
    const list = await runCli(['sources', 'list', '--json'], env);
    assert.equal(list.code, 0, list.stderr);
    const sources = JSON.parse(list.stdout) as { builtIn: boolean; enabled: boolean }[];
    const builtIn = sources.filter((s) => s.builtIn);
    assert.ok(builtIn.length >= 1, 'the built-in sources are stored');
    assert.ok(
      builtIn.every((s) => !s.enabled),
      'and every one is off',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

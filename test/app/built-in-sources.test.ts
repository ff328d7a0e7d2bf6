import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '#app';
import { runCli } from '../cli/run-cli.ts';

test('a fresh instance stores the built-in sources once, marked, and respects a disabled one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'linhai-builtin-'));
  try {
    const first = await openApp({ dataDir: dir, seedBuiltInSources: true });
    const rows = await first.store.sources.list();
    assert.equal(rows.length, 3);
    assert.ok(rows.every((row) => row.capabilities['builtIn'] === true && row.enabled));
    assert.deepEqual(
      (await first.gateway.searchableSources()).length,
      3,
      'searchable out of the box',
    );
    await first.store.sources.setEnabled(rows[0]!.id, false);
    await first.close();

    const again = await openApp({ dataDir: dir, seedBuiltInSources: true });
    const after = await again.store.sources.list();
    assert.equal(after.length, 3, 'not stored twice');
    assert.equal(
      after.find((row) => row.id === rows[0]!.id)?.enabled,
      false,
      'a disabled one stays disabled',
    );
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('linhai sources list marks the built-in sources on a fresh data folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'linhai-builtin-cli-'));
  try {
    const listed = await runCli(['sources', 'list'], {
      LINHAI_DATA_DIR: dir,
      LINHAI_BUILTIN_SOURCES: '1',
    });
    assert.equal(listed.code, 0, listed.stderr);
    for (const name of ['中文维基文库', 'English Wikisource', 'Project Gutenberg']) {
      assert.match(listed.stdout, new RegExp(`${name} .*\\(built in\\)`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

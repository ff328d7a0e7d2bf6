import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '#store';
import { storeContract } from './store.contract.ts';

storeContract('sqlite :memory:', {
  async open() {
    const store = openStore({ url: ':memory:' });
    await store.migrate();
    return store;
  },
  async cleanup() {},
});

test('a SQLite store in a data folder lives in linhai.db with WAL on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'linhai-store-'));
  try {
    const store = openStore({ dataDir: dir });
    assert.equal((await store.migrate())[0], '001-initial');
    await store.books.upsert({ key: 'k', title: 'T', author: 'A' });
    await store.close();
    const raw = new BetterSqlite3(join(dir, 'linhai.db'), { readonly: true });
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(raw.prepare('select key from book').all(), [{ key: 'k' }]);
    raw.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { describe, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { copyStore, openStore } from '#store';
import { cookieJarContract } from './cookie-jar.contract.ts';

const url = process.env.LINHAI_TEST_DATABASE_URL;

if (url === undefined || url === '') {
  describe('cookie jar store contract (postgres)', () => {
    test('skipped: set LINHAI_TEST_DATABASE_URL=postgres://… to run it on PostgreSQL', (t) => {
      t.skip('LINHAI_TEST_DATABASE_URL is not set');
    });
  });
} else {
  // A fresh schema per run; two stores on it stand for two processes.
  const schema = `linhai_test_${randomBytes(6).toString('hex')}`;
  cookieJarContract(`postgres schema ${schema}, two pools`, {
    async open() {
      const one = openStore({ url, schema });
      await one.migrate();
      return [one, openStore({ url, schema })];
    },
    interleaves: true,
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    },
  });

  test('copying an SQLite store to PostgreSQL takes its cookie jars along', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linhai-copy-jars-'));
    const target = `linhai_test_${randomBytes(6).toString('hex')}`;
    try {
      const sqlite = openStore({ dataDir: dir });
      await sqlite.migrate();
      const cookie = JSON.stringify({ key: 'cf_clearance', value: 'ok' });
      await sqlite.cookieJars.save(
        'https://a.test|user:1',
        [{ cookieKey: 'a.test;/;cf_clearance', cookie, expiresAt: null }],
        1_790_000_000_000,
      );
      await sqlite.close();
      await copyStore({ dataDir: dir }, { url, schema: target });
      const copied = openStore({ url, schema: target });
      try {
        assert.deepEqual(await copied.cookieJars.load('https://a.test|user:1', 1_790_000_000_000), {
          version: 1,
          cookies: [cookie],
        });
      } finally {
        await copied.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists "${target}" cascade`);
      await client.end();
    }
  });
}

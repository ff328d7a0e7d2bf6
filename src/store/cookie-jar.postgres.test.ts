import { describe, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '#store';
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
}

import { describe, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '#store';
import { storeContract } from './store.contract.ts';

const url = process.env.LINHAI_TEST_DATABASE_URL;

if (url === undefined || url === '') {
  describe('store contract (postgres)', () => {
    test('skipped: set LINHAI_TEST_DATABASE_URL=postgres://… to run the store contract on PostgreSQL', (t) => {
      t.skip('LINHAI_TEST_DATABASE_URL is not set');
    });
  });
} else {
  // A fresh schema per run, so parallel runs never see each other's tables; dropped afterwards.
  const schema = `linhai_test_${randomBytes(6).toString('hex')}`;
  storeContract(`postgres schema ${schema}`, {
    async open() {
      const store = openStore({ url, schema });
      await store.migrate();
      return store;
    },
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    },
  });
}

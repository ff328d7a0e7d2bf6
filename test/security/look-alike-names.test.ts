/**
 * Issue 16: `ALICE` registered beside `alice`, full-width `ｒｏｏｔ` beside `root`. Names are
 * unique by NFKC + case fold now (the store's `user.name_key`), and a look-alike signs in to the
 * one account.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from '../server/server-harness.ts';
import type { Harness } from '../server/server-harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness({ server: { loginLimits: { byName: { max: 100, windowMs: 60_000 } } } });
  const admin = h.agent();
  assert.equal((await admin.register('root')).statusCode, 201);
  const opened = await admin.request('PATCH', '/api/admin/settings', { registration: 'open' });
  assert.equal(opened.statusCode, 200, opened.body);
  assert.equal((await h.agent().register('alice')).statusCode, 201);
});
after(() => h.close());

for (const [name, original] of [
  ['ALICE', 'alice'],
  ['Alice', 'alice'],
  ['ａｌｉｃｅ', 'alice'],
  ['ｒｏｏｔ', 'root'],
  ['ROOT', 'root'],
] as const) {
  test(`"${name}" cannot register beside "${original}"`, async () => {
    const answer = await h.agent().register(name);
    assert.equal(answer.statusCode, 409, answer.body);
    assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, 'conflict');
    const signedIn = await h.agent().login(name);
    assert.equal(signedIn.statusCode, 200);
    assert.equal((JSON.parse(signedIn.body) as { name: string }).name, original);
  });
}

test('distinct names still register', async () => {
  assert.equal((await h.agent().register('alice2')).statusCode, 201);
  assert.equal((await h.agent().register('小明')).statusCode, 201);
});

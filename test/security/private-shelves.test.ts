/**
 * Issue 16: on a small instance `/api/lists/recommended` ("readers of your books also keep…")
 * showed one reader another's shelf. Shared recommendations are an instance setting now: `auto`
 * (the default) keeps them off below SHARED_RECOMMENDATIONS_MIN_READERS accounts; an
 * administrator may turn them on or off.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from '../server/server-harness.ts';
import type { Agent, Harness } from '../server/server-harness.ts';

let h: Harness;
let admin: Agent;
let alice: Agent;
let bob: Agent;
let secret: number;

before(async () => {
  h = await startHarness();
  admin = h.agent();
  await admin.register('admin');
  await admin.request('PATCH', '/api/admin/settings', { registration: 'open' });
  alice = h.agent();
  bob = h.agent();
  await alice.register('alice');
  await bob.register('bob');
  const { books, shelves, users } = h.app.store;
  const shared = await books.upsert({ key: 'shared|a', title: 'Shared', author: 'A' });
  secret = (await books.upsert({ key: 'private|a', title: 'Private', author: 'A' })).id;
  const [aliceId, bobId] = [
    (await users.getByName('alice'))!.id,
    (await users.getByName('bob'))!.id,
  ];
  await shelves.add(aliceId, shared.id, 1);
  await shelves.add(aliceId, secret, 2);
  await shelves.add(bobId, shared.id, 3);
});
after(() => h.close());

const ids = async (agent: Agent) => {
  const answer = await agent.request('GET', '/api/lists/recommended');
  assert.equal(answer.statusCode, 200);
  return (JSON.parse(answer.body) as { id: number }[]).map((book) => book.id);
};

test("on a three-account instance, bob's recommendations do not show alice's shelf", async () => {
  assert.equal(
    (
      JSON.parse((await admin.request('GET', '/api/admin/settings')).body) as {
        recommendations: string;
      }
    ).recommendations,
    'auto',
  );
  assert.deepEqual(await ids(bob), []);
});

test('an administrator can turn shared recommendations on, and off again', async () => {
  const on = await admin.request('PATCH', '/api/admin/settings', { recommendations: 'on' });
  assert.equal(on.statusCode, 200, on.body);
  assert.ok((await ids(bob)).includes(secret));
  await admin.request('PATCH', '/api/admin/settings', { recommendations: 'off' });
  assert.deepEqual(await ids(bob), []);
  const byReader = await bob.request('PATCH', '/api/admin/settings', { recommendations: 'on' });
  assert.equal(byReader.statusCode, 403);
});

/**
 * Issue 16 item 5: KOReader sync was an unlimited password oracle. Its key was the unsalted MD5 of
 * the account password, checked without any limit: 2,000 wrong keys went through in 3.5 s, and
 * `users/create` answered the same question. Now KOReader signs in with a separate random sync
 * key (made, shown once and revoked through the API), stored hashed, and failed attempts count
 * against the login limits before any key is checked.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { PASSWORD, startHarness } from '../server/server-harness.ts';
import type { Agent, Harness } from '../server/server-harness.ts';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

let h: Harness;
let victim: Agent;

const kosync = (url: string, name: string, key: string, ip: string, body?: object) =>
  h.server.inject({
    method: body === undefined ? 'GET' : 'POST',
    url,
    remoteAddress: ip,
    headers: {
      accept: 'application/vnd.koreader.v1+json',
      'content-type': 'application/json',
      'x-auth-user': name,
      'x-auth-key': key,
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });

before(async () => {
  h = await startHarness();
  victim = h.agent();
  assert.equal((await victim.register('victim')).statusCode, 201);
  await victim.request('PATCH', '/api/admin/settings', { registration: 'open' });
});
after(() => h.close());

test('2,000 guessed keys: only the limit’s worth are checked, then every try is refused', async () => {
  const made = await victim.request('POST', '/api/me/kosync');
  assert.equal(made.statusCode, 201, made.body);
  const { key } = JSON.parse(made.body) as { key: string };

  const answers = new Map<number, number>();
  for (let i = 0; i < 2_000; i++) {
    // The attack as it was made: the MD5 of guessed passwords, from ever new addresses.
    const guess = await kosync(
      '/kosync/users/auth',
      'victim',
      md5(`guess-${i}`),
      `10.0.${i >> 8}.${i & 255}`,
    );
    answers.set(guess.statusCode, (answers.get(guess.statusCode) ?? 0) + 1);
  }
  assert.equal(answers.get(200), undefined);
  assert.ok(
    (answers.get(401) ?? 0) <= 5,
    `at most 5 keys checked: ${JSON.stringify([...answers])}`,
  );
  assert.equal(answers.get(429), 2_000 - (answers.get(401) ?? 0));
  // While the name is blocked, the right key is refused too: the answer tells nothing.
  const right = await kosync('/kosync/users/auth', 'victim', md5(key), '10.9.9.9');
  assert.equal(right.statusCode, 429);
  assert.ok(Number(right.headers['retry-after']) > 0);
  // `users/create` is the same question, under the same limit.
  const create = await kosync('/kosync/users/create', 'victim', '', '10.9.9.10', {
    username: 'victim',
    password: md5(key),
  });
  assert.equal(create.statusCode, 429);
});

test('the account password is not a sync key, and the key is stored hashed and revocable', async () => {
  const other = h.agent('10.1.0.1');
  assert.equal((await other.register('reader2')).statusCode, 201);
  const { key } = JSON.parse((await other.request('POST', '/api/me/kosync')).body) as {
    key: string;
  };
  const ip = '10.1.0.2';
  assert.equal((await kosync('/kosync/users/auth', 'reader2', md5(PASSWORD), ip)).statusCode, 401);
  assert.equal((await kosync('/kosync/users/auth', 'reader2', md5(key), ip)).statusCode, 200);
  // Neither the key, its MD5 nor the password's MD5 is in the store.
  const user = (await h.app.store.users.getByName('reader2'))!;
  const stored = JSON.stringify(await h.app.store.documents.get(`reader-devices:${user.id}`));
  for (const secret of [key, md5(key), md5(PASSWORD)]) assert.ok(!stored.includes(secret));
  assert.equal((await other.request('DELETE', '/api/me/kosync')).statusCode, 200);
  assert.equal((await kosync('/kosync/users/auth', 'reader2', md5(key), ip)).statusCode, 401);
});

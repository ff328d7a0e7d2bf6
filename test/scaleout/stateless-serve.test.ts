/**
 * Two `linhai serve` instances on one PostgreSQL (each with a data folder of its own, as on two
 * machines): what one server records — the registration mode, an OPDS token, a session — the
 * other sees, so a proxy may send any request to either. With Redis, failed logins are counted
 * once for both.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startHarness } from '../server/server-harness.ts';
import type { Harness } from '../server/server-harness.ts';
import { deleteRedisPrefix, dropSchema, testDatabaseUrl, testRedisUrl } from './backends.ts';

const skip = testDatabaseUrl
  ? false
  : 'LINHAI_TEST_DATABASE_URL is not set: one store, two servers not tested';
const redisSkip =
  skip ||
  (testRedisUrl ? false : 'LINHAI_TEST_REDIS_URL is not set: shared login limits not tested');
const schema = `linhai_test_${randomBytes(5).toString('hex')}`;
const redisPrefix = `linhai-test-${randomBytes(5).toString('hex')}`;
let one: Harness;
let two: Harness;

before(async () => {
  if (skip) return;
  // openApp takes the installation from the environment, as `linhai serve` does.
  process.env.LINHAI_DATABASE_URL = testDatabaseUrl;
  process.env.LINHAI_DATABASE_SCHEMA = schema;
  if (testRedisUrl) {
    process.env.LINHAI_REDIS_URL = testRedisUrl;
    process.env.LINHAI_REDIS_PREFIX = redisPrefix;
  }
  one = await startHarness();
  two = await startHarness();
});
after(async () => {
  if (skip) return;
  await one.close();
  await two.close();
  await dropSchema(testDatabaseUrl!, schema);
  if (testRedisUrl) await deleteRedisPrefix(testRedisUrl, redisPrefix);
});

test(
  'settings, OPDS tokens and sessions made on one server hold on the other',
  { skip },
  async () => {
    assert.notEqual(one.dataDir, two.dataDir);
    const admin = one.agent();
    assert.equal((await admin.register('admin')).statusCode, 201);
    // Invitation only by default: the second server refuses a stranger…
    assert.equal((await two.agent('10.0.0.2').register('stranger')).statusCode, 403);
    // …until the administrator opens registration on the first.
    const opened = await admin.request('PATCH', '/api/admin/settings', { registration: 'open' });
    assert.equal(opened.statusCode, 200, opened.body);
    const viaTwo = await two.agent().request('GET', '/api/auth/registration');
    assert.equal(viaTwo.json<{ registration: string }>().registration, 'open');
    assert.equal((await two.agent('10.0.0.3').register('reader')).statusCode, 201);

    const token = (await admin.request('GET', '/api/me/opds-token')).json<{ path: string }>();
    const catalog = await two.server.inject({ method: 'GET', url: `${token.path}/` });
    assert.equal(catalog.statusCode, 200, 'the OPDS link made on one server works on the other');

    // The session cookie from the first server is good on the second.
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const me = await two.server.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    assert.equal(me.statusCode, 200, me.body);
  },
);

test(
  'failed logins are counted once for every server (in Redis), not per process',
  { skip: redisSkip },
  async () => {
    const name = 'limited-reader';
    assert.equal((await one.agent('10.0.1.1').register(name)).statusCode, 201);
    // Five wrong passwords per name per window, spread over both servers and several addresses.
    for (let i = 0; i < 5; i++) {
      const server = i % 2 === 0 ? one : two;
      const wrong = await server.agent(`10.0.2.${i}`).login(name, 'wrong password');
      assert.equal(wrong.statusCode, 401, wrong.body);
    }
    for (const server of [one, two]) {
      const limited = await server.agent('10.0.3.1').login(name);
      assert.equal(limited.statusCode, 429, 'the right password waits on either server');
      assert.ok(Number(limited.headers['retry-after']) > 0);
    }
    // Another name is not affected.
    assert.equal((await two.agent('10.0.3.2').register('other-reader')).statusCode, 201);
    assert.equal((await one.agent('10.0.3.2').login('other-reader')).statusCode, 200);
  },
);

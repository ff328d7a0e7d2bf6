/**
 * Issue 16 item 4: 40 simultaneous wrong logins for one name were all checked, because the limit
 * was checked before the password hash and counted after it. The attempt is now reserved before
 * the work: of 40 at once, only the limit's worth reach the password check.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisFailureLimiter } from '../../src/app/redis-failure-limiter.ts';
import { startHarness } from '../server/server-harness.ts';
import type { Harness } from '../server/server-harness.ts';
import { deleteRedisPrefix, testRedisUrl } from '../scaleout/backends.ts';

let h: Harness;
before(async () => {
  h = await startHarness({
    server: {
      loginLimits: { byIp: { max: 1_000, windowMs: 60_000 }, byName: { max: 5, windowMs: 60_000 } },
    },
  });
  const admin = h.agent();
  assert.equal((await admin.register('racer')).statusCode, 201);
  await admin.request('PATCH', '/api/admin/settings', { registration: 'open' });
});
after(() => h.close());

test('40 simultaneous wrong logins for one name: 5 are checked, 35 refused with 429', async () => {
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) => h.agent(`10.9.0.${i}`).login('racer', 'wrong password')),
  );
  const statuses = answers.map((answer) => answer.statusCode);
  assert.equal(statuses.filter((status) => status === 401).length, 5, statuses.join(' '));
  assert.equal(statuses.filter((status) => status === 429).length, 35);
  // Even the right password waits for the window now.
  assert.equal((await h.agent('10.9.1.1').login('racer')).statusCode, 429);
});

test('a right password gives the address its attempt back and clears the name', async () => {
  const agent = h.agent('10.9.2.1');
  assert.equal((await agent.register('steady')).statusCode, 201);
  for (let i = 0; i < 3; i += 1) await agent.login('steady', 'wrong password');
  assert.equal((await agent.login('steady')).statusCode, 200);
  for (let i = 0; i < 4; i += 1)
    assert.equal((await agent.login('steady', 'wrong password')).statusCode, 401);
});

test(
  'in Redis too: 40 simultaneous reservations for one key, 5 granted',
  {
    skip: testRedisUrl ? false : 'LINHAI_TEST_REDIS_URL is not set: the Redis limiter is not raced',
  },
  async () => {
    const redis = new Redis(testRedisUrl!);
    const prefix = `linhai-test-race-${randomBytes(4).toString('hex')}`;
    try {
      const limiter = new RedisFailureLimiter(redis, prefix, { max: 5, windowMs: 60_000 });
      const taken = await Promise.all(Array.from({ length: 40 }, () => limiter.take('racer')));
      assert.equal(taken.filter((left) => left === undefined).length, 5);
      assert.ok(taken.every((left) => left === undefined || (left > 0 && left <= 60_000)));
      await limiter.refund('racer');
      assert.equal(await limiter.take('racer'), undefined, 'a refunded attempt can be taken again');
    } finally {
      await deleteRedisPrefix(testRedisUrl!, prefix);
      await redis.quit();
    }
  },
);

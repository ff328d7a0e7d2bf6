/**
 * The singleton lock with two contenders: the first leads, the second waits; when the leader
 * dies (SIGKILL: no release, no goodbye) the second takes over; a release hands over at once.
 * On Redis (a lease) and on PostgreSQL alone (an advisory lock); SQLite leads at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { acquireLeadership } from '#app';
import type { Installation } from '#app';
import { deleteRedisPrefix, testDatabaseUrl, testRedisUrl } from './backends.ts';

const childScript = fileURLToPath(new URL('./lock-child.ts', import.meta.url));
const ttlMs = 1_000;

/** A contender in another process; resolves once it is contending, and whether it leads. */
function contender(installation: Installation, name: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
    env: {
      ...process.env,
      LOCK_INSTALLATION: JSON.stringify(installation),
      LOCK_NAME: name,
      LOCK_TTL_MS: String(ttlMs),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const said: string[] = [];
  let waiters: (() => void)[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    said.push(...chunk.toString().split('\n').filter(Boolean));
    for (const w of waiters) w();
    waiters = [];
  });
  const until = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (said.includes(word) ? resolve() : waiters.push(check));
      child.once('exit', (code) =>
        reject(new Error(`contender exited (${code}) before "${word}"`)),
      );
      check();
    });
  return { child, said, until };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

async function twoContenders(installation: Installation, takeoverWithinMs: number) {
  const name = `scheduler-${randomBytes(3).toString('hex')}`;
  const first = contender(installation, name);
  await first.until('lead');
  const events: string[] = [];
  const second = await acquireLeadership(
    { installation },
    name,
    () => void events.push('lead'),
    () => void events.push('lose'),
    { ttlMs },
  );
  try {
    assert.equal(second.leading, false, 'one leader at a time');
    await new Promise((resolve) => setTimeout(resolve, ttlMs * 1.5));
    assert.deepEqual(events, [], 'the second still waits while the first renews');

    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    await exited(first.child);
    while (!second.leading && Date.now() - killedAt < takeoverWithinMs + 2_000)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const tookMs = Date.now() - killedAt;
    assert.ok(second.leading, `the second took over (after ${tookMs} ms)`);
    assert.ok(tookMs <= takeoverWithinMs, `within ${takeoverWithinMs} ms (${tookMs})`);
    assert.deepEqual(events, ['lead']);

    // A third contender waits; a release hands over without waiting for an expiry.
    const third = contender(installation, name);
    await third.until('waiting');
    assert.ok(!third.said.includes('lead'));
    await second.release();
    assert.deepEqual(events, ['lead', 'lose'], 'releasing calls onLose first');
    await third.until('lead');
    third.child.kill('SIGTERM');
    assert.equal(await exited(third.child), 0);
  } finally {
    await second.release();
    first.child.kill('SIGKILL');
  }
}

test(
  'singleton lock on Redis: the leader dies, the other takes over after the lease',
  {
    skip: testRedisUrl ? false : 'LINHAI_TEST_REDIS_URL is not set: the Redis lease is not tested',
  },
  async () => {
    const prefix = `linhai-test-${randomBytes(5).toString('hex')}`;
    const installation: Installation = {
      databaseUrl: undefined,
      databaseSchema: undefined,
      redisUrl: testRedisUrl,
      redisPrefix: prefix,
    };
    try {
      // A lease outlives its holder by at most its TTL; the contender retries every third of it.
      await twoContenders(installation, ttlMs + ttlMs / 3 + 500);
    } finally {
      await deleteRedisPrefix(testRedisUrl!, prefix);
    }
  },
);

test(
  'singleton lock on PostgreSQL alone: the server frees a dead leader’s advisory lock',
  {
    skip: testDatabaseUrl
      ? false
      : 'LINHAI_TEST_DATABASE_URL is not set: advisory locks not tested',
  },
  async () => {
    const installation: Installation = {
      databaseUrl: testDatabaseUrl,
      databaseSchema: `linhai_test_${randomBytes(5).toString('hex')}`,
      redisUrl: undefined,
      redisPrefix: 'unused',
    };
    await twoContenders(installation, ttlMs / 3 + 1_000);
  },
);

test('singleton lock on SQLite: the one process leads at once and lets go on release', async () => {
  const events: string[] = [];
  const installation: Installation = {
    databaseUrl: undefined,
    databaseSchema: undefined,
    redisUrl: undefined,
    redisPrefix: 'linhai',
  };
  const leadership = await acquireLeadership(
    { installation },
    'scheduler',
    () => void events.push('lead'),
    () => void events.push('lose'),
  );
  assert.equal(leadership.leading, true);
  await leadership.release();
  assert.deepEqual(events, ['lead', 'lose']);
});

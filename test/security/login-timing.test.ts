/**
 * Issue 16 item 6: a wrong password took 118 ms and a name with no account 8 ms, so the timing
 * told which names exist. Both now cost one scrypt (a missing name is checked against a dummy
 * hash). Compared as the ratio of the two paths' medians, interleaved, so machine load moves both.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from '../server/server-harness.ts';
import type { Harness } from '../server/server-harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness({
    server: {
      loginLimits: {
        byIp: { max: 10_000, windowMs: 60_000 },
        byName: { max: 10_000, windowMs: 60_000 },
      },
    },
  });
  assert.equal((await h.agent().register('existing')).statusCode, 201);
});
after(() => h.close());

async function timed(name: string): Promise<number> {
  const started = process.hrtime.bigint();
  const answer = await h.agent().login(name, 'wrong password');
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  assert.equal(answer.statusCode, 401);
  assert.equal(
    (JSON.parse(answer.body) as { error: { message: string } }).error.message,
    'wrong user name or password',
  );
  return elapsed;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

test('a wrong password and a missing name take the same time (median ratio within 0.5–2)', async (t) => {
  await timed('existing'); // warm-up: the dummy hash is made on first use
  await timed('nobody');
  const existing: number[] = [];
  const missing: number[] = [];
  for (let i = 0; i < 15; i += 1) {
    existing.push(await timed('existing'));
    missing.push(await timed(`nobody-${i}`));
  }
  const ratio = median(existing) / median(missing);
  t.diagnostic(
    `medians: wrong password ${median(existing)} ms, no such user ${median(missing)} ms`,
  );
  assert.ok(
    ratio > 0.5 && ratio < 2,
    `wrong password ${median(existing)} ms, no such user ${median(missing)} ms`,
  );
});

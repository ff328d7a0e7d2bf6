// The BullMQ layout helpers (no Redis needed): priority mapping, job ids, error messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LinhaiError } from '#model';
import {
  HandlerFailure,
  checkType,
  fromBullPriority,
  jobIdFor,
  toBullPriority,
  typeOfJobId,
} from './bullmq-jobs.ts';

test('priorities keep their order inside BullMQ range and map back', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -999_999, max: 1_000_000 }),
      fc.integer({ min: -999_999, max: 1_000_000 }),
      (a, b) => {
        const [x, y] = [toBullPriority(a), toBullPriority(b)];
        assert.ok(x >= 1 && x <= 2_097_152);
        assert.equal(Math.sign(x - y), Math.sign(a - b));
        assert.equal(fromBullPriority(x), a);
      },
    ),
  );
  // Out of range values are clamped, never rejected by BullMQ.
  assert.equal(toBullPriority(-5_000_000), 1);
  assert.equal(toBullPriority(5_000_000), 2_097_152);
});

test('a job id carries its type', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), fc.uuid(), (type, unique) => {
      assert.ok(checkType(type));
      const id = jobIdFor(type, unique);
      assert.ok(!id.includes(':'), 'BullMQ forbids ":" in custom ids');
      assert.equal(typeOfJobId(id), type);
    }),
  );
  assert.equal(checkType('chase:listing'), false);
  assert.equal(checkType('a.b'), false);
  assert.equal(typeOfJobId('no-dot'), undefined);
});

test('a failure keeps the Linhai code in its message and Retry-After as the backoff floor', () => {
  const failure = HandlerFailure.from(
    new LinhaiError('net-rate-limited', 'too many requests', { retryAfterMs: 5_000 }),
  );
  assert.equal(failure.message, 'net-rate-limited: too many requests');
  assert.equal(failure.retryAfterMs, 5_000);
  assert.equal(HandlerFailure.from(new Error('plain')).retryAfterMs, undefined);
  assert.equal(HandlerFailure.from('thrown string').message, 'thrown string');
});

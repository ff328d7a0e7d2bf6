import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Clock } from '#model';
import { CircuitBreakers } from './breaker.ts';

/** A manual clock: time moves only when the test says so. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = 1_000_000;
  return {
    now: () => now,
    sleep: async () => {},
    advance: (ms) => void (now += ms),
  };
}

test('opens after the threshold, half-opens for one probe, doubles its wait on a failed probe', () => {
  const clock = manualClock();
  const b = new CircuitBreakers(clock, { failureThreshold: 3, openMs: 1000, maxOpenMs: 3000 });
  for (let i = 0; i < 2; i++) {
    b.admit('h');
    b.failure('h');
  }
  b.admit('h');
  b.success('h'); // a success resets the count
  for (let i = 0; i < 3; i++) {
    b.admit('h');
    b.failure('h');
  }
  assert.equal(b.state('h'), 'open');
  assert.throws(
    () => b.admit('h'),
    (e: { code: string; retryAfterMs: number }) =>
      e.code === 'net-breaker-open' && e.retryAfterMs === 1000,
  );
  clock.advance(1000);
  assert.equal(b.state('h'), 'half-open');
  b.admit('h'); // the probe
  assert.throws(() => b.admit('h'), { code: 'net-breaker-open' }); // only one probe at a time
  b.failure('h');
  assert.equal(b.state('h'), 'open');
  clock.advance(1999);
  assert.equal(b.state('h'), 'open');
  clock.advance(1);
  b.admit('h');
  b.failure('h');
  clock.advance(3000); // capped at maxOpenMs
  b.admit('h');
  b.success('h');
  assert.equal(b.state('h'), 'closed');
  b.admit('h');
  assert.equal(b.snapshot()[0]!.opened, 3);
});

test('an abandoned probe frees the slot; other hosts are unaffected', () => {
  const clock = manualClock();
  const b = new CircuitBreakers(clock, { failureThreshold: 1, openMs: 10, maxOpenMs: 10 });
  b.failure('h');
  b.admit('other');
  clock.advance(10);
  b.admit('h');
  b.abandon('h');
  b.admit('h');
  assert.equal(b.state('other'), 'closed');
});

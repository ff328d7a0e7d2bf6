/**
 * A contender for the singleton lock in its own process (test/scaleout/singleton-lock.test.ts):
 * prints "waiting", then "lead" and "lose" as they happen; SIGTERM releases and exits.
 * Environment: LOCK_INSTALLATION (the Installation as JSON), LOCK_NAME, LOCK_TTL_MS.
 */
import { acquireLeadership } from '#app';
import type { Installation } from '#app';

const installation = JSON.parse(process.env.LOCK_INSTALLATION ?? '{}') as Installation;
const leadership = await acquireLeadership(
  { installation },
  process.env.LOCK_NAME ?? 'test',
  () => void console.log('lead'),
  () => void console.log('lose'),
  { ttlMs: Number(process.env.LOCK_TTL_MS ?? 1_000) },
);
console.log('waiting');
process.once('SIGTERM', () => {
  void leadership.release().then(() => process.exit(0));
});

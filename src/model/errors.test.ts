import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { errorCodes, LinhaiError } from '#model';

test('docs/errors.md lists exactly the error codes the code defines', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const documented = [...doc.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual([...documented].sort(), [...errorCodes].sort());
});

test('a LinhaiError keeps its code, cause, retry hint and details', () => {
  const cause = new Error('socket hang up');
  const error = new LinhaiError('net-rate-limited', 'example.com asked us to wait', {
    cause,
    retryAfterMs: 30_000,
    details: { host: 'example.com' },
  });
  assert.equal(error.code, 'net-rate-limited');
  assert.equal(error.cause, cause);
  assert.equal(error.retryAfterMs, 30_000);
  assert.deepEqual(error.toJSON(), {
    code: 'net-rate-limited',
    message: 'example.com asked us to wait',
    details: { host: 'example.com' },
  });
});

/**
 * Issue 16: `/%61pi/auth/login` is routed to `/api/auth/login` but skipped the CSRF check, which
 * looked at the raw path. The check now uses the routed (decoded) path.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from '../server/server-harness.ts';
import type { Harness } from '../server/server-harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
  assert.equal((await h.agent().register('victim')).statusCode, 201);
});
after(() => h.close());

for (const path of ['/%61pi/auth/login', '/%61%70%69/auth/login', '/api/auth/%6cogin']) {
  test(`POST ${path} without the CSRF header is refused`, async () => {
    const answer = await h
      .agent()
      .request(
        'POST',
        path,
        { name: 'victim', password: 'correct horse battery' },
        { csrf: false },
      );
    assert.equal(answer.statusCode, 403, answer.body);
    const error = (JSON.parse(answer.body) as { error: { details: { csrf?: boolean } } }).error;
    assert.equal(error.details.csrf, true);
    assert.equal(
      answer.cookies.find((c) => c.name === 'linhai_session'),
      undefined,
    );
  });
}

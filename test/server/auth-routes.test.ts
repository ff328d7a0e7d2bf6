/**
 * Accounts, sessions, CSRF, login limits, validation errors, security headers and the OpenAPI
 * document, over the real server (`inject`, no port) and a real SQLite store in a temp dir.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, startHarness } from './server-harness.ts';
import type { Harness } from './server-harness.ts';

let h: Harness;

before(async () => {
  h = await startHarness({
    server: {
      loginLimits: { byIp: { max: 6, windowMs: 60_000 }, byName: { max: 3, windowMs: 60_000 } },
    },
  });
});
after(() => h.close());

const json = (body: string) => JSON.parse(body) as Record<string, unknown>;
const errorOf = (body: string) =>
  (
    JSON.parse(body) as {
      error: { code: string; message: string; details: Record<string, unknown> };
    }
  ).error;

describe('accounts and sessions', () => {
  test('the first account is the administrator; the session cookie is httpOnly and SameSite', async () => {
    const admin = h.agent();
    const anonymous = await admin.request('GET', '/api/me');
    assert.equal(anonymous.statusCode, 401);
    assert.equal(errorOf(anonymous.body).code, 'unauthorized');
    // The web app asks /api/session instead: no one signed in is an answer, not a 401.
    const nobody = await admin.request('GET', '/api/session');
    assert.equal(nobody.statusCode, 200);
    assert.deepEqual(json(nobody.body), { user: null });
    // The sign-up page learns that the first account needs no invitation.
    const before = await admin.request('GET', '/api/auth/registration');
    assert.deepEqual(json(before.body), { registration: 'invite', firstAccount: true });

    const created = await admin.register('admin');
    assert.equal(created.statusCode, 201);
    assert.deepEqual(json(created.body), { id: 1, name: 'admin', role: 'admin', settings: {} });
    const setCookie = String(created.headers['set-cookie']);
    assert.match(setCookie, /linhai_session=[\w-]{40,}/);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.doesNotMatch(setCookie, /Secure/, 'not Secure over plain http');
    const me = await admin.request('GET', '/api/me');
    assert.equal(me.statusCode, 200);
    const session = JSON.parse((await admin.request('GET', '/api/session')).body) as {
      user: { name: string; passwordHash?: string };
    };
    assert.equal(session.user.name, 'admin');
    assert.equal(session.user.passwordHash, undefined);
    assert.equal(json(me.body)['role'], 'admin');
    assert.equal(json(me.body)['passwordHash'], undefined, 'no hash leaves the server');
  });

  test('registration modes: invite (default) needs a code, open lets anyone in, closed refuses', async () => {
    const admin = h.agent();
    assert.equal((await admin.login('admin')).statusCode, 200);

    const stranger = h.agent();
    const refused = await stranger.register('stranger');
    assert.equal(refused.statusCode, 403);
    assert.equal(errorOf(refused.body).details['field'], 'invite');
    assert.equal((await stranger.register('stranger', PASSWORD, 'made-up-code')).statusCode, 403);

    const invitation = await admin.request('POST', '/api/admin/invitations');
    assert.equal(invitation.statusCode, 201);
    const code = String(json(invitation.body)['code']);
    const invited = await stranger.register('invited', PASSWORD, code);
    assert.equal(invited.statusCode, 201);
    assert.equal(json(invited.body)['role'], 'reader');
    // A code works once.
    assert.equal((await h.agent().register('second', PASSWORD, code)).statusCode, 403);

    const open = await admin.request('PATCH', '/api/admin/settings', { registration: 'open' });
    assert.deepEqual(json(open.body), { registration: 'open', recommendations: 'auto' });
    assert.equal((await h.agent().register('reader')).statusCode, 201);
    const taken = await h.agent().register('reader');
    assert.equal(taken.statusCode, 409);
    assert.equal(errorOf(taken.body).code, 'conflict');

    await admin.request('PATCH', '/api/admin/settings', { registration: 'closed' });
    const closed = await h.agent().register('late');
    assert.equal(closed.statusCode, 403);
    assert.match(errorOf(closed.body).message, /closed/);
    await admin.request('PATCH', '/api/admin/settings', { registration: 'open' });

    const mode = await h.agent().request('GET', '/api/auth/registration');
    assert.deepEqual(json(mode.body), { registration: 'open', firstAccount: false });

    const users = await admin.request('GET', '/api/admin/users');
    assert.deepEqual((JSON.parse(users.body) as { name: string }[]).map((u) => u.name).sort(), [
      'admin',
      'invited',
      'reader',
    ]);
  });

  test('a reader cannot reach the instance settings', async () => {
    const reader = h.agent();
    await reader.login('reader');
    for (const [method, url, body] of [
      ['GET', '/api/admin/settings'],
      ['PATCH', '/api/admin/settings', { registration: 'open' }],
      ['POST', '/api/admin/invitations'],
      ['GET', '/api/admin/users'],
    ] as const) {
      const response = await reader.request(method, url, body);
      assert.equal(response.statusCode, 403, `${method} ${url}`);
      assert.equal(errorOf(response.body).code, 'forbidden');
    }
  });

  test('logout ends the session at once, also for a copied cookie', async () => {
    const reader = h.agent();
    await reader.login('reader');
    const copied = h.agent();
    copied.cookies.set('linhai_session', reader.cookies.get('linhai_session') ?? '');
    assert.equal((await copied.request('GET', '/api/me')).statusCode, 200);
    assert.equal((await reader.request('POST', '/api/auth/logout')).statusCode, 200);
    assert.equal((await reader.request('GET', '/api/me')).statusCode, 401);
    assert.equal((await copied.request('GET', '/api/me')).statusCode, 401);
  });

  test('a wrong password is 401 with the same message as an unknown name', async () => {
    const wrong = await h.agent().login('reader', 'not the password');
    const unknown = await h.agent().login('nobody-here', 'not the password');
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(errorOf(wrong.body).message, errorOf(unknown.body).message);
  });

  test('failed logins are limited per name, then per address (429 with Retry-After)', async () => {
    const agent = h.agent('10.1.2.3');
    // 'admin' has no failures yet: three wrong passwords use up the name's allowance.
    for (let i = 0; i < 3; i += 1)
      assert.equal((await agent.login('admin', 'wrong password')).statusCode, 401);
    const limited = await agent.login('admin', PASSWORD);
    assert.equal(limited.statusCode, 429, 'even the right password waits');
    assert.equal(errorOf(limited.body).code, 'too-many-requests');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    // Another name from the same address: 3 failures so far, 6 allowed.
    for (let i = 0; i < 3; i += 1)
      assert.equal((await agent.login('invited', 'wrong password')).statusCode, 401);
    const byAddress = await agent.login('invited', PASSWORD);
    assert.equal(byAddress.statusCode, 429);
    assert.match(errorOf(byAddress.body).message, /address/);
    // Other addresses are not affected.
    assert.equal((await h.agent('10.9.9.9').login('reader')).statusCode, 200);
  });
});

describe('CSRF (double-submit token)', () => {
  test('unsafe methods without the X-CSRF-Token header, or with a wrong one, are refused', async () => {
    const agent = h.agent();
    await agent.request('GET', '/health');
    assert.ok(agent.cookies.get('linhai_csrf'), 'the first response sets the readable token');
    const missing = await agent.request(
      'POST',
      '/api/auth/login',
      { name: 'reader', password: PASSWORD },
      { csrf: false },
    );
    assert.equal(missing.statusCode, 403);
    assert.equal(errorOf(missing.body).details['csrf'], true);
    const wrong = await agent.request(
      'POST',
      '/api/auth/login',
      { name: 'reader', password: PASSWORD },
      { csrf: false, headers: { 'x-csrf-token': 'x'.repeat(32) } },
    );
    assert.equal(wrong.statusCode, 403);
    assert.equal((await agent.login('reader')).statusCode, 200);
    // Signed in, a forged request still fails.
    const forged = await agent.request('DELETE', '/api/shelf/1', undefined, { csrf: false });
    assert.equal(forged.statusCode, 403);
  });
});

describe('validation errors name the field', () => {
  test('body, params and query', async () => {
    const agent = h.agent();
    await agent.login('reader');
    const short = await h.agent().register('someone', 'short');
    assert.equal(short.statusCode, 400);
    assert.deepEqual(errorOf(short.body).details, { in: 'body', field: 'password' });
    const missing = await h.agent().request('POST', '/api/auth/login', { name: 'x' });
    assert.equal(missing.statusCode, 400);
    assert.match(errorOf(missing.body).message, /"password" is required/);
    const badId = await agent.request('GET', '/api/books/abc');
    assert.equal(badId.statusCode, 400);
    assert.deepEqual(errorOf(badId.body).details, { in: 'params', field: 'id' });
    const badQuery = await agent.request('GET', '/api/books?limit=0');
    assert.equal(badQuery.statusCode, 400);
    assert.equal(errorOf(badQuery.body).details['field'], 'limit');
    const badScript = await agent.request('PATCH', '/api/settings', { script: 'klingon' });
    assert.equal(badScript.statusCode, 400);
    assert.equal(errorOf(badScript.body).details['field'], 'script');
    const malformed = await agent.request('PUT', '/api/shelf/1/position', undefined, {
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(errorOf(malformed.body).code, 'invalid-input');
    const badName = await h.agent().register('has space', PASSWORD);
    assert.equal(badName.statusCode, 400);
    assert.equal(errorOf(badName.body).code, 'invalid-input');
  });

  test('reader settings are saved per user', async () => {
    const agent = h.agent();
    await agent.login('reader');
    const saved = await agent.request('PATCH', '/api/settings', {
      script: 'traditional',
      fontSize: 20,
    });
    assert.deepEqual(json(saved.body), { script: 'traditional', fontSize: 20 });
    assert.deepEqual(json((await agent.request('GET', '/api/settings')).body), {
      script: 'traditional',
      fontSize: 20,
    });
  });
});

describe('headers, errors, documents', () => {
  test('security headers on pages, API answers and errors alike', async () => {
    for (const url of ['/', '/health', '/api/me', '/api/nothing-here', '/api/docs']) {
      const response = await h.agent().request('GET', url);
      const csp = String(response.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/, url);
      assert.match(csp, /script-src 'self';/, url);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(response.headers['referrer-policy'], 'no-referrer', url);
      assert.equal(response.headers['x-frame-options'], 'DENY', url);
    }
  });

  test('an unknown route is a JSON 404 in the error shape', async () => {
    const response = await h.agent().request('GET', '/api/nothing-here');
    assert.equal(response.statusCode, 404);
    assert.equal(errorOf(response.body).code, 'not-found');
  });

  test('the OpenAPI document lists every route with its schemas; the docs page loads', async () => {
    const response = await h.agent().request('GET', '/api/openapi.json');
    assert.equal(response.statusCode, 200);
    const doc = JSON.parse(response.body) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>
      >;
    };
    assert.match(doc.openapi, /^3\./);
    for (const path of [
      '/api/auth/login',
      '/api/search',
      '/api/books/{id}/chapters/{key}',
      '/api/shelf/{bookId}/position',
      '/api/sources/{id}/test',
      '/api/replace-rules/{id}',
      '/api/lists/{name}',
    ])
      assert.ok(doc.paths[path], path);
    assert.ok(doc.paths['/api/auth/login']?.['post']?.requestBody);
    assert.ok(doc.paths['/api/auth/login']?.['post']?.responses['429']);
    const docs = await h.agent().request('GET', '/api/docs');
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /<script src="\/api\/docs.js"><\/script>/);
    const script = await h.agent().request('GET', '/api/docs.js');
    assert.match(script.body, /openapi\.json/);
  });

  test('without web/dist the placeholder page is served at /', async () => {
    const response = await h.agent().request('GET', '/');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Linhai/);
  });
});

describe('the first account', () => {
  test('two registrations at once on an empty instance make exactly one administrator', async () => {
    const fresh = await startHarness();
    try {
      const [one, two] = await Promise.all([
        fresh.agent('10.0.0.1').register('one'),
        fresh.agent('10.0.0.2').register('two'),
      ]);
      const statuses = [one.statusCode, two.statusCode].sort();
      // The second arrives on an instance that has an administrator: invitation mode refuses it.
      assert.deepEqual(statuses, [201, 403]);
      const winner = one.statusCode === 201 ? one : two;
      assert.equal(json(winner.body)['role'], 'admin');
    } finally {
      await fresh.close();
    }
  });
});

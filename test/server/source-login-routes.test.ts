/**
 * An administrator logs a source in from the web app's API: the form its loginUi describes, the
 * fields posted back (checked, run, kept sealed), readers refused. Over the members demo site.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoMember, startBrowserDemoSite } from '#demo';
import type { BrowserDemoSite } from '#demo';
import { PASSWORD, startHarness } from './server-harness.ts';
import type { Harness } from './server-harness.ts';
import { importedSource } from './imported-source.ts';

describe('source login routes', () => {
  let h: Harness;
  let site: BrowserDemoSite;
  let id = 0;

  before(async () => {
    site = await startBrowserDemoSite('members');
    h = await startHarness({ allowHosts: ['127.0.0.1'] });
  });
  after(async () => {
    await h?.close();
    await site?.close();
  });

  test('the admin sees the form, logs in, and the password is never sent back', async () => {
    const admin = h.agent();
    assert.equal((await admin.register('admin')).statusCode, 201);
    id = await importedSource(admin, site);
    const form = await admin.request('GET', `/api/sources/${id}/login`);
    assert.equal(form.statusCode, 200, form.body);
    assert.deepEqual(JSON.parse(form.body), {
      fields: [
        { name: 'user', type: 'text' },
        { name: 'password', type: 'password' },
      ],
      runnable: true,
      page: false,
      loggedIn: false,
    });
    const wrong = await admin.request('POST', `/api/sources/${id}/login`, {
      fields: { user: demoMember.user, password: 'nope' },
    });
    assert.ok(wrong.statusCode >= 400, wrong.body);
    const ok = await admin.request('POST', `/api/sources/${id}/login`, {
      fields: { ...demoMember },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((JSON.parse(ok.body) as { loggedIn: boolean }).loggedIn, true);
    assert.ok(!ok.body.includes(demoMember.password));
  });

  test('a reader may not see or post the form', async () => {
    const admin = h.agent();
    assert.equal((await admin.login('admin')).statusCode, 200);
    const invitation = await admin.request('POST', '/api/admin/invitations');
    const code = String((JSON.parse(invitation.body) as { code: string }).code);
    const reader = h.agent();
    assert.equal((await reader.register('reader1', PASSWORD, code)).statusCode, 201);
    assert.equal((await reader.request('GET', `/api/sources/${id}/login`)).statusCode, 403);
    const posted = await reader.request('POST', `/api/sources/${id}/login`, {
      fields: { ...demoMember },
    });
    assert.equal(posted.statusCode, 403);
  });
});

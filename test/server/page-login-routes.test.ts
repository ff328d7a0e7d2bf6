/**
 * An administrator logs in a source whose login is a web page (a plain loginUrl) over the REST
 * route: the page's form comes back as the fields to fill, a wrong password gets the message, the
 * right fields or a pasted cookie log in. Over the page-login demo site.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoMember, startBrowserDemoSite } from '#demo';
import type { BrowserDemoSite } from '#demo';
import { startHarness } from './server-harness.ts';
import type { Harness } from './server-harness.ts';
import { importedSource } from './imported-source.ts';

describe('page login routes', () => {
  let h: Harness;
  let site: BrowserDemoSite;

  before(async () => {
    site = await startBrowserDemoSite('page-login');
    h = await startHarness({ allowHosts: ['127.0.0.1'] });
  });
  after(async () => {
    await h?.close();
    await site?.close();
  });

  test("the page's form, a wrong password refused, a cookie and the form log in", async () => {
    const admin = h.agent();
    assert.equal((await admin.register('admin')).statusCode, 201);
    const id = await importedSource(admin, site);
    const form = await admin.request('GET', `/api/sources/${id}/login`);
    assert.equal(form.statusCode, 200, form.body);
    assert.deepEqual(JSON.parse(form.body), {
      fields: [
        { name: 'username', type: 'text' },
        { name: 'password', type: 'password' },
      ],
      runnable: true,
      page: true,
      loggedIn: false,
    });
    const wrong = await admin.request('POST', `/api/sources/${id}/login`, {
      fields: { username: demoMember.user, password: 'nope' },
    });
    assert.equal(wrong.statusCode, 400, wrong.body);
    assert.match(wrong.body, /login page again: check the name and password/);
    const stale = await admin.request('POST', `/api/sources/${id}/login`, {
      fields: {},
      cookie: 'member=expired',
    });
    assert.equal(stale.statusCode, 400, stale.body);
    assert.equal(
      (
        JSON.parse((await admin.request('GET', `/api/sources/${id}/login`)).body) as {
          loggedIn: boolean;
        }
      ).loggedIn,
      false,
    );
    const pasted = await admin.request('POST', `/api/sources/${id}/login`, {
      fields: {},
      cookie: 'member=member-session-7f3a',
    });
    assert.equal(pasted.statusCode, 200, pasted.body);
    // Logged in, the form is still the page's (read as a visitor).
    assert.equal((JSON.parse(pasted.body) as { loggedIn: boolean }).loggedIn, true);
    assert.equal((JSON.parse(pasted.body) as { fields: unknown[] }).fields.length, 2);
    // Logging in again with the form starts from nothing (the pasted session is dropped).
    const ok = await admin.request('POST', `/api/sources/${id}/login`, {
      fields: { username: demoMember.user, password: demoMember.password },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((JSON.parse(ok.body) as { loggedIn: boolean }).loggedIn, true);
    assert.ok(!ok.body.includes(demoMember.password));
  });
});

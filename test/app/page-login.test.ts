/**
 * A source whose login is a web page for a person (a plain loginUrl), logged in through the app
 * (the one home the CLI and the server call), over the page-login demo site: its form filled
 * server-side (CSRF token and session cookie kept), a wrong password refused with a message, a
 * pasted Cookie header, a page with no form giving the paste advice, and the network guard still
 * applying to the form's action.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '#app';
import type { App } from '#app';
import { catalogue, demoMember, membersFreeChapters, startBrowserDemoSite } from '#demo';
import type { BrowserDemoSite } from '#demo';
import { createSealer, instanceKey } from '../../src/app/instance-key.ts';

type Coded = Error & { code?: string };

describe('source login on a login page', () => {
  let dir: string;
  let app: App;
  let site: BrowserDemoSite;
  let sourceUrl: string;
  // A listener on another loopback address: a form may not send the password there.
  let elsewhere: Server;
  const elsewhereHits: string[] = [];

  /** The demo source, or a variant of it whose loginUrl is another page of the site. */
  const variant = (name: string, loginPath: string) => ({
    ...site.sources[0],
    bookSourceUrl: `${site.origin}#${name}`,
    bookSourceName: name,
    loginUrl: `${site.origin}${loginPath}`,
  });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linhai-page-login-'));
    site = await startBrowserDemoSite('page-login');
    elsewhere = createServer((req, res) => {
      elsewhereHits.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.2', resolve));
    const port = (elsewhere.address() as { port: number }).port;
    app = await openApp({ dataDir: dir, allowHosts: ['127.0.0.1'], seedBuiltInSources: false });
    const imported = await app.catalog.import(
      JSON.stringify([
        ...site.sources,
        variant('captcha', '/account/captcha'),
        variant('robots', '/admin/login'),
        variant('elsewhere', `/account/elsewhere?to=http://127.0.0.2:${port}/steal`),
      ]),
    );
    assert.deepEqual(imported.errors, []);
    sourceUrl = String(site.sources[0]?.bookSourceUrl);
  });
  after(async () => {
    await app?.close();
    await site?.close();
    elsewhere?.closeAllConnections();
    await new Promise<void>((resolve) => elsewhere?.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const memberChapter = async (forUser: number) => {
    const book = site.books[0];
    assert.ok(book);
    const text = (
      await app.gateway.content(
        sourceUrl,
        { url: `${site.origin}/chapter/${book.id}/${membersFreeChapters}`, title: 't', forUser },
        new AbortController().signal,
      )
    ).text;
    return text.includes(
      catalogue.chapter(book.id, membersFreeChapters).paragraphs[0]?.trim() ?? '?',
    );
  };
  const fields = { username: demoMember.user, password: demoMember.password };

  test("the form is the page's: its visible fields, not the hidden token", async () => {
    const user = await app.store.users.create({ name: 'looker' });
    assert.deepEqual(await app.sourceLoginForm(user.id, sourceUrl), {
      fields: [
        { name: 'username', type: 'text' },
        { name: 'password', type: 'password' },
      ],
      runnable: true,
      page: true,
      loggedIn: false,
    });
  });

  test('a wrong password is refused with the message, and nothing is kept', async () => {
    const user = await app.store.users.create({ name: 'wrong' });
    await assert.rejects(
      app.logInSource(user.id, sourceUrl, { ...fields, password: 'nope' }),
      (e: Coded) =>
        e.code === 'invalid-input' && /answered with its login page again/.test(e.message),
    );
    assert.equal(await app.store.sourceLogins.get(user.id, sourceUrl), undefined);
    await assert.rejects(
      app.logInSource(user.id, sourceUrl, { ...fields, csrf: 'forged' }),
      (e: Coded) => e.code === 'invalid-input' && /no field csrf/.test(e.message),
    );
  });

  test('the form logs in: the CSRF token goes along, the cookie lands in the user jar', async () => {
    const user = await app.store.users.create({ name: 'member' });
    const other = await app.store.users.create({ name: 'guest' });
    assert.equal(await memberChapter(user.id), false, 'before the login: the notice');
    await app.logInSource(user.id, sourceUrl, { ...fields });
    const row = await app.store.sourceLogins.get(user.id, sourceUrl);
    assert.ok(row);
    assert.ok(!row.sealed.includes(demoMember.password), 'sealed, not in clear');
    // The session is in the jar: the row keeps how the login was made, not the password.
    const sealer = createSealer(instanceKey(dir, {}));
    assert.deepEqual(JSON.parse(sealer.open(row.sealed, `source-login|${user.id}|${sourceUrl}`)), {
      page: 'form',
    });
    const cookies = await app.http.cookieJars.list(`${sourceUrl}|user:${user.id}`);
    assert.ok(cookies.some((c) => c.key === 'member'));
    assert.equal((await app.http.cookieJars.list(sourceUrl)).length, 0, 'not the shared jar');
    assert.equal(await memberChapter(user.id), true, 'after the login: member text');
    assert.equal(await memberChapter(other.id), false, 'another reader: no login');
    assert.equal((await app.sourceLoginForm(user.id, sourceUrl)).loggedIn, true);
  });

  test('a pasted Cookie header logs in; a stale one is refused and not kept', async () => {
    const user = await app.store.users.create({ name: 'paster' });
    await assert.rejects(
      app.logInSource(user.id, sourceUrl, {}, 'member=expired'),
      (e: Coded) => e.code === 'invalid-input' && /still shows its login page/.test(e.message),
    );
    assert.equal(await app.store.sourceLogins.get(user.id, sourceUrl), undefined);
    await assert.rejects(
      app.logInSource(user.id, sourceUrl, {}, 'not a cookie'),
      (e: Coded) => e.code === 'invalid-input' && /Cookie header/.test(e.message),
    );
    // What a browser logged in on the site shows as its Cookie header.
    await app.logInSource(user.id, sourceUrl, {}, 'Cookie: sid=abc; member=member-session-7f3a');
    assert.ok(await app.store.sourceLogins.get(user.id, sourceUrl));
    assert.equal(await memberChapter(user.id), true);
  });

  test('a page with no form Linhai can fill says to paste a cookie', async () => {
    const user = await app.store.users.create({ name: 'captcha' });
    const captcha = `${site.origin}#captcha`;
    const form = await app.sourceLoginForm(user.id, captcha);
    assert.deepEqual(form.fields, []);
    assert.equal(form.page, true);
    await assert.rejects(
      app.logInSource(user.id, captcha, { phone: '1' }),
      (e: Coded) =>
        e.code === 'capability-missing' &&
        /no login form Linhai can fill.*paste the cookie/.test(e.message),
    );
  });

  test('a login page robots.txt disallows: the paste advice, and a pasted cookie is kept', async () => {
    const user = await app.store.users.create({ name: 'robots' });
    const robots = `${site.origin}#robots`;
    assert.deepEqual((await app.sourceLoginForm(user.id, robots)).fields, []);
    await assert.rejects(
      app.logInSource(user.id, robots, { ...fields }),
      (e: Coded) =>
        e.code === 'capability-missing' && /robots\.txt.*paste the cookie instead/.test(e.message),
    );
    assert.ok(!site.requests.includes('/admin/login'), 'the page was not fetched');
    await app.logInSource(user.id, robots, {}, 'member=member-session-7f3a');
    assert.ok(await app.store.sourceLogins.get(user.id, robots));
  });

  test("the guard applies to the form's action: a private address is refused", async () => {
    const user = await app.store.users.create({ name: 'guarded' });
    const guarded = `${site.origin}#elsewhere`;
    await assert.rejects(
      app.logInSource(user.id, guarded, { ...fields }),
      (e: Coded) => e.code === 'net-refused-guard',
    );
    assert.deepEqual(elsewhereHits, [], 'the password never left for 127.0.0.2');
    assert.equal(await app.store.sourceLogins.get(user.id, guarded), undefined);
  });
});

/**
 * Logging a source in through the app (the one home the CLI and server call): the loginUi fields
 * are sealed with the instance key (a 0600 file in the data folder, or LINHAI_INSTANCE_KEY) and
 * kept per user and source; the source's login script runs; later the gateway's drivers use the
 * stored login (loginCheckJs) to read member chapters.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '#app';
import type { App } from '#app';
import { catalogue, demoMember, membersFreeChapters, startBrowserDemoSite } from '#demo';
import type { BrowserDemoSite } from '#demo';
import { createSealer, instanceKey } from '../../src/app/instance-key.ts';

describe('source login through the app', () => {
  let dir: string;
  let app: App;
  let site: BrowserDemoSite;
  let sourceUrl: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linhai-login-'));
    site = await startBrowserDemoSite('members');
    app = await openApp({ dataDir: dir, allowHosts: ['127.0.0.1'], seedBuiltInSources: false });
    const imported = await app.catalog.import(JSON.stringify(site.sources));
    assert.deepEqual(imported.errors, []);
    sourceUrl = String(site.sources[0]?.bookSourceUrl);
  });
  after(async () => {
    await app?.close();
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Whether a member chapter reads as the member text (not the notice), for a reader or a book. */
  const memberChapter = async (
    call: { forUser?: number; bookUrl?: string } = {},
    through: App = app,
  ) => {
    const book = site.books[0];
    assert.ok(book);
    const signal = new AbortController().signal;
    const text = (
      await through.gateway.content(
        sourceUrl,
        { url: `${site.origin}/chapter/${book.id}/${membersFreeChapters}`, title: 't', ...call },
        signal,
      )
    ).text;
    return text.includes(
      catalogue.chapter(book.id, membersFreeChapters).paragraphs[0]?.trim() ?? '?',
    );
  };

  test('a wrong password is refused and nothing is kept; unknown fields are refused', async () => {
    const user = await app.store.users.create({ name: 'admin-wrong' });
    await assert.rejects(
      app.logInSource(user.id, sourceUrl, { user: 'reader', password: 'nope' }),
      (e: Error & { code?: string }) =>
        e.code === 'invalid-input' && /refused this login \(HTTP 403\)/.test(e.message),
    );
    assert.equal(await app.store.sourceLogins.get(user.id, sourceUrl), undefined);
    await assert.rejects(
      app.logInSource(user.id, sourceUrl, { ...demoMember, token: 'x' }),
      (e: Error & { code?: string }) =>
        e.code === 'invalid-input' && /no field token/.test(e.message),
    );
  });

  test('the right fields log in, are kept sealed, and the gateway reads member chapters', async () => {
    assert.equal(await memberChapter(), false, 'before the login: the notice');
    const user = await app.store.users.create({ name: 'admin' });
    await app.logInSource(user.id, sourceUrl, { ...demoMember });
    const row = await app.store.sourceLogins.get(user.id, sourceUrl);
    assert.ok(row);
    assert.ok(!row.sealed.includes(demoMember.password), 'the password is not stored in clear');
    const keyFile = join(dir, 'instance.key');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const sealer = createSealer(instanceKey(dir, {}));
    assert.deepEqual(
      JSON.parse(sealer.open(row.sealed, `source-login|${user.id}|${sourceUrl}`)),
      demoMember,
    );
    // Sealed for this user and source only: opened as another row's, it fails.
    assert.throws(() => sealer.open(row.sealed, `source-login|${user.id + 1}|${sourceUrl}`));
    assert.equal(await memberChapter({ forUser: user.id }), true, 'after the login: member text');
    // A fresh jar (cookies forgotten): loginCheckJs logs in again with the stored fields.
    await app.http.cookieJars.clear(`${sourceUrl}|user:${user.id}`);
    assert.equal(await memberChapter({ forUser: user.id }), true, 'logged in again');
  });

  test("a reader's login serves that reader only; a book's background work uses a follower's", async () => {
    const owner = await app.store.users.create({ name: 'member' });
    const other = await app.store.users.create({ name: 'guest' });
    await app.logInSource(owner.id, sourceUrl, { ...demoMember });
    // The login's cookies are in the owner's jar; the source's shared jar has none of them.
    const memberCookie = (jar: string) =>
      app.http.cookieJars.list(jar).then((cs) => cs.some((c) => c.key === 'member'));
    assert.equal(await memberCookie(`${sourceUrl}|user:${owner.id}`), true);
    assert.equal(await memberCookie(sourceUrl), false);
    assert.equal(await memberChapter({ forUser: owner.id }), true, "the owner's request");
    assert.equal(await memberChapter({ forUser: other.id }), false, 'another reader: no login');
    assert.equal(await memberChapter(), false, 'no reader, no book: no login');
    // Background work on a book: the login of a reader who follows it, and only then.
    const book = site.books[0];
    assert.ok(book);
    const bookUrl = `${site.origin}/book/${book.id}`;
    const stored = await app.store.books.upsert({ key: 'members|demo', title: 't', author: 'a' });
    const sourceId = (await app.store.sources.getByUrl(sourceUrl))?.id;
    assert.ok(sourceId);
    await app.store.listings.upsert({ bookId: stored.id, sourceId, bookUrl });
    assert.equal(await memberChapter({ bookUrl }), false, 'nobody follows the book');
    await app.store.shelves.add(other.id, stored.id, Date.now());
    assert.equal(await memberChapter({ bookUrl }), false, 'its follower has no login');
    await app.store.shelves.add(owner.id, stored.id, Date.now());
    assert.equal(await memberChapter({ bookUrl }), true, 'a follower with a login');
  });

  test('another process of the installation uses the login without logging in again', async () => {
    const user = await app.store.users.create({ name: 'shared' });
    await app.logInSource(user.id, sourceUrl, { ...demoMember });
    const logins = () => site.requests.filter((r) => r === '/login').length;
    const before = logins();
    // A second process on the same data folder: the jar comes from the store.
    const second = await openApp({
      dataDir: dir,
      allowHosts: ['127.0.0.1'],
      seedBuiltInSources: false,
    });
    try {
      assert.equal(await memberChapter({ forUser: user.id }, second), true);
      assert.equal(logins(), before, 'no second login: the cookie was shared');
    } finally {
      await second.close();
    }
  });

  test('LINHAI_INSTANCE_KEY must be 32 bytes of base64', () => {
    assert.throws(() => instanceKey(dir, { LINHAI_INSTANCE_KEY: 'short' }), /32 bytes/);
    const key = Buffer.alloc(32, 7).toString('base64');
    assert.equal(instanceKey(dir, { LINHAI_INSTANCE_KEY: key }).length, 32);
  });
});

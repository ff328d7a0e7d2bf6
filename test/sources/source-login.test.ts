/**
 * Legado's source login through the driver, over the `members` demo site: later chapters need a
 * member's cookie; the source's loginUrl script posts the loginUi fields, its loginCheckJs logs in
 * and fetches again when a page asks for it. No browser involved.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogue, demoMember, membersFreeChapters, startBrowserDemoSite } from '#demo';
import type { BrowserDemoSite } from '#demo';
import { createSandbox } from '#rules';
import { createSourceDriver, importSources, loginFields } from '#sources';
import type { BookSource, SourceLogin } from '#sources';
import { createTestClient } from './fetcher.ts';

describe('source login (loginUrl, loginUi, loginCheckJs) through the driver', () => {
  let site: BrowserDemoSite;
  let source: BookSource;
  const sandbox = createSandbox();

  before(async () => {
    site = await startBrowserDemoSite('members');
    const [imported] = importSources(JSON.stringify(site.sources[0])).sources;
    assert.ok(imported);
    source = imported;
  });
  after(async () => site?.close());

  async function memberChapter(
    login: SourceLogin | undefined,
  ): Promise<{ text: string; member: boolean }> {
    const client = createTestClient();
    try {
      const driver = createSourceDriver({
        source,
        fetcher: client,
        sandbox: await sandbox,
        ...(login ? { login } : {}),
      });
      const book = site.books[0];
      assert.ok(book);
      const info = await driver.bookInfo({ bookUrl: `${site.origin}/book/${book.id}` } as never);
      const toc = await driver.toc(info);
      const chapter = toc[membersFreeChapters];
      assert.ok(chapter);
      const text = (await driver.content(chapter, { book: info })).text;
      const truth = catalogue.chapter(book.id, membersFreeChapters).paragraphs[0] ?? '';
      return { text, member: text.includes(truth.trim()) };
    } finally {
      await client.close();
    }
  }

  test('loginUi names the fields the form shows', () => {
    assert.deepEqual(loginFields(source), [
      { name: 'user', type: 'text' },
      { name: 'password', type: 'password' },
    ]);
  });

  test('without a login a member chapter is the site’s login notice', async () => {
    const r = await memberChapter(undefined);
    assert.equal(r.member, false);
    assert.match(r.text, /请登录/);
  });

  test('with the fields, loginCheckJs logs in and the chapter is the member text', async () => {
    const r = await memberChapter({ info: { ...demoMember } });
    assert.equal(r.member, true, r.text.slice(0, 200));
  });

  test('a wrong password fails naming the source and the login step', async () => {
    const client = createTestClient();
    try {
      const driver = createSourceDriver({
        source,
        fetcher: client,
        sandbox: await sandbox,
        login: { info: { user: demoMember.user, password: 'wrong' } },
      });
      await assert.rejects(driver.login(), (e: Error) => /登录失败|login/.test(e.message));
      // The driver's own login() succeeds with the right fields, and the jar then has the cookie.
      const ok = createSourceDriver({
        source,
        fetcher: client,
        sandbox: await sandbox,
        login: { info: { ...demoMember } },
      });
      await ok.login();
      const me = await client.fetch({
        url: `${site.origin}/me`,
        kind: 'other',
        source: { key: source.bookSourceUrl },
      });
      assert.match(me.text, new RegExp(`"user":"${demoMember.user}"`));
    } finally {
      await client.close();
    }
  });
});

/**
 * `linhai sources login` in-process over a real SQLite store and the members demo site: the form
 * shown, a wrong password refused, the right fields logging the source in (kept sealed); and over
 * the page-login site, a login page's fields and a pasted cookie (--cookie).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoMember, startBrowserDemoSite } from '#demo';
import type { BrowserDemoSite } from '#demo';
import { sourcesCli } from './sources-in-process.ts';

describe('linhai sources login', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'linhai-source-login-'));
  let site: BrowserDemoSite;
  let pageSite: BrowserDemoSite;
  const allowed = process.env.LINHAI_ALLOW_HOSTS;
  const cli = sourcesCli(dataDir);
  const run = async (...args: string[]): Promise<string> => {
    cli.out.length = 0;
    await cli.run(['sources', ...args]);
    return cli.out.join('\n');
  };

  before(async () => {
    process.env.LINHAI_ALLOW_HOSTS = '127.0.0.1';
    site = await startBrowserDemoSite('members');
    pageSite = await startBrowserDemoSite('page-login');
    const file = join(dataDir, 'members.json');
    writeFileSync(file, JSON.stringify([...site.sources, ...pageSite.sources]));
    await run('import', file, '--no-check');
  });
  after(async () => {
    if (allowed === undefined) delete process.env.LINHAI_ALLOW_HOSTS;
    else process.env.LINHAI_ALLOW_HOSTS = allowed;
    await site?.close();
    await pageSite?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('shows the form, refuses a wrong password, logs in with the right one', async () => {
    const name = String(site.sources[0]?.bookSourceName);
    assert.match(
      await run('login', name),
      /not logged in\n {2}fields: user \(text\), password \(password\)/,
    );
    await assert.rejects(run('login', name, '--field', 'user=reader', '--field', 'password=nope'));
    const done = await run(
      'login',
      name,
      '--field',
      `user=${demoMember.user}`,
      '--field',
      `password=${demoMember.password}`,
    );
    assert.match(done, /: logged in/);
  });

  test("a login page: its fields shown; --cookie keeps a cookie from the user's browser", async () => {
    const name = String(pageSite.sources[0]?.bookSourceName);
    assert.match(
      await run('login', name),
      /not logged in\n {2}fields: username \(text\), password \(password\)\n {2}its loginUrl is a page: fill its fields, or paste a cookie with --cookie/,
    );
    await assert.rejects(
      run('login', name, '--cookie', 'member=expired'),
      /still shows its login page/,
    );
    assert.match(await run('login', name, '--cookie', 'member=member-session-7f3a'), /: logged in/);
  });
});

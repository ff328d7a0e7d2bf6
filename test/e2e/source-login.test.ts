/**
 * The web app's Log in form (Sources page, issue 21) in Debian's chromium against `linhai demo
 * --serve`: an administrator (desktop, English) imports the members demo site's source, opens its
 * Log in panel (a form rendered from the source's loginUi), is refused with a wrong password
 * (the site's answer is shown, nothing is kept), then logs in; the panel and the API say so, the
 * site saw both attempts, and no password comes back from the server. Then a source whose login
 * is a web page (the page-login demo site): the page's own fields are shown, a wrong password gets
 * the site's login page again (said so), and a Cookie header pasted in the panel logs it in. axe
 * on the panel; screenshots `desktop-source-login-*.png` in test-artifacts/screenshots/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { en } from '../../web/src/i18n/en.ts';
import { demoMember, startBrowserDemoSite } from '#demo';
import type { BrowserDemoSite } from '#demo';
import type { Locator, Page } from 'playwright-core';
import { browserSession } from './browser-session.ts';
import { apiImportSources, apiSignIn, browserUnavailable } from './harness.ts';

const unavailable = browserUnavailable();
if (unavailable) console.log(`skipping the browser tests: ${unavailable}`);

describe('logging a source in from the Sources page', { skip: unavailable }, () => {
  const session = browserSession();
  let site: BrowserDemoSite;
  let pageSite: BrowserDemoSite;
  before(async () => {
    site = await startBrowserDemoSite('members');
    pageSite = await startBrowserDemoSite('page-login');
  });
  after(async () => {
    await site?.close();
    await pageSite?.close();
  });

  /** The Sources page with the Log in panel of the source `name` open. */
  async function openLoginPanel(page: Page, name: string): Promise<Locator> {
    await page.goto('/sources');
    const title = en['sources.loginOf'].replace('{name}', name);
    await page.getByRole('button', { name: title }).click();
    return page.getByRole('region', { name: title });
  }

  test('desktop: a wrong password is refused, the right one logs the source in', async () => {
    await session.withPage(
      { viewport: 'desktop', locale: 'en-US', failure: 'desktop-source-login-failure' },
      async ({ context, page }) => {
        await apiSignIn(context, { name: 'e2e-admin', password: 'e2e-password-1' }, true);
        const { name, id } = await apiImportSources(context, site.sources);
        const logins = () => site.requests.filter((r) => r === '/login').length;

        const panel = await openLoginPanel(page, name);
        await panel.getByText(en['sources.loginNone']).waitFor();
        await panel.getByLabel('user').fill(demoMember.user);
        await panel.getByLabel('password').fill('not-the-password');
        await panel.getByRole('button', { name: en['sources.loginRun'] }).click();
        const refused = panel.getByRole('alert');
        await refused.waitFor();
        assert.match(
          await refused.innerText(),
          /the site refused this login \(HTTP 403\)/,
          'the refusal is shown',
        );
        assert.equal(logins(), 1, 'the site was asked');
        await panel.getByText(en['sources.loginNone']).waitFor();
        await session.check(page, 'desktop-source-login-refused');

        await panel.getByLabel('user').fill(demoMember.user);
        await panel.getByLabel('password').fill(demoMember.password);
        await panel.getByRole('button', { name: en['sources.loginRun'] }).click();
        await panel.getByText(en['sources.loginDone']).waitFor();
        assert.equal(await panel.getByRole('alert').count(), 0, 'no error left on the panel');
        assert.equal(await panel.getByLabel('password').inputValue(), '', 'the field is emptied');
        assert.equal(logins(), 2);
        await session.check(page, 'desktop-source-login-done');

        // The server keeps it: the form says so on the page loaded again, and never sends a
        // password back.
        const form = await context.request.get(`/api/sources/${id}/login`);
        const body = await form.text();
        assert.equal((JSON.parse(body) as { loggedIn: boolean }).loggedIn, true);
        assert.ok(!body.includes(demoMember.password), 'no password in the answer');
        await (await openLoginPanel(page, name)).getByText(en['sources.loginDone']).waitFor();
      },
    );
  });

  test("desktop: a login page's fields, its refusal, and a pasted cookie", async () => {
    await session.withPage(
      { viewport: 'desktop', locale: 'en-US', failure: 'desktop-source-login-page-failure' },
      async ({ context, page }) => {
        await apiSignIn(context, { name: 'e2e-admin', password: 'e2e-password-1' }, false);
        const { name } = await apiImportSources(context, pageSite.sources);
        const panel = await openLoginPanel(page, name);
        await panel.getByText(en['sources.loginPageHelp']).waitFor();
        // The page's own fields (its hidden CSRF token is not one).
        await panel.getByLabel('username').fill(demoMember.user);
        await panel.getByLabel('password').fill('not-the-password');
        await panel.getByRole('button', { name: en['sources.loginRun'] }).click();
        const refused = panel.getByRole('alert');
        await refused.waitFor();
        assert.match(await refused.innerText(), /login page again: check the name and password/);
        await session.check(page, 'desktop-source-login-page-refused');

        await panel.getByLabel(en['sources.loginCookie']).fill('member=member-session-7f3a');
        await panel.getByRole('button', { name: en['sources.loginCookieRun'] }).click();
        await panel.getByText(en['sources.loginDone']).waitFor();
        assert.equal(await panel.getByRole('alert').count(), 0, 'no error left on the panel');
        assert.equal(await panel.getByLabel(en['sources.loginCookie']).inputValue(), '');
        await session.check(page, 'desktop-source-login-page-cookie');
      },
    );
  });

  test('no serious accessibility violation', () => session.assertAccessible());
});

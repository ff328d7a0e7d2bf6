/**
 * The settings page's e-reader section in Debian's chromium against `linhai demo --serve`: the
 * OPDS link is shown; a KOReader sync key is made (shown once), works for KOReader's sync API and
 * stops working once revoked (issue 16 item 5). axe checks the section; screenshots
 * `<viewport>-ereader-*.png` in test-artifacts/screenshots/.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { en } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import type { Messages } from '../../web/src/i18n/en.ts';
import { browserSession } from './browser-session.ts';
import { apiSignIn, browserUnavailable } from './harness.ts';
import type { ViewportName } from './harness.ts';

const NAME = 'e2e-ereader';
const PASSWORD = 'e2e-password-2';
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

const unavailable = browserUnavailable();

describe('e-reader settings', { skip: unavailable }, () => {
  const session = browserSession();

  const kosyncAuth = async (name: string, key: string) =>
    (
      await fetch(`${session.server.url}/kosync/users/auth`, {
        headers: { 'x-auth-user': name, 'x-auth-key': md5(key) },
      })
    ).status;

  const runs: readonly { viewport: ViewportName; locale: string; messages: Messages }[] = [
    { viewport: 'phone', locale: 'zh-CN', messages: zh },
    { viewport: 'desktop', locale: 'en-US', messages: en },
  ];
  for (const [i, { viewport, locale, messages }] of runs.entries()) {
    test(`${viewport}: make a KOReader sync key, use it, revoke it`, async () => {
      await session.withPage(
        { viewport, locale, failure: `${viewport}-ereader-failure` },
        async ({ context, page }) => {
          await apiSignIn(context, { name: NAME, password: PASSWORD }, i === 0);
          await page.goto('/settings');
          const section = page.getByRole('region', { name: messages['ereader.title'] });
          await section.getByTestId('opds-link').waitFor();
          assert.match(
            String(await section.getByTestId('opds-link').textContent()),
            /\/opds\/t\/[\w-]+$/,
          );
          await section.getByRole('button', { name: messages['ereader.makeKey'] }).click();
          const key = String(await section.getByTestId('kosync-key').textContent()).trim();
          assert.match(key, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
          assert.equal(await kosyncAuth(NAME, key), 200, 'KOReader signs in with the key');
          assert.equal(await kosyncAuth(NAME, PASSWORD), 401, 'not with the password');
          await session.check(page, `${viewport}-ereader-key`);

          await section.getByRole('button', { name: messages['ereader.revokeKey'] }).click();
          await section.getByText(messages['ereader.noKey']).waitFor();
          assert.equal(await kosyncAuth(NAME, key), 401, 'a revoked key is refused');
        },
      );
    });
  }

  test('no serious accessibility violation on the e-reader section', () =>
    session.assertAccessible());
});

/**
 * The web app's Budget panel (Sources page, issue 18) in Debian's chromium against `linhai demo
 * --serve`: an administrator (phone, English) opens a source's Budget panel, raises its budget,
 * sees it said back and kept by the server, then goes back to the default. axe on the panel;
 * screenshots `phone-source-budget-*.png` in test-artifacts/screenshots/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { en } from '../../web/src/i18n/en.ts';
import { startBrowserDemoSite } from '#demo';
import type { BrowserDemoSite } from '#demo';
import { browserSession } from './browser-session.ts';
import { apiImportSources, apiSignIn, browserUnavailable } from './harness.ts';

const unavailable = browserUnavailable();
if (unavailable) console.log(`skipping the browser tests: ${unavailable}`);

describe("raising a source's budget from the Sources page", { skip: unavailable }, () => {
  const session = browserSession();
  let site: BrowserDemoSite;
  before(async () => {
    site = await startBrowserDemoSite('members');
  });
  after(async () => {
    await site?.close();
  });

  test('phone: raise the budget, see it kept, go back to the default', async () => {
    await session.withPage(
      { viewport: 'phone', locale: 'en-US', failure: 'phone-source-budget-failure' },
      async ({ context, page }) => {
        await apiSignIn(context, { name: 'e2e-admin', password: 'e2e-password-1' }, true);
        const { name, id } = await apiImportSources(context, site.sources);

        await page.goto('/sources');
        const title = en['sources.budgetOf'].replace('{name}', name);
        await page.getByRole('button', { name: title }).click();
        const panel = page.getByRole('region', { name: title });
        await panel.getByText(en['sources.budgetNone']).waitFor();
        await panel.getByLabel(en['sources.budgetConcurrency']).fill('8');
        await panel.getByLabel(en['sources.budgetInterval']).fill('50');
        await panel.getByRole('button', { name: en['sources.budgetSave'] }).click();
        const raised = en['sources.budgetRaised']
          .replace('{concurrency}', '8')
          .replace('{interval}', '50');
        await panel.getByText(raised).waitFor();
        assert.equal(await panel.getByRole('alert').count(), 0, 'no error on the panel');
        await session.check(page, 'phone-source-budget-raised');
        const kept = (await (await context.request.get(`/api/sources/${id}/budget`)).json()) as {
          budget: { concurrency: number; minIntervalMs: number };
        };
        assert.deepEqual([kept.budget.concurrency, kept.budget.minIntervalMs], [8, 50]);

        await page.reload();
        await page.getByRole('button', { name: title }).click();
        await panel.getByText(raised).waitFor();
        await panel.getByRole('button', { name: en['sources.budgetClear'] }).click();
        await panel.getByText(en['sources.budgetNone']).waitFor();
        const cleared = (await (await context.request.get(`/api/sources/${id}/budget`)).json()) as {
          budget: unknown;
        };
        assert.equal(cleared.budget, null);
      },
    );
  });

  test('no serious accessibility violation', () => session.assertAccessible());
});

/**
 * axe-core run inside a page of the app. The app's CSP (`script-src 'self'`) forbids inline and
 * injected <script> tags, but playwright's `page.evaluate` runs through the DevTools protocol,
 * which CSP does not govern: axe's source is evaluated that way, no CSP bypass needed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults, ImpactValue } from 'axe-core';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export interface Violation {
  readonly page: string;
  readonly rule: string;
  readonly impact: ImpactValue | undefined;
  readonly help: string;
  /** CSS selectors of the first few offending nodes. */
  readonly targets: readonly string[];
}

/** Runs axe (WCAG 2.x A and AA rules and best practices) on what the page shows now. */
export async function auditPage(page: Page, label: string): Promise<Violation[]> {
  const loaded = await page.evaluate('typeof globalThis.axe === "object"');
  if (!loaded) await page.evaluate(axeSource);
  const results = (await page.evaluate(
    `globalThis.axe.run(document, { resultTypes: ['violations'] })`,
  )) as AxeResults;
  return results.violations.map((v) => ({
    page: label,
    rule: v.id,
    impact: v.impact ?? undefined,
    help: v.help,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
}

export const isSerious = (v: Violation): boolean =>
  v.impact === 'serious' || v.impact === 'critical';

export function describeViolation(v: Violation): string {
  return `[${v.page}] ${v.impact ?? 'no impact'} ${v.rule}: ${v.help} — ${v.targets.join(', ')}`;
}

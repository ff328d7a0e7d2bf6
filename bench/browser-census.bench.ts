/**
 * Census of ../shared/data/booksources/ for the browser tier (issue 21): of the sources the static
 * classifier rates `needs-browser` or `needs-login`, how many the tier and the login support now
 * run, and what still blocks the rest. `npm run bench -- browser-census`.
 *
 * "Runs now" means every capability the source lacks is one Linhai now has, each reproduced by a
 * test over the browser demo sites (test/sources/browser-tier.test.ts, source-login.test.ts):
 * `webview` (webView URLs, webJs, sourceRegex, java.webView) and a `login` whose loginUrl is a
 * script or a page for a person (test/app/page-login.test.ts: its plain form filled server-side, or
 * a Cookie header pasted from the administrator's browser, which any cookie-session page allows).
 * What remains is listed by capability, counted once per source.
 *
 * Then the needs-browser sources counted as running are run for real through the browser pool
 * (`browser-census-run.ts`) over the demo template that reproduces their site, where one does.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hasLoginScript, importSources, loginPageUrl } from '#sources';
import type { BookSource } from '#sources';
import { sharedData, sharedDataSkip } from '../test/support/outside-material.ts';
import { runOverDemoSites } from './browser-census-run.ts';

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
    })
    .sort();
}

/** What the demo tests reproduce, per capability the classifier names. */
function covered(source: BookSource, capability: string): boolean {
  if (capability === 'webview') return true;
  if (capability === 'login')
    return !source.loginUrl?.trim() || hasLoginScript(source) || loginPageUrl(source) !== undefined;
  return false;
}

interface Row {
  tier: string;
  runs: boolean;
  blockers: string[];
  source: BookSource;
}

export function browserCensus(): Row[] {
  const rows: Row[] = [];
  for (const file of jsonFiles(sharedData('booksources'))) {
    const { sources, report } = importSources(readFileSync(file, 'utf8'));
    report.forEach((entry, i) => {
      const source = sources[i];
      if (!source) return;
      const wanted = entry.tier === 'needs-browser' || entry.tier === 'needs-login';
      // Partial sources lacking only a browser or a login: the tier completes them.
      const partly =
        entry.tier === 'partial' && entry.missing.some((m) => m === 'webview' || m === 'login');
      if (!wanted && !partly) return;
      const blockers = entry.missing.filter((m) => !covered(source, m));
      // A loginUrl that is neither a script nor a page's URL is a blocker of its own.
      if (entry.missing.includes('login') && !covered(source, 'login'))
        blockers.splice(blockers.indexOf('login'), 1, 'login (a loginUrl neither script nor page)');
      rows.push({ tier: entry.tier, runs: blockers.length === 0, blockers, source });
    });
  }
  return rows;
}

export async function run(): Promise<boolean> {
  const skip = sharedDataSkip('booksources');
  if (skip) {
    console.log(skip);
    return true;
  }
  const rows = browserCensus();
  console.log('| tier (static scan) | sources | run now (tier on) | still blocked |');
  console.log('|---|---:|---:|---:|');
  for (const tier of ['needs-browser', 'needs-login', 'partial']) {
    const of = rows.filter((r) => r.tier === tier);
    const runs = of.filter((r) => r.runs).length;
    const name = tier === 'partial' ? '`partial`, lacking webview or login' : `\`${tier}\``;
    console.log(`| ${name} | ${of.length} | ${runs} | ${of.length - runs} |`);
  }
  const counts = new Map<string, number>();
  for (const r of rows.filter((x) => x.tier !== 'partial'))
    for (const b of r.blockers) counts.set(b, (counts.get(b) ?? 0) + 1);
  console.log(
    '\nWhat still blocks the needs-browser / needs-login rest (a source may have several):',
  );
  for (const [blocker, n] of [...counts].sort((a, b) => b[1] - a[1]))
    console.log(`  ${blocker}: ${n}`);

  // Run: the needs-browser sources the static scan says the tier covers, over the demo sites.
  const runnable = rows.filter((r) => r.tier === 'needs-browser' && r.runs).map((r) => r.source);
  const outcomes = await runOverDemoSites(runnable);
  if (typeof outcomes === 'string') {
    console.log(`\n${outcomes}`);
    return true;
  }
  console.log(
    `\nRun over the demo sites (${runnable.length} needs-browser sources the scan says run; search → info → TOC → chapter, rebased onto the mobile-clone template):`,
  );
  console.log('| source | last step that worked | where it stopped |');
  console.log('|---|---|---|');
  for (const o of outcomes) console.log(`| ${o.name} | ${o.reached} | ${o.error ?? '—'} |`);
  const ran = outcomes.filter((o) => o.reached === 'content').length;
  console.log(
    `\n${ran} of ${runnable.length} ran the whole way; ${runnable.length - ran} stopped (no demo template reproduces their site's pages, or a step failed as shown).`,
  );
  return true;
}

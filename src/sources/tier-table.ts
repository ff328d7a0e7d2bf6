/**
 * The tier table for the README: counts of imported sources per engine level (census tiers of
 * docs/legado-rules.md §7.1) and per Linhai tier, next to the specification's census figures.
 */
import { engineLevels, tiers } from './classify.ts';
import type { ImportReportEntry } from './import-export.ts';

const levelNames: Record<string, string> = {
  A: 'A — pure declarative, no JS',
  B: 'B — tiny template expressions only',
  C1: 'C1 — JS + `java.*` helpers, no Java interop',
  C2: 'C2 — JS + Java interop',
  D: 'D — WebView/browser on the core path',
};
// Census of the specification (§7.1), text sources (n=455).
const censusText: Record<string, string> = {
  A: '39.1%',
  B: '2.0%',
  C1: '37.4%',
  C2: '9.2%',
  D: '12.3%',
};

const tierNames: Record<string, string> = {
  full: 'runs fully',
  partial:
    'runs without what it lacks, listed per source: capabilities, and each method its scripts call that Linhai does not implement',
  'needs-browser':
    'asks for a browser (WebView) on every path of the core path — runs through the browser tier when Chromium is on the machine, else named and stopped (docs/browser-and-logins.md; one asked for only inside a script branch is `partial`: running decides)',
  'needs-login':
    'needs a login — a `loginUrl` script with `loginUi` fields runs once an administrator logs the source in; a login page for a person is filled server-side when its form is plain HTML, or takes a Cookie header pasted from a browser logged in on the site (docs/browser-and-logins.md)',
  'needs-java':
    'needs Java interop beyond the `org.jsoup.Jsoup.parse` shim (`Packages`, `JavaImporter`, `java.util.*`…) on the core path — not supported yet',
};

function pct(n: number, total: number): string {
  return total === 0 ? '—' : `${((100 * n) / total).toFixed(1)}%`;
}

/** Markdown: two tables (engine levels; Linhai tiers) over the given import reports. */
export function tierTableMarkdown(reports: readonly ImportReportEntry[], title: string): string {
  const text = reports.filter((r) => r.type === 0);
  const count = (
    list: readonly ImportReportEntry[],
    pick: (r: ImportReportEntry) => boolean,
  ): number => list.filter(pick).length;
  const lines = [
    `### ${title}`,
    '',
    `${reports.length} sources imported (${text.length} text), every one classified by a static scan of`,
    'its rules (`src/sources/classify.ts`). Core path = search → info → TOC → content. The census',
    "column is the specification's (docs/legado-rules.md §7.1) over 7 collections; these files are 4 of them.",
    '',
    '| engine level (core path) | all | % | text | % | census, text (n=455) |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const level of engineLevels) {
    const all = count(reports, (r) => r.level === level);
    const t = count(text, (r) => r.level === level);
    lines.push(
      `| ${levelNames[level]} | ${all} | ${pct(all, reports.length)} | ${t} | ${pct(t, text.length)} | ${censusText[level]} |`,
    );
  }
  const abc = count(text, (r) => r.level === 'A' || r.level === 'B' || r.level === 'C1');
  lines.push(
    '',
    `Text sources that need no browser and no Java interop (A + B + C1): ${abc} of ${text.length}` +
      ` = ${pct(abc, text.length)} (census: 78.5%); no JS at all (A): ${pct(
        count(text, (r) => r.level === 'A'),
        text.length,
      )} (census: 39.1%).`,
    '',
    "Level C2 counts every Java class reached from JS, as the census does; Linhai's rules layer emulates",
    '`org.jsoup.Jsoup.parse` (with JSoup-shaped elements), so most C2 sources still run: the tiers below',
    'say what Linhai can do with each source today.',
    '',
    '| Linhai tier | all | % |',
    '|---|---:|---:|',
  );
  for (const tier of tiers) {
    const n = count(reports, (r) => r.tier === tier);
    lines.push(`| \`${tier}\` — ${tierNames[tier]} | ${n} | ${pct(n, reports.length)} |`);
  }
  const missing = new Map<string, number>();
  for (const r of reports) for (const m of r.missing) missing.set(m, (missing.get(m) ?? 0) + 1);
  const top = [...missing].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const branchOnly = count(reports, (r) =>
    r.evidence.some((e) => e.includes('on some paths only')),
  );
  lines.push(
    '',
    'Missing capabilities (sources): ' + top.map(([m, n]) => `\`${m}\` ${n}`).join(', ') + '.',
    '',
    'Every script (`@js:`, `<js>`, JS `{{}}`, the URL `js` option, jsLib, whole-script fields) is scanned',
    'for calls on `java.*`, `Jsoup`, the values they return and the source, book, chapter, cookie and',
    'cache bindings (`src/sources/script-calls.ts`); a method the engine lacks is listed above as',
    '`Kind.method` (`java.foo`, `Elements.foo`, `Book.foo`), and the test',
    '`src/sources/script-scan.test.ts` checks that none goes unreported. Sources whose WebView request',
    `sits only inside a script branch (reported as \`webview\`, not rated \`needs-browser\`): ${branchOnly}.`,
    '',
  );
  return lines.join('\n');
}

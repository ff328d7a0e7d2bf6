/**
 * The explore forms of the real community sources in ../shared/data/booksources/ counted, and
 * whether Linhai lists each source's entries: `exploreUrl` as `title::url` text (lines or `&&`),
 * JSON (with or without layout hints), or `@js:` / `<js>` that builds one of them. Offline: a
 * script that fetches (java.ajax) is refused, as the network guard would refuse a real site
 * here, so such a source counts as not listed. Figures in the README's book-source section.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LinhaiError } from '#model';
import type { Fetcher } from '#net';
import { createSandbox } from '#rules';
import { createSourceDriver, importSources, isScriptedExplore } from '#sources';
import type { BookSource, ImportReportEntry } from '#sources';
import { sharedDataSkip, sharedJsonFiles } from '../support/outside-material.ts';

const skip = sharedDataSkip('booksources');

type Form = 'text' | 'json' | 'js';
const formOf = (exploreUrl: string): Form =>
  isScriptedExplore(exploreUrl) ? 'js' : exploreUrl.trimStart().startsWith('[') ? 'json' : 'text';

/** No network here: every fetch (a script's java.ajax) is refused as the guard refuses a host. */
const offline: Fetcher = {
  fetch: (request) =>
    Promise.reject(
      new LinhaiError('net-refused-guard', `offline census: ${request.url} not fetched`),
    ),
};

describe('explore forms of the real sources', { skip }, () => {
  let sandbox: Awaited<ReturnType<typeof createSandbox>>;
  before(async () => {
    sandbox = await createSandbox();
  });
  after(() => sandbox?.dispose());

  test('the entries of every text source of tier full or partial are listed', async () => {
    const found: Array<{ source: BookSource; report: ImportReportEntry }> = [];
    for (const file of sharedJsonFiles('booksources')) {
      const imported = importSources(readFileSync(file, 'utf8'));
      imported.sources.forEach((source, i) =>
        found.push({ source, report: imported.report[i] as ImportReportEntry }),
      );
    }
    const explorable = found.filter((f) => (f.source.exploreUrl ?? '').trim() !== '');
    const rows: Array<{ form: Form; text: boolean; runs: boolean; listed: boolean; why?: string }> =
      [];
    for (const { source, report } of explorable) {
      const driver = createSourceDriver({ source, fetcher: offline, sandbox, deadlineMs: 10_000 });
      let listed = false;
      let why: string | undefined;
      try {
        listed = (await driver.exploreKinds()).some((k) => k.url !== '');
        if (!listed) why = 'no entry with a url';
      } catch (error) {
        why = error instanceof Error ? error.message.slice(0, 120) : String(error);
      }
      rows.push({
        form: formOf(source.exploreUrl ?? ''),
        text: report.type === 0,
        runs: report.tier === 'full' || report.tier === 'partial',
        listed,
        ...(why ? { why: `${source.bookSourceName}: ${why}` } : {}),
      });
    }
    const count = (pick: (r: (typeof rows)[number]) => boolean) => rows.filter(pick).length;
    const line = (label: string, pick: (r: (typeof rows)[number]) => boolean) => {
      const all = count(pick);
      const listed = count((r) => pick(r) && r.listed);
      return `${label}: ${listed} of ${all} listed (${((100 * listed) / Math.max(1, all)).toFixed(1)}%)`;
    };
    console.log(`sources: ${found.length}; with an exploreUrl: ${explorable.length}`);
    for (const form of ['text', 'json', 'js'] as const)
      console.log(line(`  form ${form}`, (r) => r.form === form));
    console.log(line('  text sources, tier full or partial', (r) => r.text && r.runs));
    console.log(line('  every source with an exploreUrl', () => true));
    const missed = rows.filter((r) => r.text && r.runs && !r.listed);
    for (const r of missed) console.log(`  not listed: ${r.why}`);
    assert.ok(explorable.length > 100, 'the collections have explore lists');
    // The one left (闪舞小说) writes `.map([title,a]=>…)`, an arrow without the parentheses its
    // destructured parameter needs: not JavaScript, so no engine runs it. Anything else fails.
    assert.deepEqual(
      missed.filter((r) => !/SyntaxError/.test(r.why ?? '')).map((r) => r.why),
      [],
    );
    assert.ok(missed.length <= 1, `${missed.length} not listed`);
  });
});

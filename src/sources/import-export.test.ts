import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { exportSources, importSources } from './import-export.ts';
import { tierTableMarkdown } from './tier-table.ts';
import type { ImportReportEntry } from './import-export.ts';
import { sharedData, sharedDataSkip } from '../../test/support/outside-material.ts';

const dataDir = sharedData('booksources');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
    })
    .sort();
}

/** Legado's reading of a raw value, for comparing what went in with what came out. */
function legadoEquivalent(key: string, raw: unknown, exported: unknown): boolean {
  if (raw === null) return exported === undefined;
  if (key === 'bookSourceType' && typeof raw === 'string') return exported === Number(raw);
  if (typeof raw === 'string' && typeof exported === 'object' && raw.trim().startsWith('{')) {
    return JSON.stringify(JSON.parse(raw)) === JSON.stringify(exported);
  }
  return JSON.stringify(raw) === JSON.stringify(exported);
}

describe('importSources: leniency', () => {
  test('one object, sub-rules as JSON strings, numbers as strings, unknown keys kept', () => {
    const text = JSON.stringify({
      bookSourceUrl: 'https://a.com#🎃',
      bookSourceName: 'A',
      bookSourceType: '0',
      customOrder: 'x',
      enabledReview: true,
      header: { 'User-Agent': 'ua' },
      exploreUrl: [{ title: 't', url: '/t' }],
      ruleSearch: '{"bookList":"class.item","name":"tag.a@text"}',
      ruleToc: { chapterList: 'li', isVolume: 1 },
    });
    const result = importSources(text);
    assert.deepEqual(result.errors, []);
    const [source] = result.sources;
    assert.ok(source);
    assert.equal(source.bookSourceType, 0);
    assert.equal('customOrder' in source, false, 'a non-numeric int falls back to the default');
    assert.equal(source['enabledReview'], true);
    assert.equal(source.header, '{"User-Agent":"ua"}');
    assert.equal(source.exploreUrl, '[{"title":"t","url":"/t"}]');
    assert.deepEqual(source.ruleSearch, { bookList: 'class.item', name: 'tag.a@text' });
    assert.equal(source.ruleToc?.isVolume, '1');
    assert.equal(result.report[0]?.name, 'A');
  });

  test('bad items are reported one by one; the rest import', () => {
    const text = JSON.stringify([
      { bookSourceName: 'no url' },
      { bookSourceUrl: 'https://b.com', ruleSearch: '{not json' },
      42,
      { bookSourceUrl: 'https://ok.com', bookSourceName: 'ok' },
    ]);
    const result = importSources(text);
    assert.deepEqual(
      result.sources.map((s) => s.bookSourceName),
      ['ok'],
    );
    assert.deepEqual(
      result.errors.map((e) => e.item),
      ['item 1', 'item 2', 'item 3'],
    );
    assert.match(result.errors[1]?.message ?? '', /ruleSearch/);
  });

  test('a broken file is one error with line and column, and no sources', () => {
    const result = importSources(
      '[{"bookSourceUrl":"https://a.com"}]\n[{"bookSourceUrl":"https://b.com"}]',
    );
    assert.equal(result.sources.length, 0);
    assert.equal(result.errors.length, 1);
    assert.deepEqual([result.errors[0]?.line, result.errors[0]?.column], [2, 1]);
  });

  test('same bookSourceUrl twice: the later one wins, with a warning', () => {
    const text = JSON.stringify([
      { bookSourceUrl: 'https://a.com', bookSourceName: 'old' },
      { bookSourceUrl: 'https://a.com', bookSourceName: 'new' },
    ]);
    const result = importSources(text);
    assert.deepEqual(
      result.sources.map((s) => s.bookSourceName),
      ['new'],
    );
    assert.equal(result.warnings.length, 1);
  });

  test('a sourceUrls envelope is returned for the caller to fetch', () => {
    const result = importSources('{"sourceUrls":["https://x.com/a.json"]}');
    assert.deepEqual(result.sourceUrls, ['https://x.com/a.json']);
  });

  test('fuzz: random source-like objects import, export and re-import to the same sources', () => {
    const ruleObject = fc.dictionary(
      fc.constantFrom('bookList', 'name', 'x', 'content'),
      fc.string(),
    );
    const source = fc.record({
      bookSourceUrl: fc.webUrl(),
      bookSourceName: fc.string(),
      bookSourceType: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('0', '2', 'x')),
      ruleSearch: fc.oneof(
        ruleObject,
        ruleObject.map((o) => JSON.stringify(o)),
      ),
      extra: fc.jsonValue(),
    });
    fc.assert(
      fc.property(fc.array(source, { maxLength: 4 }), (items) => {
        const first = importSources(JSON.stringify(items));
        assert.deepEqual(first.errors, []);
        const second = importSources(exportSources(first.sources));
        assert.deepEqual(second.sources, first.sources);
        assert.deepEqual(second.report, first.report);
      }),
      { numRuns: 200 },
    );
  });
});

describe(
  'importSources over every collection in ../shared/data/booksources/',
  { skip: sharedDataSkip('booksources') },
  () => {
    const files = jsonFiles(dataDir);
    const reports: ImportReportEntry[] = [];

    test('the collections are there', () => {
      assert.ok(files.length >= 40, `found ${files.length} files in ${dataDir}`);
    });

    for (const file of files) {
      const name = file.slice(dataDir.length);
      test(`${name}: imports, classifies every source, export round-trips`, () => {
        const text = readFileSync(file, 'utf8');
        const raw = JSON.parse(text) as unknown;
        const rawItems = (Array.isArray(raw) ? raw : [raw]) as Record<string, unknown>[];
        const result = importSources(text);
        assert.deepEqual(result.errors, []);
        assert.equal(result.sources.length, rawItems.length);
        assert.equal(result.report.length, rawItems.length);
        for (const entry of result.report) {
          assert.ok(entry.tier && entry.level, `${entry.name} is classified`);
          assert.ok(Array.isArray(entry.missing));
        }
        reports.push(...result.report);

        const exported = JSON.parse(exportSources(result.sources)) as Record<string, unknown>[];
        rawItems.forEach((rawItem, i) => {
          const out = exported[i] ?? {};
          for (const [key, value] of Object.entries(rawItem)) {
            assert.ok(
              legadoEquivalent(key, value, out[key]),
              `${name} item ${i + 1} key ${key}: ${JSON.stringify(value)} became ${JSON.stringify(out[key])}`,
            );
          }
          assert.deepEqual(
            Object.keys(out),
            Object.keys(rawItem).filter((k) => rawItem[k] !== null),
          );
        });
        assert.deepEqual(importSources(exportSources(result.sources)).sources, result.sources);
      });
    }

    test('tier counts: every source classified, table in src/sources/TIERS.md is current', () => {
      assert.equal(reports.length, 436);
      const table = tierTableMarkdown(
        reports,
        'Book-source tiers over ../shared/data/booksources/',
      );
      console.log(table);
      const tiersFile = new URL('./TIERS.md', import.meta.url);
      const current = readFileSync(tiersFile, 'utf8');
      assert.equal(
        current,
        table,
        'regenerate src/sources/TIERS.md (npx tsx src/sources/write-tiers.ts)',
      );
    });
  },
);

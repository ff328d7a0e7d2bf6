/**
 * `linhai sources import|list` in-process: every file of ../shared/data/booksources/ imports with
 * a per-source report and no crash; a broken file exits with its position; list reads the store;
 * a folder imports each collection file in it; a missing file or a bad URL says what import takes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLinhaiError } from '#model';
import { sourcesCli } from '../cli/sources-in-process.ts';
import { sharedData, sharedDataSkip } from '../support/outside-material.ts';

const dataRoot = sharedData('booksources');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
    })
    .sort();
}

describe('linhai sources import / list', () => {
  test(
    'imports every collection in ../shared/data/booksources/, classifying every source',
    { skip: sharedDataSkip('booksources') },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'linhai-sources-'));
      try {
        const c = sourcesCli(dir);
        let reported = 0;
        for (const file of jsonFiles(dataRoot)) {
          c.out.length = 0;
          await c.run(['sources', 'import', file, '--json', '--no-check']);
          const report = JSON.parse(c.out[0] ?? '{}') as {
            imported: number;
            report: { tier: string; missing: string[] }[];
            errors: unknown[];
          };
          assert.deepEqual(report.errors, [], file);
          assert.equal(report.report.length, report.imported);
          for (const r of report.report) assert.ok(r.tier, `${file}: every source has a tier`);
          reported += report.report.length;
        }
        assert.equal(reported, 436);
        c.out.length = 0;
        await c.run(['sources', 'list', '--json']);
        const listed = JSON.parse(c.out[0] ?? '[]') as unknown[];
        assert.ok(
          listed.length > 400,
          `${listed.length} stored (duplicate bookSourceUrls across files merge)`,
        );
        c.out.length = 0;
        await c.run(['sources', 'import', jsonFiles(dataRoot)[0] ?? '', '--dry-run']);
        assert.match(c.out.at(-1) ?? '', /sources imported \(/);
        assert.match(c.out[0] ?? '', /^ {2}(full|partial|needs-\w+) /);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  test('a broken file fails with import-parse and its line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linhai-sources-'));
    try {
      const file = join(dir, 'broken.json');
      writeFileSync(
        file,
        '[{"bookSourceUrl":"https://a.com"}]\n[{"bookSourceUrl":"https://b.com"}]',
      );
      const c = sourcesCli(dir);
      await assert.rejects(c.run(['sources', 'import', file]), (e) => {
        assert.ok(isLinhaiError(e, 'import-parse'));
        assert.equal(e.details['line'], 2);
        assert.equal(e.details['column'], 1);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a folder imports every collection file in it, with a report per file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linhai-sources-'));
    try {
      const folder = join(dir, 'collections');
      mkdirSync(join(folder, 'nested'), { recursive: true });
      const source = (n: number) => ({
        bookSourceUrl: `https://s${n}.test`,
        bookSourceName: `S${n}`,
      });
      writeFileSync(join(folder, 'a.json'), JSON.stringify([source(1), source(2)]));
      writeFileSync(join(folder, 'b.txt'), JSON.stringify(source(3)));
      writeFileSync(join(folder, 'notes.md'), '# not a collection');
      const c = sourcesCli(dir);
      await c.run(['sources', 'import', folder, '--no-check']);
      assert.equal(c.out[0], `${join(folder, 'a.json')}: 2 sources, 0 errors`);
      assert.ok(c.out.includes(`${join(folder, 'b.txt')}: 1 sources, 0 errors`), c.out.join('\n'));
      assert.match(c.out.at(-1) ?? '', /^3 sources imported from 2 files /);
      c.out.length = 0;
      await c.run(['sources', 'list', '--json']);
      assert.equal((JSON.parse(c.out[0] ?? '[]') as unknown[]).length, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing file, an empty folder and a bad URL say what import takes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linhai-sources-'));
    try {
      const c = sourcesCli(dir);
      const takes = /a Legado book-source file \(\.json\), a folder of them, or an http\(s\) URL/;
      await assert.rejects(c.run(['sources', 'import', join(dir, 'missing.json')]), (e) => {
        assert.ok(isLinhaiError(e, 'not-found'));
        assert.match(e.message, /^no such file or folder: .*missing\.json/);
        assert.match(e.message, takes);
        return true;
      });
      await assert.rejects(c.run(['sources', 'import', dir]), (e) => {
        assert.ok(isLinhaiError(e, 'invalid-input'));
        assert.match(e.message, /has no \.json or \.txt files/);
        assert.match(e.message, takes);
        return true;
      });
      await assert.rejects(c.run(['sources', 'import', 'https://']), /not a URL: https:\/\//);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * `linhai export` of a book three demo sites carry: the chapters come from all three sites (each
 * host within its own budget), in the book's order; a chapter that every site serves as a
 * placeholder (the cleaner refuses each copy) becomes a marked gap, the file is still written and
 * the command ends with the list of missing chapters and exit code 3. Run again once the sites
 * serve it, it fetches only that chapter (the others come from the cache) and fills the gap.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogue, startDemoSites } from '#demo';
import type { DemoCluster, DemoSite } from '#demo';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'linhai-export-gaps-'));
const env = { LINHAI_DATA_DIR: dir, LINHAI_ALLOW_HOSTS: '127.0.0.1', LINHAI_BUILTIN_SOURCES: '0' };
const book = catalogue.books().find((b) => b.title === '星河归途')!;
const broken = 5;
let cluster: DemoCluster;

before(async () => {
  cluster = await startDemoSites({
    sites: [{ template: 'biquge' }, { template: 'paged' }, { template: 'json' }],
  });
  writeFileSync(join(dir, 'demo.json'), JSON.stringify(cluster.sites.map((s) => s.source)));
  const imported = await runCli(['sources', 'import', join(dir, 'demo.json')], env);
  assert.equal(imported.code, 0, imported.stderr);
  const added = await runCli(['add', book.title, '--json'], env);
  assert.equal(added.code, 0, added.stderr);
  assert.equal((JSON.parse(added.stdout) as { sources: string[] }).sources.length, 3);
});
after(async () => {
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The site's page(s) of one chapter: its path, or that path's continuation pages. */
function chapterPages(site: DemoSite, index: number): RegExp {
  const path = new URL(site.chapterUrl(book.id, index)).pathname.replace(/\.html$/, '');
  const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`^${escaped}(?:_\\d+)?(?:\\.html)?(?:\\?.*)?$`);
}

function chapterRequests(site: DemoSite, indexes: readonly number[]): number {
  const pages = indexes.map((i) => chapterPages(site, i));
  return site.requests.filter((r) => pages.some((p) => p.test(r.path))).length;
}

test('chapters come from all three sites; a chapter none delivers is a gap and exit code 3', async () => {
  for (const site of cluster.sites) {
    site.setFaults([{ kind: 'placeholder', path: String(chapterPages(site, broken)) }]);
    site.clearRequests();
  }
  const output = join(dir, 'book.txt');
  const run = await runCli(['export', book.title, '--txt', '--to', '20', '-o', output], env);
  assert.equal(run.code, 3, run.stderr);
  // The TOC's title may number it differently (第六章 for 第6章): the name is what is shared.
  const title = catalogue.chapter(book.id, broken).title.split(' ')[1]!;
  assert.match(run.stderr, /1 chapter could not be downloaded/);
  assert.match(run.stderr, new RegExp(`\\d+\\. \\S+ ${title}: no source could deliver`));
  const text = readFileSync(output, 'utf8');
  const gap = text.indexOf('本章未能下载');
  assert.ok(gap > text.indexOf(title), 'the gap is marked where the chapter belongs');
  const after = catalogue.chapter(book.id, broken + 1);
  assert.ok(text.indexOf(after.paragraphs[0]!) > gap, 'the chapters after the gap are written');
  const indexes = Array.from({ length: 18 }, (_, i) => i);
  for (const site of cluster.sites) {
    assert.ok(chapterRequests(site, indexes) >= 2, `${site.name} served chapters of the export`);
  }
});

test('exporting again fetches only the missing chapter and fills the gap', async () => {
  for (const site of cluster.sites) {
    site.clearFaults();
    site.clearRequests();
  }
  const output = join(dir, 'book.txt');
  const run = await runCli(['export', book.title, '--txt', '--to', '20', '-o', output], env);
  assert.equal(run.code, 0, run.stderr);
  const text = readFileSync(output, 'utf8');
  assert.equal(text.indexOf('本章未能下载'), -1, 'no gap left');
  assert.ok(text.includes(catalogue.chapter(book.id, broken).paragraphs[0]!));
  const others = Array.from({ length: 18 }, (_, i) => i).filter((i) => i !== broken);
  const fetched = cluster.sites.map((site) => chapterRequests(site, [broken]));
  assert.ok(
    fetched.some((n) => n >= 1),
    'the missing chapter was fetched',
  );
  for (const site of cluster.sites) {
    assert.equal(chapterRequests(site, others), 0, `${site.name}: cached chapters need no request`);
  }
});

/**
 * The library commands as a user runs them, end to end against the demo sites on a fresh data
 * folder: sources import → search → add → toc → read → update → shelf → export (checked by EPUBCheck).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogue, startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { epubcheck, epubcheckUnavailable } from '../export/epubcheck.ts';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'linhai-library-cli-'));
const env = { LINHAI_DATA_DIR: dir, LINHAI_ALLOW_HOSTS: '127.0.0.1' };
let cluster: DemoCluster;

before(async () => {
  cluster = await startDemoSites();
  writeFileSync(join(dir, 'demo.json'), JSON.stringify(cluster.sites.map((s) => s.source)));
  const imported = await runCli(['sources', 'import', join(dir, 'demo.json')], env);
  assert.equal(imported.code, 0, imported.stderr);
});
after(async () => {
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

test('search shows each shared book once with the sources that have it, GBK site included', async () => {
  const { code, stdout, stderr } = await runCli(['search', '星河归途', '--json'], env);
  assert.equal(code, 0, stderr);
  const books = stdout
    .trim()
    .split('\n')
    .map(
      (line) =>
        JSON.parse(line) as { title: string; author: string; sources: { source: string }[] },
    );
  const book = books.find((b) => b.title === '星河归途');
  assert.ok(book, stdout);
  assert.equal(books.filter((b) => b.title === '星河归途').length, 1);
  const names = book.sources.map((s) => s.source).sort();
  assert.ok(names.includes('新笔趣阁（演示）'), `the GBK site is among ${names.join(', ')}`);
  assert.ok(names.length >= 2);
});

test('add, toc and read give the merged table of contents and clean chapter text', async () => {
  const added = await runCli(['add', '星河归途', '--json'], env);
  assert.equal(added.code, 0, added.stderr);
  const book = JSON.parse(added.stdout) as { id: number; chapters: number; sources: string[] };
  assert.equal(book.chapters, 302, 'three hundred chapters plus two announcements');
  assert.ok(book.sources.length >= 2);

  const toc = await runCli(['toc', String(book.id), '--json'], env);
  assert.equal(toc.code, 0, toc.stderr);
  const chapters = toc.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { n: number; title: string });
  assert.equal(chapters.length, 302);
  assert.equal(chapters[0]?.n, 1);

  const read = await runCli(['read', '星河', '2', '--json'], env);
  assert.equal(read.code, 0, read.stderr);
  const chapter = JSON.parse(read.stdout) as { n: number; title: string; paragraphs: string[] };
  assert.equal(chapter.n, 2);
  assert.ok(chapter.paragraphs.length > 3);
  for (const p of chapter.paragraphs)
    assert.doesNotMatch(p, /笔趣阁|www\.|请记住/, 'no site boilerplate');

  const next = await runCli(['read', '星河', 'next', '--json'], env);
  assert.equal((JSON.parse(next.stdout) as { n: number }).n, 3, 'read remembers where you are');

  // Adding by the book's URL on one site finds the same book with its whole source pool.
  const biquge = cluster.sites.find((s) => s.template === 'biquge')!;
  const starId = catalogue.books().find((b) => b.title === '星河归途')!.id;
  const byUrl = await runCli(['add', biquge.bookUrl(starId), '--json'], env);
  assert.equal(byUrl.code, 0, byUrl.stderr);
  const again = JSON.parse(byUrl.stdout) as { id: number; sources: string[] };
  assert.equal(again.id, book.id);
  assert.ok(again.sources.length >= 2);

  const shelf = await runCli(['shelf', '--json'], env);
  const entry = JSON.parse(shelf.stdout.trim().split('\n')[0]!) as {
    unread: number;
    chapters: number;
  };
  assert.equal(entry.chapters, 302);
  assert.equal(entry.unread, 299);
});

test('update checks the shelf and export writes a valid EPUB of a chapter range', async (t) => {
  const update = await runCli(['update', '--json'], env);
  assert.equal(update.code, 0, update.stderr);
  assert.equal((JSON.parse(update.stdout) as { newChapters: number }).newChapters, 0);
  // The pass taught the chase: every source of the book has a next check and a reason.
  const chase = await runCli(['chase', '--status', '--json'], env);
  assert.equal(chase.code, 0, chase.stderr);
  const status = JSON.parse(chase.stdout) as {
    queue: Record<string, number>;
    listings: { source: string; nextCheckAt: number | null; reason: string; lastCheckAt: number }[];
  };
  assert.ok(status.listings.length >= 2, 'the book is followed at its sources');
  for (const listing of status.listings) {
    assert.ok(listing.lastCheckAt > 0, `${listing.source} was checked`);
    assert.ok(listing.nextCheckAt !== null, `${listing.source} has a next check`);
    assert.notEqual(listing.reason, 'not chased yet');
  }
  assert.equal(status.queue.dead, 0);
  const human = await runCli(['chase'], env);
  assert.match(human.stdout, /星河归途\n.*★/, 'the preferred source is marked');

  const skip = epubcheckUnavailable();
  const file = join(dir, 'out.epub');
  const exported = await runCli(['export', '星河', '--from', '1', '--to', '12', '-o', file], env);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stdout, /12 chapters/);
  assert.match(exported.stderr, /12\/12/, 'progress is shown');
  if (skip) return t.skip(skip);
  const result = epubcheck(file);
  assert.ok(result.ok, result.messages);
});

test('bad input is refused with a clear message and a non-zero exit code', async () => {
  const unknown = await runCli(['read', '不存在的书'], env);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /no book "不存在的书" in the library/);
  const range = await runCli(['export', '星河', '--from', '400'], env);
  assert.equal(range.code, 2);
  assert.match(range.stderr, /not in the book/);
  const pick = await runCli(['add', '星河归途', '--pick', 'zero'], env);
  assert.equal(pick.code, 2);
  assert.match(pick.stderr, /not a positive whole number/);
});

test('add <url> on a page that is not a book page names the rule that found nothing', async () => {
  // A chapter's URL where a book page was expected: the book-page rules (og:novel:book_name)
  // find nothing there. Before, this searched every source for "" and said 'no source found'.
  const biquge = cluster.sites.find((s) => s.template === 'biquge')!;
  const starId = catalogue.books().find((b) => b.title === '星河归途')!.id;
  const chapterUrl = biquge.chapterUrl(starId, 0);
  const added = await runCli(['add', chapterUrl], env);
  assert.notEqual(added.code, 0);
  assert.match(added.stderr, /新笔趣阁（演示）: info: ruleBookInfo\.name `[^`]+` found nothing/);
  assert.ok(added.stderr.includes(chapterUrl), added.stderr);
  assert.doesNotMatch(added.stderr, /no source found/);
});

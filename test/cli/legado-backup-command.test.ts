/**
 * `linhai import legado-backup FILE` (issue 22): a Legado backup zip (Legado's shapes) puts its
 * book on the command line's shelf with its position, imports the backup's source, lists the book
 * whose source is missing with the reason; the second run changes nothing; a file that is no zip
 * fails with what to do.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'linhai-legado-'));
const env = { LINHAI_DATA_DIR: join(dir, 'data'), LINHAI_ALLOW_HOSTS: '127.0.0.1' };
let cluster: DemoCluster;

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'json' }] });
});
after(async () => {
  await cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a Legado backup imports from the command line, twice = once', async () => {
  const site = cluster.sites[0]!;
  const book = site.books().find((b) => b.title === '雾隐山庄')!;
  const chapter = site.toc(book.id).filter((e) => e.kind === 'chapter')[7]!;
  const zip = new JSZip();
  zip.file('bookSource.json', JSON.stringify([site.source]));
  zip.file(
    'bookshelf.json',
    JSON.stringify([
      {
        bookUrl: site.bookUrl(book.id),
        tocUrl: site.tocUrl(book.id),
        origin: site.origin,
        originName: site.displayName,
        name: book.title,
        author: book.author,
        type: 0,
        group: 0,
        durChapterTitle: chapter.title,
        durChapterIndex: 7,
        durChapterPos: 99,
        durChapterTime: 1_760_000_000_000,
        canUpdate: true,
        order: 0,
      },
      {
        bookUrl: 'https://elsewhere.example/b/1',
        origin: 'https://elsewhere.example',
        originName: '别处',
        name: '无源之书',
        author: '某人',
        durChapterIndex: 0,
        durChapterPos: 0,
        durChapterTime: 1,
      },
    ]),
  );
  const file = join(dir, 'backup.zip');
  writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));

  const first = await runCli(['import', 'legado-backup', file], env);
  assert.equal(first.code, 0, first.stderr);
  assert.match(
    first.stdout,
    /skipped {3}book {9}无源之书 \/ 某人: its source 别处 is not on this instance/,
  );
  assert.match(
    first.stdout,
    /1 books on your shelf from backup\.zip: 2 records imported, 0 already here, 1 skipped\./,
  );
  const shelf = await runCli(['shelf', '--json'], env);
  const entry = JSON.parse(shelf.stdout.trim().split('\n')[0]!) as {
    title: string;
    position: { chapterTitle: string; offsetChars: number; readAt: number };
  };
  assert.equal(entry.title, '雾隐山庄');
  assert.equal(entry.position.offsetChars, 99);
  assert.equal(entry.position.readAt, 1_760_000_000_000);
  assert.equal(entry.position.chapterTitle.trim(), chapter.title.trim());

  const second = await runCli(['import', 'legado-backup', file], env);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /0 records imported, 2 already here, 1 skipped\./);

  const notZip = join(dir, 'notes.txt');
  writeFileSync(notZip, 'plain text');
  const refused = await runCli(['import', 'legado-backup', notZip], env);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /notes\.txt is not a zip file/);
});

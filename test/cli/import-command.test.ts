/**
 * `linhai import FILE` (issue 22): a GB18030 TXT becomes a local book split by the best-fitting
 * rule, `linhai read` shows its chapter 2, `--rule` splits it again, `--list-rules` lists Legado's
 * rules; an EPUB imports from its spine; a PDF and a missing file fail with what to do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { epubFile, txtNovel } from '../support/local-book-files.ts';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'linhai-import-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const data = ['--data-dir', join(dir, 'data')];

test('a TXT is imported, read and split again with another rule', async () => {
  const file = join(dir, '《灵娥传》作者：某人.txt');
  const headings = ['第一章 小小灵娥', '第二章 师兄的入门审核', '第三章 入门第一课'];
  writeFileSync(file, iconv.encode(txtNovel(headings, '《灵娥传》\r\n\r\n'), 'gb18030'));
  const imported = await runCli([...data, 'import', file]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /Imported 灵娥传 by 某人 as book (\d+): 4 chapters\./);
  assert.match(imported.stdout, /Split by rule 0 目录\(去空白\); read as gb18030\./);
  const bookId = /as book (\d+)/.exec(imported.stdout)![1]!;
  const read = await runCli([...data, 'read', bookId, '3']);
  assert.equal(read.code, 0, read.stderr);
  assert.match(read.stdout, /第二章 师兄的入门审核/);
  assert.match(read.stdout, /这是第2章的第一段/);
  const again = await runCli([...data, 'import', file, '--rule', '1']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`as book ${bookId}: 4 chapters`));
  assert.match(again.stdout, /Split by rule 1 目录;/);
  const rules = await runCli(['import', '--list-rules']);
  assert.match(rules.stdout, /^ 0 {2}tried {2}目录\(去空白\)$/m);
  assert.equal(rules.stdout.trim().split('\n').length, 25);
});

test('an EPUB is imported from its spine', async () => {
  const file = join(dir, 'shanhai.epub');
  const chapters = [
    { file: 'a.xhtml', title: '第一章 山', body: '<p>山很高。</p>' },
    { file: 'b.xhtml', title: '第二章 海', body: '<p>海很深。</p>' },
  ];
  writeFileSync(file, await epubFile({ version: 2, title: '山海', author: '某人', chapters }));
  const imported = await runCli([...data, 'import', file]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(
    imported.stdout,
    /Imported 山海 by 某人 as book \d+: 2 chapters\.\n {2}1\. 第一章 山/,
  );
});

test('a PDF and a missing file fail with what to do', async () => {
  const pdf = join(dir, 'book.pdf');
  writeFileSync(pdf, '%PDF-1.7 ...');
  const refused = await runCli([...data, 'import', pdf]);
  assert.equal(refused.code, 65);
  assert.match(refused.stderr, /is a PDF file; Linhai imports TXT and EPUB — convert it/);
  const missing = await runCli([...data, 'import', join(dir, 'nope.txt')]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /cannot read .*nope\.txt/);
});

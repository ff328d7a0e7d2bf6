/**
 * Issue 16, item 10: a source's titles, authors and name carried terminal escape sequences
 * (retitle the window, clear the screen, a one-byte C1 CSI) and `linhai search`, `toc` and
 * `sources list` wrote them to the terminal raw. Now every control character is shown escaped.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/net/test-support.ts';
import type { TestServer } from '../../src/net/test-support.ts';
import { runCli } from '../cli/run-cli.ts';
import type { CliResult } from '../cli/run-cli.ts';

// OSC 0 (window title) + BEL, CSI 2J (clear screen), C1 CSI (U+009B) + "31m", a bidi override.
const evil = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202e';
const dir = mkdtempSync(join(tmpdir(), 'linhai-terminal-escapes-'));
const env = { LINHAI_DATA_DIR: dir, LINHAI_ALLOW_HOSTS: '127.0.0.1' };
let site: TestServer;

before(async () => {
  site = await startServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (req.url!.startsWith('/search')) {
      res.end(`<ul class="hits"><li><a href="/book/1">毒书${evil}</a><i>作者${evil}</i></li></ul>`);
    } else if (req.url === '/book/1') {
      const chapters = [1, 2, 3]
        .map((n) => `<li><a href="/c/${n}.html">第${n}章 ${evil}</a></li>`)
        .join('');
      res.end(`<h1>毒书${evil}</h1><ul class="toc">${chapters}</ul>`);
    } else if (req.url === '/c/3.html') {
      res.statusCode = 404;
      res.end('gone');
    } else res.end(`<div id="content"><p>正文${evil}</p></div>`);
  });
  const source = {
    bookSourceUrl: site.origin,
    bookSourceName: `Evil${evil}`,
    searchUrl: '/search?q={{key}}',
    ruleSearch: { bookList: '.hits li', name: 'a@text', author: 'i@text', bookUrl: 'a@href' },
    ruleToc: { chapterList: '.toc li', chapterName: 'a@text', chapterUrl: 'a@href' },
    ruleContent: { content: '#content@html' },
  };
  writeFileSync(join(dir, 'evil.json'), JSON.stringify([source]));
  const imported = await runCli(['sources', 'import', join(dir, 'evil.json')], env);
  assert.equal(imported.code, 0, imported.stderr);
});
after(async () => {
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

// Control characters other than newline and tab, and the bidi overrides.
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const control = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function assertClean(result: CliResult, what: string): void {
  assert.equal(result.code, 0, `${what}: ${result.stderr}`);
  assert.doesNotMatch(result.stdout, control, `${what} printed a control character`);
  assert.doesNotMatch(result.stderr, control, `${what} printed a control character to stderr`);
}

test('sources list, search, add, toc and read show control characters escaped', async () => {
  const list = await runCli(['sources', 'list'], env);
  assertClean(list, 'sources list');
  assert.match(list.stdout, /Evil\\u001b\]0;pwned\\u0007/, 'the name is shown, escaped');

  const search = await runCli(['search', '毒书'], env);
  assertClean(search, 'search');
  assert.match(search.stdout, /毒书\\u001b/, search.stdout);

  const added = await runCli(['add', '毒书', '--json'], env);
  assertClean(added, 'add');
  const book = JSON.parse(added.stdout) as { id: number };

  const toc = await runCli(['toc', String(book.id)], env);
  assertClean(toc, 'toc');
  assert.match(toc.stdout, /第1章 \\u001b/, toc.stdout);

  const read = await runCli(['read', String(book.id), '1'], env);
  assertClean(read, 'read');

  // An error message quoting source data (the chapter's title) goes to stderr escaped too.
  const failed = await runCli(['read', String(book.id), '3'], env);
  assert.notEqual(failed.code, 0);
  assert.doesNotMatch(failed.stderr, control, failed.stderr);
});

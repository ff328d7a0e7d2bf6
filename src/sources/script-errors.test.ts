/**
 * Script failures through the driver, against a chapter page on 127.0.0.1: the error names the
 * source, the rule field, what failed and the line in the script; "needs X" only when the path the
 * script took reached X; and the classification of each source agrees with what running shows.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLinhaiError } from '#model';
import { createSandbox } from '#rules';
import type { Sandbox } from '#rules';
import { createTestClient } from '../../test/sources/fetcher.ts';
import { classifySource } from './classify.ts';
import { createSourceDriver } from './driver.ts';
import type { BookSource } from './types.ts';

const chapterPage = `<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>
<div id="content"><p>第一段</p><script>ad()</script><p>第二段</p></div></body></html>`;
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(chapterPage);
});
let origin = '';
let sandbox: Sandbox;
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sandbox = await createSandbox();
});
after(() => {
  server.close();
  sandbox.dispose();
});

const client = createTestClient();
const source = (content: string): BookSource => ({
  bookSourceUrl: origin,
  bookSourceName: '脚本书源',
  searchUrl: '/s?q={{key}}',
  ruleToc: { chapterList: 'li', chapterName: 'text', chapterUrl: 'a@href' },
  ruleContent: { content },
});
const chapter = () => ({
  index: 0,
  title: '第1章',
  url: `${origin}/c/1.html`,
  isVolume: false,
  isVip: false,
  isPay: false,
  tag: '',
  variables: {},
});
const read = (content: string) =>
  createSourceDriver({ source: source(content), fetcher: client, sandbox }).content(chapter());

describe('script errors through the driver', () => {
  test('a missing method names source, rule field, callee and line — not a guessed capability', async () => {
    const content = '@js:var l = java.getStringList("id.content@tag.p@text");\nl.frobnicate()';
    await assert.rejects(read(content), (e) => {
      assert.ok(isLinhaiError(e, 'js-error'), String(e));
      assert.equal(
        e.message,
        '脚本书源: content: ruleContent.content: TypeError: l.frobnicate is not a function (script line 2: "l.frobnicate()")',
      );
      assert.deepEqual([e.details['rule'], e.details['line']], ['ruleContent.content', 2]);
      return true;
    });
    assert.deepEqual(classifySource(source(content)).missing, ['List.frobnicate']);
  });
  test('a WebView asked for in a branch not taken: the chapter is read, the source is partial', async () => {
    const content =
      '@js:var d = org.jsoup.Jsoup.parse(src);\nif (d.select("#content p").isEmpty()) java.webView(null, baseUrl, "");\nd.select("script").remove();\nd.select("#content").html()';
    assert.match((await read(content)).text, /第一段\n\u3000\u3000第二段/);
    const c = classifySource(source(content));
    assert.deepEqual([c.tier, c.missing], ['partial', ['webview']]);
  });
  test('a WebView on the path taken, or a java.* helper Linhai lacks, is capability-missing naming it', async () => {
    const cases: [content: string, capability: string, tier: string][] = [
      ['@js:java.webView(null, baseUrl, "document.body.innerText")', 'webview', 'needs-browser'],
      ['@js:java.queryTTF(result)', 'java.queryTTF', 'partial'],
    ];
    for (const [content, capability, tier] of cases) {
      await assert.rejects(read(content), (e) => {
        assert.ok(isLinhaiError(e, 'capability-missing'), String(e));
        assert.equal(e.details['capability'], capability);
        assert.match(e.message, /^脚本书源: content: ruleContent\.content: /);
        return true;
      });
      assert.equal(classifySource(source(content)).tier, tier);
    }
  });
});

describe('book and chapter as Legado entities', () => {
  test('book.putVariable / chapter.putVariable then getVariable and @get read them back', async () => {
    // Real: 通用书源 "book.putVariable(\"除\", …)"; 平凡文学 "var v=book.getVariable(\"custom\")"
    const content =
      '@js:book.putVariable("p", "一"); chapter.putVariable("q", "二"); book.setReverseToc(false);\nbook.getVariable("p") + chapter.getVariable("q") + java.get("p") + book.name + book.getName() + chapter.getIndex()';
    const driver = createSourceDriver({ source: source(content), fetcher: client, sandbox });
    const text = (
      await driver.content(chapter(), {
        book: {
          name: '书',
          author: '',
          bookUrl: `${origin}/b`,
          tocUrl: `${origin}/b`,
          variables: {},
        },
      })
    ).text;
    assert.equal(text, '\u3000\u3000一二一书书0');
  });
});

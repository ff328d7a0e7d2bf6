// Conformance table for Legado's default JSoup-style rules (legado-rules.md §3.3), written from
// the specification: each case is an HTML input, a rule, and the exact expected output.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseContent,
  getString,
  getStringList,
  getElements,
  createVariableStore,
} from './index.ts';

const html = `<!DOCTYPE html><html><head><title>T</title><script>var x=1;</script></head><body>
<div class="book-info Intro" id="info"><h1>斗破苍穹</h1><p class="author">作者：天蚕土豆</p>
<div class="pull-right smaller-5">连载中</div></div>
<div id="list"><dl>
<dt>最新章节</dt><dd><a href="/b/3.html">第三章</a></dd>
<dt>正文</dt>
<dd><a href="/b/1.html">第一章  陨落的天才</a></dd><dd><a href="/b/2.html" title="t2">第二章 斗气大陆</a></dd><dd><a href="/b/3.html">第三章 客人</a></dd>
</dl></div>
<table><tr><td>行1</td></tr><tr><td>行2</td></tr></table>
<div id="content">&nbsp;&nbsp;第一段<br>第二段<br/><p>第三段</p><script>ad()</script>尾</div>
<span>Own <b>bold</b> text</span>
</body></html>`;

const page = parseContent(html, 'https://www.example.com/book/1/');
const ctx = () => ({ variables: createVariableStore(), baseUrl: page.baseUrl });

const stringCases: [rule: string, expected: string][] = [
  ['tag.h1@text', '斗破苍穹'],
  ['class.author@text', '作者：天蚕土豆'],
  ['id.info@tag.h1@text', '斗破苍穹'],
  ['class.pull-right smaller-5@text', '连载中'], // whole class attribute (pitfall 1)
  ['class.intro@tag.h1@text', '斗破苍穹'], // class test is case-insensitive
  ['class.book-info.extra@tag.h1@text', '斗破苍穹'], // only the second dot-part is the class
  ['tag.dd.0@tag.a@text', '第三章'],
  ['tag.dd.-1@tag.a@text', '第三章 客人'],
  ['tag.dd.1@tag.a@href', '/b/1.html'],
  ['tag.a.1:2@text', '第一章 陨落的天才\n第二章 斗气大陆'],
  ['tag.a[1,2]@text', '第一章 陨落的天才\n第二章 斗气大陆'],
  ['tag.a[-1]@text', '第三章 客人'],
  ['tag.a[!0,-1]@text', '第一章 陨落的天才\n第二章 斗气大陆'],
  ['tag.a!0:-1@text', '第一章 陨落的天才\n第二章 斗气大陆'],
  ['tag.a[0:3:2]@text', '第三章\n第二章 斗气大陆'],
  ['tag.a[-1:0]@text', '第三章 客人\n第二章 斗气大陆\n第一章 陨落的天才\n第三章'],
  ['tag.a[9]@text', ''], // out-of-range index ignored
  ['tag.a.1@title', ''], // blank attribute skipped
  ['tag.a.2@title', 't2'],
  ['text.斗气大陆@text', '第二章 斗气大陆'], // own text contains, case-insensitive
  ['id.list@tag.dt@text', '最新章节\n正文'],
  ['id.list@dd@a.0@text', '第三章\n第一章 陨落的天才\n第二章 斗气大陆\n第三章 客人'], // index applies per context element
  ['#list dd:eq(1) > a@text', '第三章'], // :eq counts the sibling index (dt is index 0)
  ['@css:#list dd > a[href$=2.html]@text', '第二章 斗气大陆'],
  ['@css:a:contains(斗气)@href', '/b/2.html'],
  ['tag.table@tag.tbody@tag.tr.1@text', '行2'], // HTML5 tree inserts tbody
  ['id.content@text', '第一段 第二段 第三段 尾'],
  ['id.content@ownText', '第一段 第二段 尾'],
  ['id.content@textNodes', '第一段\n第二段\n尾'],
  ['tag.span@ownText', 'Own text'],
  ['tag.span@children@text', 'bold'],
  ['tag.span@[0]@text', 'bold'], // empty prefix = children
  ['tag.span@html', '<span>Own <b>bold</b> text</span>'],
  ['tag.h1@text||tag.h2@text', '斗破苍穹'],
  ['tag.h2@text||tag.h1@text', '斗破苍穹'],
  ['tag.h1@text&&class.author@text', '斗破苍穹\n作者：天蚕土豆'],
  ['tag.dt@text%%tag.h1@text', '最新章节\n斗破苍穹\n正文'],
  ['class.author@text##作者：', '天蚕土豆'],
  ['class.author@text##作者：(.*)##$1先生', '天蚕土豆先生'],
  ['tag.a.1@href##\\d+##[$0]', '/b/[1].html'],
  ['tag.a.1@href##/b/(\\d+)##$1###', '1'], // the first match, rewritten
  ['tag.a.1@href##nomatch##x###', ''],
  ['tag.h1@text##[##x', '斗破苍穹'], // invalid regex: literal replace (no "[" in text)
];

describe('default JSoup rules: getString', () => {
  for (const [rule, expected] of stringCases) {
    test(`${rule} → ${JSON.stringify(expected)}`, async () => {
      assert.equal(await getString(rule, page, ctx()), expected);
    });
  }
});

describe('default JSoup rules: lists, URLs and DOM effects', () => {
  test('getElements returns items; field rules run on each item', async () => {
    const items = await getElements('id.list@tag.dd', page, ctx());
    assert.equal(items.length, 4);
    const names: string[] = [];
    for (const it of items) names.push(await getString('tag.a@text', it, ctx()));
    assert.deepEqual(names, ['第三章', '第一章 陨落的天才', '第二章 斗气大陆', '第三章 客人']);
  });
  test('a selection includes the context element itself', async () => {
    const items = await getElements('tag.dd', page, ctx());
    assert.equal(await getString('tag.dd@tag.a@href', items[1]!, ctx()), '/b/1.html');
    assert.equal(await getString('@css:dd > a@href', items[1]!, ctx()), '/b/1.html');
    assert.equal(await getString('dd@a@href', items[1]!, ctx()), '/b/1.html');
  });
  test('getStringList with isUrl makes links absolute and drops duplicates', async () => {
    assert.deepEqual(await getStringList('tag.a@href', page, ctx(), { isUrl: true }), [
      'https://www.example.com/b/3.html',
      'https://www.example.com/b/1.html',
      'https://www.example.com/b/2.html',
    ]);
  });
  test('getString with isUrl takes the first match; empty gives the base URL', async () => {
    assert.equal(
      await getString('tag.a@href', page, ctx(), { isUrl: true }),
      'https://www.example.com/b/3.html',
    );
    assert.equal(
      await getString('tag.nothing@href', page, ctx(), { isUrl: true }),
      'https://www.example.com/book/1/',
    );
  });
  test('@html removes scripts from the selection, @all keeps them', async () => {
    const p = parseContent('<div id="c">a<script>x()</script><p>b</p></div>', 'https://x.com/');
    assert.equal(
      await getString('id.c@all', p, ctx()),
      '<div id="c">a<script>x()</script><p>b</p></div>',
    );
    assert.equal(await getString('id.c@html', p, ctx()), '<div id="c">\n a\n <p>b</p>\n</div>');
  });
  test('entities are unescaped in getString', async () => {
    const p = parseContent('<a href="/s?a=1&amp;b=2">x &amp;lt; y</a>', 'https://x.com/');
    assert.equal(await getString('tag.a@href', p, ctx()), '/s?a=1&b=2');
    assert.equal(await getString('tag.a@text', p, ctx()), 'x < y');
  });
  test('a leading @ and whitespace in a path are ignored', async () => {
    assert.equal(await getString('@tag.h1@text', page, ctx()), '斗破苍穹');
  });
});

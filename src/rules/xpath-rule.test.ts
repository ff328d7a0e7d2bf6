// XPath rules over the HTML-parsed tree (legado-rules.md §3.5): standard XPath 1.0 plus
// JsoupXpath's trailing functions, on the same parse5 tree the CSS rules use.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseContent,
  getString,
  getStringList,
  getElements,
  createVariableStore,
} from './index.ts';

const html = `<html><body><div id="info"><h1>凡人修仙传</h1><p>作者：忘语</p><p class="meta">状态：<span>完结</span></p></div>
<table class="grid"><tr><td><a href="/1.html">第一章</a></td><td>2021</td></tr><tr><td><a href="/2.html">第二章</a></td><td>2022</td></tr></table>
<div id="content">第一段<br>第二段<p>第三段</p></div><img data-src="/c.jpg"></body></html>`;
const page = parseContent(html, 'https://www.example.com/book/');
const ctx = () => ({ variables: createVariableStore(), baseUrl: page.baseUrl });

const cases: [rule: string, expected: string][] = [
  ['//h1/text()', '凡人修仙传'],
  ['@XPath://div[@id="info"]/p[1]/text()', '作者：忘语'],
  ['//table/tbody/tr/td[1]/a/@href', '/1.html\n/2.html'], // tbody exists: HTML5 tree
  ['//tr[2]/td[2]/text()', '2022'],
  ['//p[@class="meta"]/allText()', '状态： 完结'.replace(' ', '')], // allText = Jsoup text()
  ['//p[@class="meta"]/text()', '状态：'], // own text only
  ['//div[@id="content"]/text()', '第一段 第二段'],
  ['//div[@id="content"]/p/html()', '第三段'],
  ['//p[@class="meta"]/span/outerHtml()', '<span>完结</span>'],
  ['//a[contains(text(),"二")]/@href', '/2.html'],
  ['@XPath:count(//tr)', '2'], // only a leading / or @XPath: selects XPath mode
  ['//h2/text()||//h1/text()', '凡人修仙传'],
  ['//h1/text()&&//td[2]/text()', '凡人修仙传\n2021\n2022'],
  ['//img/@data-src', '/c.jpg'],
  ['//H1/text()', '凡人修仙传'], // HTML names are case-insensitive
];

describe('XPath rules: getString', () => {
  for (const [rule, expected] of cases) {
    test(`${rule} → ${JSON.stringify(expected)}`, async () => {
      assert.equal(await getString(rule, page, ctx()), expected);
    });
  }
});

describe('XPath rules: items', () => {
  test('element items feed field rules of any mode', async () => {
    const rows = await getElements('//table//tr', page, ctx());
    assert.equal(rows.length, 2);
    const out: string[] = [];
    for (const r of rows)
      out.push(
        `${await getString('//a/text()', r, ctx())}|${await getString('tag.td.1@text', r, ctx())}`,
      );
    // XPath "//" from an item searches the whole document, as in JsoupXpath; relative paths stay inside.
    assert.equal(out[1]!.split('|')[1], '2022');
    assert.deepEqual(await getStringList('@XPath:./td/a/@href', rows[1], ctx(), { isUrl: true }), [
      'https://www.example.com/2.html',
    ]);
  });
  test('a string that ends with </td> parses as table cells', async () => {
    assert.equal(await getString('//td/text()', '<td>x</td><td>y</td>', ctx()), 'x\ny');
  });
});

// Legado's HtmlFormatter (content and intro formatting, legado-rules.md §1.4).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { formatHtmlContent, jsoupText } from './index.ts';
import { parseContent } from './index.ts';

const I = '\u3000\u3000';

describe('formatHtmlContent', () => {
  const cases: [html: string, expected: string][] = [
    ['<p>第一段</p><p>第二段</p>', `${I}第一段\n${I}第二段`],
    ['&nbsp;&nbsp;&nbsp;&nbsp;一<br /><br />&nbsp;&nbsp;&nbsp;&nbsp;二', `${I}一\n${I}二`],
    ['<div id="c">a<!-- ad --><span>b</span></div>', `${I}ab`],
    ['x&emsp;y&zwj;z', 'x yz'], // the first line is indented only when it had leading whitespace
    ['<h1>标题</h1>正文\n\n  下一行  \n', `${I}标题\n${I}正文\n${I}下一行`],
    ['<p>a</p><img src="/i/1.png"><p>b</p>', `${I}a\n${I}b`], // images removed without keepImages
  ];
  for (const [html, expected] of cases)
    test(`${JSON.stringify(html)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(formatHtmlContent(html), expected);
    });
  test('keepImages keeps <img> as absolute src, honouring data-src and ,{options}', () => {
    const html =
      '<p>a</p><img class="lazy" data-src="/i/1.png" src="loading.gif"><img src="/i/2.png,{&quot;headers&quot;:1}"><img src=\'{{x}},{"a":1}\'>';
    assert.equal(
      formatHtmlContent(
        '<p>a</p><img data-src="/i/1.png"><p>b</p><img alt="x" src="//cdn.x.com/2.png">',
        {
          keepImages: true,
          baseUrl: 'https://x.com/book/1.html',
        },
      ),
      `${I}a\n${I}<img src="https://x.com/i/1.png">\n${I}b\n${I}<img src="https://cdn.x.com/2.png">`,
    );
    assert.ok(
      formatHtmlContent(html, { keepImages: true, baseUrl: 'https://x.com/' }).includes(
        '<img src="https://x.com/i/',
      ),
    );
  });
});

describe('jsoupText normalisation', () => {
  test('NBSP and runs of whitespace collapse; <br> and blocks separate words; scripts are not text', () => {
    const page = parseContent(
      '<div>a&nbsp;&nbsp;b<br>c<p>d</p>e<script>f()</script>\u200b</div>',
      'https://x/',
    );
    assert.equal(jsoupText(page.document), 'a b c d e');
  });
  test('whitespace inside <pre> is kept', () => {
    const page = parseContent('<pre>a  b\n c</pre>', 'https://x/');
    assert.equal(
      jsoupText((page.document.children[0] as never as { children: never[] }).children[1] as never),
      'a  b\n c',
    );
  });
});

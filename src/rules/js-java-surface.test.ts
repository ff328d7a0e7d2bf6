// The Java surface scripts see (legado-rules.md §3.10, §10.7): lists from java.* helpers behave
// as java.util.List and as JS arrays; JSoup Document/Elements/Element methods real sources call,
// including remove() that really changes the document.
import { test, describe, before, after } from 'node:test';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { createSandbox } from './js/index.ts';
import type { Sandbox } from './js/index.ts';
import {
  parseContent,
  getString,
  getElements,
  createVariableStore,
  scriptSurface,
} from './index.ts';
import type { RuleContext, RuleHost } from './index.ts';
import JSZip from 'jszip';
import iconv from 'iconv-lite';

let sandbox: Sandbox;
before(async () => {
  sandbox = await createSandbox();
});
after(() => sandbox.dispose());

const html = `<div id="list"><a href="/c/1.html">第1章 起</a><a href="/c/2.html">第2章 承</a><a href="/c/3.html">第3章 转</a></div>
<div id="content"><p>正文一</p><script>ad()</script><p class="ad">广告</p><p>正文二</p></div><h1>书名</h1>`;
const ctx = (): RuleContext => ({
  variables: createVariableStore(),
  baseUrl: 'https://www.example.com/book/9/',
  sandbox,
});
const run = (rule: string): Promise<string> =>
  getString(rule, parseContent(html, 'https://www.example.com/book/9/'), ctx());

describe('lists from java.* helpers are java.util.List and JS arrays', () => {
  const cases: [rule: string, expected: string][] = [
    [
      '@js:var l = java.getStringList("id.list@tag.a@text"); l.size() + "|" + l.get(1)',
      '3|第2章 承',
    ],
    ['@js:var l = java.getStringList("id.list@tag.a@text"); l.length + "|" + l[2]', '3|第3章 转'],
    ['@js:java.getStringList("tag.nothing@text").isEmpty()', 'true'],
    ['@js:java.getStringList("id.list@tag.a@href").contains("/c/2.html")', 'true'],
    ['@js:java.getStringList("id.list@tag.a@href").indexOf("/c/3.html")', '2'],
    ['@js:var l = java.getStringList("id.list@tag.a@href"); l.add("/x"); l.size()', '4'],
    [
      '@js:java.getStringList("id.list@tag.a@href").toArray().join(",")',
      '/c/1.html,/c/2.html,/c/3.html',
    ],
    [
      '@js:java.getStringList("id.list@tag.a@text").map(function (t) { return t.slice(0, 2); }).join("")',
      '第1第2第3',
    ],
    [
      '@js:var s = ""; for (var t of java.getStringList("id.list@tag.a@href")) s += t.length; s',
      '999',
    ],
    [
      '@js:String(java.getStringList("id.list@tag.a@href").subList(0, 2))',
      '[/c/1.html, /c/2.html]',
    ],
    [
      '@js:var l = java.getStringList("id.list@tag.a@href"); l.remove(0); l.remove("/c/3.html"); l.join()',
      '/c/2.html',
    ],
    // Real pattern (a universal source): for(x=0,c=r.select("h1,h2,h3").eachText();x<c.size();x++) c.get(x)
    [
      '@js:var r = org.jsoup.Jsoup.parse(src), out = []; for (var x = 0, c = r.select("h1,a").eachText(); x < c.size(); x++) out.push(c.get(x)); out.join("/")',
      '第1章 起/第2章 承/第3章 转/书名',
    ],
    [
      '@js:org.jsoup.Jsoup.parse(src).select("a").eachAttr("abs:href").get(0)',
      'https://www.example.com/c/1.html',
    ],
  ];
  for (const [rule, expected] of cases) {
    test(`${rule} → ${JSON.stringify(expected)}`, async () => {
      assert.equal(await run(rule), expected);
    });
  }
  test('get() past the end throws as Java does, naming index and length', async () => {
    await assert.rejects(
      run('@js:java.getStringList("id.list@tag.a@text").get(5)'),
      /Index 5 out of bounds for length 3/,
    );
  });
});

describe('JSoup Document, Elements and Element', () => {
  const cases: [rule: string, expected: string][] = [
    [
      '@js:var els = java.getElements("id.list@tag.a"); els[1].text() + "|" + els.length',
      '第2章 承|3',
    ],
    [
      '@js:var s = []; for (var e of java.getElements("id.list@tag.a")) s.push(e.attr("href")); s.join()',
      '/c/1.html,/c/2.html,/c/3.html',
    ],
    // Real (obfuscated) TOC script: list=java['getElements']('#chapterlist li a'); for(i in list) …
    [
      '@js:var list = java["getElements"]("id.list@tag.a"), s = ""; for (i in list) s += i + list[i].text().slice(0, 2); s',
      '0第11第22第3',
    ],
    ['@js:java.getElements("id.list@tag.a").first().nextElementSibling().text()', '第2章 承'],
    [
      '@js:java.getElements("id.list@tag.a").last().previousElementSibling().absUrl("href")',
      'https://www.example.com/c/2.html',
    ],
    ['@js:java.getElement("id.list@tag.a.1").siblingElements().size()', '2'],
    ['@js:java.getElement("id.list@tag.a.2").elementSiblingIndex()', '2'],
    ['@js:java.getElement("id.list").children().eachText().join("")', '第1章 起第2章 承第3章 转'],
    ['@js:java.getElement("id.list@tag.a.0").parent().id()', 'list'],
    ['@js:java.getElement("id.list@tag.a.0").closest("div").id()', 'list'],
    ['@js:org.jsoup.Jsoup.parse(src).getElementById("content").getElementsByTag("p").size()', '3'],
    ['@js:org.jsoup.Jsoup.parse(src).getElementsByClass("ad").text()', '广告'],
    ['@js:org.jsoup.Jsoup.parse(src).selectFirst("#content").ownText()', ''],
    ['@js:org.jsoup.Jsoup.parse("<title>T</title><p>x</p>").title()', 'T'],
    [
      '@js:String(org.jsoup.Jsoup.parse("<p>x</p>"))',
      '<html>\n <head></head>\n <body>\n  <p>x</p>\n </body>\n</html>',
    ],
    ['@js:org.jsoup.Jsoup.parse(src).select("p").is(".ad")', 'true'],
    ['@js:org.jsoup.Jsoup.parse(src).select("p").not(".ad").size()', '2'],
    // Real pattern: r.select("script,noscript,style,…").remove(); then read the cleaned page.
    [
      '@js:var d = org.jsoup.Jsoup.parse(src); d.select("script,.ad").remove(); d.select("#content").html()',
      '<p>正文一</p><p>正文二</p>',
    ],
    [
      '@js:var d = org.jsoup.Jsoup.parse(src); d.select("p").get(1).remove(); d.select("#content p").text()',
      '正文一 正文二',
    ],
    [
      '@js:var c = java.getElement("id.content"); c.select("script").remove(); c.html().indexOf("ad()")',
      '-1',
    ],
    [
      '@js:var d = org.jsoup.Jsoup.parse("<p>a</p>"); d.select("p").html("<b>b</b>").append("<i>c</i>"); d.body().html()',
      '<p><b>b</b><i>c</i></p>',
    ],
    [
      '@js:var d = org.jsoup.Jsoup.parse("<p>a</p>"); d.select("p").before("<hr>").after("<br>"); d.body().html()',
      '<hr><p>a</p><br>',
    ],
    [
      '@js:var d = org.jsoup.Jsoup.parse("<p>a</p>"); d.select("p").text("<x>").attr("k", "v"); d.select("p").text() + d.select("p").attr("k")',
      '<x>v',
    ],
    [
      '@js:var d = org.jsoup.Jsoup.parse("<p>a<b>b</b></p>"); d.select("p").empty(); d.body().html()',
      '<p></p>',
    ],
    // Real pattern: src.subList(1, i).clear() drops items 1..i-1 from the list.
    [
      '@js:var s = java.getElements("id.list@tag.a"); s.subList(1, 3).clear(); s.size() + s.text()',
      '1第1章 起',
    ],
  ];
  for (const [rule, expected] of cases) {
    test(`${rule} → ${JSON.stringify(expected)}`, async () => {
      assert.equal(await run(rule), expected);
    });
  }
  test('a removal changes the page later rules read (JSoup changes its one tree)', async () => {
    const page = parseContent(html, 'https://www.example.com/book/9/');
    const context = ctx();
    await getString('@js:java.getElements("class.ad").remove(); ""', page, context);
    assert.equal(await getString('id.content@tag.p@text', page, context), '正文一\n正文二');
  });
});

describe('java.* helpers beyond the pure ones', () => {
  test('toNumChapter as Legado: the "第…章" part with its number as digits', async () => {
    const cases: [string, string][] = [
      ['第一百零五章 归来', '第105章'],
      ['第一千二章', '第1200章'],
      ['第１２章', '第12章'],
      ['第两万三千章', '第23000章'],
      ['序章', '序章'],
      ['第X章', '第-1章'],
    ];
    for (const [title, expected] of cases)
      assert.equal(await run(`@js:java.toNumChapter(${JSON.stringify(title)})`), expected);
  });
  test('helpers that need a browser fail naming the capability, only when called', async () => {
    await assert.rejects(
      run('@js:java.webView(null, baseUrl, "document.body")'),
      (e: Error & { code?: string; details?: Record<string, unknown> }) => {
        assert.equal(e.code, 'capability-missing');
        assert.equal(e.details?.['capability'], 'webview');
        assert.match(e.message, /java\.webView\(\) needs a browser/);
        return true;
      },
    );
    assert.equal(await run('@js:if (false) java.webView(null, baseUrl, ""); "ran"'), 'ran');
  });
  test('toURL and htmlFormat', async () => {
    assert.equal(
      await run(
        '@js:var u = java.toURL("/s?q=1&p=2", baseUrl); u.host + u.pathname + u.searchParams.p',
      ),
      'www.example.com/s2',
    );
    assert.equal(
      await run('@js:java.htmlFormat("<p>一</p><p>二<img data-src=\\"/i.png\\"></p>")'),
      '\u3000\u3000一\n\u3000\u3000二<img src="https://www.example.com/i.png">',
    );
  });
});

describe('java.* network helpers over HTTP on 127.0.0.1', () => {
  let server: Server;
  let origin = '';
  before(async () => {
    const zip = new JSZip();
    zip.file('book/chapter1.txt', '第一章 正文');
    zip.file('gbk.txt', iconv.encode('中文', 'gbk'));
    const archive = await zip.generateAsync({ type: 'nodebuffer' });
    server = createServer((req, res) => {
      if (req.url === '/lib.js') res.end('function twice(s) { return s + s; }');
      else if (req.url === '/book.zip') res.end(archive);
      else
        res
          .writeHead(req.method === 'HEAD' ? 204 : 200, {
            'set-cookie': 'sid=42; Path=/',
            'x-m': req.method ?? '',
          })
          .end(`page ${req.url}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());
  const host: RuleHost = {
    async fetch(req) {
      const res = await fetch(req.url, { method: req.method, headers: req.headers });
      const bytes = new Uint8Array(await res.arrayBuffer());
      return {
        url: res.url,
        status: res.status,
        headers: Object.fromEntries(res.headers),
        text: new TextDecoder().decode(bytes),
        bytes,
      };
    },
  };
  const runNet = (rule: string): Promise<string> =>
    getString(rule, parseContent(html, `${origin}/book/`), {
      ...ctx(),
      baseUrl: `${origin}/book/`,
      host,
    });

  test('head() answers with status and headers', async () => {
    assert.equal(
      await runNet(
        `@js:var r = java.head("${origin}/x"); r.statusCode() + r.header("x-m") + r.cookies().sid`,
      ),
      '204HEAD42',
    );
  });
  test('ajaxAll() gives one response per URL, in order', async () => {
    assert.equal(
      await runNet(
        `@js:java.ajaxAll(["${origin}/a", "${origin}/b"]).map(function (r) { return r.body(); }).join("|")`,
      ),
      'page /a|page /b',
    );
  });
  test('importScript() fetches a library to eval', async () => {
    assert.equal(
      await runNet(`@js:eval(String(java.importScript("${origin}/lib.js"))); twice("ab")`),
      'abab',
    );
  });
  test('getZipStringContent() reads one entry of a zip at a URL, UTF-8 or GBK', async () => {
    assert.equal(
      await runNet(`@js:java.getZipStringContent("${origin}/book.zip", "book/chapter1.txt")`),
      '第一章 正文',
    );
    assert.equal(
      await runNet(`@js:java.getZipStringContent("${origin}/book.zip", "gbk.txt")`),
      '中文',
    );
    assert.equal(
      await runNet(`@js:java.getZipStringContent("${origin}/book.zip", "gbk.txt", "gbk")`),
      '中文',
    );
  });
});

describe('the surface the classifier counts is what scripts really get', () => {
  test('every java.*, Jsoup, List, String, element and response method counted is a function in a script', async () => {
    const surface = scriptSurface();
    const probe = async (expression: string, names: ReadonlySet<string>): Promise<string[]> =>
      JSON.parse(
        await run(
          `@js:var v = ${expression}; JSON.stringify(${JSON.stringify([...names])}.filter(function (n) { return typeof v[n] !== 'function'; }))`,
        ),
      ) as string[];
    assert.deepEqual(await probe('java', surface.java), []);
    assert.deepEqual(await probe('org.jsoup.Jsoup', surface.Jsoup), []);
    assert.deepEqual(await probe('org.jsoup.Jsoup.parse(src)', surface.Document), []);
    assert.deepEqual(await probe('java.getElements("tag.a")', surface.Elements), []);
    assert.deepEqual(await probe('java.getStringList("tag.a@text")', surface.List), []);
    assert.deepEqual(await probe('java.getString("tag.h1@text")', surface.String), []);
  });
});

describe('arrays handed to scripts as bindings are lists too', () => {
  test('result of a list rule: result.size() and result.get(0), as real chapterList scripts do', async () => {
    const page = parseContent(html, 'https://www.example.com/book/9/');
    // Real: 梦远书城 chapterList "…@js:result.size()?result:[…]"; 笔趣阁 nextContentUrl "result.size()?result.get(0):null"
    const items = await getElements(
      'class.none@js:result.size() ? result : java.getElements("tag.h1")',
      page,
      ctx(),
    );
    assert.equal(items.length, 1);
    assert.equal(
      await getString('@js:result.isEmpty() + ":" + result.size()', [], ctx()),
      'true:0',
    );
    assert.equal(
      await getString('@js:result.size() + ":" + result.get(1)', ['a', 'b'], ctx()),
      '2:b',
    );
  });
});

// JavaScript in rules through the real QuickJS sandbox (legado-rules.md §3.10): @js:, <js>, {{js}}
// in rules and URL templates, Legado's bindings, java.* helpers calling back into the engine,
// JSoup-shaped element objects, network through the injected host, and JSONPath filters.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from './js/index.ts';
import type { Sandbox } from './js/index.ts';
import {
  parseContent,
  getString,
  getStringList,
  getElements,
  buildRequest,
  createVariableStore,
  loadJsLib,
} from './index.ts';
import type { RuleContext, RuleHost, UrlRequest } from './index.ts';

let sandbox: Sandbox;
before(async () => {
  sandbox = await createSandbox();
});
after(() => sandbox.dispose());

const page = parseContent(
  `<div id="list"><a href="/c/1.html">第1章 起</a><a href="/c/2.html">第2章 承</a><a href="/c/3.html">第3章 转</a></div><p id="n" data-v="7">  ok  </p>`,
  'https://www.example.com/book/9/',
);
const requests: UrlRequest[] = [];
const host: RuleHost = {
  async fetch(req) {
    requests.push(req);
    return {
      url: req.url,
      status: 200,
      headers: { location: '/moved' },
      text: `body of ${req.method} ${req.url}${req.body ? ' ' + String(req.body) : ''}`,
    };
  },
};
const ctx = (extra: Partial<RuleContext> = {}): RuleContext => ({
  variables: createVariableStore(),
  baseUrl: page.baseUrl,
  sandbox,
  host,
  bindings: { book: { name: '书名', author: '作者' }, key: '关键字', page: 2 },
  ...extra,
});

describe('JS rule steps', () => {
  const cases: [rule: string, expected: string][] = [
    ['id.n@text<js>result + "!"</js>', 'ok!'],
    ['id.n@data-v@js:result * 6', '42'],
    ['@js:baseUrl', 'https://www.example.com/book/9/'],
    ['@js:book.name + "/" + key + "/" + page', '书名/关键字/2'],
    ['<js>java.getString("id.n@text")</js>', 'ok'],
    [
      '@js:var e = java.getElements("id.list@tag.a"); e.size() + ":" + e.get(1).text() + ":" + e.get(2).attr("href")',
      '3:第2章 承:/c/3.html',
    ],
    ['@js:java.getElements("id.list@tag.a").select("a[href$=1.html]").text()', '第1章 起'],
    ['@js:java.put("x", "v1"); java.get("x")', 'v1'],
    [
      '@js:java.ajax("https://api.example.com/q?k=" + key)',
      'body of GET https://api.example.com/q?k=%E5%85%B3%E9%94%AE%E5%AD%97',
    ],
    [
      '@js:java.post("https://api.example.com/p", "a=1", {}).body()',
      'body of POST https://api.example.com/p a=1',
    ],
    ['@js:java.get("https://api.example.com/r", {}).header("Location")', '/moved'],
    ['{{@@id.n@text}}-{{1+1}}-{{book.author}}', 'ok-2-作者'],
    ['id.n@text##ok##{{"OK".toLowerCase() + "!"}}', 'ok!'],
    ['@js:src.length > 10', 'true'],
  ];
  for (const [rule, expected] of cases) {
    test(`${rule} → ${JSON.stringify(expected)}`, async () => {
      assert.equal(await getString(rule, page, ctx()), expected);
    });
  }
  test('a script may return element lists that become items; result in item rules is the element', async () => {
    const items = await getElements('@js:java.getElements("id.list@tag.a")', page, ctx());
    assert.equal(items.length, 3);
    assert.equal(await getString('@js:result.attr("href")', items[0], ctx()), '/c/1.html');
    assert.equal(await getString('text', items[2], ctx()), '第3章 转');
  });
  test('a script may return plain objects; field rules read their keys', async () => {
    const items = await getElements(
      '@js:[{name:"甲", url:"/a"}, {name:"乙", url:"/b"}]',
      page,
      ctx(),
    );
    assert.equal(items.length, 2);
    assert.equal(await getString('name', items[1], ctx()), '乙');
    assert.equal(
      await getString('url', items[0], ctx(), { isUrl: true }),
      'https://www.example.com/a',
    );
  });
  test('java.setContent changes what later java.getString calls read', async () => {
    assert.equal(
      await getString('@js:java.setContent("<b>x</b>"); java.getString("tag.b@text")', page, ctx()),
      'x',
    );
  });
  test('a JS list result feeds getStringList', async () => {
    assert.deepEqual(await getStringList('@js:["/a","/b","/a"]', page, ctx(), { isUrl: true }), [
      'https://www.example.com/a',
      'https://www.example.com/b',
    ]);
  });
  test('script errors surface as js-error, runaway scripts as js-timeout', async () => {
    await assert.rejects(getString('@js:throw new Error("boom")', page, ctx()), {
      code: 'js-error',
    });
    await assert.rejects(getString('@js:while(true){}', page, ctx({ scriptTimeLimitMs: 100 })), {
      code: 'js-timeout',
    });
  });
});

describe('JSONPath filters through the sandbox', () => {
  test('a filter the tiny interpreter cannot read runs in the sandbox', async () => {
    const json = parseContent('{"list":[{"n":"第一"},{"n":"序"}]}', 'https://x.com/');
    assert.equal(await getString('$.list[?(@.n.startsWith("第"))].n', json, ctx()), '第一');
  });
});

describe('URL templates with JavaScript', () => {
  test('{{js}} and @js: with @result', async () => {
    const a = await buildRequest('/s?k={{java.encodeURI ? key : key}}&p={{page*10}}', {
      baseUrl: 'https://x.com/',
      key: 'ab',
      page: 2,
      sandbox,
    });
    assert.equal(a.url, 'https://x.com/s?k=ab&p=20');
    const b = await buildRequest('/s?k={{key}}@js:result + "&t=" + (page + 1)', {
      baseUrl: 'https://x.com/',
      key: 'q',
      page: 1,
      sandbox,
    });
    assert.equal(b.url, 'https://x.com/s?k=q&t=2');
  });
  test('{{key}} inside a script string is substituted after the script runs', async () => {
    const r = await buildRequest(
      `@js:url="https://m.x.com/search.php,{'method':'POST','body':'keyword={{key}}'}"; url`,
      {
        baseUrl: 'https://x.com/',
        key: '书',
        sandbox,
      },
    );
    assert.equal(r.url, 'https://m.x.com/search.php');
    assert.equal(r.body, 'keyword=%E4%B9%A6');
  });
  test('the js option rewrites the URL', async () => {
    const r = await buildRequest('/c/1.html,{"js":"result + \'?v=2\'"}', {
      baseUrl: 'https://x.com/',
      sandbox,
    });
    assert.equal(r.url, 'https://x.com/c/1.html?v=2');
  });
});

describe('java.* pure helpers, Jsoup shim and jsLib', () => {
  const cases: [rule: string, expected: string][] = [
    ['@js:java.base64Encode("书")', '5Lmm'],
    ['@js:java.base64Decode("5Lmm")', '书'],
    ['@js:java.md5Encode("abc")', '900150983cd24fb0d6963f7d28e17f72'],
    ['@js:java.encodeURI("a b/书")', 'a+b%2F%E4%B9%A6'],
    ['@js:org.jsoup.Jsoup.parse("<ul><li>a</li><li>b</li></ul>").select("li").get(1).text()', 'b'],
    ['@js:org.jsoup.Jsoup.parse("<p>x</p>").body().html()', '<p>x</p>'],
  ];
  for (const [rule, expected] of cases) {
    test(`${rule} → ${JSON.stringify(expected)}`, async () => {
      assert.equal(await getString(rule, page, ctx()), expected);
    });
  }
  test('java.encodeURI with a charset inside a URL template', async () => {
    const r = await buildRequest('/s?k={{java.encodeURI(key, "gbk")}}', {
      baseUrl: 'https://x.com/',
      key: '你好',
      sandbox,
    });
    assert.equal(r.url, 'https://x.com/s?k=%C4%E3%BA%C3');
  });
  test('jsLib functions are visible to later scripts; URL libraries come through the host', async () => {
    const sb = await createSandbox();
    try {
      await loadJsLib(sb, 'function twice(s) { return s + s; }');
      assert.equal(await getString('@js:twice(result)', 'ab', { ...ctx(), sandbox: sb }), 'abab');
      const libHost: RuleHost = {
        fetch: async (req) => ({
          url: req.url,
          status: 200,
          headers: {},
          text: 'function up(s) { return s.toUpperCase(); }',
        }),
      };
      await loadJsLib(sb, '{"util": "https://cdn.example.com/u.js"}', libHost);
      assert.equal(await getString('@js:up(result)', 'ab', { ...ctx(), sandbox: sb }), 'AB');
    } finally {
      sb.dispose();
    }
  });
});

test(
  'a URL-template script that calls java.ajax runs once (the nested request does not restart it)',
  { timeout: 20_000 },
  async () => {
    // Regression: buildRequest's script loop shared a /g regex with the buildRequest that java.ajax
    // runs inside, so the outer loop found the same script again and ran it without end.
    const fresh = await createSandbox();
    try {
      let fetches = 0;
      const counting: RuleHost = {
        async fetch(req) {
          fetches++;
          return { url: req.url, status: 200, headers: {}, text: 'token' };
        },
      };
      const req = await buildRequest(
        '@js:var t = java.ajax("http://127.0.0.1:9/t"); "/s?q=" + key + "&t=" + t',
        {
          baseUrl: 'http://127.0.0.1:9/',
          key: 'abc',
          page: 1,
          sandbox: fresh,
          host: counting,
          variables: createVariableStore(),
        },
      );
      assert.equal(req.url, 'http://127.0.0.1:9/s?q=abc&t=token');
      assert.equal(fetches, 1);
    } finally {
      fresh.dispose();
    }
  },
);

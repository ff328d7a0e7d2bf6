import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySource } from './classify.ts';
import { scanRuleString } from './rule-scan.ts';
import type { BookSource } from './types.ts';

const base: BookSource = {
  bookSourceUrl: 'https://a.com',
  bookSourceName: 'A',
  searchUrl: '/search?q={{key}}&p={{page}}',
  ruleSearch: { bookList: 'class.item', name: 'tag.a@text', bookUrl: 'tag.a@href' },
  ruleBookInfo: { name: 'h1@text', tocUrl: '{{$.toc}}' },
  ruleToc: { chapterList: 'id.list@tag.a', chapterName: 'text', chapterUrl: 'href' },
  ruleContent: { content: 'id.content@html##广告' },
};

function withRules(patch: Partial<BookSource>): BookSource {
  return { ...base, ...patch };
}

describe('scanRuleString', () => {
  test('trivial templates and rules inside {{}} are declarative', () => {
    const s = scanRuleString('https://x.com/{{$.id}}/{{@@class.a@text}}?k={{key}}', 'rule');
    assert.deepEqual([s.js, s.tinyJs], [false, false]);
  });
  test('{{page-1}} and {{book.name}} are tiny; calls are real JS', () => {
    assert.equal(scanRuleString('/l/{{(page-1)*20}}', 'url').tinyJs, true);
    assert.equal(scanRuleString('/l/{{book.name}}', 'url').js, false);
    assert.equal(scanRuleString('/l/{{source.getKey()}}', 'url').js, true);
  });
  test('@js:, <js>, java helpers and interop are found', () => {
    assert.equal(scanRuleString('tag.a@text<js>result.trim()</js>', 'rule').js, true);
    const s = scanRuleString('@js:var d=org.jsoup.Jsoup.parse(java.ajax(baseUrl));d', 'rule');
    assert.deepEqual([s.js, s.javaInterop, [...s.helpers]], [true, true, ['ajax']]);
  });
  test('webView option: true counts, false does not', () => {
    assert.equal(scanRuleString('href##$##,{"webView":true}', 'rule').webView, true);
    assert.equal(scanRuleString("/s,{'webView': false}", 'url').webView, false);
  });
});

describe('classifySource', () => {
  test('a pure declarative source is level A and runs fully', () => {
    const c = classifySource(base);
    assert.deepEqual([c.level, c.tier, c.missing], ['A', 'full', []]);
  });
  test('tiny template arithmetic is level B', () => {
    assert.equal(
      classifySource(withRules({ searchUrl: '/s?q={{key}}&o={{(page-1)*20}}' })).level,
      'B',
    );
  });
  test('JS with helpers is C1 and still full', () => {
    const c = classifySource(
      withRules({ ruleContent: { content: '@js:java.base64Decode(result)' } }),
    );
    assert.deepEqual([c.level, c.tier], ['C1', 'full']);
  });
  test('script-only fields count as JS: formatJs on the core path is C1', () => {
    const c = classifySource(
      withRules({
        ruleToc: {
          chapterList: 'li',
          chapterName: 'text',
          chapterUrl: 'href',
          formatJs: 'title.trim()',
        },
      }),
    );
    assert.equal(c.level, 'C1');
  });
  test('Java interop on the core path is C2: needs-java, naming java-interop', () => {
    const c = classifySource(
      withRules({ ruleToc: { chapterList: '@js:Packages.java.lang.String(result)' } }),
    );
    assert.deepEqual([c.level, c.tier], ['C2', 'needs-java']);
    assert.ok(c.missing.includes('java-interop'));
    assert.ok(c.evidence.some((e) => e.startsWith('ruleToc.chapterList')));
  });
  test('org.jsoup.Jsoup.parse is C2 in the census but runs on the rules layer shim', () => {
    const c = classifySource(
      withRules({ ruleToc: { chapterList: '@js:org.jsoup.Jsoup.parse(result).select("a")' } }),
    );
    assert.deepEqual([c.level, c.tier, c.missing], ['C2', 'full', []]);
    const d = classifySource(
      withRules({
        ruleToc: { chapterList: '@js:org.jsoup.Jsoup.parse(result); new java.util.ArrayList()' },
      }),
    );
    assert.equal(d.tier, 'needs-java');
  });
  test('webView on chapters or webJs: level D, needs-browser', () => {
    const c = classifySource(
      withRules({
        ruleToc: {
          chapterList: 'a',
          chapterName: 'text',
          chapterUrl: 'href##$##,{"webView":true}',
        },
      }),
    );
    assert.deepEqual([c.level, c.tier, c.missing], ['D', 'needs-browser', ['webview']]);
    const d = classifySource(
      withRules({ ruleContent: { content: 'id.c@html', webJs: 'document.body.innerText' } }),
    );
    assert.equal(d.tier, 'needs-browser');
  });
  test('browser only as a JS fallback (startBrowserAwait) is D but partial, missing browser', () => {
    const c = classifySource(
      withRules({
        ruleContent: {
          content:
            '@js:if(/Just a moment/.test(result)) java.startBrowserAwait(baseUrl,"验证"); result',
        },
      }),
    );
    assert.deepEqual([c.level, c.tier, c.missing], ['D', 'partial', ['browser']]);
  });
  test('optional features lacking are partial: login page, WebView explore, cover decode', () => {
    const c = classifySource(
      withRules({
        loginUrl: 'https://a.com/login',
        exploreUrl: '玄幻::/x,{"webView":true}',
        coverDecodeJs: 'result',
      }),
    );
    assert.deepEqual(
      [c.level, c.tier, c.missing],
      ['A', 'partial', ['cover-decode', 'login', 'webview']],
    );
  });
  test('login state read on the core path, or loginCheckJs, needs a login', () => {
    const c = classifySource(
      withRules({
        loginUrl: 'x',
        ruleSearch: { bookList: '@js:source.getLoginInfoMap(); result', name: 'a' },
      }),
    );
    assert.equal(c.tier, 'needs-login');
    assert.equal(classifySource(withRules({ loginCheckJs: 'result' })).tier, 'needs-login');
  });
  test('code stored in bookSourceComment and eval-ed counts on the core path', () => {
    const c = classifySource(
      withRules({
        bookSourceComment: 'var d = org.jsoup.Jsoup.parse(x)',
        ruleContent: { content: '@js:eval(String(source.bookSourceComment))' },
      }),
    );
    assert.equal(c.level, 'C2');
  });
  test('unknown java helpers are named; audio and file sources name what they lack', () => {
    assert.ok(
      classifySource(
        withRules({ ruleContent: { content: '@js:java.queryTTF(x)' } }),
      ).missing.includes('java.queryTTF'),
    );
    assert.ok(classifySource(withRules({ bookSourceType: 1 })).missing.includes('audio'));
    assert.ok(classifySource(withRules({ bookSourceType: 3 })).missing.includes('file-download'));
  });
  test('never throws on odd shapes', () => {
    const odd = {
      bookSourceUrl: 'x',
      bookSourceName: '',
      ruleSearch: 5,
      ruleToc: null,
      searchUrl: 7,
    } as unknown as BookSource;
    assert.equal(classifySource(odd).tier, 'full');
  });
});

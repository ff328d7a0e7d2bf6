/**
 * The driver end to end against a small local site (127.0.0.1) built to exercise the pipeline
 * details of docs/legado-rules.md §1.4–1.5: redirects and bookUrlPattern, de-duplication, TOC
 * pagination and de-dup order, content pagination stopping at the next chapter, replaceRegex,
 * a JSON API source, explore, and capability / HTTP errors naming the source.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLinhaiError } from '#model';
import type { FetchRequest } from '#net';
import { createTestClient, recording } from '../../test/sources/fetcher.ts';
import { createSourceDriver } from './driver.ts';
import { createSandbox } from '#rules';
import type { BookSource } from './types.ts';

const page = (body: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;
const list = `
  <div class="item"><a href="/book/1">Alpha 作者：Ann</a><span class="author">作者：Ann</span><span class="wc">123456</span></div>
  <div class="item"><a href="/book/2">Beta</a><span class="author">Bob 著</span></div>
  <div class="item"><a href="/book/1">Alpha again</a></div>
  <div class="item"><a href="/book/3"></a></div>`;
const routes: Record<
  string,
  string | { status: number; location?: string; body?: string; type?: string }
> = {
  '/search': page(list),
  '/sort/1': page(list),
  '/go': { status: 302, location: '/book/1' },
  '/book/1': page(
    `<h1>Alpha</h1><p class="author">Ann</p><div class="intro">An intro.</div><a class="toc" href="/book/1/toc">目录</a>`,
  ),
  '/book/1/toc': page(`<ul class="latest"><li><a href="5.html">第5章</a></li></ul>
    <ul id="list"><li><a href="1.html">第1章</a></li><li><a href="2.html">第2章</a></li><li><a href="3.html">第3章</a></li></ul>
    <a class="next" href="toc2">下一页</a>`),
  '/book/1/toc2': page(
    `<ul id="list"><li><a href="4.html">第4章</a></li><li><a href="5.html">第5章</a></li></ul><a class="next" href="toc">上一页</a>`,
  ),
  '/book/1/1.html': page(
    `<div id="content">line one<br>line two 广告</div><a class="next" href="1_2.html">下一页</a>`,
  ),
  '/book/1/1_2.html': page(
    `<div id="content">line three</div><a class="next" href="2.html">下一章</a>`,
  ),
  '/book/1/2.html': page(`<div id="content">chapter two</div>`),
  '/api/search': {
    status: 200,
    type: 'application/json',
    body: JSON.stringify({ data: [{ name: 'Json Book', author: 'J', id: 7 }] }),
  },
  '/api/book/7': {
    status: 200,
    type: 'application/json',
    body: JSON.stringify({ name: 'Json Book', intro: 'From JSON', toc: '/api/toc/7' }),
  },
  '/api/toc/7': {
    status: 200,
    type: 'application/json',
    body: JSON.stringify({
      chapters: [
        { title: 'One', url: '/api/c/1' },
        { title: 'Two', url: '/api/c/2' },
      ],
    }),
  },
  '/api/c/1': {
    status: 200,
    type: 'application/json',
    body: JSON.stringify({ content: 'Json chapter one.' }),
  },
  '/gone': { status: 404, body: 'no' },
  '/js/search': page(`<div class="item"><a href="/book/1" data-id="1">alpha</a></div>`),
};

let origin = '';
let lastHeaders: Record<string, unknown> = {};
const client = createTestClient();
const server = createServer((req, res) => {
  lastHeaders = req.headers;
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path === '/hang') return; // never answers
  const route = routes[path];
  if (route === undefined) {
    res.writeHead(404).end('not found');
  } else if (typeof route === 'string') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(route);
  } else {
    res
      .writeHead(route.status, {
        'content-type': route.type ?? 'text/html',
        ...(route.location ? { location: route.location } : {}),
      })
      .end(route.body ?? '');
  }
});

function htmlSource(patch: Partial<BookSource> = {}): BookSource {
  return {
    bookSourceUrl: `${origin}#🎃`,
    bookSourceName: 'Fixture HTML',
    searchUrl: '/search?q={{key}}',
    exploreUrl: '玄幻::/sort/{{page}}',
    ruleSearch: {
      bookList: 'class.item',
      name: 'tag.a@text',
      author: 'class.author@text',
      wordCount: 'class.wc@text',
      bookUrl: 'tag.a@href',
    },
    ruleBookInfo: {
      name: 'tag.h1@text',
      author: 'class.author@text',
      intro: 'class.intro@text',
      tocUrl: 'class.toc@href',
    },
    ruleToc: {
      chapterList: 'tag.li',
      chapterName: 'tag.a@text',
      chapterUrl: 'tag.a@href',
      nextTocUrl: 'class.next@href',
    },
    ruleContent: {
      content: 'id.content@html',
      nextContentUrl: 'class.next@href',
      replaceRegex: '##\\s*广告',
    },
    ...patch,
  };
}

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  server.close();
  await client.close();
});

describe('createSourceDriver over a local fixture site', () => {
  test('search: relative links, name/author cleaning, word count, de-dup by bookUrl, empty names dropped', async () => {
    const requests: FetchRequest[] = [];
    const driver = createSourceDriver({
      source: htmlSource({ concurrentRate: '500' }),
      fetcher: recording(client, requests),
    });
    const results = await driver.search('alpha');
    assert.deepEqual(
      results.map((r) => [r.name, r.author, r.bookUrl]),
      [
        ['Alpha', 'Ann', `${origin}/book/1`],
        ['Beta', 'Bob', `${origin}/book/2`],
      ],
    );
    assert.equal(results[0]?.wordCount, '12.3万字');
    assert.equal(requests[0]?.kind, 'search');
    assert.equal(requests[0]?.source?.key, `${origin}#🎃`);
    assert.equal(requests[0]?.source?.concurrentRate, '500');
  });

  test('search that redirects to a detail page matching bookUrlPattern yields that book', async () => {
    const source = htmlSource({ searchUrl: '/go?q={{key}}', bookUrlPattern: '.*/book/\\d+' });
    const requests: FetchRequest[] = [];
    const driver = createSourceDriver({ source, fetcher: recording(client, requests) });
    const [hit, ...rest] = await driver.search('alpha');
    assert.equal(rest.length, 0);
    assert.equal(hit?.name, 'Alpha');
    assert.equal(hit?.bookUrl, `${origin}/book/1`);
    // the detail page is reused, not fetched again
    const info = await driver.bookInfo(hit ?? { bookUrl: '' });
    assert.equal(info.tocUrl, `${origin}/book/1/toc`);
    assert.equal(requests.length, 1);
  });

  test('info → TOC (paginated, latest block dropped) → content (paginated, stops at the next chapter)', async () => {
    const driver = createSourceDriver({ source: htmlSource(), fetcher: client });
    const info = await driver.bookInfo({ bookUrl: `${origin}/book/1` });
    assert.deepEqual([info.name, info.author, info.intro], ['Alpha', 'Ann', 'An intro.']);
    const chapters = await driver.toc(info);
    assert.deepEqual(
      chapters.map((c) => c.title),
      ['第1章', '第2章', '第3章', '第4章', '第5章'],
    );
    assert.deepEqual(
      chapters.map((c) => c.index),
      [0, 1, 2, 3, 4],
    );
    assert.equal(chapters[0]?.url, `${origin}/book/1/1.html`);
    const first = chapters[0];
    assert.ok(first);
    const text = await driver.content(first, {
      book: info,
      nextChapterUrl: chapters[1]?.url ?? '',
    });
    assert.deepEqual(text.pages, [`${origin}/book/1/1.html`, `${origin}/book/1/1_2.html`]);
    assert.equal(text.truncated, false);
    assert.deepEqual(text.text.split('\n'), [
      '\u3000\u3000line one',
      '\u3000\u3000line two',
      '\u3000\u3000line three',
    ]);
  });

  test('a reused page serves the next stage once; polling the TOC again refetches', async () => {
    const requests: FetchRequest[] = [];
    const source = htmlSource({
      ruleBookInfo: { name: 'tag.h1@text' },
      ruleToc: { chapterList: 'tag.li', chapterName: 'tag.a@text', chapterUrl: 'tag.a@href' },
    });
    const driver = createSourceDriver({ source, fetcher: recording(client, requests) });
    const info = await driver.bookInfo({ bookUrl: `${origin}/book/1/toc` });
    assert.equal(
      info.tocUrl,
      `${origin}/book/1/toc`,
      'empty tocUrl: the detail page holds the TOC',
    );
    await driver.toc(info);
    assert.equal(requests.length, 1, 'the detail page was reused for the TOC');
    await driver.toc(info);
    assert.equal(requests.length, 2, 'a second TOC read fetches again');
  });

  test('source headers: JSON (proxy key taken out into the policy) and computed by JS', async () => {
    const requests: FetchRequest[] = [];
    const json = htmlSource({ header: '{"X-Site":"one", proxy: "http://127.0.0.1:9"}' });
    const policyOnly = createSourceDriver({
      source: json,
      fetcher: { fetch: (r) => (requests.push(r), Promise.reject(new Error('stop'))) },
    });
    await assert.rejects(policyOnly.search('alpha'));
    assert.equal(requests[0]?.headers?.['X-Site'], 'one');
    assert.equal(requests[0]?.headers?.['proxy'], undefined);
    assert.equal(requests[0]?.source?.proxy, 'http://127.0.0.1:9');
    const sandbox = await createSandbox();
    after(() => sandbox.dispose());
    const scripted = htmlSource({ header: '@js:JSON.stringify({"X-Site": "two" + (1 + 1)})' });
    await createSourceDriver({ source: scripted, fetcher: client, sandbox }).search('alpha');
    assert.equal(lastHeaders['x-site'], 'two2');
  });

  test('content page cap marks the chapter truncated', async () => {
    const driver = createSourceDriver({ source: htmlSource(), fetcher: client });
    const chapter = {
      index: 0,
      title: '第1章',
      url: `${origin}/book/1/1.html`,
      isVolume: false,
      isVip: false,
      isPay: false,
      tag: '',
      variables: {},
    };
    const text = await driver.content(chapter, { maxPages: 1 });
    assert.equal(text.truncated, true);
    assert.equal(text.pages.length, 1);
  });

  test('a JSON API source: JSONPath lists, templates, TOC and content', async () => {
    const source: BookSource = {
      bookSourceUrl: origin,
      bookSourceName: 'Fixture JSON',
      searchUrl: '/api/search?k={{key}}',
      ruleSearch: {
        bookList: '$.data[*]',
        name: '$.name',
        author: '$.author',
        bookUrl: '/api/book/{{$.id}}',
      },
      ruleBookInfo: { intro: '$.intro', tocUrl: '$.toc' },
      ruleToc: { chapterList: '$.chapters[*]', chapterName: '$.title', chapterUrl: '$.url' },
      ruleContent: { content: '$.content' },
    };
    const driver = createSourceDriver({ source, fetcher: client });
    const [hit] = await driver.search('json');
    assert.equal(hit?.bookUrl, `${origin}/api/book/7`);
    const info = await driver.bookInfo(hit ?? { bookUrl: '' });
    assert.equal(info.intro, 'From JSON');
    const chapters = await driver.toc(info);
    assert.deepEqual(
      chapters.map((c) => [c.title, c.url]),
      [
        ['One', `${origin}/api/c/1`],
        ['Two', `${origin}/api/c/2`],
      ],
    );
    const c = await driver.content(chapters[0] ?? chapters[1]!, { book: info });
    assert.equal(c.text, '\u3000\u3000Json chapter one.');
  });

  test('explore: categories and a list page (falls back to ruleSearch)', async () => {
    const driver = createSourceDriver({ source: htmlSource(), fetcher: client });
    const kinds = await driver.exploreKinds();
    assert.deepEqual(kinds, [{ title: '玄幻', url: '/sort/{{page}}' }]);
    const books = await driver.explore(kinds[0]?.url ?? '', 1);
    assert.deepEqual(
      books.map((b) => b.name),
      ['Alpha', 'Beta'],
    );
    const sandbox = await createSandbox();
    after(() => sandbox.dispose());
    const scripted = htmlSource({
      exploreUrl: '@js:JSON.stringify([{title: "榜单"}, {title: "玄幻", url: "/sort/{{page}}"}])',
    });
    const kinds2 = await createSourceDriver({
      source: scripted,
      fetcher: client,
      sandbox,
    }).exploreKinds();
    assert.deepEqual(kinds2, [
      { title: '榜单', url: '' },
      { title: '玄幻', url: '/sort/{{page}}' },
    ]);
  });

  test('a WebView chapter fails with capability-missing naming webview and the source', async () => {
    const driver = createSourceDriver({ source: htmlSource(), fetcher: client });
    const chapter = {
      index: 0,
      title: 'x',
      url: `${origin}/book/1/1.html,{"webView":true}`,
      isVolume: false,
      isVip: false,
      isPay: false,
      tag: '',
      variables: {},
    };
    await assert.rejects(driver.content(chapter), (e) => {
      assert.ok(isLinhaiError(e, 'capability-missing'));
      assert.equal(e.details['capability'], 'webview');
      assert.equal(e.details['source'], 'Fixture HTML');
      assert.equal(e.details['stage'], 'content');
      return true;
    });
  });

  test('JS rules (tier C1) run through the real sandbox: URL script, <js> steps, java.put/get, java.ajax', async () => {
    const sandbox = await createSandbox();
    after(() => sandbox.dispose());
    const source = htmlSource({
      searchUrl: "@js:'/js/search?q=' + encodeURIComponent(key) + '&p=' + (page - 1)",
      ruleSearch: {
        bookList: 'class.item',
        name: 'tag.a@text<js>java.put("bid", "b" + result); result.toUpperCase()</js>',
        bookUrl: 'tag.a@href',
      },
      ruleBookInfo: {
        name: 'tag.h1@text',
        intro: 'class.intro@html',
        tocUrl: '@js:baseUrl + "/toc"',
      },
      ruleToc: {
        chapterList: 'tag.li',
        chapterName: 'tag.a@text',
        chapterUrl: 'tag.a@href',
        nextTocUrl: 'class.next@href',
        formatJs: '"#" + index + " " + title',
      },
      ruleContent: {
        content:
          '@js:var other = java.ajax(baseUrl.replace("1.html", "2.html")); result.replace("line one", "LINE ONE") + (other.indexOf("chapter two") >= 0 ? "<p>ajax ok</p>" : "")',
      },
    });
    const driver = createSourceDriver({ source, fetcher: client, sandbox });
    const [hit] = await driver.search('alpha');
    assert.equal(hit?.name, 'ALPHA');
    assert.deepEqual(hit?.variables, { bid: 'balpha' });
    const info = await driver.bookInfo(hit ?? { bookUrl: '' });
    assert.equal(info.tocUrl, `${origin}/book/1/toc`);
    const chapters = await driver.toc(info);
    const first = chapters[0];
    assert.ok(first);
    const text = await driver.content(first, {
      book: info,
      nextChapterUrl: chapters[1]?.url ?? '',
    });
    assert.match(text.text, /LINE ONE/);
    assert.match(text.text, /ajax ok/);
  });

  test('a TOC entry keeps its own variables: one chapter’s java.put is not seen by the next', async () => {
    const sandbox = await createSandbox();
    after(() => sandbox.dispose());
    const source = htmlSource({
      ruleToc: {
        chapterList: 'id.list@tag.li',
        chapterName: 'tag.a@text<js>if (result == "第1章") java.put("mark", "one"); result</js>',
        chapterUrl: 'tag.a@href<js>result + "#" + java.get("mark")</js>',
      },
    });
    const driver = createSourceDriver({ source, fetcher: client, sandbox });
    const chapters = await driver.toc({
      bookUrl: `${origin}/book/1`,
      tocUrl: `${origin}/book/1/toc`,
    });
    assert.deepEqual(
      chapters.map((c) => [c.title, c.url.replace(`${origin}/book/1/`, ''), c.variables]),
      [
        ['第1章', '1.html#one', { mark: 'one' }],
        ['第2章', '2.html#', {}],
        ['第3章', '3.html#', {}],
      ],
    );
  });

  test('scripts see source.getKey() and source-level variables', async () => {
    const sandbox = await createSandbox();
    after(() => sandbox.dispose());
    const source = htmlSource({
      searchUrl:
        '@js:source.put("seen", "yes"); source.getKey().replace("#🎃", "") + "/js/search?q=" + key',
      ruleSearch: {
        bookList: 'class.item',
        name: 'tag.a@text<js>result + "/" + source.get("seen")</js>',
        bookUrl: 'tag.a@href',
      },
    });
    const logs: string[] = [];
    const driver = createSourceDriver({
      source,
      fetcher: client,
      sandbox,
      log: (l) => void logs.push(l),
    });
    const [hit] = await driver.search('alpha');
    assert.equal(hit?.name, 'alpha/yes');
    // cookie writes are logged and dropped; cache is per driver
    const withHelpers = htmlSource({
      searchUrl:
        '@js:cookie.removeCookie(source.getKey()); cache.put("q", key); "/js/search?q=" + cache.get("q")',
      ruleSearch: { bookList: 'class.item', name: 'tag.a@text', bookUrl: 'tag.a@href' },
    });
    const second = createSourceDriver({
      source: withHelpers,
      fetcher: client,
      sandbox,
      log: (l) => void logs.push(l),
    });
    assert.equal((await second.search('alpha'))[0]?.name, 'alpha');
    assert.ok(logs.some((l) => l.startsWith('cookie.removeCookie(')));
  });

  test('org.jsoup.Jsoup.parse in a script runs on the rules layer shim', async () => {
    const sandbox = await createSandbox();
    after(() => sandbox.dispose());
    const content = '@js:org.jsoup.Jsoup.parse(result).select("#content").text()';
    const driver = createSourceDriver({
      source: htmlSource({ ruleContent: { content } }),
      fetcher: client,
      sandbox,
    });
    assert.deepEqual([driver.classification.level, driver.classification.tier], ['C2', 'full']);
    const chapter = {
      index: 0,
      title: '第2章',
      url: `${origin}/book/1/2.html`,
      isVolume: false,
      isVip: false,
      isPay: false,
      tag: '',
      variables: {},
    };
    assert.equal((await driver.content(chapter)).text, '\u3000\u3000chapter two');
  });

  test('Java interop and browser helpers in scripts fail as capability-missing naming them', async () => {
    const sandbox = await createSandbox();
    after(() => sandbox.dispose());
    const chapter = {
      index: 0,
      title: '第1章',
      url: `${origin}/book/1/2.html`,
      isVolume: false,
      isVip: false,
      isPay: false,
      tag: '',
      variables: {},
    };
    const cases: [string, string][] = [
      ['@js:new JavaImporter(Packages.java.lang); result', 'java-interop'],
      ['@js:java.startBrowserAwait(baseUrl, "验证"); result', 'browser'],
      ['@js:java.queryTTF(result)', 'java.queryTTF'],
    ];
    for (const [content, capability] of cases) {
      const driver = createSourceDriver({
        source: htmlSource({ ruleContent: { content } }),
        fetcher: client,
        sandbox,
      });
      await assert.rejects(driver.content(chapter), (e) => {
        assert.ok(isLinhaiError(e, 'capability-missing'), `${content}: ${String(e)}`);
        assert.equal(e.details['capability'], capability);
        assert.equal(e.details['rule'], 'ruleContent.content');
        return true;
      });
    }
  });

  test('without a sandbox a JS rule fails with capability-missing, naming the source and rule', async () => {
    const source = htmlSource({
      ruleSearch: { bookList: 'class.item', name: '@js:result', bookUrl: 'tag.a@href' },
    });
    const driver = createSourceDriver({ source, fetcher: client });
    await assert.rejects(driver.search('alpha'), (e) => {
      assert.ok(isLinhaiError(e, 'capability-missing'), String(e));
      assert.equal(e.details['source'], 'Fixture HTML');
      assert.equal(e.details['stage'], 'search');
      return true;
    });
  });

  test('a call that outlives deadlineMs fails with deadline, naming source and stage', async () => {
    const driver = createSourceDriver({
      source: htmlSource({ searchUrl: '/hang?q={{key}}' }),
      fetcher: client,
      deadlineMs: 300,
    });
    await assert.rejects(driver.search('alpha'), (e) => {
      assert.ok(isLinhaiError(e, 'deadline'), String(e));
      assert.equal(e.details['stage'], 'search');
      assert.equal(e.details['source'], 'Fixture HTML');
      return true;
    });
  });

  test('an HTTP error names the source, stage and URL; an empty TOC is a rule-error', async () => {
    const driver = createSourceDriver({ source: htmlSource(), fetcher: client });
    await assert.rejects(driver.bookInfo({ bookUrl: `${origin}/gone` }), (e) => {
      assert.ok(isLinhaiError(e, 'net-http-status'));
      assert.equal(e.details['stage'], 'info');
      assert.equal(e.details['url'], `${origin}/gone`);
      return true;
    });
    await assert.rejects(driver.toc({ bookUrl: `${origin}/book/1/2.html` }), (e) =>
      isLinhaiError(e, 'rule-error'),
    );
  });
});

// URL templates (legado-rules.md §2): {{key}}/{{page}}, page lists, ,{options}, GBK encoding,
// relative resolution. Expected URLs and bodies are computed by hand from the specification.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildRequest, absoluteUrl } from './index.ts';
import { splitUrlOptions } from './urls.ts';

const base = 'https://www.example.com/#🎃';

describe('URL templates', () => {
  const cases: [template: string, ctx: { key?: string; page?: number }, url: string][] = [
    [
      '/search?q={{key}}&p={{page}}',
      { key: 'abc', page: 2 },
      'https://www.example.com/search?q=abc&p=2',
    ],
    ['/search?q={{key}}', { key: '斗破' }, 'https://www.example.com/search?q=%E6%96%97%E7%A0%B4'],
    [
      '/search?q={{key}},{"charset":"gbk"}',
      { key: '你好' },
      'https://www.example.com/search?q=%C4%E3%BA%C3',
    ],
    [
      '/search?q={{key}}, {"charset":"gb2312"}',
      { key: '你好' },
      'https://www.example.com/search?q=%C4%E3%BA%C3',
    ],
    [
      '/search?q={{key}},{"charset":"escape"}',
      { key: '你好' },
      'https://www.example.com/search?q=%u4F60%u597D',
    ],
    ['/search?q={{key}}', { key: 'a b' }, 'https://www.example.com/search?q=a%20b'],
    ['/search?q={{key}}', { key: '%C4%E3' }, 'https://www.example.com/search?q=%C4%E3'], // already encoded: verbatim
    ['/list/{{page-1}}.html', { page: 1 }, 'https://www.example.com/list/0.html'],
    ['/list/{{(page-1)*20}}', { page: 3 }, 'https://www.example.com/list/40'],
    ['/list<,_{{page}}>.html', { page: 1 }, 'https://www.example.com/list.html'],
    ['/list<,_{{page}}>.html', { page: 3 }, 'https://www.example.com/list_3.html'],
    ['/rank/<a,b,c>', { page: 2 }, 'https://www.example.com/rank/b'],
    ['/rank/<a,b,c>', { page: 9 }, 'https://www.example.com/rank/c'],
    ['https://other.com/s?k={{key}}', { key: 'x' }, 'https://other.com/s?k=x'],
    ['s.php?k={{key}}', { key: 'x' }, 'https://www.example.com/s.php?k=x'],
  ];
  for (const [template, c, url] of cases) {
    test(`${template} ${JSON.stringify(c)} → ${url}`, async () => {
      const req = await buildRequest(template, { baseUrl: base, ...c });
      assert.equal(req.url, url);
      assert.equal(req.method, 'GET');
    });
  }

  test('POST with a form body is encoded per key and value in the charset', async () => {
    const req = await buildRequest(
      '/modules/search.php,{"method":"post","body":"searchkey={{key}}&type=articlename","charset":"gbk"}',
      {
        baseUrl: base,
        key: '凡人 修仙',
      },
    );
    assert.equal(req.url, 'https://www.example.com/modules/search.php');
    assert.equal(req.method, 'POST');
    assert.equal(req.body, 'searchkey=%B7%B2%C8%CB+%D0%DE%CF%C9&type=articlename');
    assert.equal(req.headers['Content-Type'], 'application/x-www-form-urlencoded');
    assert.equal(req.charset, 'gbk');
  });
  test('a JSON body is sent as JSON; an object body is serialised', async () => {
    const a = await buildRequest('/api,{"method":"POST","body":{"kw":"{{key}}","page":1}}', {
      baseUrl: base,
      key: 'x',
    });
    assert.equal(a.body, '{"kw":"x","page":1}');
    assert.equal(a.headers['Content-Type'], 'application/json; charset=UTF-8');
    const b = await buildRequest('/api,{"method":"POST","body":"{\\"kw\\":\\"{{key}}\\"}"}', {
      baseUrl: base,
      key: '书',
    });
    assert.equal(b.body, '{"kw":"书"}');
  });
  test('lenient option JSON: single quotes and unquoted keys', async () => {
    const req = await buildRequest(
      "/s,{'method':'POST', body: 'q={{key}}', headers: {'Referer': 'https://www.example.com/'}}",
      { baseUrl: base, key: 'k' },
    );
    assert.equal(req.method, 'POST');
    assert.equal(req.body, 'q=k');
    assert.equal(req.headers.Referer, 'https://www.example.com/');
  });
  test('headers: source headers, overridden by the headers option; a set Content-Type sends the body raw', async () => {
    const req = await buildRequest(
      '/s,{"method":"POST","body":"a=你","headers":{"Content-Type":"text/plain","X":"2"}}',
      {
        baseUrl: base,
        headers: { 'User-Agent': 'ua', X: '1' },
      },
    );
    assert.deepEqual(req.headers, { 'User-Agent': 'ua', X: '2', 'Content-Type': 'text/plain' });
    assert.equal(req.body, 'a=你');
  });
  test('other options are kept for the driver: retry, type, webView', async () => {
    const req = await buildRequest('/c/1.html,{"webView":true,"retry":2,"type":"zip"}', {
      baseUrl: base,
    });
    assert.equal(req.webView, true);
    assert.equal(req.retry, 2);
    assert.equal(req.options.type, 'zip');
    assert.equal((await buildRequest('/c,{"webView":"false"}', { baseUrl: base })).webView, false);
  });
  test('templates needing real JavaScript without a sandbox fail as capability-missing', async () => {
    await assert.rejects(
      buildRequest('/s?k={{java.encodeURI(key)}}', { baseUrl: base, key: 'x' }),
      { code: 'capability-missing' },
    );
    await assert.rejects(buildRequest('@js:"/s?k="+key', { baseUrl: base, key: 'x' }), {
      code: 'capability-missing',
    });
  });
  test('bad option JSON is a rule error', async () => {
    await assert.rejects(buildRequest('/s,{"method":', { baseUrl: base }), { code: 'rule-error' });
  });
});

describe('absoluteUrl', () => {
  const cases: [base: string | undefined, rel: string, out: string][] = [
    ['https://x.com/a/b.html', '../c.html', 'https://x.com/c.html'],
    ['https://x.com/a/b.html', '?p=2', 'https://x.com/a/b.html?p=2'],
    ['https://x.com/a/,{"method":"POST"}', 'c.html', 'https://x.com/a/c.html'],
    ['https://x.com/a/', '/c.html,{"webView":true}', 'https://x.com/c.html,{"webView":true}'],
    ['https://x.com/', 'javascript:void(0)', ''],
    ['https://x.com/', 'data:image/png;base64,AAA', 'data:image/png;base64,AAA'],
    ['https://x.com/', 'HTTPS://y.com/z', 'HTTPS://y.com/z'],
    ['https://x.com/', '//cdn.x.com/i.png', 'https://cdn.x.com/i.png'],
  ];
  for (const [b, rel, out] of cases)
    test(`${b} + ${rel} → ${out}`, () => {
      assert.equal(absoluteUrl(b, rel), out);
    });

  // Plain references skip the URL parser (a TOC's thousands of links); whatever the reference, the
  // answer must be the parser's. Characters are drawn where the shortcut's edges are: dot
  // segments, `%2e`, backslashes, colons, spaces, `#`, quotes, non-ASCII, an options suffix.
  test('the shortcut for plain references gives what the URL parser gives', () => {
    const bases = [
      'https://x.com/a/b.html',
      'http://u:p@127.0.0.1:8080/book/12/?q=1#f',
      'https://x.com',
      'http://x.com:80/a/,{"webView":true}',
      'https://例子.cn/书/',
    ];
    const piece = fc.constantFrom(
      ...'a Z 0 9 - _ . ~ % 2e 2E %2e .. / // \\ : @ ? = & # , { } \' " ` < > 章 ! $ ( ) * + ;'.split(
        ' ',
      ),
    );
    const reference = fc.array(piece, { minLength: 1, maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.constantFrom(...bases), reference, (b, rel) => {
        const { url, options } = splitUrlOptions(rel.trim());
        let expected: string;
        if (!rel.trim() || /^javascript/i.test(rel.trim())) expected = '';
        else if (/^(https?:|data:)/i.test(rel.trim())) expected = rel.trim();
        else {
          try {
            const abs = new URL(url, splitUrlOptions(b).url).href;
            expected = options ? `${abs},${options}` : abs;
          } catch {
            expected = rel.trim();
          }
        }
        assert.equal(absoluteUrl(b, rel), expected);
      }),
      { numRuns: 20_000 },
    );
  });
});

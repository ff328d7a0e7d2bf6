import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBrowserPool } from './browser-pool.ts';
import { findChromium } from './browser-launch.ts';
import { createHttpClient } from './client.ts';
import type { HttpClient } from './client.ts';
import type { BrowserTier } from './browser-types.ts';
import { chromiumSkip, startServer } from './test-support.ts';
import type { TestServer } from './test-support.ts';

const skip = await chromiumSkip();
const html = (body: string) =>
  `<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`;

describe('browser pool (headless Chromium through the HTTP client)', { skip }, () => {
  let site: TestServer;
  let client: HttpClient;
  let pool: BrowserTier;
  const source = { key: 'https://source-a.example/' };

  before(async () => {
    site = await startServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      res.setHeader('content-type', 'text/html; charset=utf-8');
      if (url.pathname === '/robots.txt')
        return void res.end('User-agent: *\nDisallow: /private/\n');
      if (url.pathname === '/list.json') {
        res.setHeader('content-type', 'application/json');
        return void res.end(JSON.stringify(['第一章', '第二章']));
      }
      if (url.pathname === '/rendered') {
        return void res.end(
          html(`<ul id="toc"></ul><img src="/pic.png"><script>
            fetch('/list.json').then(r => r.json()).then(list => {
              document.getElementById('toc').innerHTML = list.map(t => '<li>' + t + '</li>').join('');
            });</script>`),
        );
      }
      if (url.pathname === '/set-cookie') {
        res.setHeader('set-cookie', 'server=1; Path=/');
        return void res.end(
          html('<p>ok</p><script>document.cookie = "script=2; path=/";</script>'),
        );
      }
      if (url.pathname === '/echo-cookie')
        return void res.end(html(`<p id="c">${req.headers.cookie ?? ''}</p>`));
      if (url.pathname === '/redirect') {
        res.statusCode = 302;
        res.setHeader('location', '/landing/page');
        return void res.end();
      }
      if (url.pathname === '/landing/page') return void res.end(html('<a href="next">next</a>'));
      if (url.pathname === '/attack-private') {
        return void res.end(
          html(`<p id="r">pending</p><script>
          fetch('http://127.0.0.2:${new URL(site.origin).port}/secret').then(r => r.text())
            .then(t => { document.getElementById('r').textContent = 'LEAK ' + t; })
            .catch(() => { document.getElementById('r').textContent = 'refused'; });</script>`),
        );
      }
      if (url.pathname === '/attack-file') {
        return void res.end(
          html(`<p id="r">pending</p><iframe src="file:///etc/passwd"></iframe><script>
          fetch('file:///etc/passwd').then(r => r.text())
            .then(t => { document.getElementById('r').textContent = 'LEAK ' + t; })
            .catch(() => { document.getElementById('r').textContent = 'refused'; });</script>`),
        );
      }
      if (url.pathname === '/attack-robots') {
        return void res.end(
          html(`<p id="r">pending</p><script>
          fetch('/private/x').then(r => r.text())
            .then(t => { document.getElementById('r').textContent = 'LEAK ' + t; })
            .catch(() => { document.getElementById('r').textContent = 'refused'; });</script>`),
        );
      }
      if (url.pathname === '/private/x') return void res.end('secret');
      if (url.pathname === '/slow') return; // never answers
      res.end(html('<p>plain</p>'));
    });
    // Only 127.0.0.1 is allowed, as in every net test: 127.0.0.2 stands for a private address.
    client = createHttpClient({ allowHosts: ['127.0.0.1'], env: {}, retry: { retries: 0 } });
    const found = findChromium({});
    assert.ok('path' in found);
    pool = createBrowserPool({ client, executablePath: found.path, size: 2, useTimeoutMs: 15_000 });
  });

  after(async () => {
    await pool?.close();
    await client?.close();
    await site?.close();
  });

  it('renders a page whose list a script fills in, with images refused and every request through the client', async () => {
    const r = await pool.render({ url: `${site.origin}/rendered`, kind: 'toc', source });
    assert.match(r.text, /<li>第一章<\/li><li>第二章<\/li>/);
    const paths = site.requests.map((q) => q.path);
    assert.ok(
      paths.includes('/list.json'),
      'the script request reached the site through the client',
    );
    assert.ok(!paths.includes('/pic.png'), 'images are not fetched');
    // The client's own user agent, not HeadlessChrome's, is what the site sees.
    const listRequest = site.requests.find((q) => q.path === '/list.json');
    assert.doesNotMatch(String(listRequest?.headers['user-agent']), /HeadlessChrome/);
  });

  it('evaluates webJs in the page and returns its value', async () => {
    const r = await pool.render({
      url: `${site.origin}/rendered`,
      script: `Array.from(document.querySelectorAll('#toc li')).map(li => li.textContent).join('|')`,
      kind: 'toc',
      source,
    });
    assert.equal(r.text, '第一章|第二章');
  });

  it('renders given HTML at a URL (java.webView) and follows redirects so relative links resolve', async () => {
    const given = await pool.render({
      url: `${site.origin}/anything`,
      html: html(
        '<p id="x">given</p><script>document.getElementById("x").textContent += location.pathname</script>',
      ),
      script: `document.getElementById('x').textContent`,
      kind: 'other',
      source,
    });
    assert.equal(given.text, 'given/anything');
    const moved = await pool.render({
      url: `${site.origin}/redirect`,
      script: `document.querySelector('a').href`,
      kind: 'info',
      source,
    });
    assert.equal(moved.text, `${site.origin}/landing/next`);
    assert.equal(moved.url, `${site.origin}/landing/page`);
  });

  it('stores cookies set by the server and by page scripts in the source jar, and sends them on plain requests', async () => {
    await pool.render({ url: `${site.origin}/set-cookie`, kind: 'other', source });
    const plain = await client.fetch({ url: `${site.origin}/echo-cookie`, kind: 'other', source });
    assert.match(plain.text, /server=1/);
    assert.match(plain.text, /script=2/);
    const inPage = await pool.render({
      url: `${site.origin}/echo-cookie`,
      script: `document.getElementById('c').textContent + ' / ' + document.cookie`,
      kind: 'other',
      source,
    });
    assert.match(inPage.text, /server=1.*script=2|script=2.*server=1/);
  });

  it("never shows a source another source's cookies (attack: webJs reads document.cookie)", async () => {
    await pool.render({ url: `${site.origin}/set-cookie`, kind: 'other', source });
    const other = await pool.render({
      url: `${site.origin}/echo-cookie`,
      script: `'[' + document.cookie + '][' + document.getElementById('c').textContent + ']'`,
      kind: 'other',
      source: { key: 'https://source-b.example/' },
    });
    assert.equal(other.text, '[][]');
  });

  it('refuses a page script that fetches a private address (attack: http://127.0.0.2/)', async () => {
    const r = await pool.render({
      url: `${site.origin}/attack-private`,
      script: `(() => { const t = document.getElementById('r').textContent; return t === 'pending' ? '' : t; })()`,
      kind: 'other',
      source,
    });
    assert.equal(r.text, 'refused');
    assert.ok(
      r.refused.some((line) => line.includes('127.0.0.2')),
      r.refused.join('\n'),
    );
  });

  it('refuses file:// from a page (attack: fetch and iframe of file:///etc/passwd) and as the page itself', async () => {
    const r = await pool.render({
      url: `${site.origin}/attack-file`,
      script: `(() => { const t = document.getElementById('r').textContent; return t === 'pending' ? '' : t; })()`,
      kind: 'other',
      source,
    });
    assert.equal(r.text, 'refused');
    await assert.rejects(
      pool.render({ url: 'file:///etc/passwd', kind: 'other', source }),
      (e: Error & { code?: string }) => e.code === 'net-refused-guard',
    );
  });

  it("applies robots.txt to the page's own requests", async () => {
    const r = await pool.render({
      url: `${site.origin}/attack-robots`,
      script: `(() => { const t = document.getElementById('r').textContent; return t === 'pending' ? '' : t; })()`,
      kind: 'other',
      source,
    });
    assert.equal(r.text, 'refused');
    assert.ok(!site.requests.some((q) => q.path === '/private/x'));
  });

  it('bounds each use in time and frees its page', async () => {
    const started = Date.now();
    await assert.rejects(
      pool.render({ url: `${site.origin}/slow`, kind: 'other', source, timeoutMs: 1500 }),
      (e: Error & { code?: string }) => e.code === 'net-timeout',
    );
    assert.ok(Date.now() - started < 6000);
    assert.equal(pool.stats().open, 0);
    const r = await pool.render({ url: `${site.origin}/plain`, kind: 'other', source });
    assert.match(r.text, /plain/);
  });
});

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { createHttpClient } from './client.ts';
import type { HttpClient } from './client.ts';
import type { LinhaiError } from '#model';
import type { HttpClientOptions } from './options.ts';
import { startServer } from './test-support.ts';
import type { TestServer } from './test-support.ts';

const clients: HttpClient[] = [];
const servers: TestServer[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
});

function client(options: HttpClientOptions = {}): HttpClient {
  const c = createHttpClient({
    allowHosts: ['127.0.0.1'],
    env: {},
    politeness: { concurrency: 16, minIntervalMs: 0 },
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    ...options,
  });
  clients.push(c);
  return c;
}

type Handler = Parameters<typeof startServer>[0];

/** A test server; /robots.txt answers 404 (allow all) unless `robots` hands it to the handler. */
async function server(handler: Handler, robots = false): Promise<TestServer> {
  const s = await startServer((req, res, body) => {
    if (req.url === '/robots.txt' && !robots) {
      res.statusCode = 404;
      return void res.end();
    }
    return handler(req, res, body);
  });
  servers.push(s);
  return s;
}

const phase = (p: string) => (e: LinhaiError) => {
  assert.equal(e.code, 'net-timeout');
  assert.equal(e.details.phase, p);
  return true;
};

const chapter = '第一章 山巅云海\n少年出山，天下大乱。';

describe('client basics', () => {
  test('GET with user agent, gzip and brotli bodies, health per source and kind', async () => {
    const s = await server((req, res) => {
      if (req.url === '/gz') {
        res.setHeader('content-encoding', 'gzip');
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        return void res.end(gzipSync(chapter));
      }
      if (req.url === '/br') {
        res.setHeader('content-encoding', 'br');
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        return void res.end(brotliCompressSync(chapter));
      }
      res.statusCode = 404;
      res.end();
    });
    const c = client({ userAgent: 'TestAgent/1.0' });
    const source = { key: 'https://books.example/source' };
    const gz = await c.fetch({ url: `${s.origin}/gz`, kind: 'content', source });
    assert.equal(gz.text, chapter);
    assert.equal(gz.charset, 'utf-8');
    assert.equal((await c.fetch({ url: `${s.origin}/br`, kind: 'content', source })).text, chapter);
    assert.equal(s.requests.find((r) => r.path === '/gz')?.headers['user-agent'], 'TestAgent/1.0');
    await assert.rejects(
      c.fetch({ url: `${s.origin}/missing`, kind: 'toc', source }),
      (e: LinhaiError) => {
        assert.equal(e.code, 'net-http-status');
        assert.equal(e.details.status, 404);
        assert.equal(e.details.source, source.key);
        return true;
      },
    );
    const health = c.health().sources.filter((h) => h.source === source.key);
    const content = health.find((h) => h.kind === 'content')!;
    assert.equal(content.requests, 2);
    assert.equal(content.ok, 2);
    assert.deepEqual(health.find((h) => h.kind === 'toc')!.byCode, { 'http-404': 1 });
  });

  test('a mislabelled GBK page decodes correctly; the source charset encodes queries and forms', async () => {
    const page = iconv.encode(
      `<html><body><div id="content">${chapter}</div></body></html>`,
      'gbk',
    );
    const s = await server((req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8'); // the lie
      res.end(page);
    });
    const c = client();
    const r = await c.fetch({ url: `${s.origin}/wrong`, kind: 'content' });
    assert.equal(r.charset, 'gb18030');
    assert.ok(r.text.includes(chapter));
    const source = { key: 'gbk-source', charset: 'gbk' };
    await c.fetch({ url: `${s.origin}/search?searchkey=斗破&page=1`, kind: 'search', source });
    await c.fetch({
      url: `${s.origin}/post`,
      method: 'POST',
      body: 'searchkey=斗破',
      kind: 'search',
      source,
    });
    assert.equal(
      s.requests.find((q) => q.path.startsWith('/search'))?.path,
      '/search?searchkey=%B6%B7%C6%C6&page=1',
    );
    const post = s.requests.find((q) => q.path === '/post')!;
    assert.equal(post.body.toString(), 'searchkey=%B6%B7%C6%C6');
    assert.equal(post.headers['content-type'], 'application/x-www-form-urlencoded');
  });

  test('a second conditional poll costs a 304', async () => {
    const s = await server((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.statusCode = 304;
        return void res.end();
      }
      res.setHeader('etag', '"v1"');
      res.setHeader('last-modified', 'Wed, 21 Oct 2026 07:28:00 GMT');
      res.end('<ul><li>chapter 1</li></ul>');
    });
    const c = client();
    const first = await c.fetch({ url: `${s.origin}/toc`, kind: 'toc', conditional: true });
    assert.equal(first.notModified, false);
    const second = await c.fetch({ url: `${s.origin}/toc`, kind: 'toc', conditional: true });
    assert.equal(second.notModified, true);
    assert.equal(second.status, 304);
    assert.equal(second.text, '');
    const polls = s.requests.filter((r) => r.path === '/toc');
    assert.equal(polls[1]?.headers['if-none-match'], '"v1"');
    assert.equal(polls[1]?.headers['if-modified-since'], 'Wed, 21 Oct 2026 07:28:00 GMT');
  });

  test('cookies are kept per jar: the source, or the user login jar it names', async () => {
    const s = await server((req, res) => {
      if (req.url === '/login') res.setHeader('set-cookie', 'session=abc; Path=/');
      res.end(req.headers.cookie ?? 'none');
    });
    const source = { key: 'cookie-source' };
    const c = client();
    await c.fetch({ url: `${s.origin}/login`, kind: 'other', source });
    const me = (policy: { key: string; cookieJar?: string }) =>
      c.fetch({ url: `${s.origin}/me`, kind: 'other', source: policy }).then((r) => r.text);
    assert.equal(await me(source), 'session=abc');
    assert.equal(await me({ key: 'other' }), 'none');
    // The same source with a user's login jar: that jar, not the source's.
    assert.equal(await me({ key: 'cookie-source', cookieJar: 'cookie-source|user:1' }), 'none');
    await c.close();
  });
});

describe('limits and failures', () => {
  test('a hanging server times out at first byte, a slow body at the total deadline', async () => {
    const s = await server((req, res) => {
      if (req.url === '/hang') return; // never answers
      res.write('start');
      // trickles forever: never idle long enough for the idle timeout
      const t = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(t));
    });
    // undici checks its first-byte timer with a resolution of about a second.
    const c = client({ timeouts: { firstByteMs: 500, totalMs: 5000 }, retry: { retries: 0 } });
    const t0 = performance.now();
    await assert.rejects(
      c.fetch({ url: `${s.origin}/hang`, kind: 'content' }),
      phase('first-byte'),
    );
    assert.ok(performance.now() - t0 < 3000);
    const d = client({ timeouts: { firstByteMs: 5000, totalMs: 800, bodyIdleMs: 5000 } });
    const t1 = performance.now();
    await assert.rejects(d.fetch({ url: `${s.origin}/trickle`, kind: 'content' }), phase('total'));
    assert.ok(performance.now() - t1 < 2000);
  });

  test('a 50 MB page is cut off at the cap', async () => {
    let sent = 0;
    const s = await server((req, res) => {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      if (req.url === '/declared') res.setHeader('content-length', String(50 * 1024 * 1024));
      const pump = () => {
        while (sent < 50 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const c = client({ maxBodyBytes: 1024 * 1024 });
    await assert.rejects(c.fetch({ url: `${s.origin}/huge`, kind: 'content' }), {
      code: 'net-too-large',
    });
    assert.ok(sent < 50 * 1024 * 1024, `the server stopped early (${sent} bytes sent)`);
    await assert.rejects(c.fetch({ url: `${s.origin}/declared`, kind: 'content' }), {
      code: 'net-too-large',
    });
    // HEAD announces the length of a body it does not send: not too large.
    assert.equal(
      (await c.fetch({ url: `${s.origin}/declared`, method: 'HEAD', kind: 'probe' })).status,
      200,
    );
  });

  test('a redirect loop ends at the cap; POST becomes GET after 303', async () => {
    const s = await server((req, res) => {
      if (req.url === '/form') {
        res.writeHead(303, { location: '/done' });
        return void res.end();
      }
      if (req.url === '/done') return void res.end(req.method);
      const n = Number(req.url!.slice(2));
      res.writeHead(302, { location: `/r${(n + 1) % 3}` });
      res.end();
    });
    const c = client({ maxRedirects: 5 });
    await assert.rejects(c.fetch({ url: `${s.origin}/r0`, kind: 'toc' }), {
      code: 'net-too-many-redirects',
    });
    assert.equal(s.requests.filter((r) => /^\/r\d/.test(r.path)).length, 6);
    const r = await c.fetch({
      url: `${s.origin}/form`,
      method: 'POST',
      body: 'a=1',
      kind: 'search',
    });
    assert.equal(r.text, 'GET');
    assert.equal(r.url, `${s.origin}/done`);
  });

  test('429 with Retry-After pauses the host for every caller, then the request succeeds', async () => {
    let limited = 1;
    const s = await server((req, res) => {
      if (req.url === '/a' && limited-- > 0) {
        res.writeHead(429, { 'retry-after': '1' });
        return void res.end();
      }
      res.end('ok');
    });
    const c = client();
    const t0 = performance.now();
    const a = c.fetch({ url: `${s.origin}/a`, kind: 'content' });
    await new Promise((r) => setTimeout(r, 100));
    const b = c.fetch({ url: `${s.origin}/b`, kind: 'search' });
    assert.equal((await a).text, 'ok');
    assert.equal((await b).text, 'ok');
    const firstA = s.requests.find((r) => r.path === '/a')!.at;
    const retryA = s.requests.filter((r) => r.path === '/a')[1]!.at;
    const bAt = s.requests.find((r) => r.path === '/b')!.at;
    assert.ok(retryA - firstA >= 950, `retry after ${retryA - firstA} ms`);
    assert.ok(bAt - firstA >= 950, `the other caller waited ${bAt - firstA} ms`);
    assert.ok(performance.now() - t0 < 3000);
  });

  test('a long Retry-After is reported, not waited for', async () => {
    const s = await server((_req, res) => {
      res.writeHead(503, { 'retry-after': '120' });
      res.end();
    });
    const c = client();
    await assert.rejects(
      c.fetch({ url: `${s.origin}/x`, kind: 'search' }),
      (e: { code: string; retryAfterMs: number }) => {
        assert.equal(e.code, 'net-rate-limited');
        assert.equal(e.retryAfterMs, 120_000);
        return true;
      },
    );
  });

  test('the breaker opens after repeated failures and recovers after a probe', async () => {
    let broken = true;
    const s = await server((_req, res) => {
      res.statusCode = broken ? 500 : 200;
      res.end(broken ? 'down' : 'up');
    });
    const c = client({ retry: { retries: 0 }, breaker: { failureThreshold: 3, openMs: 300 } });
    for (let i = 0; i < 3; i++) {
      await assert.rejects(c.fetch({ url: `${s.origin}/p`, kind: 'toc' }), {
        code: 'net-http-status',
      });
    }
    const served = s.requests.length;
    await assert.rejects(c.fetch({ url: `${s.origin}/p`, kind: 'toc' }), {
      code: 'net-breaker-open',
    });
    assert.equal(s.requests.length, served, 'an open breaker sends nothing');
    assert.equal(c.health().hosts.find((h) => h.host === new URL(s.origin).host)?.breaker, 'open');
    await new Promise((r) => setTimeout(r, 350));
    broken = false;
    assert.equal((await c.fetch({ url: `${s.origin}/p`, kind: 'toc' })).text, 'up');
    assert.equal(
      c.health().hosts.find((h) => h.host === new URL(s.origin).host)?.breaker,
      'closed',
    );
  });

  test('transient 502s are retried with backoff', async () => {
    let failures = 2;
    const s = await server((_req, res) => {
      res.statusCode = failures-- > 0 ? 502 : 200;
      res.end('x');
    });
    const c = client({ retry: { retries: 2, baseDelayMs: 20 } });
    assert.equal((await c.fetch({ url: `${s.origin}/`, kind: 'content' })).status, 200);
    assert.equal(s.requests.filter((r) => r.path === '/').length, 3);
  });
});

describe('robots.txt', () => {
  test('obeyed by default, fetched once, overridable per source (recorded)', async () => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt')
        return void res.end(
          'User-agent: *\nDisallow: /private\n\nUser-agent: Linhai\nDisallow: /vip\nCrawl-delay: 0.2\n',
        );
      res.end('page');
    }, true);
    const c = client();
    assert.equal((await c.fetch({ url: `${s.origin}/book/1`, kind: 'info' })).text, 'page');
    await assert.rejects(
      c.fetch({ url: `${s.origin}/vip/1`, kind: 'content' }),
      (e: LinhaiError) => {
        assert.equal(e.code, 'net-refused-robots');
        assert.equal(e.details.rule, 'Disallow: /vip');
        return true;
      },
    );
    // The Linhai group applies, not "*": /private is allowed for us.
    await c.fetch({ url: `${s.origin}/private/1`, kind: 'content' });
    const source = { key: 'override-source', respectRobots: false };
    assert.equal(
      (await c.fetch({ url: `${s.origin}/vip/2`, kind: 'content', source })).text,
      'page',
    );
    assert.equal(s.requests.filter((r) => r.path === '/robots.txt').length, 1);
    assert.deepEqual(c.health().robotsOverrides, [{ source: 'override-source', requests: 1 }]);
    // Crawl-delay 0.2 s became the host's minimum interval.
    const starts = s.requests.filter((r) => r.path !== '/robots.txt').map((r) => r.at);
    for (let i = 1; i < starts.length; i++)
      assert.ok(starts[i]! - starts[i - 1]! >= 60, `gap ${starts[i]! - starts[i - 1]!}`);
    // Measured at the server, so a late first arrival shortens the mean a little.
    assert.ok((starts[starts.length - 1]! - starts[0]!) / (starts.length - 1) >= 160);
  });

  test('a 5xx robots.txt disallows everything; a 404 allows everything', async () => {
    const down = await server((req, res) => {
      res.statusCode = req.url === '/robots.txt' ? 503 : 200;
      res.end();
    }, true);
    const c = client({ retry: { retries: 0 } });
    await assert.rejects(c.fetch({ url: `${down.origin}/a`, kind: 'toc' }), {
      code: 'net-refused-robots',
    });
    const none = await server((req, res) => {
      res.statusCode = req.url === '/robots.txt' ? 404 : 200;
      res.end('ok');
    }, true);
    assert.equal((await c.fetch({ url: `${none.origin}/a`, kind: 'toc' })).text, 'ok');
  });
});

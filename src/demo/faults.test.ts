import { test, after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { catalogue, startDemoSites, type DemoCluster, type DemoSite } from '#demo';
import { blockLines, fetchPage, gbkBytes } from './testing.ts';

let cluster: DemoCluster;
let biquge: DemoSite;
let json: DemoSite;

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'biquge' }, { template: 'json' }] });
  biquge = cluster.site('biquge');
  json = cluster.site('json');
});
after(() => cluster.close());
beforeEach(() => {
  for (const site of cluster.sites) {
    site.clearFaults();
    site.clearRequests();
  }
});

/** A raw GET that reports what arrived before the connection ended, without throwing. */
function rawGet(
  url: string,
  timeoutMs = 2000,
): Promise<{
  status?: number;
  headers?: Record<string, unknown>;
  bytes: number;
  error?: string;
  timedOut?: boolean;
}> {
  return new Promise((resolve) => {
    let bytes = 0;
    let status: number | undefined;
    let headers: Record<string, unknown> | undefined;
    const req = httpRequest(url, (res) => {
      status = res.statusCode;
      headers = res.headers;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status, headers, bytes }));
      res.on('error', (e) => resolve({ status, headers, bytes, error: e.message }));
      res.on('aborted', () => resolve({ status, headers, bytes, error: 'aborted' }));
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      resolve({ status, headers, bytes, timedOut: true });
    });
    req.on('error', (e) => resolve({ status, headers, bytes, error: e.message }));
    req.end();
  });
}

test('latency delays the answer; peak concurrency counts requests in flight', async () => {
  biquge.setFaults([{ kind: 'latency', ms: 150 }]);
  const started = Date.now();
  const pages = await Promise.all([1, 2, 3, 4].map((id) => fetchPage(biquge.bookUrl(id))));
  assert.ok(Date.now() - started >= 140);
  assert.deepEqual(
    pages.map((p) => p.status),
    [200, 200, 200, 200],
  );
  assert.equal(biquge.peakConcurrency(), 4);
  const records = biquge.requests;
  assert.equal(records.length, 4);
  for (const r of records) {
    assert.equal(r.method, 'GET');
    assert.equal(r.status, 200);
    assert.ok(r.endedAt! - r.startedAt >= 140);
  }
});

test('hang never answers (the client gives up); with ms the connection is closed', async () => {
  biquge.setFaults([{ kind: 'hang', path: '/robots.txt', times: 1 }]);
  const hung = await rawGet(`${biquge.origin}/robots.txt`, 300);
  assert.equal(hung.timedOut, true);
  assert.equal(hung.status, undefined);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(biquge.requests[0]!.status, undefined, 'no status was sent');
  assert.ok(biquge.requests[0]!.endedAt, 'ended when the client closed');
  biquge.setFaults([{ kind: 'hang', ms: 50 }]);
  const closed = await rawGet(`${biquge.origin}/robots.txt`, 2000);
  assert.ok(closed.error, 'socket closed without an answer');
  biquge.clearFaults();
  assert.equal((await fetchPage(`${biquge.origin}/robots.txt`)).status, 200);
});

test('status: 5xx errors, for a number of requests only', async () => {
  biquge.setFaults([{ kind: 'status', status: 503, times: 2 }]);
  assert.equal((await fetchPage(biquge.bookUrl(1))).status, 503);
  assert.equal(biquge.faults[0]!.times, 1);
  assert.equal((await fetchPage(biquge.bookUrl(1))).status, 503);
  assert.equal(biquge.faults.length, 0, 'the fault cleared itself');
  assert.equal((await fetchPage(biquge.bookUrl(1))).status, 200);
  biquge.setFaults([{ kind: 'status' }]);
  const page = await fetchPage(biquge.bookUrl(1));
  assert.equal(page.status, 500);
  assert.match(page.text, /500 Internal Server Error/);
});

test('retry-after: 429 with a Retry-After header', async () => {
  biquge.setFaults([{ kind: 'retry-after', retryAfterSeconds: 7 }]);
  const page = await fetchPage(biquge.bookUrl(1));
  assert.equal(page.status, 429);
  assert.equal(page.headers.get('retry-after'), '7');
  biquge.setFaults([{ kind: 'retry-after', status: 503, retryAfterSeconds: 1 }]);
  const unavailable = await fetchPage(biquge.bookUrl(1));
  assert.equal(unavailable.status, 503);
  assert.equal(unavailable.headers.get('retry-after'), '1');
});

test('truncate: the connection closes mid-body, or (complete) the page is cut', async () => {
  const full = await fetchPage(biquge.chapterUrl(4, 3));
  biquge.setFaults([{ kind: 'truncate', times: 1 }]);
  const cut = await rawGet(biquge.chapterUrl(4, 3));
  assert.equal(cut.status, 200);
  assert.equal(
    Number(cut.headers!['content-length']),
    full.bytes.length,
    'declares the full length',
  );
  assert.ok(cut.error, 'premature close');
  assert.ok(cut.bytes < full.bytes.length);
  await assert.rejects(async () => {
    biquge.setFaults([{ kind: 'truncate', times: 1 }]);
    const response = await fetch(biquge.chapterUrl(4, 3));
    await response.arrayBuffer();
  });

  biquge.setFaults([{ kind: 'truncate', variant: 'complete', bytes: 3000 }]);
  const short = await fetchPage(biquge.chapterUrl(4, 3));
  assert.equal(short.status, 200);
  assert.equal(short.bytes.length, 3000);
  assert.doesNotMatch(short.text, /<\/html>/);
});

test('ban and captcha pages', async () => {
  biquge.setFaults([{ kind: 'ban', times: 1 }]);
  const ban = await fetchPage(biquge.chapterUrl(4, 3));
  assert.equal(ban.status, 403);
  assert.match(ban.text, /访问过于频繁/);
  biquge.setFaults([{ kind: 'ban', status: 200, times: 1 }]);
  assert.equal((await fetchPage(biquge.chapterUrl(4, 3))).status, 200);
  biquge.setFaults([{ kind: 'captcha', times: 1 }]);
  const captcha = await fetchPage(biquge.chapterUrl(4, 3));
  assert.equal(captcha.status, 200);
  assert.match(captcha.text, /请输入验证码/);
  assert.doesNotMatch(captcha.text, /id="content"/);
});

test('placeholder chapters ("内容更新中…") on a page and in the JSON API', async () => {
  biquge.setFaults([{ kind: 'placeholder', path: '.html', times: 1 }]);
  const page = await fetchPage(biquge.chapterUrl(4, 3));
  const lines = blockLines(page.text, /<div id="content">/);
  assert.ok(lines.includes('内容更新中…'));
  assert.ok(!lines.includes(catalogue.chapter(4, 3).paragraphs[0]!));
  assert.equal(biquge.faults.length, 0);
  const normal = await fetchPage(biquge.chapterUrl(4, 3));
  assert.ok(
    blockLines(normal.text, /<div id="content">/).includes(catalogue.chapter(4, 3).paragraphs[0]!),
  );

  json.setFaults([{ kind: 'placeholder', path: '/chapter/', times: 1 }]);
  // The book page does not use the fault up.
  assert.equal((await fetchPage(json.bookUrl(4))).status, 200);
  const api = JSON.parse((await fetchPage(json.chapterUrl(4, 3))).text) as {
    data: { content: string };
  };
  assert.match(api.data.content, /^内容更新中…/);
});

test('repeat-previous: a chapter comes with the text of the one before', async () => {
  biquge.setFaults([{ kind: 'repeat-previous', path: '/10_10004/' }]);
  const page = await fetchPage(biquge.chapterUrl(4, 8));
  assert.match(page.text, /<h1>第9章 /);
  const lines = blockLines(page.text, /<div id="content">/);
  for (const p of catalogue.chapter(4, 7).paragraphs) assert.ok(lines.includes(p));
  assert.ok(!lines.includes(catalogue.chapter(4, 8).paragraphs[0]!));
});

test('wrong-charset: GBK bytes labelled utf-8 in the header, unlabelled, or mislabelled in <meta>', async () => {
  biquge.setFaults([{ kind: 'wrong-charset', times: 1 }]);
  const header = await fetchPage(biquge.bookUrl(1));
  assert.equal(header.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.ok(header.bytes.includes(gbkBytes('青锋问道')), 'the bytes are still GBK');
  assert.ok(header.bytes.includes(Buffer.from('charset=gbk')), '<meta> is right');

  biquge.setFaults([{ kind: 'wrong-charset', variant: 'none', times: 1 }]);
  const none = await fetchPage(biquge.bookUrl(1));
  assert.equal(none.headers.get('content-type'), 'text/html');
  assert.ok(!none.bytes.includes(Buffer.from('charset=')), 'no label anywhere');
  assert.ok(none.bytes.includes(gbkBytes('青锋问道')));

  biquge.setFaults([{ kind: 'wrong-charset', variant: 'meta', times: 1 }]);
  const meta = await fetchPage(biquge.bookUrl(1));
  assert.equal(meta.headers.get('content-type'), 'text/html');
  assert.ok(meta.bytes.includes(Buffer.from('charset=utf-8')));

  json.setFaults([{ kind: 'wrong-charset', times: 1 }]);
  const api = await fetchPage(json.bookUrl(1));
  assert.equal(api.headers.get('content-type'), 'application/json; charset=gbk');
  assert.ok(api.bytes.includes(Buffer.from('青锋问道', 'utf8')));
});

test('redirect-loop: two URLs redirecting to each other forever', async () => {
  biquge.setFaults([{ kind: 'redirect-loop', path: '/10_10001/' }]);
  const first = await fetchPage(biquge.bookUrl(1));
  assert.equal(first.status, 302);
  assert.equal(first.headers.get('location'), '/10_10001/?__loop=1');
  const second = await fetchPage(biquge.origin + first.headers.get('location'));
  assert.equal(second.headers.get('location'), '/10_10001/');
  await assert.rejects(fetch(biquge.bookUrl(1), { redirect: 'follow' }));
  assert.ok(biquge.requests.length >= 20);
});

test('huge: a 50 MiB page is streamed', async () => {
  biquge.setFaults([{ kind: 'huge', times: 1 }]);
  const started = Date.now();
  const page = await rawGet(biquge.bookUrl(1), 30_000);
  assert.equal(page.status, 200);
  assert.equal(page.headers!['content-length'], undefined, 'chunked, no declared length');
  assert.ok(page.bytes >= 50 * 1024 * 1024 - 64, `${page.bytes} bytes`);
  assert.ok(Date.now() - started < 30_000);
  biquge.setFaults([{ kind: 'huge', bytes: 200_000 }]);
  const small = await fetchPage(biquge.bookUrl(1));
  assert.ok(Math.abs(small.bytes.length - 200_000) < 100);
  assert.match(small.text, /<\/html>\n$/);
});

test('faults match a path substring or a /regex/', async () => {
  biquge.setFaults([{ kind: 'status', status: 502, path: '/\\d+\\.html$/' }]);
  assert.equal((await fetchPage(biquge.chapterUrl(4, 1))).status, 502);
  assert.equal((await fetchPage(biquge.bookUrl(4))).status, 200);
  biquge.setFaults([{ kind: 'status', status: 502, path: 'search.php' }]);
  assert.equal((await fetchPage(biquge.bookUrl(4))).status, 200);
  const req = biquge.searchRequest('青锋');
  assert.equal(
    (
      await fetchPage(req.url, {
        method: 'POST',
        body: new Uint8Array(req.body!),
        headers: req.headers!,
      })
    ).status,
    502,
  );
  assert.throws(() => biquge.setFaults([{ kind: 'nonsense' as never }]), /unknown fault kind/);
});

test('faults, the request log and robots.txt are controllable over HTTP', async () => {
  const post = (path: string, body: unknown) =>
    fetch(biquge.origin + path, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  let response = await post('/__demo/faults', [{ kind: 'status', status: 500, times: 1 }]);
  assert.equal(response.status, 200);
  assert.equal((await fetchPage(biquge.bookUrl(1))).status, 500);
  assert.equal((await fetchPage(biquge.bookUrl(1))).status, 200);
  response = await post('/__demo/faults', [{ kind: 'bogus' }]);
  assert.equal(response.status, 400);
  const log = (await (await fetch(`${biquge.origin}/__demo/log`)).json()) as {
    requests: Array<{ path: string; status: number }>;
    peakConcurrency: number;
  };
  assert.deepEqual(
    log.requests.map((r) => r.status),
    [500, 200],
    'control requests are not logged',
  );
  assert.equal((await fetch(`${biquge.origin}/__demo/log`, { method: 'DELETE' })).status, 200);
  assert.equal(biquge.requests.length, 0);
  await post('/__demo/robots', 'User-agent: *\nDisallow: /modules/\n');
  assert.match((await fetchPage(`${biquge.origin}/robots.txt`)).text, /Disallow: \/modules\//);
  const source = (await (await fetch(`${biquge.origin}/__demo/source`)).json()) as {
    bookSourceUrl: string;
  };
  assert.equal(source.bookSourceUrl, biquge.origin);
  const truth = (await (await fetch(`${biquge.origin}/__demo/truth?book=4&index=2`)).json()) as {
    paragraphs: string[];
  };
  assert.deepEqual(truth.paragraphs, catalogue.chapter(4, 2).paragraphs);
  biquge.setRobots('User-agent: *\nDisallow: /__demo/\nDisallow: /admin/\n');
});

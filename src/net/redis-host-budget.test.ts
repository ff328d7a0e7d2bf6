// RedisHostBudget against real Redis (LINHAI_TEST_REDIS_URL, as in CI): budgets in one process,
// then worker processes sharing one host's budget against a demo site that measures them.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startDemoSites } from '#demo';
import type { DemoCluster, DemoSite } from '#demo';
import type { HostLimits } from './host-budget.ts';
import { RedisHostBudget } from './redis-host-budget.ts';

const redisUrl = process.env.LINHAI_TEST_REDIS_URL;
const skip = redisUrl ? false : 'LINHAI_TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379)';
const prefix = `linhai-test-budget-${randomUUID().slice(0, 8)}`;
const childScript = fileURLToPath(new URL('./redis-budget-child.ts', import.meta.url));
const budgets: RedisHostBudget[] = [];

function budget(defaults: HostLimits, leaseMs = 30_000): RedisHostBudget {
  const b = new RedisHostBudget({ connection: redisUrl!, prefix, defaults, leaseMs });
  budgets.push(b);
  return b;
}

const hold = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts sorted, the peak number held at once, and the achieved rate (starts/s). */
function measure(spans: { start: number; end: number }[]) {
  const starts = spans.map((s) => s.start).sort((a, b) => a - b);
  const events = spans.flatMap((s) => [
    { t: s.start, d: 1 },
    { t: s.end, d: -1 },
  ]);
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let peak = 0;
  for (const e of events) peak = Math.max(peak, (now += e.d));
  const rate = (starts.length - 1) / ((starts.at(-1)! - starts[0]!) / 1000);
  return { starts, peak, rate };
}

after(async () => {
  await Promise.all(budgets.map((b) => b.close()));
  if (!redisUrl) return;
  const redis = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
});

describe('RedisHostBudget', { skip }, () => {
  test('two budgets share one host: concurrency and interval hold in aggregate', async () => {
    const limits = { concurrency: 2, minIntervalMs: 40 };
    const [a, b] = [budget(limits), budget(limits)];
    const spans: { start: number; end: number }[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const release = await (i % 2 ? a : b).acquire('shared.test', 'content');
        const start = performance.now();
        await hold(60);
        spans.push({ start, end: performance.now() });
        release();
      }),
    );
    const { starts, peak, rate } = measure(spans);
    assert.ok(peak <= 2, `peak ${peak}`);
    assert.ok(rate <= 25 * 1.1, `rate ${rate.toFixed(1)}/s against 25/s`);
    // Granted slots are >= 40 ms apart and each lies within half an interval before its grant,
    // so any 5 consecutive starts span >= 4·40 − 20 ms, less the noise between the grant in
    // Redis and the caller resuming on a busy machine (allowed: 30 ms).
    for (let i = 4; i < starts.length; i++)
      assert.ok(
        starts[i]! - starts[i - 4]! >= 4 * 40 - 20 - 30,
        `5 starts in ${starts[i]! - starts[i - 4]!} ms`,
      );
  });

  test('a pause and learned limits set through one budget hold the other', async () => {
    const limits = { concurrency: 4, minIntervalMs: 0 };
    const [a, b] = [budget(limits), budget(limits)];
    const until = Date.now() + 300;
    await a.pause('paused.test', until);
    (await b.acquire('paused.test', 'search'))();
    assert.ok(Date.now() >= until, `started ${until - Date.now()} ms early`);
    assert.ok((await b.globalSnapshot('paused.test')).pausedUntil === undefined);

    await a.setHostLimits('limited.test', { concurrency: 1, window: { count: 3, ms: 300 } });
    const spans: { start: number; end: number }[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const release = await b.acquire('limited.test', 'content');
        const start = Date.now();
        await hold(10);
        spans.push({ start, end: Date.now() });
        release();
      }),
    );
    const { starts, peak } = measure(spans);
    assert.equal(peak, 1);
    // "3 per 300 ms": the 4th start is at least 300 ms after the 1st.
    // (less the noise between the grant in Redis and the caller measuring it)
    assert.ok(starts[3]! - starts[0]! >= 280, `window ${starts[3]! - starts[0]!} ms`);
  });

  test('an aborted waiter leaves, and takes no slot', async () => {
    const a = budget({ concurrency: 1, minIntervalMs: 0 });
    const release = await a.acquire('abort.test', 'content');
    const controller = new AbortController();
    const waiting = a.acquire('abort.test', 'content', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('caller gave up')), 50);
    await assert.rejects(waiting, /caller gave up/);
    release();
    (await a.acquire('abort.test', 'content'))();
    assert.equal((await a.globalSnapshot('abort.test')).active, 0);
  });
});

describe('RedisHostBudget across worker processes', { skip }, () => {
  let cluster: DemoCluster;
  let site: DemoSite;

  before(async () => {
    cluster = await startDemoSites({ sites: [{ template: 'biquge' }] });
    site = cluster.site('biquge');
  });
  after(async () => {
    await cluster?.close();
  });

  function child(env: Record<string, string>) {
    const proc = spawn(process.execPath, ['--import', 'tsx', childScript], {
      env: { ...process.env, BUDGET_REDIS_URL: redisUrl!, BUDGET_PREFIX: prefix, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const firstLine = new Promise<Record<string, unknown>>((resolve, reject) => {
      proc.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line) as Record<string, unknown>);
      });
      proc.on('exit', (code) => reject(new Error(`child exited ${code} before reporting`)));
    });
    return { proc, firstLine };
  }

  test('three processes never exceed the host budget in aggregate (measured at the site)', async (t) => {
    site.clearFaults();
    site.setFaults([{ kind: 'latency', ms: 80, path: '.html' }]);
    site.clearRequests();
    const urls = Array.from({ length: 36 }, (_, i) => site.chapterUrl(1, i));
    const children = [0, 1, 2].map((w) =>
      child({
        BUDGET_CONCURRENCY: '2',
        BUDGET_MIN_INTERVAL_MS: '50',
        BUDGET_URLS: JSON.stringify(urls.filter((_, i) => i % 3 === w)),
      }),
    );
    const results = await Promise.all(children.map((c) => c.firstLine));
    assert.deepEqual(
      results.map((r) => r.ok),
      [12, 12, 12],
    );
    const spans = site.requests.map((r) => ({ start: r.startedAt, end: r.endedAt ?? Infinity }));
    const { peak, rate } = measure(spans);
    t.diagnostic(
      `3 processes, budget 2 at once and 20/s: peak ${site.peakConcurrency()}, ${rate.toFixed(1)} req/s`,
    );
    assert.equal(site.requests.length, 36);
    assert.ok(site.peakConcurrency() <= 2 && peak <= 2, `peak ${site.peakConcurrency()}`);
    assert.ok(rate <= 21, `rate ${rate.toFixed(1)}/s against 20/s`);
    site.clearFaults();
  });

  test("a killed process's slot comes back when its lease runs out", async () => {
    const host = 'killed.test';
    const holder = child({ BUDGET_HOLD: host, BUDGET_CONCURRENCY: '1', BUDGET_LEASE_MS: '600' });
    assert.deepEqual(await holder.firstLine, { holding: true });
    holder.proc.kill('SIGKILL');
    const heldAt = Date.now();
    const b = budget({ concurrency: 1, minIntervalMs: 0 });
    assert.equal((await b.globalSnapshot(host)).active, 1, 'the dead process still holds its slot');
    (await b.acquire(host, 'content'))();
    const waited = Date.now() - heldAt;
    assert.ok(waited < 3_000, `slot back after ${waited} ms`);
  });
});

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '#model';
import type { Clock } from '#model';
import type { HostBudget } from './host-budget.ts';
import { InProcessHostBudget, defaultKindShares, mergeLimits } from './host-budget.ts';
import { parseConcurrentRate } from './rate.ts';
import { createHttpClient } from './client.ts';
import { startServer } from './test-support.ts';
import type { RequestKind } from './types.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Virtual time: sleeps resolve when `run` advances the clock to them, in order. */
function virtualClock(): Clock & { run<T>(work: Promise<T>): Promise<T> } {
  let now = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  const settle = () => new Promise<void>((r) => setImmediate(r));
  return {
    now: () => now,
    sleep: (ms) =>
      new Promise<void>((resolve) => timers.push({ at: now + Math.max(0, ms), resolve })),
    async run(work) {
      let done = false;
      void work.finally(() => (done = true));
      while (!done) {
        await settle();
        if (done || timers.length === 0) continue;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift()!;
        now = Math.max(now, next.at);
        next.resolve();
      }
      return work;
    },
  };
}

describe('in-process host budget', () => {
  test('concurrency and minimum interval hold under concurrent callers (virtual time)', async () => {
    const clock = virtualClock();
    const budget = new InProcessHostBudget(clock, { concurrency: 2, minIntervalMs: 60 });
    let active = 0;
    let peak = 0;
    const starts: number[] = [];
    const caller = async () => {
      for (let i = 0; i < 5; i++) {
        const release = await budget.acquire('a.example', 'content');
        starts.push(clock.now());
        active++;
        peak = Math.max(peak, active);
        await clock.sleep(150);
        active--;
        release();
      }
    };
    await clock.run(Promise.all([caller(), caller(), caller(), caller()]));
    assert.equal(peak, 2);
    starts.sort((a, b) => a - b);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    assert.ok(Math.min(...gaps) >= 60, `smallest gap ${Math.min(...gaps)} ms`);
    // 20 starts, 2 at a time, each held 150 ms with 60 ms spacing: the interval is not the bottleneck.
    assert.equal(starts.length, 20);
  });

  test('starts keep to the grid when timers fire late (real time, mean interval)', async () => {
    const budget = new InProcessHostBudget(systemClock, { concurrency: 4, minIntervalMs: 30 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const release = await budget.acquire('g', 'toc');
        starts.push(performance.now());
        release();
      }),
    );
    const mean = (starts[starts.length - 1]! - starts[0]!) / (starts.length - 1);
    // The upper bound is the point (no drift); the lower one allows for a late first continuation.
    assert.ok(mean >= 25 && mean <= 40, `mean gap ${mean} ms`);
  });

  test('hosts do not share a budget', async () => {
    const budget = new InProcessHostBudget(systemClock, { concurrency: 1, minIntervalMs: 1000 });
    const t0 = performance.now();
    const [a, b] = await Promise.all([budget.acquire('a', 'toc'), budget.acquire('b', 'toc')]);
    assert.ok(performance.now() - t0 < 100);
    a();
    b();
  });

  test('search is not starved by a queue of content downloads', async () => {
    const budget = new InProcessHostBudget(systemClock, { concurrency: 1, minIntervalMs: 5 });
    const order: RequestKind[] = [];
    const run = async (kind: RequestKind) => {
      const release = await budget.acquire('h', kind);
      order.push(kind);
      await sleep(2);
      release();
    };
    const jobs = Array.from({ length: 20 }, () => run('content'));
    await sleep(1);
    jobs.push(run('search'), run('search'), run('search'));
    await Promise.all(jobs);
    const lastSearch = order.lastIndexOf('search');
    assert.ok(lastSearch <= 6, `searches done by position ${lastSearch}: ${order.join(',')}`);
    assert.equal(order.filter((k) => k === 'content').length, 20);
  });

  test('a maxFraction share keeps slots free for other kinds', async () => {
    const budget = new InProcessHostBudget(
      systemClock,
      { concurrency: 4, minIntervalMs: 0 },
      { ...defaultKindShares, content: { weight: 1, maxFraction: 0.75 } },
    );
    const held = await Promise.all([1, 2, 3].map(() => budget.acquire('h', 'content')));
    const fourth = budget.acquire('h', 'content');
    const search = await budget.acquire('h', 'search'); // gets the last slot at once
    let fourthGranted = false;
    void fourth.then(() => (fourthGranted = true));
    await sleep(10);
    assert.equal(fourthGranted, false);
    held[0]!();
    (await fourth)();
    search();
    held.slice(1).forEach((r) => r());
  });

  test('a window limit ("3/300") and a pause hold (virtual time)', async () => {
    const clock = virtualClock();
    const budget = new InProcessHostBudget(clock, { concurrency: 8, minIntervalMs: 0 });
    const starts: number[] = [];
    const limits = parseConcurrentRate('3/300');
    await clock.run(
      Promise.all(
        Array.from({ length: 7 }, async () => {
          const release = await budget.acquire('w', 'toc', { limits });
          starts.push(clock.now());
          release();
        }),
      ),
    );
    assert.deepEqual(starts, [0, 0, 0, 300, 300, 300, 600]);
    const t0 = clock.now();
    await budget.pause('p', t0 + 200);
    const release = await clock.run(budget.acquire('p', 'search'));
    assert.equal(clock.now() - t0, 200);
    release();
  });

  test('an aborted wait leaves the queue', async () => {
    const budget = new InProcessHostBudget(systemClock, { concurrency: 1, minIntervalMs: 0 });
    const first = await budget.acquire('h', 'content');
    const controller = new AbortController();
    const waiting = budget.acquire('h', 'content', { signal: controller.signal });
    controller.abort(new Error('cancelled'));
    await assert.rejects(waiting, /cancelled/);
    assert.equal(budget.snapshot()[0]!.queued, 0);
    first();
  });

  test('concurrentRate parses and limits merge to the stricter', () => {
    assert.deepEqual(parseConcurrentRate('500'), { minIntervalMs: 500 });
    assert.deepEqual(parseConcurrentRate('3/1000'), { window: { count: 3, ms: 1000 } });
    assert.equal(parseConcurrentRate('fast'), undefined);
    assert.equal(parseConcurrentRate(''), undefined);
    const merged = mergeLimits(
      { concurrency: 4, minIntervalMs: 250 },
      { concurrency: 1, minIntervalMs: 100 },
    );
    assert.deepEqual(merged, { concurrency: 1, minIntervalMs: 250, window: undefined });
  });
});

/** The same budget, telling `onGrant` the moment each slot is granted. */
function recordingBudget(inner: HostBudget, onGrant: (kind: RequestKind) => void): HostBudget {
  return {
    acquire: async (host, kind, options) => {
      const release = await inner.acquire(host, kind, options);
      onGrant(kind);
      return release;
    },
    pause: (host, untilMs) => inner.pause(host, untilMs),
    setHostLimits: (host, limits) => inner.setHostLimits(host, limits),
    snapshot: () => inner.snapshot(),
  };
}

describe('politeness against a server', () => {
  test('per-host limits hold under concurrent callers: measured rate and concurrency', async (t) => {
    const site = await startServer(async (req, res) => {
      await sleep(req.url === '/robots.txt' ? 0 : 120);
      res.statusCode = req.url === '/robots.txt' ? 404 : 200;
      res.end('page');
    });
    // Grant times are recorded where the budget acts: server arrival times add the machine's
    // scheduling noise (tens of ms under load) to what is being measured.
    const grants: { at: number; kind: RequestKind }[] = [];
    const budget = recordingBudget(
      new InProcessHostBudget(systemClock, {
        concurrency: 3,
        minIntervalMs: 50,
      }),
      (kind) => grants.push({ at: systemClock.now(), kind }),
    );
    const client = createHttpClient({ allowHosts: ['127.0.0.1'], env: {}, budget });
    try {
      const callers = Array.from({ length: 6 }, (_, c) =>
        (async () => {
          for (let i = 0; i < 7; i++) {
            await client.fetch({
              url: `${site.origin}/c${c}/p${i}`,
              kind: i % 2 ? 'content' : 'toc',
            });
          }
        })(),
      );
      await Promise.all(callers);
      const rateOf = (times: number[]) =>
        (times.length - 1) / ((times[times.length - 1]! - times[0]!) / 1000);
      const rate = rateOf(grants.filter((g) => g.kind !== 'robots').map((g) => g.at));
      const arrivals = site.requests.filter((r) => r.path !== '/robots.txt').map((r) => r.at);
      t.diagnostic(
        `${arrivals.length} requests: granted at ${rate.toFixed(1)} req/s, arrived at ${rateOf(arrivals).toFixed(1)} req/s, against a budget of 20 req/s; peak concurrency at the server ${site.peakConcurrency()}`,
      );
      assert.equal(arrivals.length, 42);
      assert.ok(site.peakConcurrency() <= 3);
      // The bound that matters for politeness is the upper one; precision is measured in the bench.
      assert.ok(rate <= 20 * 1.1 && rate >= 20 * 0.75, `rate ${rate}`);
      // A source's concurrentRate is stricter than the host's default: one start per 100 ms. The
      // budget keeps a grid, so a late start lets the next catch up by half an interval at most.
      const before = grants.length;
      const source = { key: 'slow-source', concurrentRate: '100' };
      await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          client.fetch({ url: `${site.origin}/s${i}`, kind: 'search', source }),
        ),
      );
      const s = grants.slice(before).map((g) => g.at);
      assert.equal(s.length, 5);
      for (let i = 1; i < s.length; i++)
        assert.ok(s[i]! - s[i - 1]! >= 45, `gap ${s[i]! - s[i - 1]!}`); // 5 ms for timer rounding
      assert.ok(s[4]! - s[0]! >= 4 * 100 - 55, `span ${s[4]! - s[0]!}`);
    } finally {
      await client.close();
      await site.close();
    }
  });
});

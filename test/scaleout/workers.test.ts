/**
 * Three `linhai worker` processes on PostgreSQL + BullMQ against the demo sites: a book's TOC
 * job, then one content job per chapter. One worker is SIGKILLed while it holds jobs. Every job
 * completes, each chapter is downloaded once (twice at most for the jobs the dead worker held),
 * and the per-host budget, measured at the demo sites, holds across the three processes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoSites } from '#demo';
import { openApp, contentJobKey } from '#app';
import type { ContentJob, TocJob } from '#app';
import { defaultHostLimits } from '#net';
import { viewToc } from '#library';
import { postgresRedisInstallation, scaleOutSkip } from './backends.ts';
import { addDemoBook } from './demo-book.ts';
import { startWorkerProcess } from './worker-process.ts';
import type { WorkerProcess } from './worker-process.ts';

const chapters = 36;
const perWorker = 3;
const latencyMs = 1_200;

test(
  'three linhai workers: every job once, a SIGKILLed worker loses nothing, host budgets hold',
  { skip: scaleOutSkip },
  async () => {
    const installation = postgresRedisInstallation();
    const cluster = await startDemoSites({ sites: [{ template: 'biquge' }, { template: 'json' }] });
    const app = await openApp({
      ...installation.appOptions,
      allowHosts: ['127.0.0.1'],
      seedBuiltInSources: false,
    });
    const workers: WorkerProcess[] = [];
    try {
      const bookId = await addDemoBook(app, cluster, '星河归途', { refresh: false });
      const env = {
        ...installation.env,
        LINHAI_ALLOW_HOSTS: '127.0.0.1',
        // A dead worker's jobs and host slots come back after 2 s instead of 30.
        LINHAI_LEASE_MS: '2000',
      };
      const args = ['--concurrency', String(perWorker), '--grace', '10'];
      workers.push(...(await Promise.all([1, 2, 3].map(() => startWorkerProcess(env, args)))));

      await app.queue.enqueue<TocJob>({ type: 'toc', key: `toc:${bookId}`, payload: { bookId } });
      await app.queue.drain(['toc']);
      const toc = (await viewToc(app.library, bookId)).slice(0, chapters);
      assert.equal(toc.length, chapters, 'the TOC job stored the chapters');

      for (const site of cluster.sites) {
        site.setFaults([{ kind: 'latency', ms: latencyMs }]);
        site.clearRequests();
      }
      for (const item of toc)
        await app.queue.enqueue<ContentJob>({
          type: 'content',
          key: contentJobKey(bookId, item.key),
          payload: { bookId, chapterKey: item.key },
        });

      // Kill the first worker once it holds content jobs: mid-download, no goodbye.
      const victim = workers[0]!;
      let held = 0;
      for (let i = 0; i < 400 && held === 0; i++) {
        held = (await victim.metrics()).get('linhai_worker_jobs_running{type="content"}') ?? 0;
        if (held === 0) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.ok(held > 0, 'the victim took content jobs');
      victim.child.kill('SIGKILL');
      assert.equal(await victim.exited, null, 'killed by the signal');

      await app.queue.drain(['content']);
      const counts = (await app.queue.countsByType())['content']!;
      assert.equal(counts.completed, chapters, 'every content job completed');
      assert.equal(counts.dead, 0);
      for (const item of toc) {
        const chapter = await app.store.chapters.getByKey(bookId, item.key);
        assert.ok(await app.store.contents.get(chapter!.id), `${item.title} is cached`);
      }

      // Measured at the sites: one download per chapter, plus at most the jobs the dead worker
      // could hold (retried by another worker, perhaps from another source).
      const pages = cluster.sites.flatMap((s) =>
        s.requests.filter((r) => r.path !== '/robots.txt').map((r) => `${s.origin}${r.path}`),
      );
      assert.ok(
        pages.length >= chapters && pages.length <= chapters + perWorker,
        `${pages.length} chapter downloads for ${chapters} chapters, the dead worker held up to ${perWorker}`,
      );
      const times = new Map<string, number>();
      for (const page of pages) times.set(page, (times.get(page) ?? 0) + 1);
      assert.ok(
        [...times.values()].every((n) => n <= 2),
        'no page more than twice',
      );

      for (const site of cluster.sites) {
        assert.ok(
          site.peakConcurrency() <= defaultHostLimits.concurrency,
          `${site.name}: peak ${site.peakConcurrency()} in flight ≤ ${defaultHostLimits.concurrency}`,
        );
        // The budget's grid: k further starts take at least k intervals, less the half interval
        // a late start may catch up (as in the in-process budget). Measured at arrival, so the
        // time from grant to arrival on a loaded machine (tens of ms) is allowed for.
        const starts = site.requests.map((r) => r.startedAt).sort((a, b) => a - b);
        const interval = defaultHostLimits.minIntervalMs;
        let worst = Infinity;
        for (let i = 0; i < starts.length; i++)
          for (let j = i + 1; j < starts.length; j++)
            worst = Math.min(worst, starts[j]! - starts[i]! - ((j - i) * interval - interval / 2));
        assert.ok(
          worst >= -100,
          `${site.name}: starts keep ${interval} ms apart on average (worst slack ${worst} ms)`,
        );
      }
      const busiest = Math.max(...cluster.sites.map((s) => s.peakConcurrency()));
      assert.ok(busiest >= 2, `the load was real: peak ${busiest} in flight at one host`);

      // The survivors stop gracefully: exit code 0.
      for (const worker of workers.slice(1)) worker.child.kill('SIGTERM');
      assert.deepEqual(await Promise.all(workers.slice(1).map((w) => w.exited)), [0, 0]);
    } finally {
      for (const worker of workers) worker.child.kill('SIGKILL');
      await app.close({ queueGraceMs: 0 });
      await cluster.close();
      await installation.cleanup();
    }
  },
);

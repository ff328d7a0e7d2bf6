/**
 * The behaviour every `JobQueue` owes its callers, as one suite both implementations run: the
 * embedded queue (src/jobs/embedded-queue.test.ts) and BullMQ (src/jobs/bullmq-queue.bullmq.test.ts).
 * Each test gets a fresh harness: queues made by one harness share their jobs (one table, one
 * Redis prefix), as processes of one installation do. For the embedded queue (checked to pass):
 *
 *   runQueueContract('embedded', async () => {
 *     const store = openStore({ url: ':memory:' }); await store.migrate();
 *     const made: [EmbeddedQueue, () => void][] = [];
 *     return {
 *       async create({ retryBaseMs, leaseMs }) {
 *         const c = crashableRepository(store.jobs);
 *         const q = new EmbeddedQueue({ repository: c.repository, retryBaseMs, leaseMs, pollIntervalMs: 20 });
 *         made.push([q, c.crash]); return q;
 *       },
 *       async crash(q) { made.find(([m]) => m === q)?.[1](); },
 *       async dispose() { await Promise.all(made.map(([q]) => q.stop({ graceMs: 100 }))); await store.close(); },
 *     };
 *   });
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LinhaiError } from '#model';
import type { JobRepository } from './job-repository.ts';
import type { JobInfo, JobQueue } from './types.ts';

export interface QueueContractHarness {
  /** A queue over this harness's shared jobs, with short timings so the suite runs fast. */
  create(timings: { retryBaseMs: number; leaseMs: number }): Promise<JobQueue>;
  /**
   * Ends `queue` as a killed process would: its handlers' jobs are neither finished nor returned
   * and their leases/locks are no longer renewed.
   */
  crash(queue: JobQueue): Promise<void>;
  /** Stops every queue it made and deletes the shared state. */
  dispose(): Promise<void>;
}

export interface QueueContractOptions {
  /** A reason to skip the whole suite (a missing database or Redis), printed by node:test. */
  readonly skip?: string | false;
}

const fast = { retryBaseMs: 20, leaseMs: 1_000 };

/**
 * For an embedded-queue harness: a repository whose writes stop once `crash()` is called, as
 * they would when the process dies (no renewals, no completion, no release, no new claims), so a
 * queue built on it can be "killed" while another queue on the real repository carries on.
 */
export function crashableRepository(repository: JobRepository): {
  repository: JobRepository;
  crash(): void;
} {
  let dead = false;
  const unlessDead =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>, whenDead: R) =>
    (...args: A): Promise<R> =>
      dead ? Promise.resolve(whenDead) : call(...args);
  return {
    repository: {
      ...bindAll(repository),
      claim: unlessDead(repository.claim.bind(repository), undefined),
      renew: unlessDead(repository.renew.bind(repository), undefined),
      complete: unlessDead(repository.complete.bind(repository), undefined),
      fail: unlessDead(repository.fail.bind(repository), undefined),
      release: unlessDead(repository.release.bind(repository), undefined),
    },
    crash: () => {
      dead = true;
    },
  };
}

function bindAll(repository: JobRepository): JobRepository {
  return {
    insert: repository.insert.bind(repository),
    claim: repository.claim.bind(repository),
    renew: repository.renew.bind(repository),
    complete: repository.complete.bind(repository),
    fail: repository.fail.bind(repository),
    release: repository.release.bind(repository),
    recoverExpired: repository.recoverExpired.bind(repository),
    nextRunAt: repository.nextRunAt.bind(repository),
    countByState: repository.countByState.bind(repository),
    countByTypeAndState: repository.countByTypeAndState.bind(repository),
    pending: repository.pending.bind(repository),
    list: repository.list.bind(repository),
    retry: repository.retry.bind(repository),
  };
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function runQueueContract(
  name: string,
  makeHarness: () => Promise<QueueContractHarness>,
  options: QueueContractOptions = {},
): void {
  describe(`JobQueue contract: ${name}`, { skip: options.skip ?? false }, () => {
    /** Runs `body` with a fresh harness and always disposes of it. */
    const withHarness = (body: (h: QueueContractHarness) => Promise<void>) => async () => {
      const harness = await makeHarness();
      try {
        await body(harness);
      } finally {
        await harness.dispose();
      }
    };

    test(
      'enqueue is idempotent by type and key while waiting or active, and free again once done',
      withHarness(async (h) => {
        const queue = await h.create(fast);
        const first = await queue.enqueue({ type: 'toc', key: 'listing:1', payload: { n: 1 } });
        const again = await queue.enqueue({ type: 'toc', key: 'listing:1', payload: { n: 2 } });
        const other = await queue.enqueue({ type: 'toc', key: 'listing:2', payload: {} });
        const otherType = await queue.enqueue({ type: 'content', key: 'listing:1', payload: {} });
        assert.equal(first.created, true);
        assert.deepEqual(again, { id: first.id, created: false });
        assert.equal(other.created, true);
        assert.equal(otherType.created, true);
        assert.equal((await queue.counts()).waiting, 3);

        const seen: unknown[] = [];
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        queue.handle('toc', async ({ job }) => {
          seen.push(job.payload);
          await gate;
        });
        queue.start();
        await waitFor(() => seen.length >= 1);
        // Active counts as planned too.
        const whileActive = await queue.enqueue({ type: 'toc', key: 'listing:1', payload: {} });
        assert.equal(whileActive.created, false);
        release();
        await queue.drain(['toc']);
        assert.ok(
          seen.some((p) => (p as { n?: number }).n === 1) &&
            !seen.some((p) => (p as { n?: number }).n === 2),
          'the first payload is the one that runs',
        );
        const later = await queue.enqueue({ type: 'toc', key: 'listing:1', payload: { n: 3 } });
        assert.equal(later.created, true);
        assert.notEqual(later.id, first.id);
        await queue.drain(['toc']);
        assert.deepEqual(seen.at(-1), { n: 3 });
        assert.equal((await queue.counts()).completed, 3);
      }),
    );

    test(
      'lower priority runs first; a job never runs before its runAt',
      withHarness(async (h) => {
        const queue = await h.create(fast);
        const order: string[] = [];
        const ranAt = new Map<string, number>();
        const start = Date.now();
        await queue.enqueue({ type: 'chase', key: 'later', payload: {}, runAt: start + 400 });
        for (const [key, priority] of [
          ['p5', 5],
          ['p1', 1],
          ['p-2', -2],
          ['p3', 3],
        ] as const)
          await queue.enqueue({ type: 'chase', key, payload: {}, priority });
        queue.handle('chase', async ({ job }) => {
          order.push(job.key);
          ranAt.set(job.key, Date.now());
        });
        queue.start();
        await waitFor(() => order.length === 5);
        assert.deepEqual(order, ['p-2', 'p1', 'p3', 'p5', 'later']);
        assert.ok(ranAt.get('later')! >= start + 400, 'runAt is respected');
      }),
    );

    test(
      'a failing job is retried with backoff, then dead-lettered with its last error; retry(id) revives it',
      withHarness(async (h) => {
        const queue = await h.create(fast);
        const attempts: { n: number; at: number }[] = [];
        let heal = false;
        queue.handle('content', async ({ job }) => {
          attempts.push({ n: job.attempts, at: Date.now() });
          if (heal) return;
          if (job.attempts === 1)
            throw new LinhaiError('net-rate-limited', 'slow down', { retryAfterMs: 300 });
          throw new Error(`boom ${job.attempts}`);
        });
        const { id } = await queue.enqueue({
          type: 'content',
          key: 'chapter:9',
          payload: {},
          maxAttempts: 3,
        });
        queue.start();
        await waitFor(async () => (await queue.list({ state: 'dead' })).length === 1);
        assert.deepEqual(
          attempts.map((a) => a.n),
          [1, 2, 3],
        );
        assert.ok(attempts[1]!.at - attempts[0]!.at >= 290, 'Retry-After is a floor of the wait');
        assert.ok(attempts[2]!.at - attempts[1]!.at >= 9, 'a backoff of at least base/2');
        const [dead] = (await queue.list({ state: 'dead' })) as JobInfo[];
        assert.equal(dead!.id, id);
        assert.equal(dead!.key, 'chapter:9');
        assert.equal(dead!.attempts, 3);
        assert.match(dead!.lastError ?? '', /boom 3/);
        assert.equal((await queue.counts()).dead, 1);

        heal = true;
        await queue.retry(id);
        await waitFor(async () => (await queue.counts()).completed === 1);
        assert.equal(attempts.length, 4);
        assert.equal(attempts[3]!.n, 1, 'fresh attempts after retry');
        assert.equal((await queue.counts()).dead, 0);
      }),
    );

    test(
      'drain resolves once every due job of the types is done, and not before',
      withHarness(async (h) => {
        const queue = await h.create(fast);
        let done = 0;
        queue.handle(
          'prefetch',
          async () => {
            await new Promise((resolve) => setTimeout(resolve, 30));
            done++;
          },
          { concurrency: 3 },
        );
        for (let i = 0; i < 9; i++)
          await queue.enqueue({ type: 'prefetch', key: `c${i}`, payload: {} });
        // A job planned for much later does not hold drain up.
        await queue.enqueue({
          type: 'prefetch',
          key: 'tomorrow',
          payload: {},
          runAt: Date.now() + 86_400_000,
        });
        queue.start();
        await queue.drain(['prefetch']);
        assert.equal(done, 9);
        const counts = await queue.counts();
        assert.equal(counts.active, 0);
        assert.equal(counts.completed, 9);
        assert.equal(counts.waiting, 1);
        const byType = await queue.countsByType();
        assert.equal(byType['prefetch']?.completed, 9, 'counted per type too');
        assert.equal(byType['prefetch']?.waiting, 1);
      }),
    );

    test(
      'stop lets running jobs finish within the grace period and returns the rest unharmed',
      withHarness(async (h) => {
        const queue = await h.create(fast);
        const aborted: string[] = [];
        const finished: string[] = [];
        queue.handle(
          'export',
          async ({ job, signal }) => {
            if (job.key === 'quick') {
              await new Promise((resolve) => setTimeout(resolve, 100));
              finished.push(job.key);
              return;
            }
            await new Promise((_, reject) =>
              signal.addEventListener('abort', () => {
                aborted.push(job.key);
                reject(signal.reason);
              }),
            );
          },
          { concurrency: 2 },
        );
        await queue.enqueue({ type: 'export', key: 'quick', payload: {} });
        await queue.enqueue({ type: 'export', key: 'endless', payload: {} });
        queue.start();
        await waitFor(async () => (await queue.counts()).active === 2);
        await queue.stop({ graceMs: 400 });
        assert.deepEqual(finished, ['quick']);
        assert.deepEqual(aborted, ['endless']);
        const waiting = await queue.list({ state: 'waiting' });
        assert.equal(waiting.length, 1);
        assert.equal(waiting[0]!.key, 'endless');
        assert.equal(waiting[0]!.attempts, 0, 'a returned job keeps its attempts');
        assert.equal((await queue.counts()).dead, 0);

        // Another process picks the returned job up.
        const next = await h.create(fast);
        const ran: string[] = [];
        next.handle('export', async ({ job }) => void ran.push(job.key));
        next.start();
        await next.drain(['export']);
        assert.deepEqual(ran, ['endless']);
      }),
    );

    test(
      'a job whose worker process died is run again by another',
      withHarness(async (h) => {
        const doomed = await h.create(fast);
        let taken = false;
        doomed.handle('chase', async ({ signal }) => {
          taken = true;
          // Hangs until the "process" is gone (the abort only lets the harness dispose of it).
          await new Promise((_, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason)),
          );
        });
        await doomed.enqueue({ type: 'chase', key: 'listing:7', payload: { x: 1 } });
        doomed.start();
        await waitFor(() => taken);
        await h.crash(doomed);

        const survivor = await h.create(fast);
        const ran: unknown[] = [];
        survivor.handle('chase', async ({ job }) => void ran.push(job.payload));
        survivor.start();
        await waitFor(() => ran.length === 1, 10_000);
        assert.deepEqual(ran, [{ x: 1 }]);
        await waitFor(async () => (await survivor.counts()).completed === 1);
        assert.equal((await survivor.counts()).dead, 0);
      }),
    );
  });
}

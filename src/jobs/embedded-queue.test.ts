import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LinhaiError } from '#model';
import { openStore } from '#store';
import { EmbeddedQueue } from './index.ts';
import { crashableRepository, runQueueContract } from './queue.contract.ts';

/** A queue on an in-memory store, stopped and closed when the test ends, pass or fail. */
async function memoryQueue(t: TestContext, options: { retryBaseMs?: number } = {}) {
  const store = openStore({ url: ':memory:' });
  await store.migrate();
  t.after(async () => {
    await queue.stop({ graceMs: 0 });
    await store.close();
  });
  const queue = new EmbeddedQueue({
    repository: store.jobs,
    pollIntervalMs: 10,
    retryBaseMs: options.retryBaseMs ?? 10,
  });
  return { store, queue };
}

test('the same work enqueued twice while pending is one job', async (t) => {
  const { queue } = await memoryQueue(t);
  const first = await queue.enqueue({ type: 'toc', key: 'listing:1', payload: { id: 1 } });
  const again = await queue.enqueue({ type: 'toc', key: 'listing:1', payload: { id: 1 } });
  const other = await queue.enqueue({ type: 'toc', key: 'listing:2', payload: { id: 2 } });
  assert.equal(first.created, true);
  assert.deepEqual(again, { id: first.id, created: false });
  assert.equal(other.created, true);
  assert.equal((await queue.counts()).waiting, 2);
});

test('jobs run by priority, then due time, and a finished key can be planned again', async (t) => {
  // A clock of our own: "late" becomes due only when the test moves time on.
  let now = Date.now();
  const clock = {
    now: () => now,
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(ms, 10));
        signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      }),
  };
  const store = openStore({ url: ':memory:' });
  await store.migrate();
  const queue = new EmbeddedQueue({ repository: store.jobs, clock, pollIntervalMs: 10 });
  t.after(async () => {
    await queue.stop({ graceMs: 0 });
    await store.close();
  });
  const order: string[] = [];
  await queue.enqueue({ type: 'x', key: 'late', payload: null, runAt: now + 60_000 });
  await queue.enqueue({ type: 'x', key: 'low', payload: null, priority: 5 });
  await queue.enqueue({ type: 'x', key: 'high', payload: null, priority: 0 });
  queue.handle('x', async ({ job }) => void order.push(job.key));
  queue.start();
  await queue.drain(['x']);
  assert.deepEqual(order, ['high', 'low']);
  now += 60_000;
  await queue.drain(['x']);
  assert.deepEqual(order, ['high', 'low', 'late']);
  assert.equal((await queue.enqueue({ type: 'x', key: 'high', payload: null })).created, true);
  await queue.drain(['x']);
  assert.deepEqual(order, ['high', 'low', 'late', 'high']);
});

test('a failing job is retried with backoff, then dead-lettered with its last error, and can be retried', async (t) => {
  const { queue } = await memoryQueue(t, { retryBaseMs: 5 });
  let calls = 0;
  queue.handle('flaky', async () => {
    calls++;
    throw new LinhaiError('net-http-status', `site answered 503 (call ${calls})`);
  });
  const { id } = await queue.enqueue({ type: 'flaky', key: 'k', payload: null, maxAttempts: 3 });
  queue.start();
  for (let i = 0; i < 200 && (await queue.counts()).dead === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const [dead] = await queue.list({ state: 'dead' });
  assert.equal(calls, 3);
  assert.equal(dead?.id, id);
  assert.equal(dead?.attempts, 3);
  assert.match(dead?.lastError ?? '', /net-http-status: site answered 503 \(call 3\)/);
  await queue.retry(id);
  for (let i = 0; i < 200 && calls < 4; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(calls >= 4, true);
});

test('stop waits for running jobs and returns unfinished ones to the queue', async (t) => {
  const { queue } = await memoryQueue(t);
  queue.handle(
    'long',
    ({ signal }) =>
      new Promise<void>((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason)),
      ),
  );
  await queue.enqueue({ type: 'long', key: 'a', payload: null });
  queue.start();
  for (let i = 0; i < 100 && (await queue.counts()).active === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await queue.stop({ graceMs: 50 });
  const counts = await queue.counts();
  assert.equal(counts.active, 0);
  assert.equal(counts.waiting, 1);
  const [job] = await queue.list({ state: 'waiting' });
  assert.equal(job?.attempts, 0, 'a returned job does not count as an attempt');
});

test('after a crash mid-job the job runs again on restart, and finished jobs do not', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'linhai-jobs-'));
  try {
    const store = openStore({ dataDir });
    await store.migrate();
    const seed = new EmbeddedQueue({ repository: store.jobs });
    await seed.enqueue({ type: 'work', key: 'quick', payload: { n: 1 } });
    await seed.enqueue({ type: 'work', key: 'slow', payload: { n: 2 } });
    await store.close();

    const worker = fileURLToPath(new URL('../../test/jobs/crash-worker.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', worker, dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const log = () => readFileSync(join(dataDir, 'starts.log'), 'utf8').trim().split('\n').sort();
    for (let i = 0; i < 500; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      try {
        if (log().length === 2) break;
      } catch {
        // not started yet
      }
    }
    assert.deepEqual(log(), ['quick', 'slow']);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('close', resolve));

    const reopened = openStore({ dataDir });
    await reopened.migrate();
    const queue = new EmbeddedQueue({ repository: reopened.jobs, pollIntervalMs: 20 });
    const rerun: string[] = [];
    queue.handle('work', async ({ job }) => void rerun.push(job.key));
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the dead worker's 1 s lease runs out
    queue.start();
    await queue.drain(['work']);
    await queue.stop();
    assert.deepEqual(rerun, ['slow']);
    assert.deepEqual(await queue.counts(), { waiting: 0, active: 0, completed: 2, dead: 0 });
    await reopened.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

// The behaviour every JobQueue owes (the same suite BullMQ runs), on the store's job table.
runQueueContract('embedded queue', async () => {
  const store = openStore({ url: ':memory:' });
  await store.migrate();
  const made: [EmbeddedQueue, () => void][] = [];
  return {
    async create({ retryBaseMs, leaseMs }) {
      const crashable = crashableRepository(store.jobs);
      const queue = new EmbeddedQueue({
        repository: crashable.repository,
        retryBaseMs,
        leaseMs,
        pollIntervalMs: 20,
      });
      made.push([queue, crashable.crash]);
      return queue;
    },
    async crash(queue) {
      made.find(([q]) => q === queue)?.[1]();
    },
    async dispose() {
      await Promise.all(made.map(([queue]) => queue.stop({ graceMs: 100 })));
      await store.close();
    },
  };
});

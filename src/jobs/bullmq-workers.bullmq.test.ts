// Several worker processes on one BullMQ queue (LINHAI_TEST_REDIS_URL, as in CI), downloading
// from a demo site: every job completes once, and a worker killed with SIGKILL mid-job loses
// nothing (its jobs' locks expire and the other workers take them).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { BullmqQueue } from './bullmq-queue.ts';

const redisUrl = process.env.LINHAI_TEST_REDIS_URL;
const skip = redisUrl ? false : 'LINHAI_TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379)';
const childScript = fileURLToPath(new URL('./bullmq-worker-child.ts', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Worker {
  readonly proc: ChildProcess;
  readonly inFlight: Set<string>;
  readonly ready: Promise<void>;
}

function startWorker(prefix: string): Worker {
  const proc = spawn(process.execPath, ['--import', 'tsx', childScript], {
    env: {
      ...process.env,
      CHILD_REDIS_URL: redisUrl!,
      CHILD_PREFIX: prefix,
      // Short enough that the killed worker's jobs come back soon, long enough that a live worker
      // starved of CPU on a busy machine still renews its locks (a lapsed lock runs a job twice).
      CHILD_LOCK_MS: '3000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const inFlight = new Set<string>();
  let buffered = '';
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        // "start chapter:12" / "done chapter:12" / "ready"
        const [word, key] = line.split(' ');
        if (word === 'ready') resolve();
        else if (word === 'start') inFlight.add(key!);
        else if (word === 'done') inFlight.delete(key!);
      }
    });
    proc.once('exit', (code) => reject(new Error(`worker exited ${code} before ready`)));
  });
  return { proc, inFlight, ready };
}

test(
  'three worker processes: every job completes once; a worker SIGKILLed mid-job loses nothing',
  { skip, timeout: 60_000 },
  async (t) => {
    const prefix = `linhai-test-${randomUUID().slice(0, 8)}`;
    const cluster: DemoCluster = await startDemoSites({ sites: [{ template: 'biquge' }] });
    const site = cluster.site('biquge');
    const redis = new Redis(redisUrl!);
    const queue = new BullmqQueue({ connection: redisUrl!, prefix, keepCompleted: 100_000 });
    const workers = [0, 1, 2].map(() => startWorker(prefix));
    cleanups.push(async () => {
      for (const w of workers) if (w.proc.exitCode === null) w.proc.kill('SIGKILL');
      await queue.close({ graceMs: 100 });
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
      redis.disconnect();
      await cluster.close();
    });

    site.setFaults([{ kind: 'latency', ms: 150, path: '.html' }]);
    await Promise.all(workers.map((w) => w.ready));
    const jobs = 36;
    for (let i = 0; i < jobs; i++)
      await queue.enqueue({
        type: 'content',
        key: `chapter:${i}`,
        payload: { url: site.chapterUrl(1, i) },
      });

    // Kill the first worker while it is in the middle of a job.
    const victim = workers[0]!;
    const deadline = Date.now() + 20_000;
    while (victim.inFlight.size === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const lost = [...victim.inFlight];
    assert.ok(lost.length > 0, 'the victim had a job in hand');
    victim.proc.kill('SIGKILL');

    await queue.drain(['content']);
    const counts = await queue.counts();
    const done = await redis.lrange(`${prefix}:test:done`, 0, -1);
    const times = new Map<string, number>();
    for (const key of done) times.set(key, (times.get(key) ?? 0) + 1);
    t.diagnostic(
      `killed worker had ${lost.join(', ')} in hand; ${done.length} completions for ${jobs} jobs`,
    );
    assert.equal(counts.completed, jobs);
    assert.equal(counts.dead, 0);
    assert.equal(counts.waiting + counts.active, 0);
    // A job runs exactly once unless its worker dies holding it: then it runs again elsewhere.
    // If the worker died after the job's work but before BullMQ recorded the completion, that
    // work happens twice (at least once, as BullMQ promises; jobs are idempotent for that).
    for (let i = 0; i < jobs; i++) {
      const key = `chapter:${i}`;
      const ran = times.get(key) ?? 0;
      if (lost.includes(key)) assert.ok(ran >= 1 && ran <= 2, `${key} ran ${ran} times`);
      else assert.equal(ran, 1, `${key} completed ${ran} times`);
    }
  },
);

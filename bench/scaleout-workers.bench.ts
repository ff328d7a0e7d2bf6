/**
 * Scale-out: does throughput grow with worker processes until the per-host budgets bind, and
 * then stay at the budget? A 2,000-chapter demo book is spread over 4 demo hosts (each answers
 * after 80 ms); N worker processes (bench/scaleout-worker.ts) take its content jobs from BullMQ,
 * each running 4 at once, and share a per-host budget in Redis (2 at once, 12.5 req/s per host,
 * so 50 req/s in all: more than one worker can use, less than four). The achieved rate is read
 * from the sites' own request logs.
 * Needs Redis: LINHAI_TEST_REDIS_URL or LINHAI_REDIS_URL (skipped without). SCALEOUT_CHAPTERS
 * shrinks the book for a quick run.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startDemoSites } from '#demo';
import { BullmqQueue } from '#jobs';

const hosts = 4;
const hostConcurrency = 2;
const hostIntervalMs = 80;
const jobsPerWorker = 4;
const latencyMs = 80;
const workerScript = fileURLToPath(new URL('./scaleout-worker.ts', import.meta.url));

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code} before ready`)));
  });
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

export async function run(): Promise<boolean | void> {
  const redisUrl = process.env.LINHAI_TEST_REDIS_URL ?? process.env.LINHAI_REDIS_URL;
  if (!redisUrl) {
    console.log('skipped: set LINHAI_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379)');
    return;
  }
  const chapters = Number(process.env.SCALEOUT_CHAPTERS ?? 2000);
  const cluster = await startDemoSites({
    sites: Array.from({ length: hosts }, () => ({ template: 'biquge' as const })),
  });
  const sites = cluster.sites;
  const book = sites[0]!.books().find((b) => sites[0]!.toc(b.id).length >= chapters)!;
  const toc = sites[0]!
    .toc(book.id)
    .filter((e) => e.kind === 'chapter')
    .slice(0, chapters);
  // Chapter i is fetched from host i mod 4: one book spread over four sources.
  const urls = toc.map((e, i) => sites[i % hosts]!.chapterUrl(book.id, e.chapterIndex!));
  const budgetRate = (hosts * 1000) / hostIntervalMs;
  const rows: Record<string, string>[] = [];
  const redis = new Redis(redisUrl);
  let previous = 0;
  let grows = true;
  try {
    for (const [workers, budgetKind] of [
      [1, 'local'],
      [1, 'redis'],
      [2, 'redis'],
      [4, 'redis'],
    ] as const) {
      const prefix = `linhai-bench-${randomUUID().slice(0, 8)}`;
      for (const site of sites) {
        site.clearFaults();
        site.setFaults([{ kind: 'latency', ms: latencyMs, path: '.html' }]);
        site.clearRequests();
      }
      const env = {
        SCALEOUT_REDIS_URL: redisUrl,
        SCALEOUT_PREFIX: prefix,
        SCALEOUT_CONCURRENCY: String(jobsPerWorker),
        SCALEOUT_HOST_CONCURRENCY: String(hostConcurrency),
        SCALEOUT_HOST_INTERVAL_MS: String(hostIntervalMs),
        SCALEOUT_BUDGET: budgetKind,
      };
      const children = await Promise.all(Array.from({ length: workers }, () => startWorker(env)));
      const queue = new BullmqQueue({ connection: redisUrl, prefix, keepCompleted: chapters });
      try {
        // Enqueued after every worker is ready, so all of them start together.
        await Promise.all(
          urls.map((url, i) =>
            queue.enqueue({ type: 'content', key: `chapter:${i}`, payload: { url } }),
          ),
        );
        await queue.drain(['content']);
        const counts = await queue.counts();
        const requests = sites.flatMap((s) => s.requests.filter((r) => r.status === 200));
        const starts = requests.map((r) => r.startedAt).sort((a, b) => a - b);
        const seconds = (starts.at(-1)! - starts[0]!) / 1000;
        const rate = (starts.length - 1) / seconds;
        const perHost = sites.map((s) => {
          const hs = s.requests.map((r) => r.startedAt).sort((a, b) => a - b);
          return (hs.length - 1) / ((hs.at(-1)! - hs[0]!) / 1000);
        });
        const ideal = Math.min(budgetRate, workers * jobsPerWorker * (1000 / (latencyMs + 10)));
        if (budgetKind === 'redis') {
          grows &&= workers === 1 || rate > previous * 1.3 || rate >= budgetRate * 0.8;
          previous = rate;
        }
        rows.push({
          workers: String(workers),
          'host budget': budgetKind === 'local' ? 'in-process (reference)' : 'Redis',
          'chapters done': `${counts.completed}/${chapters}`,
          seconds: seconds.toFixed(1),
          'achieved req/s': rate.toFixed(1),
          'budget req/s': String(budgetRate),
          'achieved / budget': `${((100 * rate) / budgetRate).toFixed(0)}%`,
          'req/s per worker': (rate / workers).toFixed(1),
          'worker-bound estimate': ideal.toFixed(0),
          [`max host rate (budget ${1000 / hostIntervalMs})`]: Math.max(...perHost).toFixed(1),
          [`max host peak (budget ${hostConcurrency})`]: String(
            Math.max(...sites.map((s) => s.peakConcurrency())),
          ),
        });
      } finally {
        for (const child of children) child.kill('SIGTERM');
        await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r))));
        await queue.close();
        await deleteKeys(redis, prefix);
      }
    }
  } finally {
    redis.disconnect();
    await cluster.close();
  }
  console.table(rows);
  console.log(
    `throughput grows with workers until the budget binds, then holds: ${grows ? 'yes' : 'NO'}`,
  );
  return grows;
}

/**
 * Scale-out with the real thing: N `linhai worker` processes (1, 2, 4) on PostgreSQL + BullMQ
 * download 2,000 chapters spread over 4 demo hosts, through the whole read path (driver, rules,
 * cleaner, store). Every host has the default per-host budget (4 in flight, a start every 250 ms:
 * 4 req/s a host, 16 req/s in all) and answers after 700 ms. Each worker runs 4 content jobs at
 * once, so one worker uses about a third of the budget and four must not exceed it. The rate is
 * read from the sites' own request logs.
 * The library reads a chapter from its best listing, so one book does not spread over hosts: the
 * chapters are a quarter from each of 4 long books, each book added from one host only, and the
 * jobs are planned host by host in turn (as a chase pass mixes hosts). Jobs waiting for a host's
 * budget hold a worker's slot, so planning one host's chapters first would measure that instead.
 * Needs LINHAI_TEST_DATABASE_URL and LINHAI_TEST_REDIS_URL (skipped without).
 * SCALEOUT_CHAPTERS shrinks the run; SCALEOUT_WORKERS="1,2" picks the worker counts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoSites } from '#demo';
import type { DemoSite } from '#demo';
import { contentJobKey, openApp } from '#app';
import type { App, ContentJob } from '#app';
import { addBook, refreshToc, searchBooks, viewToc } from '#library';
import type { BookGroup } from '#library';
import { deleteRedisPrefix, dropSchema } from '../test/scaleout/backends.ts';
import { startWorkerProcess } from '../test/scaleout/worker-process.ts';

const hosts = 4;
const intervalMs = 250;
const latencyMs = 700;
const perWorker = 4;
const budgetRate = (hosts * 1000) / intervalMs;

/** Adds `title` from `site` only (one listing), refreshes its TOC, returns its chapter keys. */
async function addFromOneSite(app: App, site: DemoSite, title: string, count: number) {
  let group: BookGroup | undefined;
  for await (const event of searchBooks(app.library, title))
    if (event.type === 'finished') group = event.ranked.find((g) => g.title === title);
  if (!group) throw new Error(`${title} not found`);
  const hits = group.hits.filter((h) => h.sourceKey === site.source.bookSourceUrl);
  const bookId = (await addBook(app.library, { ...group, hits, sourceCount: 1 })).book.id;
  await refreshToc(app.library, bookId);
  const toc = (await viewToc(app.library, bookId)).filter((c) => !c.isExtra).slice(0, count);
  return toc.map((c) => ({ bookId, chapterKey: c.key }));
}

async function oneRun(
  workers: number,
  chapters: number,
  sites: readonly DemoSite[],
  titles: string[],
) {
  const tag = randomBytes(5).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'linhai-bench-'));
  const installation = {
    LINHAI_DATA_DIR: dataDir,
    LINHAI_DATABASE_URL: process.env.LINHAI_TEST_DATABASE_URL!,
    LINHAI_DATABASE_SCHEMA: `linhai_bench_${tag}`,
    LINHAI_REDIS_URL: process.env.LINHAI_TEST_REDIS_URL!,
    LINHAI_REDIS_PREFIX: `linhai-bench-${tag}`,
    LINHAI_ALLOW_HOSTS: '127.0.0.1',
  };
  const app = await openApp({
    dataDir,
    databaseUrl: installation.LINHAI_DATABASE_URL,
    databaseSchema: installation.LINHAI_DATABASE_SCHEMA,
    redisUrl: installation.LINHAI_REDIS_URL,
    redisPrefix: installation.LINHAI_REDIS_PREFIX,
    allowHosts: ['127.0.0.1'],
    seedBuiltInSources: false,
  });
  const children = [];
  try {
    await app.catalog.import(JSON.stringify(sites.map((s) => s.source)));
    const perHost: { bookId: number; chapterKey: string }[][] = [];
    for (const [i, site] of sites.entries())
      perHost.push(await addFromOneSite(app, site, titles[i]!, chapters / hosts));
    const jobs = perHost[0]!.flatMap((_, k) => perHost.map((list) => list[k]!));
    children.push(
      ...(await Promise.all(
        Array.from({ length: workers }, () =>
          startWorkerProcess(installation, ['--concurrency', String(perWorker)]),
        ),
      )),
    );
    for (const site of sites) {
      site.setFaults([{ kind: 'latency', ms: latencyMs }]);
      site.clearRequests();
    }
    for (const job of jobs)
      await app.queue.enqueue<ContentJob>({
        type: 'content',
        key: contentJobKey(job.bookId, job.chapterKey),
        payload: job,
      });
    await app.queue.drain(['content']);
    // Chapters now in the cache (the queue keeps only the newest completed jobs to count).
    let done = 0;
    for (const job of jobs) {
      const chapter = await app.store.chapters.getByKey(job.bookId, job.chapterKey);
      if (chapter && (await app.store.contents.get(chapter.id))) done++;
    }
    const pages = sites.flatMap((s) => s.requests.filter((r) => r.path !== '/robots.txt'));
    const starts = pages.map((r) => r.startedAt).sort((a, b) => a - b);
    const seconds = (starts.at(-1)! - starts[0]!) / 1000;
    const rate = (starts.length - 1) / seconds;
    const hostRates = sites.map((s) => {
      const own = s.requests.map((r) => r.startedAt).sort((a, b) => a - b);
      return (own.length - 1) / ((own.at(-1)! - own[0]!) / 1000);
    });
    return {
      workers,
      done: `${done}/${jobs.length}`,
      downloads: pages.length,
      seconds,
      rate,
      maxHostRate: Math.max(...hostRates),
      maxHostPeak: Math.max(...sites.map((s) => s.peakConcurrency())),
    };
  } finally {
    for (const child of children) child.child.kill('SIGTERM');
    await Promise.all(children.map((c) => c.exited));
    for (const site of sites) site.clearFaults();
    await app.close({ queueGraceMs: 0 });
    await dropSchema(installation.LINHAI_DATABASE_URL, installation.LINHAI_DATABASE_SCHEMA);
    await deleteRedisPrefix(installation.LINHAI_REDIS_URL, installation.LINHAI_REDIS_PREFIX);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<boolean | void> {
  if (!process.env.LINHAI_TEST_DATABASE_URL || !process.env.LINHAI_TEST_REDIS_URL) {
    console.log('skipped: set LINHAI_TEST_DATABASE_URL and LINHAI_TEST_REDIS_URL');
    return;
  }
  const chapters = Number(process.env.SCALEOUT_CHAPTERS ?? 2000);
  const counts = (process.env.SCALEOUT_WORKERS ?? '1,2,4').split(',').map(Number);
  const cluster = await startDemoSites({
    sites: Array.from({ length: hosts }, () => ({ template: 'biquge' as const })),
  });
  const first = cluster.sites[0]!;
  // The four longest books of the catalogue, one a host.
  const titles = first
    .books()
    .map((b) => ({ title: b.title, n: first.toc(b.id).length }))
    .sort((a, b) => b.n - a.n)
    .slice(0, hosts)
    .map((b) => b.title);
  const rows: Record<string, string>[] = [];
  let previous = 0;
  let holds = true;
  try {
    for (const workers of counts) {
      const r = await oneRun(workers, chapters, cluster.sites, titles);
      // Grows while workers bind (≥ 1.3× the previous row), or sits at ≥ 80% of the budget;
      // never above the budget (5% for measuring at arrival).
      holds &&=
        (previous === 0 || r.rate > previous * 1.3 || r.rate >= budgetRate * 0.8) &&
        r.rate <= budgetRate * 1.05 &&
        r.maxHostPeak <= 4;
      previous = r.rate;
      rows.push({
        'linhai workers': String(workers),
        'chapters done': r.done,
        downloads: String(r.downloads),
        seconds: r.seconds.toFixed(1),
        'achieved req/s': r.rate.toFixed(1),
        'budget req/s': String(budgetRate),
        'achieved / budget': `${((100 * r.rate) / budgetRate).toFixed(0)}%`,
        'req/s per worker': (r.rate / workers).toFixed(1),
        [`max host rate (budget ${1000 / intervalMs})`]: r.maxHostRate.toFixed(1),
        'max host peak (budget 4)': String(r.maxHostPeak),
      });
    }
  } finally {
    await cluster.close();
  }
  console.table(rows);
  console.log(
    `throughput grows with workers until the per-host budgets bind, then holds at the budget: ${holds ? 'yes' : 'NO'}`,
  );
  return holds;
}

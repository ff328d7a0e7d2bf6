/**
 * Worker routing for the browser tier (issue 21), with two real `linhai worker` processes on
 * PostgreSQL + BullMQ: one started with LINHAI_BROWSER=off, one with Chromium. A TOC job of a book
 * whose only source renders its chapter list in a browser (`{"webView":true}`) is taken by the
 * worker without Chromium first (it is the only one running): it does not fail the job with
 * capability-missing but hands it to the `toc-browser` lane, where it waits until the worker with
 * Chromium starts and runs it. Meanwhile the first worker warns that nobody takes the lane.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp } from '#app';
import type { TocJob } from '#app';
import { startBrowserDemoSite } from '#demo';
import { viewToc } from '#library';
import { findChromium } from '#net';
import { postgresRedisInstallation, scaleOutSkip } from './backends.ts';
import { startWorkerProcess } from './worker-process.ts';
import type { WorkerProcess } from './worker-process.ts';

const chromium = findChromium();
const skip =
  scaleOutSkip || ('off' in chromium ? `no browser tier on this machine: ${chromium.off}` : false);

async function waitFor(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test(
  'a worker without Chromium hands a browser job to the lane; a worker with Chromium runs it',
  { skip },
  async () => {
    const installation = postgresRedisInstallation();
    const site = await startBrowserDemoSite('scripted');
    const app = await openApp({
      ...installation.appOptions,
      allowHosts: ['127.0.0.1'],
      seedBuiltInSources: false,
    });
    const workers: WorkerProcess[] = [];
    try {
      const source = site.sources.find((s) => String(s.bookSourceUrl).endsWith('#webView'));
      assert.ok(source);
      assert.deepEqual((await app.catalog.import(JSON.stringify([source]))).errors, []);
      const sourceRow = await app.store.sources.getByUrl(String(source.bookSourceUrl));
      const demoBook = site.books[0];
      assert.ok(sourceRow && demoBook);
      const book = await app.store.books.upsert({
        key: `${demoBook.title}|${demoBook.author}`,
        title: demoBook.title,
        author: demoBook.author,
      });
      await app.store.listings.upsert({
        bookId: book.id,
        sourceId: sourceRow.id,
        bookUrl: `${site.origin}/book/${demoBook.id}`,
      });
      const env = { ...installation.env, LINHAI_ALLOW_HOSTS: '127.0.0.1' };
      workers.push(await startWorkerProcess({ ...env, LINHAI_BROWSER: 'off' }));

      await app.queue.enqueue<TocJob>({
        type: 'toc',
        key: `toc:${book.id}`,
        payload: { bookId: book.id },
      });
      const counts = async (type: string) => (await app.queue.countsByType())[type];
      await waitFor('the hand-off', async () => (await counts('toc-browser'))?.waiting === 1);
      assert.equal((await counts('toc'))?.completed, 1, 'done there: handed on, not failed');
      assert.equal((await counts('toc'))?.dead, 0);
      assert.equal((await viewToc(app.library, book.id)).length, 0, 'no TOC yet');
      // Nothing took it meanwhile: the worker without Chromium does not serve the lane.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal((await counts('toc-browser'))?.waiting, 1);
      // …and the worker said so, where an operator looks, with what to do.
      const warning =
        /toc job \(toc:\d+\) needs browser and waits in the toc-browser queue, which no running worker takes: start `linhai worker` on a machine where Chromium is installed/;
      assert.match(workers[0]!.stderr(), warning);

      workers.push(await startWorkerProcess(env));
      const health = async (w: WorkerProcess) =>
        ((await (await fetch(`${w.metricsUrl}/health`)).json()) as { browserTier: boolean })
          .browserTier;
      assert.deepEqual(await Promise.all(workers.map(health)), [false, true], '/health says which');
      await app.queue.drain(['toc-browser']);
      assert.equal((await counts('toc-browser'))?.completed, 1);
      assert.equal((await counts('toc-browser'))?.dead, 0);
      assert.equal(
        (await viewToc(app.library, book.id)).length,
        site.chapterCount,
        'the worker with Chromium rendered the chapter list',
      );
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
      await app.close();
      await site.close();
      await installation.cleanup();
    }
  },
);

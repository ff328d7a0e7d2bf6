/**
 * The app's job handlers on its own queue: `toc`, `prefetch` (which downloads from every source),
 * `content` and `export`, plus a handler passed through `extraHandlers`. On SQLite with the
 * embedded queue, and on PostgreSQL with BullMQ when the test services are configured.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoSites } from '#demo';
import { openApp, registerJobHandlers, exportJobKey } from '#app';
import type { ExportJob, PrefetchJob, TocJob } from '#app';
import { viewToc } from '#library';
import { postgresRedisInstallation, scaleOutSkip, sqliteInstallation } from './backends.ts';
import type { Installation } from './backends.ts';
import { addDemoBook } from './demo-book.ts';

const title = '星河归途';

async function handlersRun(installation: Installation): Promise<void> {
  const cluster = await startDemoSites({ sites: [{ template: 'biquge' }, { template: 'json' }] });
  const app = await openApp({
    ...installation.appOptions,
    allowHosts: ['127.0.0.1'],
    seedBuiltInSources: false,
  });
  try {
    assert.equal(app.queue.kind, installation.name === 'sqlite' ? 'embedded' : 'bullmq');
    const bookId = await addDemoBook(app, cluster, title, { refresh: false });
    assert.equal((await viewToc(app.library, bookId)).length, 0, 'no TOC before the job');
    const extra: string[] = [];
    const types = registerJobHandlers(app, app.queue, {
      concurrency: 2,
      extraHandlers: {
        chase: async ({ job }) => {
          extra.push(job.key);
        },
      },
    });
    assert.deepEqual([...types].sort(), ['chase', 'content', 'export', 'prefetch', 'toc']);
    app.queue.start();

    await app.queue.enqueue<TocJob>({ type: 'toc', key: `toc:${bookId}`, payload: { bookId } });
    await app.queue.drain();
    const toc = await viewToc(app.library, bookId);
    assert.ok(toc.length >= 100, `the TOC job stored the chapters (${toc.length})`);

    await app.queue.enqueue<PrefetchJob>({
      type: 'prefetch',
      key: `prefetch:${bookId}`,
      payload: { bookId, afterChapterKey: toc[1]!.key, count: 3 },
    });
    await app.queue.drain();
    const cached = async (index: number) => {
      const chapter = await app.store.chapters.getByKey(bookId, toc[index]!.key);
      return (await app.store.contents.get(chapter!.id)) !== undefined;
    };
    assert.deepEqual(
      await Promise.all([0, 1, 2, 3, 4, 5].map(cached)),
      [false, false, true, true, true, false],
      'the three chapters after the given one were fetched, no others',
    );
    const counts = await app.queue.counts();
    assert.equal(counts.completed, 2, 'toc and prefetch completed (prefetch downloads itself)');
    assert.equal(counts.dead, 0);

    // A short book (a whole book is fetched at the demo host's politeness budget, 4 a second).
    const shortTitle = '仙途漫漫';
    const shortId = await addDemoBook(app, cluster, shortTitle);
    const shortToc = await viewToc(app.library, shortId);
    assert.ok(shortToc.length >= 40, `${shortTitle} has its chapters (${shortToc.length})`);
    const exportJob: ExportJob = { bookId: shortId, format: 'txt' };
    const key = exportJobKey(shortId, 'txt');
    assert.equal(
      (await app.queue.enqueue({ type: 'export', key, payload: exportJob })).created,
      true,
    );
    assert.equal(
      (await app.queue.enqueue({ type: 'export', key, payload: exportJob })).created,
      false,
      'the same file is planned once',
    );
    await app.queue.enqueue({ type: 'chase', key: 'listing:1', payload: {} });
    await app.queue.drain();
    // The file is in the store, where every process of the installation finds it.
    const file = await app.store.bookFiles.read(shortId, 'txt');
    assert.equal(file?.state, 'done');
    assert.equal(file.chapters, shortToc.length);
    assert.equal(file.doneChapters, shortToc.length);
    assert.equal(file.fileName, `${shortTitle}.txt`);
    assert.equal(file.size, file.bytes.byteLength);
    const text = new TextDecoder().decode(file.bytes);
    let at = 0;
    for (const item of shortToc) {
      const found = text.indexOf(item.title, at);
      assert.ok(found > at, `${item.title} in order`);
      at = found;
    }
    assert.deepEqual(extra, ['listing:1'], 'the extra handler ran');
  } finally {
    await app.close({ queueGraceMs: 1_000 });
    await cluster.close();
    await installation.cleanup();
  }
}

test('job handlers on SQLite with the embedded queue', () => handlersRun(sqliteInstallation()));

test('job handlers on PostgreSQL with BullMQ on Redis', { skip: scaleOutSkip }, () =>
  handlersRun(postgresRedisInstallation()),
);

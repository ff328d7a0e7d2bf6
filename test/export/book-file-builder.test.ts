/**
 * The book-file builder on a real SQLite store: a 2,000-chapter book whose chapters are cached is
 * built into `store.bookFiles` with about 50 progress writes (not 2,000), in order, volumes
 * included; a chapter no source carries is a marked gap in a finished file (listed in `missing`,
 * not counted in the row); an abort leaves the row `building` for the job that resumes it.
 */
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Clock } from '#model';
import { openStore } from '#store';
import type { Store } from '#store';
import { buildStoredBookFile, gapParagraph } from '#export';
import type { LibraryDeps } from '#library';
import { memoryGateway } from '../../src/library/test-support/memory-gateway.ts';

const T0 = 1_790_000_000_000;
/** A clock that does not move: progress writes then depend on chapters alone. */
const frozen: Clock = { now: () => T0, sleep: async () => undefined };

let store: Store;
let progressWrites: number[];
let deps: LibraryDeps;

beforeEach(async () => {
  store = openStore({ url: ':memory:', clock: frozen });
  await store.migrate();
  progressWrites = [];
  const files = store.bookFiles;
  // The real repository, with its progress writes counted.
  const counted: LibraryDeps['store']['bookFiles'] = {
    get: (...a) => files.get(...a),
    read: (...a) => files.read(...a),
    start: (...a) => files.start(...a),
    finish: (...a) => files.finish(...a),
    fail: (...a) => files.fail(...a),
    progress: async (bookId, format, done) => {
      progressWrites.push(done);
      await files.progress(bookId, format, done);
    },
  };
  deps = { store: { ...store, bookFiles: counted }, gateway: memoryGateway([]), clock: frozen };
});
afterEach(async () => {
  await store.close();
});

/** A book of `count` chapters in two volumes, every chapter cached except those in `missing`. */
async function book(count: number, missing: ReadonlySet<number> = new Set()): Promise<number> {
  const source = await store.sources.upsert({ url: 'https://s.test', name: 'S', rules: '{}' });
  const { id } = await store.books.upsert({ key: `长书|${count}`, title: '长书', author: '某' });
  const saved = await store.chapters.saveToc(
    id,
    Array.from({ length: count }, (_, i) => ({
      key: `k${i}`,
      ordinal: i,
      title: `第${i + 1}章`,
      volumeTitle: i < count / 2 ? '上卷' : '下卷',
      firstSeenAt: T0,
      links: [],
    })),
  );
  for (const chapter of saved) {
    if (missing.has(chapter.ordinal)) continue;
    await store.contents.put({
      chapterId: chapter.id,
      sourceId: source.id,
      text: `${chapter.title}的第一段。\n第二段。`,
      hash: chapter.key,
      fetchedAt: T0,
    });
  }
  return id;
}

test('a 2,000-chapter book is built into the store with about 50 progress writes', async () => {
  const bookId = await book(2_000);
  const { record, bytes } = await buildStoredBookFile(deps, bookId, 'txt');
  assert.equal(record.state, 'done');
  assert.equal(record.chapters, 2_000);
  assert.equal(record.doneChapters, 2_000);
  assert.equal(record.fileName, '长书.txt');
  assert.equal(record.size, bytes.byteLength);
  assert.ok(
    progressWrites.length >= 10 && progressWrites.length <= 50,
    `${progressWrites.length} progress writes`,
  );
  assert.deepEqual(
    progressWrites,
    [...progressWrites].sort((a, b) => a - b),
    'progress only grows',
  );
  const text = new TextDecoder().decode(bytes);
  let at = 0;
  for (const needle of ['上卷', '第1章', '第1000章', '下卷', '第1001章', '第2000章的第一段']) {
    const found = text.indexOf(needle, at);
    assert.ok(found >= at, `${needle} in order`);
    at = found;
  }
  const stored = await store.bookFiles.read(bookId, 'txt');
  assert.deepEqual(Buffer.from(stored!.bytes), Buffer.from(bytes));
});

test('a chapter no source carries is a marked gap: the file is done, the row counts the others', async () => {
  const bookId = await book(30, new Set([17]));
  const { record, bytes, missing } = await buildStoredBookFile(deps, bookId, 'txt');
  assert.equal(record.state, 'done');
  assert.equal(record.chapters, 29, 'the gap is not counted: the row reads as stale');
  assert.deepEqual(
    missing.map((m) => [m.key, m.title]),
    [['k17', '第18章']],
  );
  assert.match(missing[0]!.reason, /no enabled source carries "第18章"/);
  const text = new TextDecoder().decode(bytes);
  const gap = text.indexOf(gapParagraph(missing[0]!.reason));
  assert.ok(gap > text.indexOf('第18章') && gap < text.indexOf('第19章'), 'the gap in its place');
  assert.ok(text.indexOf('第30章的第一段') > gap, 'the chapters after it are written');
});

test('an abort (the queue shutting down) leaves the row building for the resumed job', async () => {
  const bookId = await book(400);
  const controller = new AbortController();
  const progress = deps.store.bookFiles.progress;
  const aborting: LibraryDeps = {
    ...deps,
    store: {
      ...deps.store,
      bookFiles: {
        ...deps.store.bookFiles,
        progress: async (id, format, done) => {
          await progress(id, format, done);
          if (done >= 50) controller.abort(new Error('shutting down'));
        },
      },
    },
  };
  await assert.rejects(
    buildStoredBookFile(aborting, bookId, 'txt', { signal: controller.signal }),
    /shutting down/,
  );
  const row = await store.bookFiles.get(bookId, 'txt');
  assert.equal(row?.state, 'building');
  assert.ok(row.doneChapters >= 50 && row.doneChapters < 400, `${row.doneChapters} done`);
});

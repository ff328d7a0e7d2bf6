import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LinhaiError } from '#model';
import { searchBooks } from './search-books.ts';
import type { SearchEvent } from './search-books.ts';
import { memoryGateway } from './test-support/memory-gateway.ts';
import type { FakeSource } from './test-support/memory-gateway.ts';

const book = (name: string, author: string, bookUrl: string) => ({ name, author, bookUrl });

async function collect(
  events: AsyncIterable<SearchEvent>,
): Promise<Array<SearchEvent & { at: number }>> {
  const started = performance.now();
  const out: Array<SearchEvent & { at: number }> = [];
  for await (const event of events) out.push({ ...event, at: performance.now() - started });
  return out;
}

test('a book several sources have comes back once, with every source that has it', async () => {
  const gateway = memoryGateway([
    {
      key: 'a',
      name: 'A',
      latencyMs: 5,
      books: [book('诡秘之主', '爱潜水的乌贼', '/a/1'), book('别的书', '某人', '/a/2')],
    },
    // Traditional script and decorations fold to the same key.
    { key: 'b', name: 'B', latencyMs: 15, books: [book('《詭秘之主》', '愛潛水的烏賊', '/b/9')] },
    {
      key: 'c',
      name: 'C',
      latencyMs: 25,
      books: [book('诡秘之主(完结)', ' 爱潜水的乌贼', '/c/3')],
    },
  ]);
  const events = await collect(searchBooks({ gateway }, '诡秘', { deadlineMs: 1000 }));
  const books = events.filter((e) => e.type === 'book');
  assert.equal(books.filter((e) => e.isNew).length, 1, 'one group created');
  const last = books.at(-1);
  assert.deepEqual(
    last?.group.hits.map((h) => [h.sourceKey, h.bookUrl]),
    [
      ['a', '/a/1'],
      ['b', '/b/9'],
      ['c', '/c/3'],
    ],
  );
  const finished = events.at(-1);
  assert.deepEqual(
    finished?.type === 'finished' && [finished.sources, finished.failed, finished.books],
    [3, 0, 1],
  );
  assert.equal(finished?.type === 'finished' && finished.ranked[0]?.sourceCount, 3);
});

test('a hanging source and a failing source neither delay nor break the rest', async () => {
  const sources: FakeSource[] = [
    { key: 'hang', name: 'Hang', hang: true },
    {
      key: 'bad',
      name: 'Bad',
      latencyMs: 2,
      fail: new LinhaiError('net-http-status', 'HTTP 500', { details: { status: 500 } }),
    },
    { key: 'fast', name: 'Fast', latencyMs: 10, books: [book('书名', '作者', '/f/1')] },
    { key: 'slow', name: 'Slow', latencyMs: 80, books: [book('书名', '作者', '/s/1')] },
  ];
  const gateway = memoryGateway(sources);
  const events = await collect(searchBooks({ gateway }, '书', { deadlineMs: 300 }));
  // Ordering, not wall-clock bounds: the machine running tests may be busy.
  const firstBook = events.findIndex((e) => e.type === 'book');
  const slowDone = events.findIndex((e) => e.type === 'source-done' && e.source.key === 'slow');
  const hangFailed = events.findIndex((e) => e.type === 'source-failed' && e.source.key === 'hang');
  assert.ok(
    firstBook >= 0 && firstBook < slowDone && slowDone < hangFailed,
    'fast results first, the hang last',
  );
  const failed = events.filter((e) => e.type === 'source-failed');
  assert.deepEqual(
    failed.map((e) => [e.source.key, e.error.code]),
    [
      ['bad', 'net-http-status'],
      ['hang', 'deadline'],
    ],
  );
  assert.equal(failed[0]?.type === 'source-failed' && failed[0].error.details.status, 500);
  const done = events.filter((e) => e.type === 'source-done').map((e) => e.source.key);
  assert.deepEqual(done, ['fast', 'slow']);
  const finished = events.at(-1);
  assert.equal(finished?.type, 'finished');
  assert.ok(
    finished.at >= 290 && finished.at < 400,
    `finished at ${finished.at} ms with a 300 ms deadline`,
  );
  await new Promise((resolve) => setImmediate(resolve)); // the abort follows the report
  assert.deepEqual(gateway.aborted(), ['hang'], 'the hanging source was told to stop');
});

test('no more sources run at once than the cap, and the search still finishes by its deadline', async () => {
  const sources: FakeSource[] = Array.from({ length: 12 }, (_, i) => ({
    key: `s${i}`,
    name: `S${i}`,
    latencyMs: 20,
    books: [book('同一本书', '作者', `/s${i}`)],
  }));
  const gateway = memoryGateway(sources);
  const events = await collect(
    searchBooks({ gateway }, '同一', { concurrency: 3, deadlineMs: 1000 }),
  );
  assert.equal(gateway.maxInFlight(), 3);
  const last = events.filter((e) => e.type === 'book').at(-1);
  assert.equal(last?.type === 'book' && last.group.hits.length, 12);

  // Queued sources that would start after the search's own deadline are reported, not run.
  const hanging = memoryGateway(
    Array.from({ length: 4 }, (_, i) => ({ key: `h${i}`, name: `H${i}`, hang: true })),
  );
  const cut = await collect(
    searchBooks({ gateway: hanging }, 'x', { concurrency: 2, deadlineMs: 100 }),
  );
  const end = cut.at(-1);
  assert.ok(end && end.at < 600, `finished at ${end?.at} ms`);
  assert.equal(cut.filter((e) => e.type === 'source-failed').length, 4);
});

test('stopping the iteration early aborts the sources still running', async () => {
  const gateway = memoryGateway([
    { key: 'fast', name: 'Fast', latencyMs: 1, books: [book('书', '人', '/1')] },
    { key: 'slow', name: 'Slow', latencyMs: 5000, books: [book('书', '人', '/2')] },
  ]);
  const started = performance.now();
  for await (const event of searchBooks({ gateway }, '书', { deadlineMs: 10_000 })) {
    if (event.type === 'book') break;
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(performance.now() - started < 1000);
  assert.deepEqual(gateway.aborted(), ['slow']);
});

test('an outer abort ends the search with every unfinished source failed', async () => {
  const gateway = memoryGateway([{ key: 'slow', name: 'Slow', latencyMs: 5000 }]);
  const controller = new AbortController();
  setTimeout(() => controller.abort(new LinhaiError('deadline', 'reader left')), 20);
  const events = await collect(searchBooks({ gateway }, 'x', { signal: controller.signal }));
  assert.deepEqual(
    events.map((e) => e.type),
    ['start', 'source-failed', 'finished'],
  );
});

test('a search with no searchable source finishes at once with nothing found', async () => {
  const events = await collect(searchBooks({ gateway: memoryGateway([]) }, 'x'));
  assert.equal(events[0]?.type === 'start' && events[0].sources, 0);
  assert.deepEqual(
    events.map((e) => e.type),
    ['start', 'finished'],
  );
});

/**
 * "Update all now" (issue 20): POST /api/shelf/update checks every source of every shelved book
 * at once and streams its progress — one `progress` event per source checked, counting up to the
 * total — then one outcome per book; chapters the demo site published since are found. Signed
 * out it is refused.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DemoClock, startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { addBookFromSearch, importSources, startHarness } from './server-harness.ts';
import type { Agent, Harness } from './server-harness.ts';

let cluster: DemoCluster;
let h: Harness;
let reader: Agent;
const clock = new DemoClock();

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'json' }, { template: 'biquge' }], clock });
  h = await startHarness({ allowHosts: ['127.0.0.1'] });
  reader = h.agent();
  assert.equal((await reader.register('reader')).statusCode, 201);
  await importSources(
    reader,
    cluster.sites.map((s) => s.source),
  );
});
after(async () => {
  await h?.close();
  await cluster?.close();
});

/** The stream's events, in order. */
function events(body: string): { name: string; data: Record<string, unknown> }[] {
  return [...body.matchAll(/^event: (\S+)\ndata: (.*)$/gm)].map((m) => ({
    name: m[1]!,
    data: JSON.parse(m[2]!) as Record<string, unknown>,
  }));
}

test('update all: every source of every shelved book, progress as it goes, new chapters found', async () => {
  const json = cluster.site('json');
  const ongoing = json.books().find(
    (b) =>
      b.status === 'ongoing' &&
      cluster
        .site('biquge')
        .books()
        .some((o) => o.title === b.title),
  );
  assert.ok(ongoing, 'an ongoing book both sites carry');
  const book = await addBookFromSearch(reader, ongoing.title);
  const before = JSON.parse((await reader.request('GET', `/api/books/${book.id}`)).body) as {
    chapterCount: number;
  };
  // Two chapters' worth of time: the sites publish them.
  clock.advance(ongoing.intervalMs * 2 + 1);

  const response = await reader.request('POST', '/api/shelf/update', {});
  assert.equal(response.statusCode, 200, response.body);
  const stream = events(response.body);
  const progress = stream.filter((e) => e.name === 'progress').map((e) => e.data);
  assert.deepEqual(
    progress.map((p) => [p['done'], p['total']]),
    [
      [1, 2],
      [2, 2],
    ],
    'one event per source, counting up',
  );
  const done = stream.at(-1)!;
  assert.equal(done.name, 'done');
  const outcome = done.data as {
    checked: number;
    newChapters: number;
    books: { bookId: number; newChapters: number; failed: unknown[] }[];
  };
  assert.equal(outcome.checked, 2);
  assert.deepEqual(
    outcome.books.map((b) => [b.bookId, b.failed]),
    [[book.id, []]],
  );
  assert.ok(outcome.newChapters >= 2, `new chapters found: ${outcome.newChapters}`);
  const afterView = JSON.parse((await reader.request('GET', `/api/books/${book.id}`)).body) as {
    chapterCount: number;
  };
  assert.equal(afterView.chapterCount, before.chapterCount + outcome.newChapters);

  assert.equal((await h.agent().request('POST', '/api/shelf/update', {})).statusCode, 401);
});

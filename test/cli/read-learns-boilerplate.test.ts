/**
 * Learning a new source's boilerplate through the whole app: `linhai read`, one process per
 * chapter as a user runs it, on a demo biquge site whose head and tail adverts vary from chapter
 * to chapter (a digit in the domain, the chapter number and title, a zero-width character that
 * GBK serves as `?`) and whose last line is an author's note that only learning can remove. After
 * the first few chapters, every chapter is exactly the author's paragraphs, and the store's
 * boilerplate table holds the learned patterns.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogue, startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { openStore } from '#store';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'linhai-read-learns-'));
const env = { LINHAI_DATA_DIR: dir, LINHAI_ALLOW_HOSTS: '127.0.0.1', LINHAI_BUILTIN_SOURCES: '0' };
let cluster: DemoCluster;

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'biquge', edgeAdverts: true }] });
  writeFileSync(join(dir, 'demo.json'), JSON.stringify(cluster.sites.map((s) => s.source)));
  const imported = await runCli(['sources', 'import', join(dir, 'demo.json')], env);
  assert.equal(imported.code, 0, imported.stderr);
});
after(async () => {
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Chapters read before the comparison starts: learning needs them (the bench measures how many). */
const warmUp = 3;
const chapters = 8;

test('after the first few chapters, `read` gives exactly the author paragraphs, and the patterns are stored', async () => {
  const book = catalogue.books().find((b) => b.title === '星河归途')!;
  const added = await runCli(['add', book.title, '--json'], env);
  assert.equal(added.code, 0, added.stderr);
  for (let n = 1; n <= chapters; n++) {
    const read = await runCli(['read', book.title, String(n), '--json'], env);
    assert.equal(read.code, 0, read.stderr);
    const got = JSON.parse(read.stdout) as { paragraphs: string[] };
    if (n === 1) {
      const note = got.paragraphs.at(-1) ?? '';
      assert.match(
        note,
        /各位书友晚安$/,
        'the first chapter still has the note only learning finds',
      );
    }
    if (n <= warmUp) continue;
    assert.deepEqual(got.paragraphs, catalogue.chapter(book.id, n - 1).paragraphs, `chapter ${n}`);
  }
  // Read again, the first chapters come from the cache, cleaned before their boilerplate was
  // learned: the patterns learned since apply to them too (the note goes), and the copy is stored
  // again without it.
  for (let n = 1; n <= warmUp; n++) {
    const read = await runCli(['read', book.title, String(n), '--json'], env);
    assert.equal(read.code, 0, read.stderr);
    const got = JSON.parse(read.stdout) as { paragraphs: string[]; fromCache?: boolean };
    assert.deepEqual(
      got.paragraphs,
      catalogue.chapter(book.id, n - 1).paragraphs,
      `chapter ${n} from the cache`,
    );
  }
  const store = openStore({ dataDir: dir });
  try {
    const source = cluster.sites[0]!.source['bookSourceUrl'] as string;
    const patterns = await store.boilerplate.list(source);
    assert.ok(patterns.length >= 1, 'the boilerplate table holds the learned lines');
    for (const p of patterns) assert.equal(p.status, 'suggested', p.skeleton);
    const first = await store.chapters.getByOrdinal(1, 0);
    const copy = first && (await store.contents.get(first.id));
    assert.doesNotMatch(
      copy?.text ?? '',
      /各位书友晚安/,
      'the cached copy was stored again without the note',
    );
  } finally {
    await store.close();
  }
});

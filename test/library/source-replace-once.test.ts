/**
 * A source's `ruleContent.replaceRegex` runs once on a freshly fetched chapter, through the whole
 * application (openApp: driver, cleaner, store). A replacement that is not idempotent shows it:
 * `的` → `的的` once, not `的的的的`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogue, startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { openApp } from '#app';
import type { App } from '#app';
import { addBook, readChapter, refreshToc, searchBooks, viewToc } from '#library';
import type { BookGroup } from '#library';

const dir = mkdtempSync(join(tmpdir(), 'linhai-replace-once-'));
const book = catalogue.books().find((b) => b.title === '星河归途')!;
let cluster: DemoCluster;
let app: App;

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'json' }] });
  app = await openApp({ dataDir: dir, allowHosts: ['127.0.0.1'], seedBuiltInSources: false });
  const source = cluster.sites[0]!.source as { ruleContent?: Record<string, unknown> };
  const doubled = { ...source, ruleContent: { ...source.ruleContent, replaceRegex: '##的##的的' } };
  await app.catalog.import(JSON.stringify([doubled]));
});
after(async () => {
  await app.close();
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

test('replaceRegex is applied once to a fetched chapter', async () => {
  let group: BookGroup | undefined;
  for await (const event of searchBooks(app.library, book.title)) {
    if (event.type === 'finished') group = event.ranked.find((g) => g.title === book.title);
  }
  assert.ok(group);
  const bookId = (await addBook(app.library, group)).book.id;
  await refreshToc(app.library, bookId);
  const [first] = await viewToc(app.library, bookId);
  const read = await readChapter(app.library, { bookId, chapterKey: first!.key });
  const truth = catalogue.chapter(book.id, 0).paragraphs;
  assert.ok(
    truth.some((p) => p.includes('的')),
    'the chapter has the character at all',
  );
  assert.deepEqual(
    read.paragraphs,
    truth.map((p) => p.replaceAll('的', '的的')),
  );
});

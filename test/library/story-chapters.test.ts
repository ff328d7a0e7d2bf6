/**
 * Authors' notes (上架感言, 请假条) are listed but are not chapters: the biquge demo site carries
 * both in a long book, the json site carries neither. The book counts its story chapters, the TOC
 * marks the notes, and the json source, which lacks only the notes, is not "behind".
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { openApp } from '#app';
import type { App } from '#app';
import { addBook, refreshToc, searchRanked, viewBook, viewToc } from '#library';

const dir = mkdtempSync(join(tmpdir(), 'linhai-story-chapters-'));
let cluster: DemoCluster;
let app: App;

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'biquge' }, { template: 'json' }] });
  app = await openApp({ dataDir: dir, allowHosts: ['127.0.0.1'] });
  await app.catalog.import(JSON.stringify(cluster.sites.map((s) => s.source)));
});
after(async () => {
  await app.close();
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

test('notes are listed, marked and not counted; a source lacking only notes is not behind', async () => {
  const biquge = cluster.site('biquge');
  const json = cluster.site('json');
  const onJson = new Set(json.books().map((b) => b.title));
  const demo = biquge
    .books()
    .find((b) => onJson.has(b.title) && biquge.toc(b.id).some((e) => e.title === '请假条'));
  assert.ok(demo, 'a long book both sites carry, with both notes on biquge');
  const group = (await searchRanked(app.library, demo.title)).find((g) => g.title === demo.title);
  assert.ok(group && group.hits.length === 2, 'found on both sites');
  const { book } = await addBook(app.library, group);
  await refreshToc(app.library, book.id);

  const toc = await viewToc(app.library, book.id);
  const notes = toc.filter((c) => c.note).map((c) => c.title);
  assert.deepEqual(notes, ['上架感言', '请假条']);
  const view = await viewBook(app.library, book.id);
  assert.equal(view.chapterCount, toc.length);
  assert.equal(view.storyChapterCount, toc.length - 2);
  const story = biquge.toc(demo.id).filter((e) => e.kind === 'chapter').length;
  assert.equal(view.storyChapterCount, story, 'the story chapters the site lists');
  const bySource = new Map(view.pool.map((m) => [m.sourceKey, m]));
  const jsonMember = bySource.get(String(json.source.bookSourceUrl))!;
  const biqugeMember = bySource.get(String(biquge.source.bookSourceUrl))!;
  assert.equal(biqugeMember.chapterCount - jsonMember.chapterCount >= 2, true, 'raw counts differ');
  assert.equal(jsonMember.behind, biqugeMember.behind, 'lacking notes is not being behind');
  assert.equal(jsonMember.storyChapters, biqugeMember.storyChapters);
});

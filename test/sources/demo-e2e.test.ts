/**
 * End to end over the demo novel sites (#demo): for every template, the site's own Legado source is
 * imported, classified, and driven search → info → TOC → content; the chapter text must contain
 * the true paragraphs. Then `linhai sources test` runs each site's source the same way.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableTemplates, startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { createSourceDriver, importSources } from '#sources';
import { sourcesCli } from '../cli/sources-in-process.ts';
import { createTestClient } from './fetcher.ts';

let cluster: DemoCluster;
const client = createTestClient();
// `linhai sources test` opens the app (withApp): its network client may reach the local sites.
const allowed = process.env.LINHAI_ALLOW_HOSTS;
before(async () => {
  process.env.LINHAI_ALLOW_HOSTS = '127.0.0.1';
  cluster = await startDemoSites();
});
after(async () => {
  if (allowed === undefined) delete process.env.LINHAI_ALLOW_HOSTS;
  else process.env.LINHAI_ALLOW_HOSTS = allowed;
  await cluster.close();
  await client.close();
});

describe('driver end to end over every demo template', () => {
  for (const template of availableTemplates()) {
    test(`${template}: search → info → TOC → content`, async () => {
      const site = cluster.site(template);
      const imported = importSources(JSON.stringify(site.source));
      assert.deepEqual(imported.errors, []);
      const [source] = imported.sources;
      assert.ok(source);
      const book = site.books()[0];
      assert.ok(book, `${template} carries books`);
      const driver = createSourceDriver({ source, fetcher: client });
      const results = await driver.search(book.title);
      const hit = results.find((r) => r.name === book.title);
      assert.ok(hit, `found ${book.title} among ${results.map((r) => r.name).join(', ')}`);
      assert.equal(hit.author, book.author);
      const info = await driver.bookInfo(hit);
      assert.equal(info.name, book.title);
      const chapters = await driver.toc(info);
      const visible = site.toc(book.id);
      assert.equal(chapters.length, visible.length, 'every visible chapter, no duplicates');
      assert.deepEqual(
        chapters.map((c) => c.isVolume),
        visible.map((v) => v.kind === 'volume'),
        'volume headings are marked',
      );
      // The first true chapter (volumes and extras carry no truth index).
      const at = visible.findIndex((v) => v.kind === 'chapter' && v.chapterIndex === 0);
      const first = chapters[at];
      assert.ok(first, 'chapter 0 is in the TOC');
      assert.equal(first.title, visible[at]?.title);
      const next = chapters.slice(at + 1).find((c) => !c.isVolume);
      const chapter = await driver.content(first, { book: info, nextChapterUrl: next?.url ?? '' });
      const truth = site.truth(book.id, 0);
      assert.ok(truth.paragraphs.length > 0);
      for (const paragraph of truth.paragraphs) {
        assert.ok(
          chapter.text.includes(paragraph.trim()),
          `chapter text has "${paragraph.slice(0, 20)}…"`,
        );
      }
      // A volume heading is not fetched: it has no content.
      const volume = chapters.find((c) => c.isVolume);
      if (volume) assert.equal((await driver.content(volume, { book: info })).text, '');
    });
  }
});

describe('linhai sources test over every demo site', () => {
  test('each site source runs end to end and reports four ok steps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linhai-demo-'));
    try {
      const file = join(dir, 'demo-sources.json');
      writeFileSync(file, JSON.stringify(cluster.sites.map((s) => s.source)));
      const cli = sourcesCli(dir);
      const out = cli.out;
      await cli.run(['sources', 'import', file]);
      for (const site of cluster.sites) {
        out.length = 0;
        const name = String(site.source['bookSourceName']);
        await cli.run(['sources', 'test', name, site.books()[0]?.title ?? '', '--json']);
        const report = JSON.parse(out[0] ?? '{}') as {
          steps: { step: string; ok: boolean; ms: number }[];
        };
        assert.deepEqual(
          report.steps.map((s) => [s.step, s.ok]),
          [
            ['search', true],
            ['info', true],
            ['toc', true],
            ['content', true],
          ],
          `${name}: ${out[0]}`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

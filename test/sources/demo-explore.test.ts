/**
 * The demo sites' explore pages through the driver: each site's exploreUrl (the text form on
 * biquge and english, JSON with layout hints on paged, @js: on json) lists its categories,
 * ranking and completed books, and every list pages with the site's own paging until it ends.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { availableTemplates, startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { createSandbox } from '#rules';
import type { RuleSandbox } from '#rules';
import { createSourceDriver, importSources } from '#sources';
import { exploreBooks, siteCategories } from '../../src/demo/explore-lists.ts';
import { createTestClient } from './fetcher.ts';

let cluster: DemoCluster;
let sandbox: RuleSandbox;
const client = createTestClient();
before(async () => {
  cluster = await startDemoSites();
  sandbox = await createSandbox();
});
after(async () => {
  await cluster.close();
  await client.close();
});

const forms = { biquge: 'text', paged: 'json', json: '@js:', english: 'text &&' } as const;

describe('demo explore pages through the driver', () => {
  for (const template of availableTemplates()) {
    test(`${template} (${forms[template]}): kinds, then every page of every list`, async () => {
      const site = cluster.site(template);
      const [source] = importSources(JSON.stringify(site.source)).sources;
      assert.ok(source);
      const driver = createSourceDriver({ source, fetcher: client, sandbox });
      const kinds = (await driver.exploreKinds()).filter((k) => k.url !== '');
      const categories = siteCategories(template).map((c) => c.name);
      for (const name of categories)
        assert.ok(
          kinds.some((k) => k.title === name),
          `${name} among ${kinds.map((k) => k.title)}`,
        );
      assert.ok(kinds.length >= categories.length + 2, 'a ranking and completed books besides');

      const ranking = kinds[0];
      assert.ok(ranking);
      const names: string[] = [];
      for (let page = 1; page < 10; page++) {
        const results = await driver.explore(ranking.url, page);
        if (results.length === 0) break;
        for (const r of results) {
          assert.ok(r.bookUrl.startsWith(site.origin), r.bookUrl);
          assert.notEqual(r.author, '');
        }
        names.push(...results.map((r) => r.name));
      }
      assert.deepEqual(
        names,
        exploreBooks(template, 'ranking').map((b) => b.title),
        'the whole ranking, in order, over several pages',
      );
      // A book from a list opens like a search result.
      const [first] = await driver.explore(ranking.url, 1);
      assert.ok(first);
      const info = await driver.bookInfo(first);
      assert.equal(info.name, first.name);
    });
  }
});

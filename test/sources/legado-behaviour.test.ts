/**
 * Legado's runtime behaviour that real sources depend on, over the demo sites through the real
 * driver: an anti-bot interstitial is named as such (not read as an empty book), and a later page
 * of a chapter or TOC that fails keeps the pages already read, marked incomplete.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isLinhaiError } from '#model';
import { startDemoSites } from '#demo';
import type { DemoCluster, DemoSite } from '#demo';
import { createSourceDriver, importSources } from '#sources';
import type { SourceDriver } from '#sources';
import { createTestClient } from './fetcher.ts';

let cluster: DemoCluster;
const client = createTestClient();
before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'biquge' }, { template: 'paged' }] });
});
after(async () => {
  await cluster.close();
  await client.close();
});

function driverOf(site: DemoSite): SourceDriver {
  const [source] = importSources(JSON.stringify(site.source)).sources;
  assert.ok(source);
  return createSourceDriver({ source, fetcher: client });
}

/** The rejection of `work`, which must be a LinhaiError. */
async function failureOf(work: Promise<unknown>) {
  const error: unknown = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(isLinhaiError(error), `expected a LinhaiError, got ${String(error)}`);
  return error;
}

describe('an anti-bot interstitial is a bad page of its own kind', () => {
  test('search, book page, TOC and chapter each say the site answered with a browser challenge', async () => {
    const site = cluster.site('biquge');
    const driver = driverOf(site);
    const book = site.books()[0]!;
    const info = await driver.bookInfo({ bookUrl: site.bookUrl(book.id) });
    const [first] = await driver.toc(info);
    assert.ok(first);
    site.setFaults([{ kind: 'challenge' }]);
    try {
      const calls: Array<[string, string, () => Promise<unknown>]> = [
        ['search', 'ruleSearch.bookList', () => driver.search(book.title)],
        ['info', 'ruleBookInfo.name', () => driver.bookInfo({ bookUrl: site.bookUrl(book.id) })],
        ['toc', 'ruleToc.chapterList', () => driver.toc(info)],
        ['content', 'ruleContent.content', () => driver.content(first, { book: info })],
      ];
      for (const [stage, rule, call] of calls) {
        const error = await failureOf(call());
        assert.equal(error.code, 'bad-content', `${stage}: ${error.message}`);
        assert.equal(error.details['kind'], 'challenge', stage);
        assert.equal(error.details['stage'], stage);
        assert.equal(error.details['rule'], rule);
        assert.equal(error.details['capability'], 'browser');
        assert.match(
          error.message,
          /^新笔趣阁（演示）: .*answered http:\/\/127\.0\.0\.1:\d+\/\S* with a browser challenge \(a script that sets a cookie and redirects\).*a browser tier is needed/,
        );
      }
    } finally {
      site.clearFaults();
    }
  });
});

describe('a later page that fails keeps the pages already read', () => {
  test('content: page 2 of a chapter answers 404, page 1 is served and the chapter is marked incomplete', async () => {
    const site = cluster.site('paged');
    const driver = driverOf(site);
    const book = site.books()[0]!;
    const info = await driver.bookInfo({ bookUrl: site.bookUrl(book.id) });
    const chapter = (await driver.toc(info))[2]!;
    const truth = site.truth(book.id, 2).paragraphs;
    const secondPage = chapter.url.replace(/\.html$/, '_2.html');
    site.setFaults([{ kind: 'status', status: 404, path: new URL(secondPage).pathname }]);
    try {
      const partial = await driver.content(chapter, { book: info });
      assert.deepEqual(partial.pages, [chapter.url]);
      assert.equal(partial.incomplete?.url, secondPage);
      assert.match(partial.incomplete?.message ?? '', /404/);
      assert.ok(partial.text.includes(truth[0]!), 'the first page is kept');
      assert.ok(!partial.text.includes(truth.at(-1)!), 'the rest is missing');
    } finally {
      site.clearFaults();
    }
    const whole = await driver.content(chapter, { book: info });
    assert.equal(whole.incomplete, undefined);
    assert.ok(whole.text.includes(truth.at(-1)!));
  });
});

describe('a later TOC page that fails keeps the pages already read', () => {
  test('toc: page 2 of a paginated TOC answers 404, the chapters of page 1 are returned and the gap told', async () => {
    const site = cluster.site('paged');
    const driver = driverOf(site);
    const book = site.books().find((b) => site.toc(b.id).length > 100)!;
    const info = await driver.bookInfo({ bookUrl: site.bookUrl(book.id) });
    const whole = await driver.toc(info);
    const page2 = new URL(site.tocUrl(book.id).replace(/index\.html$/, 'index_2.html')).pathname;
    site.setFaults([{ kind: 'status', status: 404, path: page2 }]);
    try {
      const gaps: Array<{ url: string; message: string }> = [];
      const partial = await driver.toc(info, { onIncomplete: (gap) => gaps.push(gap) });
      assert.equal(partial.length, 100);
      assert.deepEqual(
        partial.map((c) => c.url),
        whole.slice(0, 100).map((c) => c.url),
      );
      assert.equal(gaps.length, 1);
      assert.ok(gaps[0]!.url.endsWith(page2));
      assert.match(gaps[0]!.message, /404/);
      // The first page failing is no TOC at all.
      site.setFaults([
        { kind: 'status', status: 404, path: new URL(site.tocUrl(book.id)).pathname },
      ]);
      await failureOf(driverOf(site).toc(info)); // a fresh driver: no page kept from above
    } finally {
      site.clearFaults();
    }
  });
});
